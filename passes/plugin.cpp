// SPDX-License-Identifier: ISC
//
// The pass plugin (lib/unilink-passes.so): registers the C passes with the
// new pass manager of opt, clang and ld.lld. This is the only C++ of
// passes/; it converts the host's Module to an LLVMModuleRef, reads the
// options (-unilink-* or, where -mllvm cannot reach a plugin, UNILINK_*
// environment variables: see docs/plugin.md), decides the scope of a run
// (per file in a compile, the whole program at the link), refuses what
// would give a generic image without saying so (ThinLTO, objects folded
// per file linked without a configuration) and turns reported errors into
// LLVM diagnostics.

#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/IPO/Internalize.h"

#include <cstdlib>
#include <memory>
#include <string>

#include "unilink_passes.h"

using namespace llvm;

static cl::opt<std::string> ConfigFile("unilink-config",
				       cl::desc("unilink appliance config"),
				       cl::value_desc("file"));
static cl::list<std::string> Defines("unilink-define",
				     cl::desc("override section.key=value"));
static cl::opt<std::string> ReportFile("unilink-report",
				       cl::desc("append JSON Lines report"),
				       cl::value_desc("file"));
static cl::opt<bool> Remarks("unilink-remarks",
			     cl::desc("print what the unilink passes do"));
static cl::opt<bool> Force("unilink-force",
			   cl::desc("run unilink passes even if done"));
static cl::opt<bool> WholeProgram(
    "unilink-whole-program",
    cl::desc("the module is the whole program: only llvm.used is a root"));
static cl::opt<std::string>
    Scope("unilink-scope",
	  cl::desc("file: one translation unit (fold its keys only); "
		   "program: the whole program (every pass)"),
	  cl::value_desc("file|program"));

static cl::opt<std::string>
    OptLevelOpt("unilink-opt-level",
		cl::desc("the level of `unilink build -O`: O1, O2, O3, Os, Oz "
			 "(default Os)"),
		cl::value_desc("level"));

// Where a pass was added: by name in a pipeline, at the start of a
// compile's pipeline, at the start of full LTO in the link, or at the end
// of any optimisation (the ThinLTO guard).
enum class Site { Named, Compile, Link, ThinGuard };

using PassFn = int (*)(LLVMModuleRef, const unilink_config *, unsigned,
		       unilink_report *);

static std::string env(const char *Name, const std::string &Opt)
{
	const char *V = std::getenv(Name);
	return !Opt.empty() || V == nullptr ? Opt : std::string(V);
}

static void printMessage(void *, unilink_severity Sev, const char *Pass,
			 const char *Text)
{
	static const char *const Kind[] = {"remark", "warning", "error"};
	if (Sev != UNILINK_REMARK || Remarks || std::getenv("UNILINK_REMARKS"))
		errs() << "unilink-" << Pass << ": " << Kind[Sev] << ": "
		       << Text << "\n";
}

// The configuration: the file, then -unilink-define, then UNILINK_DEFINES
// (overrides separated by ';').
static unilink_config *loadConfig(unilink_report *R)
{
	unilink_config *C = unilink_config_new();
	std::string File = env("UNILINK_CONFIG", ConfigFile);
	int Rc =
	    File.empty() ? 0 : unilink_config_load_file(C, File.c_str(), R);
	for (const std::string &D : Defines)
		Rc |= unilink_config_define(C, D.c_str(), R);
	StringRef Env = std::getenv("UNILINK_DEFINES") ?: "";
	SmallVector<StringRef, 8> Parts;
	Env.split(Parts, ';', -1, false);
	for (StringRef D : Parts)
		Rc |= unilink_config_define(C, D.str().c_str(), R);
	if (Rc == 0)
		return C;
	unilink_config_free(C);
	return nullptr;
}

static void writeReport(unilink_report *R)
{
	std::string File = env("UNILINK_REPORT", ReportFile);
	std::error_code EC;
	if (File.empty())
		return;
	raw_fd_ostream OS(File, EC, sys::fs::OF_Append);
	if (!EC)
		OS << unilink_report_json(R);
}

