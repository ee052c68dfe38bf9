# Passed by run.sh as -DCMAKE_PROJECT_INCLUDE=: reads compat-tests/fuzz's
# CMakeLists.txt at the end of the top-level one, unless the build includes
# it already (`if(BCC2CORE_FUZZ) add_subdirectory(fuzz) endif()` in
# compat-tests/CMakeLists.txt). Deferred: the library targets exist by then.
function(_bcc2core_fuzz_hook)
  if(BCC2CORE_FUZZ AND NOT TARGET fuzz_rewriter)
    include(${CMAKE_CURRENT_FUNCTION_LIST_DIR}/CMakeLists.txt)
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL _bcc2core_fuzz_hook)
