# How the library OS and appliance images are compiled and linked.
#
# The library OS (rt/, drivers/) is compiled by clang-19 with -flto, so each
# object is LLVM bitcode; llvm-link joins them into lib/unilink-libos.bc. The
# few assembly files become native objects joined into lib/unilink-libos-asm.o.
# An image is: app bitcode + libos bitcode -> llvm-link -> opt -> llc -> ld.lld
# with link/pvh.ld, linked twice so that the second link embeds the symbol
# table of the first (function addresses do not move; uni-symtab verifies it).

set(UNI_TARGET_TRIPLE x86_64-unknown-none-elf)
set(UNI_PVH_LD ${PROJECT_SOURCE_DIR}/link/pvh.ld)
set(UNI_LIBOS_BC ${CMAKE_BINARY_DIR}/lib/unilink-libos.bc)
set(UNI_LIBOS_ASM ${CMAKE_BINARY_DIR}/lib/unilink-libos-asm.o)
# The same library OS as an archive of per-file bitcode objects: the unilink
# command reads it member by member, so each symbol keeps its source file (and
# so its component: rt, a driver, a protocol) for the size report.
set(UNI_LIBOS_ARCHIVE ${CMAKE_BINARY_DIR}/lib/libunilink-os.a)

set(UNI_FREESTANDING_FLAGS
  --target=${UNI_TARGET_TRIPLE}
  -ffreestanding -nostdlibinc
  -fno-pic -fno-pie
  -mno-red-zone -mgeneral-regs-only
  -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables
  -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
  -fno-common -fdebug-prefix-map=${PROJECT_SOURCE_DIR}=.
  -Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration)

set(UNI_LIBOS_INCLUDES
  ${PROJECT_SOURCE_DIR}/rt/include
  ${PROJECT_SOURCE_DIR}/rt)
set(UNI_LIBC_INCLUDE ${PROJECT_SOURCE_DIR}/rt/include/libc)

# Xen's public headers (libxen-dev) without the rest of /usr/include, which
# -nostdlibinc keeps out: a build-tree folder holding only a link to xen/.
# The interface version is the one of the headers (Xen 4.17).
find_path(UNI_XEN_PUBLIC_DIR xen/arch-x86/hvm/start_info.h REQUIRED)
set(UNI_XEN_INCLUDE ${CMAKE_BINARY_DIR}/include/xen-public)
file(MAKE_DIRECTORY ${UNI_XEN_INCLUDE})
file(CREATE_LINK ${UNI_XEN_PUBLIC_DIR}/xen ${UNI_XEN_INCLUDE}/xen SYMBOLIC)
list(APPEND UNI_FREESTANDING_FLAGS -D__XEN_INTERFACE_VERSION__=0x00040e00)

# Compile a target's C sources as freestanding LLVM bitcode objects.
function(uni_freestanding_target target)
  target_compile_options(${target} PRIVATE
    ${UNI_FREESTANDING_FLAGS} $<$<COMPILE_LANGUAGE:C>:-flto>)
  target_include_directories(${target} PRIVATE ${UNI_LIBOS_INCLUDES})
  target_include_directories(${target} SYSTEM PRIVATE ${UNI_LIBC_INCLUDE}
    ${UNI_XEN_INCLUDE})
endfunction()

# The opt pipeline of a plain (not yet specialised) image. Internalize keeps
# what llvm.used names: entry points called from assembly and the mem*
# functions that code generation may call by itself. Mark such a function
# __attribute__((used, retain)): `used` alone puts a static or a function in
# llvm.compiler.used, which internalize does not keep external.
set(UNI_OPT_PIPELINE "internalize,default<O2>")

set(UNI_LLC_FLAGS -O2 -filetype=obj -relocation-model=static
  -function-sections -data-sections)
set(UNI_LD_FLAGS -nostdlib -static --gc-sections --no-undefined
  --build-id=none -z noexecstack -z max-page-size=4096 -T ${UNI_PVH_LD})

# uni_add_image(NAME SOURCES file.c...) -> ${CMAKE_CURRENT_BINARY_DIR}/NAME.elf
function(uni_add_image name)
  cmake_parse_arguments(IMG "" "" "SOURCES" ${ARGN})
  add_library(${name}_objs OBJECT ${IMG_SOURCES})
  uni_freestanding_target(${name}_objs)

  set(out ${CMAKE_CURRENT_BINARY_DIR}/${name})
  add_custom_command(OUTPUT ${out}.elf
    COMMAND ${UNI_LLVM_LINK} -o ${out}.linked.bc
            ${UNI_LIBOS_BC} $<TARGET_OBJECTS:${name}_objs>
    COMMAND ${UNI_OPT} -passes=${UNI_OPT_PIPELINE} -o ${out}.opt.bc ${out}.linked.bc
    COMMAND ${UNI_LLC} ${UNI_LLC_FLAGS} -o ${out}.o ${out}.opt.bc
    COMMAND ${UNI_LD_LLD} ${UNI_LD_FLAGS} -o ${out}.pass1.elf ${out}.o ${UNI_LIBOS_ASM}
    COMMAND $<TARGET_FILE:uni-symtab> ${out}.pass1.elf ${out}.symtab.S
    COMMAND ${CMAKE_C_COMPILER} --target=${UNI_TARGET_TRIPLE} -c -o ${out}.symtab.o ${out}.symtab.S
    COMMAND ${UNI_LD_LLD} ${UNI_LD_FLAGS} -o ${out}.elf ${out}.o ${UNI_LIBOS_ASM} ${out}.symtab.o
    COMMAND $<TARGET_FILE:uni-symtab> --verify ${out}.pass1.elf ${out}.elf
    DEPENDS ${UNI_LIBOS_BC} ${UNI_LIBOS_ASM} ${UNI_PVH_LD} uni-symtab
            $<TARGET_OBJECTS:${name}_objs> ${name}_objs
    COMMENT "Linking PVH image ${name}.elf"
    COMMAND_EXPAND_LISTS VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${out}.elf)
endfunction()
