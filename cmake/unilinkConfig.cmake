# The unilink CMake package: find_package(unilink) in an outside project.
#
# Provides
#   unilink::unilink          the unilink command (imported executable)
#   unilink::libos            the library OS as an imported INTERFACE target:
#                             its include folders (libc and Xen's public
#                             headers as SYSTEM), compile options and link
#                             options (the archive, its assembly objects, the
#                             linker script, the passes plugin in ld.lld's
#                             LTO), for targets compiled and linked by clang-19
#   unilink_add_appliance()   build an appliance image (unilinkAppliance.cmake),
#                             by the command or (CLANG) by clang-19 alone
#   UNILINK_LIBOS_ARCHIVE     the library OS as a bitcode archive
#   UNILINK_LIBOS_ASM         its assembly objects
#   UNILINK_LINKER_SCRIPT     pvh.ld
#   UNILINK_PLUGIN            the passes plugin (clang/opt/ld.lld)
#   UNILINK_INCLUDE_DIRS      the headers an appliance compiles against
#   UNILINK_COMPILE_OPTIONS   unilink::libos's compile options (a list)
#   UNILINK_LINK_OPTIONS      unilink::libos's link options (a list)
#   UNILINK_LINK_ENV          the launcher that gives a link its configuration
get_filename_component(_unilink_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

if(NOT TARGET unilink::unilink)
  add_executable(unilink::unilink IMPORTED)
  set_target_properties(unilink::unilink PROPERTIES
    IMPORTED_LOCATION ${_unilink_prefix}/bin/unilink)
endif()

set(UNILINK_LIBOS_ARCHIVE ${_unilink_prefix}/lib/unilink/libunilink-os.a)
set(UNILINK_LIBOS_ASM ${_unilink_prefix}/lib/unilink/unilink-libos-asm.o)
set(UNILINK_LINKER_SCRIPT ${_unilink_prefix}/share/unilink/pvh.ld)
set(UNILINK_PLUGIN ${_unilink_prefix}/lib/unilink/unilink-passes.so)
set(UNILINK_LINK_ENV ${_unilink_prefix}/share/unilink/unilink-link-env.sh)
set(_unilink_system ${_unilink_prefix}/include/unilink/libc
  ${_unilink_prefix}/include/unilink/xen-public)
set(UNILINK_INCLUDE_DIRS ${_unilink_prefix}/include/unilink ${_unilink_system})

foreach(_f UNILINK_LIBOS_ARCHIVE UNILINK_LIBOS_ASM UNILINK_LINKER_SCRIPT
    UNILINK_PLUGIN UNILINK_LINK_ENV)
  if(NOT EXISTS ${${_f}})
    set(unilink_FOUND FALSE)
    set(unilink_NOT_FOUND_MESSAGE "unilink: ${${_f}} is missing from the installation")
    return()
  endif()
endforeach()

# UNILINK_COMPILE_OPTIONS, UNILINK_LINKER_FLAGS (-Wl,...) and UNILINK_LLD.
include(${CMAKE_CURRENT_LIST_DIR}/unilinkFlags.cmake)
# As `unilink ldflags`: clang's Linux driver runs ld.lld itself; each option
# one word (-Wl,a,b), so that none is lost to de-duplication.
set(UNILINK_LINK_OPTIONS --target=x86_64-linux-gnu -flto -fuse-ld=lld
  --ld-path=${UNILINK_LLD} -nostdlib -static ${UNILINK_LINKER_FLAGS}
  -Wl,--load-pass-plugin=${UNILINK_PLUGIN} -Wl,-T,${UNILINK_LINKER_SCRIPT}
  -Wl,--whole-archive,${UNILINK_LIBOS_ARCHIVE},--no-whole-archive
  ${UNILINK_LIBOS_ASM})
if(NOT TARGET unilink::libos)
  add_library(unilink::libos INTERFACE IMPORTED)
  set_target_properties(unilink::libos PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${UNILINK_INCLUDE_DIRS}"
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${_unilink_system}"
    INTERFACE_COMPILE_OPTIONS "${UNILINK_COMPILE_OPTIONS}"
    INTERFACE_LINK_OPTIONS "${UNILINK_LINK_OPTIONS}")
endif()

# What unilink_add_appliance runs and what a rebuild depends on.
set(UNILINK_COMMAND unilink::unilink)
set(UNILINK_DEPENDS ${UNILINK_LIBOS_ARCHIVE} ${UNILINK_LIBOS_ASM}
  ${UNILINK_LINKER_SCRIPT} ${UNILINK_PLUGIN} ${_unilink_prefix}/bin/unilink)
include(${CMAKE_CURRENT_LIST_DIR}/unilinkAppliance.cmake)
