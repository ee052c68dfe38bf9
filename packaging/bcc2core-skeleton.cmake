# cmake -DBPFTOOL=.. -DOBJ=x.bpf.o -DNAME=x_bpf -DOUT=x.skel.h -P bcc2core-skeleton.cmake
# `bpftool gen skeleton` writes to stdout: into a temporary file, renamed
# when complete, so a failed run leaves no half header behind.
execute_process(COMMAND ${BPFTOOL} gen skeleton ${OBJ} name ${NAME}
  OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "${BPFTOOL} gen skeleton ${OBJ} failed (${_rc})")
endif()
file(RENAME ${OUT}.tmp ${OUT})
