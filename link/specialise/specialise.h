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

/*
 * optimize.c: LLVM's pipeline, as text ("internalize,lto<Os>"), and run, at
 * the level of -O (set once, before the variants; NULL: the default).
 */
void unilink_set_opt_level(const char *opt_level);
const char *unilink_pipeline_text(void);
int unilink_optimize(LLVMModuleRef m, LLVMTargetMachineRef tm);

#endif
