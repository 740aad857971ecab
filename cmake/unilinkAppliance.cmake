# unilink_add_appliance(NAME CONFIG file.conf [SOURCES file.c...]
#                       [OUTPUT image.elf] [GENERIC] [DEFINES section.key=value...]
#                       [REPORT text|json|svg|none] [DATA file...])
#
# Builds the appliance image NAME.elf (in the current binary folder unless
# OUTPUT says otherwise) with `unilink build`, and a target NAME for it.
# Without SOURCES, the command compiles every *.c beside the configuration.
# DATA lists the files the configuration compiles into the image (zones, web
# content), so that the image is rebuilt when they change.
# The size report (generic vs specialised) is written to NAME.size.txt
# (.json, .svg with REPORT; none with REPORT none, which also spares the
# build of the generic baseline). Beside the image: NAME.xl.cfg,
# NAME.qemu.sh and NAME.why (for `unilink why`); `unilink run NAME.elf`
# boots it.
#
# Used in-tree (configs/CMakeLists.txt) and by the installed package
# (find_package(unilink)); the caller sets UNILINK_COMMAND (the unilink
# executable or its target) and UNILINK_DEPENDS (what a rebuild depends on).
function(unilink_add_appliance name)
  cmake_parse_arguments(A "GENERIC" "CONFIG;OUTPUT;REPORT" "SOURCES;DEFINES;DATA" ${ARGN})
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

  add_custom_command(OUTPUT ${out}
    COMMAND ${UNILINK_COMMAND} ${args}
    DEPENDS ${conf} ${srcs} ${A_DATA} ${UNILINK_DEPENDS}
    BYPRODUCTS ${base}.xl.cfg ${base}.qemu.sh ${report_file}
    COMMENT "unilink build ${name}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${out})
endfunction()
