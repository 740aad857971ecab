# How the library OS is compiled, and the flags the unilink command builds
# images with.
#
# The library OS (rt/, drivers/ and the shared code of common/) is compiled
# by clang-19 with -flto, so each object is LLVM bitcode, archived into
# lib/libunilink-os.a. The few assembly files become native objects joined
# into lib/unilink-libos-asm.o.
# Every image, the tests' included, is built by `unilink build` (in CMake:
# unilink_add_appliance() of cmake/unilinkAppliance.cmake) from that archive,
# with the flags below (link/CMakeLists.txt hands them to the command).

set(UNI_TARGET_TRIPLE x86_64-unknown-none-elf)
set(UNI_PVH_LD ${PROJECT_SOURCE_DIR}/link/pvh.ld)
# The hosted platform's (appliance.platform = linux): a static executable.
set(UNI_HOSTED_LD ${PROJECT_SOURCE_DIR}/link/hosted.ld)
set(UNI_LIBOS_ASM ${CMAKE_BINARY_DIR}/lib/unilink-libos-asm.o)
# The hosted platform's entry (_start), linked into linux images only.
set(UNI_HOSTED_ASM ${CMAKE_BINARY_DIR}/lib/unilink-hosted-asm.o)
# The library OS as an archive of per-file bitcode objects: the unilink
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

# common/ is there so that its files keep the spelling they had under rt/
# ("dns/wire.h"); the top of the tree for common/'s own helpers
# ("common/text.h").
set(UNI_LIBOS_INCLUDES
  ${PROJECT_SOURCE_DIR}/rt/include
  ${PROJECT_SOURCE_DIR}/rt
  ${PROJECT_SOURCE_DIR}/common
  ${PROJECT_SOURCE_DIR})
set(UNI_LIBC_INCLUDE ${PROJECT_SOURCE_DIR}/rt/include/libc)

# Xen's public headers (libxen-dev) without the rest of /usr/include, which
# -nostdlibinc keeps out: a build-tree folder holding only a link to xen/.
# The interface version is the one of the headers (Xen 4.17).
find_path(UNI_XEN_PUBLIC_DIR xen/arch-x86/hvm/start_info.h REQUIRED)
set(UNI_XEN_INCLUDE ${CMAKE_BINARY_DIR}/include/xen-public)
file(MAKE_DIRECTORY ${UNI_XEN_INCLUDE})
file(CREATE_LINK ${UNI_XEN_PUBLIC_DIR}/xen ${UNI_XEN_INCLUDE}/xen SYMBOLIC)
list(APPEND UNI_FREESTANDING_FLAGS -D__XEN_INTERFACE_VERSION__=0x00040e00)

# Linux's user-space ABI headers (linux-libc-dev) for the hosted platform
# (rt/hosted, drivers/linux): system call numbers, the TAP ioctls, the
# signal frame, again without the rest of /usr/include. Only linux/, asm/
# (the x86-64 one) and asm-generic/, which they include.
find_path(UNI_LINUX_UAPI_DIR linux/if_tun.h REQUIRED)
find_path(UNI_LINUX_ASM_DIR asm/unistd_64.h
  PATHS /usr/include/x86_64-linux-gnu REQUIRED)
set(UNI_LINUX_INCLUDE ${CMAKE_BINARY_DIR}/include/linux-uapi)
file(MAKE_DIRECTORY ${UNI_LINUX_INCLUDE})
file(CREATE_LINK ${UNI_LINUX_UAPI_DIR}/linux ${UNI_LINUX_INCLUDE}/linux SYMBOLIC)
file(CREATE_LINK ${UNI_LINUX_UAPI_DIR}/asm-generic
  ${UNI_LINUX_INCLUDE}/asm-generic SYMBOLIC)
file(CREATE_LINK ${UNI_LINUX_ASM_DIR}/asm ${UNI_LINUX_INCLUDE}/asm SYMBOLIC)

# Compile a target's C sources as freestanding LLVM bitcode objects.
function(uni_freestanding_target target)
  target_compile_options(${target} PRIVATE
    ${UNI_FREESTANDING_FLAGS} $<$<COMPILE_LANGUAGE:C>:-flto>)
  target_include_directories(${target} PRIVATE ${UNI_LIBOS_INCLUDES})
  target_include_directories(${target} SYSTEM PRIVATE ${UNI_LIBC_INCLUDE}
    ${UNI_XEN_INCLUDE} ${UNI_LINUX_INCLUDE})
endfunction()

# How the command links an image (with link/pvh.ld as its -T). The script
# puts each segment on its own pages in memory (W^X); a max-page-size of 16
# keeps the file from being padded to those pages (the PVH loaders copy
# segments, they do not map them). The build-id names the debug file.
set(UNI_LD_FLAGS -nostdlib -static --gc-sections --no-undefined
  --build-id=sha1 -z noexecstack -z max-page-size=16 -T ${UNI_PVH_LD})
