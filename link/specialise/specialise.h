/* SPDX-License-Identifier: ISC */
/*
 * The specialisation room: LLVM's pipeline after the passes of passes/
 * (which build/variant.c runs through the passes API) on a variant's module.
 */
#ifndef UNILINK_SPECIALISE_H
#define UNILINK_SPECIALISE_H

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "base/base.h"

/* optimize.c: LLVM's pipeline, as text ("internalize,lto<O2>"), and run. */
const char *unilink_pipeline_text(void);
int unilink_optimize(LLVMModuleRef m, LLVMTargetMachineRef tm);

#endif
