# unilink_add_appliance(NAME CONFIG file.conf [SOURCES file.c...]
#                       [OUTPUT image.elf] [GENERIC] [DEFINES section.key=value...]
#                       [REPORT text|json|svg|none] [DATA file...] [CLANG])
#
# Builds the appliance image NAME.elf (in the current binary folder unless
# OUTPUT says otherwise) with `unilink build`, and a target NAME for it.
# Without SOURCES, the command compiles every *.c beside the configuration.
# DATA lists the files the configuration compiles into the image (zones, web
# content), so that the image is rebuilt when they change.
# The size report (generic vs specialised) is written to NAME.size.txt
# (.json, .svg with REPORT; none with REPORT none, which also spares the
# build of the generic baseline). Beside the image: NAME.xl.cfg (Xen images),
# NAME.libvirt.xml, NAME.qemu.sh and NAME.why (for `unilink why`); `unilink run NAME.elf`
# boots it.
#
#
# With CLANG (the installed package only, in a project whose C compiler is
# clang-19), the image is not built by the command but by CMake: NAME is an
# executable target of the sources, compiled and linked by clang-19 with
# unilink::libos (the passes plugin specialises it in ld.lld's LTO, with the
# configuration and DEFINES given by UNILINK_LINK_ENV) and the object of
# `unilink data` (NAME.data.o: the data sets and the run note that `unilink
# run NAME.elf` boots it with). No size report, no NAME.qemu.sh: the image
# carries what run needs.
#
# Used in-tree (configs/CMakeLists.txt) and by the installed package
# (find_package(unilink)); the caller sets UNILINK_COMMAND (the unilink
# executable or its target) and UNILINK_DEPENDS (what a rebuild depends on).
function(unilink_add_appliance name)
  cmake_parse_arguments(A "GENERIC;CLANG" "CONFIG;OUTPUT;REPORT" "SOURCES;DEFINES;DATA" ${ARGN})
  if(NOT A_CONFIG)
    message(FATAL_ERROR "unilink_add_appliance(${name}): CONFIG file.conf is required")
  endif()
  get_filename_component(conf ${A_CONFIG} ABSOLUTE)
  get_filename_component(confdir ${conf} DIRECTORY)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${name}.elf)
  if(A_OUTPUT)
    get_filename_component(out ${A_OUTPUT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  if(NOT A_REPORT)
    set(A_REPORT text)
  endif()
  set(report_ext ${A_REPORT})
  if(A_REPORT STREQUAL "text")
    set(report_ext txt)
  endif()
  string(REGEX REPLACE "\\.elf$" "" base ${out})

  set(args build ${conf} -o ${out} -q --report=${A_REPORT})
  set(report_file ${base}.size.${report_ext})
  if(A_REPORT STREQUAL "none")
    set(report_file)
  else()
    list(APPEND args --report-file ${report_file})
  endif()
  if(A_GENERIC)
    list(APPEND args --generic)
  endif()
  foreach(d ${A_DEFINES})
    list(APPEND args -D ${d})
  endforeach()
  set(srcs "")
  foreach(s ${A_SOURCES})
    get_filename_component(s ${s} ABSOLUTE)
    list(APPEND srcs ${s})
    list(APPEND args --source ${s})
  endforeach()
  if(NOT A_SOURCES)
    file(GLOB srcs CONFIGURE_DEPENDS ${confdir}/*.c)
  endif()
  if(A_CLANG)
    _unilink_clang_appliance(${name} ${conf} ${out} "${srcs}" "${A_DEFINES}"
      "${A_DATA}" "${A_GENERIC}" "${A_REPORT}")
    return()
  endif()

  add_custom_command(OUTPUT ${out}
    COMMAND ${UNILINK_COMMAND} ${args}
    DEPENDS ${conf} ${srcs} ${A_DATA} ${UNILINK_DEPENDS}
    BYPRODUCTS ${base}.xl.cfg ${base}.qemu.sh ${base}.libvirt.xml ${report_file}
    COMMENT "unilink build ${name}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${out})
endfunction()

# The CLANG form of unilink_add_appliance: `unilink data` for NAME.data.o,
# then an executable target linked by clang-19 through UNILINK_LINK_ENV.
function(_unilink_clang_appliance name conf out srcs defines data generic report)
  if(NOT TARGET unilink::libos)
    message(FATAL_ERROR "unilink_add_appliance(${name} CLANG): expected "
      "unilink::libos from find_package(unilink); CLANG builds only with the "
      "installed package")
  endif()
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang" OR
      NOT CMAKE_C_COMPILER_VERSION VERSION_GREATER_EQUAL 19 OR
      CMAKE_C_COMPILER_VERSION VERSION_GREATER_EQUAL 20)
    message(FATAL_ERROR "unilink_add_appliance(${name} CLANG): expected the "
      "C compiler clang-19 (the plugin is built for LLVM 19), found "
      "${CMAKE_C_COMPILER_ID} ${CMAKE_C_COMPILER_VERSION} "
      "(-DCMAKE_C_COMPILER=clang-19)")
  endif()
  if(NOT report STREQUAL "none" AND NOT report STREQUAL "text")
    message(FATAL_ERROR "unilink_add_appliance(${name} CLANG): a size report "
      "comes from the command's build; expected no REPORT, found ${report}")
  endif()
  string(REGEX REPLACE "\\.elf$" "" base ${out})
  get_filename_component(dir ${out} DIRECTORY)
  get_filename_component(file ${base} NAME)
  set(dataobj ${base}.data.o)
  set(args data ${conf} -o ${dataobj} -q)
  foreach(s ${srcs})
    list(APPEND args --source ${s})
  endforeach()
  foreach(d ${defines})
    list(APPEND args -D ${d})
  endforeach()
  if(generic)
    list(APPEND args --generic)
  endif()
  add_custom_command(OUTPUT ${dataobj}
    COMMAND ${UNILINK_COMMAND} ${args}
    DEPENDS ${conf} ${srcs} ${data} ${UNILINK_DEPENDS}
    COMMENT "unilink data ${name}"
    VERBATIM)
  add_executable(${name} ${srcs} ${dataobj})
  target_link_libraries(${name} PRIVATE unilink::libos)
  # Without the passes a generic image reads its configuration at boot.
  set(launcher ${UNILINK_LINK_ENV} ${conf} ${defines} --)
  if(generic)
    set(launcher ${UNILINK_LINK_ENV} "" --)
  endif()
  # The headers as the command gives them: -I for unilink's own, -isystem
  # for libc and Xen's.
  set_target_properties(${name} PROPERTIES
    OUTPUT_NAME ${file} SUFFIX .elf RUNTIME_OUTPUT_DIRECTORY ${dir}
    NO_SYSTEM_FROM_IMPORTED ON
    C_LINKER_LAUNCHER "${launcher}"
    LINK_DEPENDS "${conf};${UNILINK_DEPENDS}")
endfunction()
