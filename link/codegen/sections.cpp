// SPDX-License-Identifier: ISC
//
// The one code generation option that LLVM's C API does not reach: a
// section per function and per object (-ffunction-sections
// -fdata-sections). ld.lld sets both for the code generation of its LTO
// (lld/ELF/LTO.cpp), so with them the command's object is laid out as the
// object of a plain LTO link with the passes plugin: jump tables beside
// their function, constant strings in one mergeable section. Together with
// the same module (the plugin's internalize) and the same order of inputs
// (lld.c), both links give the same bytes.

#include "llvm-c/TargetMachine.h"
#include "llvm/Target/TargetMachine.h"

// Declared in codegen/codegen.h (C).
extern "C" void unilink_target_sections(LLVMTargetMachineRef tm);

extern "C" void unilink_target_sections(LLVMTargetMachineRef tm)
{
	auto *TM = reinterpret_cast<llvm::TargetMachine *>(tm);

	TM->Options.FunctionSections = true;
	TM->Options.DataSections = true;
}
