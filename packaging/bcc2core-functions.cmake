# bcc2core_bpf_object(<name> <src.bcc.c>
#                     [DEFINES NAME[=VAL]...] [ATTACH SPEC...]
#                     [INCLUDE_DIRECTORIES DIR...] [DEPENDS FILE...]
#                     [STATIC_RUNTIME])
#
# At build time, `bcc2core build` converts and compiles <src.bcc.c> into
# <name>.bpf.o (DEFINES are its -D, ATTACH its --attach, as a BCC tool's
# cflags and attach_*() calls), and `bpftool gen skeleton` makes
# <name>.skel.h from it: struct <name>_bpf, <name>_bpf__open() ... An
# INTERFACE target <name> gives whoever links it that header's directory,
# libbpf, libelf and the runtime library (bcc2core::runtime, or
# bcc2core::runtime_static with STATIC_RUNTIME), for
# bcc2core_runtime__from_object() on the skeleton's object.
#
# The object is rebuilt when the source, a header it includes (bcc2core
# writes a depfile), bcc2core itself or DEPENDS change. The target's
# properties BCC2CORE_OBJECT and BCC2CORE_SKELETON are the two files.
function(bcc2core_bpf_object name src)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "STATIC_RUNTIME" ""
    "DEFINES;ATTACH;INCLUDE_DIRECTORIES;DEPENDS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "bcc2core_bpf_object(${name}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT BCC2CORE_BPFTOOL_EXECUTABLE)
    message(FATAL_ERROR "bcc2core_bpf_object(${name}): bpftool not found (Debian: apt install bpftool)")
  endif()
  get_filename_component(_src "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(_dir "${CMAKE_CURRENT_BINARY_DIR}/bcc2core/${name}")
  set(_obj "${_dir}/${name}.bpf.o")
  set(_skel "${_dir}/${name}.skel.h")

  set(_args)
  foreach(_d IN LISTS ARG_DEFINES)
    list(APPEND _args -D "${_d}")
  endforeach()
  foreach(_i IN LISTS ARG_INCLUDE_DIRECTORIES)
    get_filename_component(_i "${_i}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND _args -I "${_i}")
  endforeach()
  foreach(_a IN LISTS ARG_ATTACH)
    list(APPEND _args --attach "${_a}")
  endforeach()

  # what a conversion reads besides the source is bcc2core's too (its
  # rewriter module, vmlinux.h, the BPF-side headers): an upgrade rebuilds
  get_target_property(_exe bcc2core::bcc2core IMPORTED_LOCATION)
  get_filename_component(_prefix "${_exe}" DIRECTORY)
  get_filename_component(_prefix "${_prefix}" DIRECTORY)
  file(GLOB _data "${_prefix}/share/bcc2core/*.h" "${_prefix}/lib/bcc2core/*.so")
  add_custom_command(OUTPUT "${_obj}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${_dir}"
    COMMAND bcc2core::bcc2core build ${_args} --depfile "${_obj}.d" "${_src}" -o "${_obj}"
    DEPENDS "${_src}" bcc2core::bcc2core ${_data} ${ARG_DEPENDS}
    DEPFILE "${_obj}.d"
    COMMENT "bcc2core: converting and compiling ${src}"
    VERBATIM)
  add_custom_command(OUTPUT "${_skel}"
    COMMAND ${CMAKE_COMMAND} -DBPFTOOL=${BCC2CORE_BPFTOOL_EXECUTABLE} -DOBJ=${_obj}
            -DNAME=${name}_bpf -DOUT=${_skel} -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/bcc2core-skeleton.cmake"
    DEPENDS "${_obj}" "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/bcc2core-skeleton.cmake"
    COMMENT "bcc2core: skeleton ${name}.skel.h"
    VERBATIM)
  add_custom_target(${name}_skeleton DEPENDS "${_skel}")

  add_library(${name} INTERFACE)
  add_dependencies(${name} ${name}_skeleton)
  target_include_directories(${name} INTERFACE "${_dir}")
  if(ARG_STATIC_RUNTIME)
    target_link_libraries(${name} INTERFACE bcc2core::runtime_static)
  else()
    target_link_libraries(${name} INTERFACE bcc2core::runtime)
  endif()
  target_link_libraries(${name} INTERFACE PkgConfig::LIBBPF PkgConfig::LIBELF)
  set_target_properties(${name} PROPERTIES BCC2CORE_OBJECT "${_obj}" BCC2CORE_SKELETON "${_skel}")
endfunction()
