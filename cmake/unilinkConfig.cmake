# The unilink CMake package: find_package(unilink) in an outside project.
#
# Provides
#   unilink::unilink          the unilink command (imported executable)
#   unilink_add_appliance()   build an appliance image (unilinkAppliance.cmake)
#   UNILINK_LIBOS_ARCHIVE     the library OS as a bitcode archive
#   UNILINK_LIBOS_ASM         its assembly objects
#   UNILINK_LINKER_SCRIPT     pvh.ld
#   UNILINK_PLUGIN            the passes plugin (clang/opt/ld.lld)
#   UNILINK_INCLUDE_DIRS      the headers an appliance compiles against
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
set(UNILINK_INCLUDE_DIRS ${_unilink_prefix}/include/unilink
  ${_unilink_prefix}/include/unilink/libc)

foreach(_f UNILINK_LIBOS_ARCHIVE UNILINK_LIBOS_ASM UNILINK_LINKER_SCRIPT)
  if(NOT EXISTS ${${_f}})
    set(unilink_FOUND FALSE)
    set(unilink_NOT_FOUND_MESSAGE "unilink: ${${_f}} is missing from the installation")
    return()
  endif()
endforeach()

# What unilink_add_appliance runs and what a rebuild depends on.
set(UNILINK_COMMAND unilink::unilink)
set(UNILINK_DEPENDS ${UNILINK_LIBOS_ARCHIVE} ${UNILINK_LIBOS_ASM}
  ${UNILINK_LINKER_SCRIPT} ${_unilink_prefix}/bin/unilink)
include(${CMAKE_CURRENT_LIST_DIR}/unilinkAppliance.cmake)