static bool configured()
{
	return !env("UNILINK_CONFIG", ConfigFile).empty() || !Defines.empty() ||
	       std::getenv("UNILINK_DEFINES") != nullptr;
}

// Whether the extension points run passes: a configuration, or
// UNILINK_PASSES naming them.
static bool asked()
{
	return configured() || !env("UNILINK_PASSES", "").empty();
}

// The scope of a run: the whole program at the link (full LTO merged every
// module); else -unilink-scope, UNILINK_SCOPE, else "program" with
// -unilink-whole-program, else per file in a compile's pipeline.
static bool perFile(Module &M, Site At)
{
	if (At == Site::Link)
		return false;
	std::string S = env("UNILINK_SCOPE", Scope);
	if (S == "file" || S == "program")
		return S == "file";
	if (!S.empty())
		M.getContext().emitError(
		    "unilink: -unilink-scope/UNILINK_SCOPE "
		    "is \"" +
		    S + "\": expected file or program");
	if (WholeProgram || std::getenv("UNILINK_WHOLE_PROGRAM"))
		return false;
	return At == Site::Compile;
}

// ThinLTO: clang's pre-link marks the module EnableSplitLTOUnit without
// the "ThinLTO" = 0 of full LTO, and its link-time backends optimise each
// module alone, where no run can see the whole program.
static bool isThinLTO(const Module &M)
{
	return M.getModuleFlag("EnableSplitLTOUnit") != nullptr &&
	       M.getModuleFlag("ThinLTO") == nullptr;
}

// The per-file marker (passes/pending.c): objects folded per file.
static bool foldedPerFile(const Module &M)
{
	for (const GlobalVariable &G : M.globals())
		if (G.getSection() == UNILINK_SECTION_PENDING)
			return true;
	return false;
}

// Always true: the module is refused.
static bool refuse(Module &M, const Twine &Why)
{
	M.getContext().emitError("unilink: " + Why);
	return true;
}

// What the extension points must refuse rather than give a generic image.
static bool refused(Module &M, Site At)
{
	bool Thin = isThinLTO(M);
	if (Thin && (asked() || foldedPerFile(M)))
		return refuse(M, "ThinLTO (-flto=thin) cannot be specialised: "
				 "no ThinLTO step sees the whole program; "
				 "compile and link with -flto=full (or -flto)");
	if (At == Site::Link && !asked() && foldedPerFile(M))
		return refuse(
		    M, "objects were folded per file by the passes plugin, "
		       "but this link has no configuration: set "
		       "UNILINK_CONFIG (and UNILINK_DEFINES) as for the "
		       "compile, so that the whole program is specialised");
	return false;
}

static bool runUnilink(Module &M, PassFn Fn, Site At)
{
	if (At != Site::Named && refused(M, At))
		return false;
	if (At == Site::ThinGuard || (At == Site::Link && !asked()))
		return false;
	unilink_report *R = unilink_report_new(printMessage, nullptr);
	unilink_config *C = loadConfig(R);
	unsigned Flags = Force ? UNILINK_FORCE : 0;
	if (WholeProgram || std::getenv("UNILINK_WHOLE_PROGRAM"))
		Flags |= UNILINK_WHOLE_PROGRAM;
	if (perFile(M, At))
		Flags |= UNILINK_PER_FILE;
	int Rc = C != nullptr ? Fn(wrap(&M), C, Flags, R) : -1;
	writeReport(R);
	if (Rc < 0)
		M.getContext().emitError(
		    "unilink: specialisation failed; see the errors above");
	unilink_config_free(C);
	unilink_report_free(R);
	return Rc > 0;
}

namespace
{
struct UnilinkPass : PassInfoMixin<UnilinkPass> {
	PassFn Fn;
	Site At;
	UnilinkPass(PassFn F, Site S) : Fn(F), At(S)
	{
	}
	PreservedAnalyses run(Module &M, ModuleAnalysisManager &)
	{
		return runUnilink(M, Fn, At) ? PreservedAnalyses::none()
					     : PreservedAnalyses::all();
	}
	static bool isRequired()
	{
		return true;
	}
};
} // namespace

