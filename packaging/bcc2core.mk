# bcc2core.mk: BCC programs of a make project built into CO-RE objects and
# bpftool skeletons. Include it, then depend on what you need:
#
#   include /usr/share/bcc2core/bcc2core.mk
#   prog: prog.c readsize.skel.h
#           $(CC) $(CFLAGS) $(BCC2CORE_CFLAGS) prog.c -o $@ $(BCC2CORE_LIBS)
#
# Rules:
#   %.bpf.o: %.bcc.c    bcc2core build (DIR/x.bcc.c -> DIR/x.bpf.o)
#   %.skel.h: %.bpf.o   bpftool gen skeleton: struct x_bpf, x_bpf__open() ...
# Variables (set before or after the include):
#   BCC2CORE_FLAGS           -D, -I and --attach for every program
#   BCC2CORE_FLAGS_<stem>    ... for <stem>.bcc.c only
#   BCC2CORE, BPFTOOL        the commands (default: this installation's, bpftool)
#   BCC2CORE_CFLAGS, BCC2CORE_LIBS   compile and link with the runtime library
# An object is rebuilt when its source or a header it includes changes
# (bcc2core writes <obj>.d; those next to the Makefile are read here, add
# `-include dir/*.bpf.o.d` for others) or when bcc2core changes.

BCC2CORE_MK_DIR := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
BCC2CORE_PREFIX ?= $(abspath $(BCC2CORE_MK_DIR)/../..)
BCC2CORE ?= $(BCC2CORE_PREFIX)/bin/bcc2core
BPFTOOL ?= $(firstword $(wildcard /usr/sbin/bpftool /sbin/bpftool) bpftool)
BCC2CORE_CFLAGS ?= -I$(BCC2CORE_PREFIX)/include $(shell pkg-config --cflags libbpf)
BCC2CORE_LIBS ?= -L$(BCC2CORE_PREFIX)/lib -Wl,-rpath,$(BCC2CORE_PREFIX)/lib -lbcc2core \
	$(shell pkg-config --libs libbpf libelf)
# bcc2core itself: its rewriter module and data are what it converts with
BCC2CORE_SELF = $(BCC2CORE) $(wildcard $(BCC2CORE_PREFIX)/lib/bcc2core/*.so \
	$(BCC2CORE_PREFIX)/share/bcc2core/*.h)

%.bpf.o: %.bcc.c $(BCC2CORE_SELF)
	$(BCC2CORE) build $(BCC2CORE_FLAGS) $(BCC2CORE_FLAGS_$(notdir $*)) --depfile $@.d $< -o $@

# the skeleton's name: the file's stem, '-' and '.' made '_', and _bpf
%.skel.h: %.bpf.o
	$(BPFTOOL) gen skeleton $< name $(subst .,_,$(subst -,_,$(notdir $*)))_bpf > $@.tmp
	mv $@.tmp $@

# kept, not removed as intermediates of readsize.bpf.o -> readsize.skel.h:
# the depfile is the object's, and a missing object would convert again
.PRECIOUS: %.bpf.o %.skel.h

-include $(wildcard *.bpf.o.d)
