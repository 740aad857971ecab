// SPDX-License-Identifier: ISC
//
// The bitcode of `unilink data` as clang -flto writes it: with the module
// flag ThinLTO = 0 and a full-LTO summary. ld.lld's LTO links a module
// without a summary into the program as soon as it reads it, but those with
// one (every object of clang -flto) only once all are read, in their order;
// so without it the data would come first in the program, where the
// command links it after the application's objects, and the image would
// lay its strings out differently.

#include "llvm-c/Core.h"
#include "llvm/Analysis/ModuleSummaryAnalysis.h"
#include "llvm/Analysis/ProfileSummaryInfo.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

// Declared in cli/cli.h (C).
extern "C" int unilink_write_lto_bitcode(LLVMModuleRef m, const char *path);

extern "C" int unilink_write_lto_bitcode(LLVMModuleRef m, const char *path)
{
	llvm::Module &M = *llvm::unwrap(m);
	std::error_code EC;
	llvm::raw_fd_ostream OS(path, EC, llvm::sys::fs::OF_None);

	if (EC)
		return -1;
	if (M.getModuleFlag("ThinLTO") == nullptr)
		M.addModuleFlag(llvm::Module::Error, "ThinLTO", uint32_t(0));
	llvm::ProfileSummaryInfo PSI(M);
	llvm::ModuleSummaryIndex Index =
	    llvm::buildModuleSummaryIndex(M, nullptr, &PSI);
	llvm::WriteBitcodeToFile(M, OS, false, &Index);
	OS.close();
	return OS.has_error() ? -1 : 0;
}
