# Finds what the rewriter and the ahead-of-time compile step need, and computes
# the one include-flag list both of them use (libclang and `clang -target bpf`).

find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBBPF REQUIRED IMPORTED_TARGET libbpf>=1.0)
pkg_check_modules(LIBELF REQUIRED IMPORTED_TARGET libelf)

find_program(BCC2CORE_CLANG NAMES clang-14 clang REQUIRED)
# its first line of --version, for `bcc2core --version`
execute_process(COMMAND ${BCC2CORE_CLANG} --version OUTPUT_VARIABLE _clang_version
  OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REGEX REPLACE "\n.*" "" BCC2CORE_CLANG_VERSION "${_clang_version}")
find_program(BCC2CORE_STRIP NAMES llvm-strip-14 llvm-strip REQUIRED)
find_program(BCC2CORE_OBJCOPY NAMES llvm-objcopy-14 llvm-objcopy REQUIRED)
find_program(BCC2CORE_BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin REQUIRED)

set(_llvm_hints /usr/lib/llvm-14 /usr/lib/llvm-15 /usr/lib/llvm-16)
find_path(LIBCLANG_INCLUDE_DIR clang-c/Index.h
  HINTS ${_llvm_hints} PATH_SUFFIXES include REQUIRED)
find_library(LIBCLANG_LIBRARY NAMES clang-14 clang libclang.so.1
  HINTS ${_llvm_hints} PATH_SUFFIXES lib REQUIRED)
add_library(libclang::libclang UNKNOWN IMPORTED)
set_target_properties(libclang::libclang PROPERTIES
  IMPORTED_LOCATION ${LIBCLANG_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${LIBCLANG_INCLUDE_DIR})

# -target bpf drops the host include paths and libclang ignores -resource-dir:
# pass clang's own include dir and the system dirs explicitly.
execute_process(COMMAND ${BCC2CORE_CLANG} -print-file-name=include
  OUTPUT_VARIABLE BCC2CORE_CLANG_RESOURCE_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${BCC2CORE_CLANG} -print-multiarch
  OUTPUT_VARIABLE _multiarch OUTPUT_STRIP_TRAILING_WHITESPACE)
set(BCC2CORE_SYSTEM_INCLUDES /usr/local/include)
if(_multiarch)
  list(APPEND BCC2CORE_SYSTEM_INCLUDES /usr/include/${_multiarch})
endif()
list(APPEND BCC2CORE_SYSTEM_INCLUDES /usr/include)
string(REPLACE ";" ":" BCC2CORE_SYSTEM_INCLUDES_STR "${BCC2CORE_SYSTEM_INCLUDES}")

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|amd64")
  set(BCC2CORE_TARGET_ARCH x86)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  set(BCC2CORE_TARGET_ARCH arm64)
else()
  set(BCC2CORE_TARGET_ARCH ${CMAKE_SYSTEM_PROCESSOR})
endif()