static PassFn passNamed(StringRef Name)
{
	return StringSwitch<PassFn>(Name)
	    .Case("unilink-config-fold", unilink_config_fold)
	    .Case("unilink-driver-prune", unilink_driver_prune)
	    .Case("unilink-protocol-prune", unilink_protocol_prune)
	    .Case("unilink-specialize", unilink_specialize_passes)
	    .Default(nullptr);
}

// The level of `unilink build -O` that this run reproduces:
// -unilink-opt-level, else UNILINK_OPT_LEVEL, else the command's default;
// nullptr (after an error) when it names no level.
static const char *optLevel(LLVMContext &Ctx)
{
	std::string L = env("UNILINK_OPT_LEVEL", OptLevelOpt);
	if (L.empty())
		return UNILINK_OPT_LEVEL;
	if (const char *Name = unilink_opt_level_name(L.c_str()))
		return Name;
	Ctx.emitError("unilink: -unilink-opt-level/UNILINK_OPT_LEVEL is \"" +
		      L + "\": expected O1, O2, O3, Os or Oz");
	return nullptr;
}

// The function attributes of the level (optsize, minsize for Oz):
// unilink_opt_attributes, as the command marks them before its pipeline.
// At ld.lld's link, first the check that the link's own LTO level gives
// the command's pipeline: the command runs lto<O1>, lto<O2> or lto<O3>
// for those levels and lto<Os>/lto<Oz> for the size levels, which over
// functions marked optsize/minsize optimise as lto<O2> does (their
// differences, the inliner's threshold and function specialisation, are
// decided by the attributes); so Os and Oz need ld.lld's default --lto-O2.
namespace
{
struct SizeAttributesPass : PassInfoMixin<SizeAttributesPass> {
	unsigned LinkSpeed; // ld.lld's LTO level (0-3), or ~0u elsewhere
	explicit SizeAttributesPass(unsigned Speed = ~0u) : LinkSpeed(Speed)
	{
	}
	PreservedAnalyses run(Module &M, ModuleAnalysisManager &)
	{
		const char *L = optLevel(M.getContext());
		if (L == nullptr)
			return PreservedAnalyses::all();
		unsigned Want = L[1] == '1' ? 1 : L[1] == '3' ? 3 : 2;
		if (LinkSpeed != ~0u && LinkSpeed != Want) {
			M.getContext().emitError(
			    Twine("unilink: ld.lld runs its LTO at O") +
			    Twine(LinkSpeed) + " but the level is " + L +
			    " (UNILINK_OPT_LEVEL), whose pipeline is LTO at O" +
			    Twine(Want) + ": link with -Wl,--lto-O" +
			    Twine(Want) +
			    " (clang passes its -O to the link: " +
			    "leave it out, or give the same) or set " +
			    "UNILINK_OPT_LEVEL to the level meant");
			return PreservedAnalyses::all();
		}
		return unilink_opt_attributes(wrap(&M), L) > 0
			   ? PreservedAnalyses::none()
			   : PreservedAnalyses::all();
	}
	static bool isRequired()
	{
		return true;
	}
};
} // namespace

// The names of the definitions that llvm.used and llvm.compiler.used name
// (ld.lld's LTO keeps both external), into Out.
namespace
{
struct UsedSnapshotPass : PassInfoMixin<UsedSnapshotPass> {
	std::shared_ptr<StringSet<>> Out;
	explicit UsedSnapshotPass(std::shared_ptr<StringSet<>> O) : Out(O)
	{
	}
	PreservedAnalyses run(Module &M, ModuleAnalysisManager &)
	{
		SmallVector<GlobalValue *, 16> Used;
		collectUsedGlobalVariables(M, Used, false);
		collectUsedGlobalVariables(M, Used, true);
		for (GlobalValue *G : Used)
			if (!G->isDeclaration())
				Out->insert(G->getName());
		return PreservedAnalyses::all();
	}
	static bool isRequired()
	{
		return true;
	}
};
} // namespace

