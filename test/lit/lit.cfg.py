# The lit configuration of unilink's FileCheck tests (test/lit/**).
#
# Substitutions (all tools are the LLVM 19 ones):
#   %clang %opt %llc %lld %llvm-link %llvm-nm %llvm-size %FileCheck %not
#   %plugin           build/lib/unilink-passes.so
#   %passes-run       build/bin/unilink-passes-run (the passes in-process)
#   %unilink          build/bin/unilink (the command, once it exists)
#   %cflags           freestanding x86-64 flags with rt/include on the path
#   %rt               the source tree's rt/ folder
#   %{lib}            build/lib: the library OS bitcode, archive, plugin
#   %{llvm-bin}       the folder of the LLVM 19 tools
# FileCheck, not, split-file and the other LLVM tools are also on PATH.
import os
import shutil

import lit.formats

config.name = "unilink"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".ll", ".c", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.unilink_obj_root, "test", "lit")

tools = config.llvm_tools_dir
config.environment["PATH"] = os.pathsep.join(
    [os.path.join(config.unilink_obj_root, "bin"), tools,
     config.environment.get("PATH", "")])
# The plugin reads UNILINK_* variables; a test sets the ones it needs.
for name in list(config.environment):
    if name.startswith("UNILINK_"):
        del config.environment[name]

src = config.unilink_src_root
obj = config.unilink_obj_root
cflags = ("--target=x86_64-unknown-none-elf -ffreestanding -nostdlibinc "
          "-fno-pic -fno-stack-protector -O1 "
          "-I{0}/rt/include -I{0}/rt/include/libc".format(src))


def tool(name):
    return os.path.join(tools, name)


# Longer names first: lit applies substitutions in order.
config.substitutions += [
    ("%passes-run", os.path.join(obj, "bin", "unilink-passes-run")),
    ("%plugin", os.path.join(obj, "lib", "unilink-passes.so")),
    ("%unilink", os.path.join(obj, "bin", "unilink")),
    ("%cflags", cflags),
    ("%clang", config.unilink_clang if os.path.isabs(config.unilink_clang)
     else (shutil.which(config.unilink_clang) or tool("clang"))),
    ("%opt", config.unilink_opt),
    ("%llc", config.unilink_llc),
    ("%lld", config.unilink_ld_lld),
    ("%llvm-link", tool("llvm-link")),
    ("%llvm-nm", tool("llvm-nm")),
    ("%llvm-size", tool("llvm-size")),
    ("%FileCheck", config.unilink_filecheck),
    ("%not", config.unilink_not),
    ("%rt", os.path.join(src, "rt")),
    ("%{llvm-bin}", tools),
    ("%{lib}", os.path.join(obj, "lib")),
]
