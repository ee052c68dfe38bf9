/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_OBJECT_BTF_CHECK_H
#define BCC2CORE_OBJECT_BTF_CHECK_H

/* 0, or -LIBBPF_ERRNO__FORMAT (said where) when the object at @path has BTF
 * libbpf 1.1 would follow out of range (a type id, a name offset, a FUNC
 * that is no FUNC_PROTO's) or round a cycle of types not through a
 * pointer: checked before anything hands the object to libbpf. */
int object_btf__check(const char *path);

#endif