// At clang's and ld.lld's extension points the passes run only when asked
// to: a configuration is given, or UNILINK_PASSES names them. At the link
// the pass is always added: without a configuration it only refuses
// objects folded per file (runUnilink).
static void addAtExtensionPoint(ModulePassManager &MPM, Site At,
				unsigned LinkSpeed = ~0u)
{
	std::string Names = env("UNILINK_PASSES", "");
	if (!asked() && At == Site::Compile)
		return;
	if (Names.empty())
		Names = "unilink-specialize";
	// What llvm.used names before the passes (for the internalize below).
	std::shared_ptr<StringSet<>> Before;
	if (At == Site::Link && asked()) {
		Before = std::make_shared<StringSet<>>();
		MPM.addPass(UsedSnapshotPass(Before));
	}
	SmallVector<StringRef, 4> Parts;
	StringRef(Names).split(Parts, ',', -1, false);
	for (StringRef N : Parts)
		if (PassFn Fn = passNamed(N.trim()))
			MPM.addPass(UnilinkPass(Fn, At));
	// At the link, what the command's "internalize" after the passes
	// internalizes and ld.lld's LTO did not: what llvm.used named when
	// ld.lld resolved the symbols but the passes took out of it (the
	// entry points of the other platforms: platform_entry.c), and the
	// library functions that LTO keeps external because code generation
	// might call them (calloc...). Left external, the hosted entry keeps
	// a second call to the boot steps it shares with the PVH entry,
	// calloc a second caller of the heap's allocator, and the inliner
	// keeps as functions what the command inlines: another image. What
	// ld.lld keeps for a native object or the linker (-e, a script's
	// symbols) stays external, unless it is a library function: a
	// native object that calls one needs it in llvm.used
	// (__attribute__((used))), as for the command.
	if (Before) {
		MPM.addPass(InternalizePass([Before](const GlobalValue &G) {
			LibFunc LF;
			TargetLibraryInfoImpl TLII(
			    Triple(G.getParent()->getTargetTriple()));
			return !Before->count(G.getName()) &&
			       !TLII.getLibFunc(G.getName(), LF);
		}));
	}
	// The host's pipeline that follows (ld.lld's lto<O2>) then optimises
	// for size as the command does at the level
	// (unilink_opt_attributes).
	MPM.addPass(
	    SizeAttributesPass(At == Site::Link && asked() ? LinkSpeed : ~0u));
}

// "unilink-optimize": LLVM's pipeline that the unilink command runs after
// the passes (unilink_opt_pipeline, defined once in the C API), with the
// default level's function attributes first.
static bool addOptimize(PassBuilder &PB, ModulePassManager &MPM)
{
	char Text[64];
	MPM.addPass(SizeAttributesPass());
	unilink_opt_pipeline(unilink_opt_level_name(
				 env("UNILINK_OPT_LEVEL", OptLevelOpt).c_str()),
			     Text, sizeof(Text));
	if (Error E = PB.parsePassPipeline(MPM, Text)) {
		errs() << "unilink-optimize: " << toString(std::move(E))
		       << "\n";
		return false;
	}
	return true;
}

static void registerCallbacks(PassBuilder &PB)
{
	PB.registerPipelineParsingCallback(
	    [&PB](StringRef Name, ModulePassManager &MPM,
		  ArrayRef<PassBuilder::PipelineElement>) {
		    if (Name == "unilink-optimize")
			    return addOptimize(PB, MPM);
		    PassFn Fn = passNamed(Name);
		    if (Fn != nullptr)
			    MPM.addPass(UnilinkPass(Fn, Site::Named));
		    return Fn != nullptr;
	    });
	PB.registerPipelineStartEPCallback(
	    [](ModulePassManager &MPM, OptimizationLevel) {
		    addAtExtensionPoint(MPM, Site::Compile);
	    });
	PB.registerFullLinkTimeOptimizationEarlyEPCallback(
	    [](ModulePassManager &MPM, OptimizationLevel L) {
		    addAtExtensionPoint(MPM, Site::Link, L.getSpeedupLevel());
	    });
	// ThinLTO's backends run neither point above: refuse there.
	PB.registerOptimizerLastEPCallback(
	    [](ModulePassManager &MPM, OptimizationLevel) {
		    MPM.addPass(UnilinkPass(unilink_specialize_passes,
					    Site::ThinGuard));
	    });
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo()
{
	return {LLVM_PLUGIN_API_VERSION, "unilink-passes", "0.1",
		registerCallbacks};
}
