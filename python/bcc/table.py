"""Tables of a loaded program, as BCC's tools use them: b["name"] gives one
of these, with Key/Leaf ctypes types from the object's BTF. Map access goes
through libbpf; histogram text comes from the runtime library, which prints
BCC's formats byte for byte."""
import ctypes as ct
import os
from collections.abc import MutableMapping
from time import strftime

from . import _native as N
from . import _types

# libbpf's enum bpf_map_type
HASH, ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, PERCPU_HASH, PERCPU_ARRAY = 1, 2, 3, 4, 5, 6
STACK_TRACE, CGROUP_ARRAY, LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE = 7, 8, 9, 10, 11
ARRAY_OF_MAPS, HASH_OF_MAPS, DEVMAP, SOCKMAP, CPUMAP = 12, 13, 14, 15, 16
QUEUE, STACK, DEVMAP_HASH, RINGBUF = 22, 23, 25, 27

log2_index_max = 65
linear_index_max = 1025
BPF_F_STACK_BUILD_ID = 1 << 5


def _describe(bpf, name, which):
    p = N.lib.bcc2core_runtime__describe_map(bpf._rt, name, which)
    return _types.from_json(N.take_string(p)) if p else None


def _fallback_type(size):
    return {1: ct.c_ubyte, 2: ct.c_ushort, 4: ct.c_uint, 8: ct.c_ulonglong}.get(
        size, ct.c_ubyte * size)


def Table(bpf, name, map_ptr):
    """The table class for the map's type."""
    kind = N.libbpf.bpf_map__type(map_ptr)
    cls = {HASH: HashTable, ARRAY: Array, PROG_ARRAY: ProgArray,
           PERF_EVENT_ARRAY: PerfEventArray, PERCPU_HASH: PerCpuHash,
           PERCPU_ARRAY: PerCpuArray, STACK_TRACE: StackTrace, CGROUP_ARRAY: CgroupArray,
           LRU_HASH: LruHash, LRU_PERCPU_HASH: LruPerCpuHash, LPM_TRIE: LpmTrie,
           DEVMAP: DevMap, CPUMAP: CpuMap, DEVMAP_HASH: DevMapHash, QUEUE: QueueStack,
           STACK: QueueStack, RINGBUF: RingBuf}.get(kind, TableBase)
    return cls(bpf, name, map_ptr)


class TableBase(MutableMapping):
    def __init__(self, bpf, name, map_ptr):
        self.bpf = bpf
        self.name = name
        self._map = map_ptr
        self.map_fd = N.libbpf.bpf_map__fd(map_ptr)
        self.ttype = N.libbpf.bpf_map__type(map_ptr)
        self.max_entries = N.libbpf.bpf_map__max_entries(map_ptr)
        ksz = N.libbpf.bpf_map__key_size(map_ptr)
        vsz = N.libbpf.bpf_map__value_size(map_ptr)
        self.Key = _describe(bpf, name, b"key") or _fallback_type(ksz) if ksz else None
        self.Leaf = _describe(bpf, name, b"value") or _fallback_type(vsz) if vsz else None
        self._vsz = vsz

    def get_fd(self):
        return self.map_fd

    # element access
    def _key(self, key):
        if isinstance(key, self.Key):
            return key
        # BCC hands any ctypes key to the kernel by reference: a key read
        # from another table (klockstat's stack ids, a c_int) works there
        if isinstance(key, ct._SimpleCData) and ct.sizeof(key) == ct.sizeof(self.Key):
            return self.Key.from_buffer_copy(key)
        return self.Key(key)

    def _lookup(self, key):
        leaf = self.Leaf()
        if N.libbpf.bpf_map_lookup_elem(self.map_fd, ct.byref(key), ct.byref(leaf)) < 0:
            raise KeyError(key)
        return leaf

    def __getitem__(self, key):
        return self._lookup(self._key(key))

    def __setitem__(self, key, leaf):
        key = self._key(key)
        if N.libbpf.bpf_map_update_elem(self.map_fd, ct.byref(key), ct.byref(leaf), 0) < 0:
            e = ct.get_errno()
            raise Exception("Could not update table: %s" % os.strerror(e))

    def __delitem__(self, key):
        key = self._key(key)
        if N.libbpf.bpf_map_delete_elem(self.map_fd, ct.byref(key)) < 0:
            raise KeyError(key)

    def next(self, key):
        next_key = self.Key()
        ref = None if key is None else ct.byref(key)
        if N.libbpf.bpf_map_get_next_key(self.map_fd, ref, ct.byref(next_key)) < 0:
            raise StopIteration()
        return next_key

    def __iter__(self):
        key = None
        while True:
            try:
                key = self.next(key)
            except StopIteration:
                return
            yield key

    def iter(self):
        return self.__iter__()

    def keys(self):
        return list(self.__iter__())

    def __len__(self):
        return sum(1 for _ in self.__iter__())

    def items(self):
        out = []
        for k in self.keys():
            try:
                out.append((k, self[k]))
            except KeyError:
                pass  # deleted meanwhile (BPF side)
        return out

    def values(self):
        return [v for _, v in self.items()]

    def itervalues(self):
        return iter(self.values())

    def iteritems(self):
        return iter(self.items())

    def clear(self):
        for k in self.keys():
            try:
                self.__delitem__(k)
            except KeyError:
                pass

    def zero(self):
        for k in self.keys():
            self[k] = self.Leaf()

    # BCC's batch calls, element by element (same results; no batch syscalls)
    def items_lookup_batch(self):
        for k, v in self.items():
            yield k, v

    def items_lookup_and_delete_batch(self):
        for k, v in self.items():
            try:
                self.__delitem__(k)
            except KeyError:
                continue
            yield k, v

    def items_delete_batch(self, ct_keys=None):
        for k in (self.keys() if ct_keys is None else ct_keys):
            try:
                self.__delitem__(k)
            except KeyError:
                pass

    def items_update_batch(self, ct_keys, ct_values):
        for k, v in zip(ct_keys, ct_values):
            self[k] = v

    # histograms
    def _sections(self, bucket_fn, bucket_sort_fn, size):
        """BCC's rule: a struct key's first field is the section, the second
        (or the third, behind a padding field) the slot."""
        names = [f[0] for f in self.Key._fields_]
        f1, f2 = names[0], names[1]
        if f2.startswith("__pad") and len(names) >= 3:
            f2 = names[2]
        tmp = {}
        for k, v in self.items():
            bucket = getattr(k, f1)
            if bucket_fn:
                bucket = bucket_fn(bucket)
            vals = tmp.setdefault(bucket, [0] * size)
            vals[getattr(k, f2)] = _value(v)
        buckets = list(tmp.keys())
        if bucket_sort_fn:
            buckets = bucket_sort_fn(buckets)
        return [(b, tmp[b]) for b in buckets]

    def _flat(self, size, what):
        vals = [0] * size
        for k, v in self.items():
            i = k.value
            if i >= size:
                raise IndexError("Index in %s() of %d exceeds max of %d." % (what, i, size))
            vals[i] = _value(v)
        return vals

    def _hist(self, fmt, size, what, val_type, section_header, section_print_fn, bucket_fn,
              strip_leading_zero, bucket_sort_fn):
        if issubclass(self.Key, ct.Structure):
            for bucket, vals in self._sections(bucket_fn, bucket_sort_fn, size):
                if section_print_fn:
                    print("\n%s = %s" % (section_header, section_print_fn(bucket)))
                else:
                    print("\n%s = %r" % (section_header, bucket))
                _print_hist(fmt, vals, val_type, strip_leading_zero)
        else:
            _print_hist(fmt, self._flat(size, what), val_type, strip_leading_zero)

    def print_log2_hist(self, val_type="value", section_header="Bucket ptr",
                        section_print_fn=None, bucket_fn=None, strip_leading_zero=None,
                        bucket_sort_fn=None):
        self._hist(N.lib.bcc2core_hist__format_log2, log2_index_max, "print_log2_hist",
                   val_type, section_header, section_print_fn, bucket_fn,
                   strip_leading_zero, bucket_sort_fn)

    def print_linear_hist(self, val_type="value", section_header="Bucket ptr",
                          section_print_fn=None, bucket_fn=None, strip_leading_zero=None,
                          bucket_sort_fn=None):
        self._hist(N.lib.bcc2core_hist__format_linear, linear_index_max,
                   "print_linear_hist", val_type, section_header, section_print_fn,
                   bucket_fn, strip_leading_zero, bucket_sort_fn)

    def print_json_hist(self, val_type="value", section_header="Bucket ptr",
                        section_print_fn=None, bucket_fn=None, bucket_sort_fn=None):
        if issubclass(self.Key, ct.Structure):
            for bucket, vals in self._sections(bucket_fn, bucket_sort_fn, log2_index_max):
                shown = section_print_fn(bucket) if section_print_fn else bucket
                _print_json_hist(vals, val_type, (section_header, shown))
        else:
            _print_json_hist(self._flat(log2_index_max, "print_json_hist"), val_type)


def _value(v):
    return v.value if hasattr(v, "value") else v


def _print_hist(fmt, vals, val_type, strip_leading_zero):
    arr = (ct.c_uint64 * len(vals))(*[int(x) & 0xFFFFFFFFFFFFFFFF for x in vals])
    if isinstance(val_type, bytes):
        val_type = val_type.decode()
    text = N.take_string(fmt(arr, len(vals), str(val_type).encode(),
                             bool(strip_leading_zero)))
    if text is None:
        raise MemoryError("bcc2core: histogram formatting failed")
    print(text, end="")


def _print_json_hist(vals, val_type, section_bucket=None):
    """BCC's JSON histogram: a Python dict printed as is (its repr)."""
    last = 0
    for i, v in enumerate(vals):
        if v:
            last = i
    data, prev, index = [], 0, 1
    for i in range(1, last + 1):
        index *= 2
        data.append({"interval-start": prev, "interval-end": index - 1,
                     "count": int(vals[i])})
        prev = index
    hist = {"ts": strftime("%Y-%m-%d %H:%M:%S"), "val_type": val_type, "data": data}
    if section_bucket:
        hist[section_bucket[0]] = section_bucket[1]
    print(hist)


class HashTable(TableBase):
    pass


class LruHash(HashTable):
    pass


class LpmTrie(TableBase):
    pass


class ArrayBase(TableBase):
    def _key(self, key):
        if isinstance(key, self.Key):
            return key
        if isinstance(key, ct._SimpleCData):
            return TableBase._key(self, key)
        if isinstance(key, int):
            if key < 0:
                key += len(self)
            if key < 0 or key >= len(self):
                raise IndexError("Array index out of range")
        return self.Key(key)

    def __len__(self):
        return self.max_entries

    def __iter__(self):
        for i in range(self.max_entries):
            yield self.Key(i)

    def keys(self):
        return list(self.__iter__())

    def clearitem(self, key):
        self[key] = self.Leaf()

    def __delitem__(self, key):
        self.clearitem(key)

    def clear(self):
        for k in self.keys():
            self.clearitem(k)


class Array(ArrayBase):
    pass


class ProgArray(ArrayBase):
    pass


class CgroupArray(ArrayBase):
    def __setitem__(self, key, leaf):
        if isinstance(leaf, str):
            fd = os.open(leaf, os.O_RDONLY)
            try:
                super().__setitem__(key, self.Leaf(fd))
            finally:
                os.close(fd)
        else:
            super().__setitem__(key, self.Leaf(leaf) if isinstance(leaf, int) else leaf)


class DevMap(ArrayBase):
    pass


class CpuMap(ArrayBase):
    pass


class DevMapHash(HashTable):
    pass


class _PerCpu:
    """Values are one Leaf per possible CPU; [] gives that array, or the
    reducer's result."""

    def _percpu_init(self, reducer=None):
        self.reducer = reducer
        self.sLeaf = self.Leaf
        self.total_cpu = N.libbpf.libbpf_num_possible_cpus()
        self._slot = (ct.sizeof(self.sLeaf) + 7) // 8 * 8
        if self.sLeaf == ct.c_uint:
            self.sLeaf = ct.c_uint64
        elif self.sLeaf == ct.c_int:
            self.sLeaf = ct.c_int64
        self.Leaf = self.sLeaf * self.total_cpu

    def getvalue(self, key):
        key = self._key(key)
        raw = ct.create_string_buffer(self._slot * self.total_cpu)
        if N.libbpf.bpf_map_lookup_elem(self.map_fd, ct.byref(key), raw) < 0:
            raise KeyError(key)
        ret = (self.sLeaf * self.total_cpu)()
        for i in range(self.total_cpu):
            ct.memmove(ct.byref(ret, i * ct.sizeof(self.sLeaf)),
                       ct.addressof(raw) + i * self._slot,
                       min(ct.sizeof(self.sLeaf), self._slot))
        return ret

    def __getitem__(self, key):
        if self.reducer:
            from functools import reduce
            return reduce(self.reducer, self.getvalue(key))
        return self.getvalue(key)

    def __setitem__(self, key, leaf):
        key = self._key(key)
        raw = ct.create_string_buffer(self._slot * self.total_cpu)
        for i in range(self.total_cpu):
            ct.memmove(ct.addressof(raw) + i * self._slot, ct.byref(leaf[i]),
                       min(ct.sizeof(self.sLeaf), self._slot))
        if N.libbpf.bpf_map_update_elem(self.map_fd, ct.byref(key), raw, 0) < 0:
            raise Exception("Could not update table: %s" % os.strerror(ct.get_errno()))

    def _lookup(self, key):
        return self.getvalue(key)

    def sum(self, key):
        return self.sLeaf(sum(_value(v) for v in self.getvalue(key)))

    def max(self, key):
        return self.sLeaf(max(_value(v) for v in self.getvalue(key)))

    def average(self, key):
        return self.sum(key).value / self.total_cpu

    def clearitem(self, key):
        self[key] = self.Leaf()


class PerCpuHash(_PerCpu, HashTable):
    def __init__(self, *args, reducer=None, **kwargs):
        HashTable.__init__(self, *args, **kwargs)
        self._percpu_init(reducer)


class LruPerCpuHash(PerCpuHash):
    pass


class PerCpuArray(_PerCpu, ArrayBase):
    def __init__(self, *args, reducer=None, **kwargs):
        ArrayBase.__init__(self, *args, **kwargs)
        self._percpu_init(reducer)


class StackTrace(TableBase):
    MAX_DEPTH = 127

    def __init__(self, bpf, name, map_ptr):
        super().__init__(bpf, name, map_ptr)
        # the kernel takes no BTF for a stack map's values: the object has
        # only their size. BCC's leaf is struct { u64 ip[]; }: so is ours,
        # or walk() would read the addresses as bytes
        if self.Leaf is not None and not hasattr(self.Leaf, "ip"):
            depth = ct.sizeof(self.Leaf) // 8
            self.Leaf = type("StackTrace_Leaf", (ct.Structure,),
                             {"_fields_": [("ip", ct.c_uint64 * depth)]})

    def walk(self, stack_id, resolve=None):
        try:
            leaf = self[stack_id]
        except KeyError:
            return iter(())
        ips = leaf.ip if hasattr(leaf, "ip") else leaf
        addrs = []
        for ip in ips:
            ip = _value(ip) if not isinstance(ip, int) else ip
            if not ip:
                break
            addrs.append(resolve(ip) if resolve else ip)
        return iter(addrs)

    def __len__(self):
        return sum(1 for _ in self.__iter__())


class QueueStack(TableBase):
    """BPF_QUEUE / BPF_STACK: push, pop, peek; no keys."""

    def push(self, leaf, flags=0):
        if N.libbpf.bpf_map_update_elem(self.map_fd, None, ct.byref(leaf), flags) < 0:
            raise Exception("Could not push to table: %s" % os.strerror(ct.get_errno()))

    def pop(self):
        leaf = self.Leaf()
        if N.libbpf.bpf_map_lookup_and_delete_elem(self.map_fd, None, ct.byref(leaf)) < 0:
            raise KeyError("Could not pop from table")
        return leaf

    def peek(self):
        leaf = self.Leaf()
        if N.libbpf.bpf_map_lookup_elem(self.map_fd, None, ct.byref(leaf)) < 0:
            raise KeyError("Could not peek table")
        return leaf

    def itervalues(self):
        while True:
            try:
                yield self.pop()
            except KeyError:
                return

    def values(self):
        return list(self.itervalues())

    def __iter__(self):
        raise TypeError("a BPF queue or stack has no keys")

    def __len__(self):
        raise TypeError("a BPF queue or stack has no length")


class _Events:
    """What perf and ring buffer tables share: the record type the
    program submits, for event(data)."""

    def event(self, data):
        if self._event_class is None:
            self._event_class = _describe(self.bpf, self.name, b"event")
            if self._event_class is None:
                raise Exception("bcc2core: no record type is known for %s: the program "
                                "never submits a struct to it" % self.name.decode())
        return ct.cast(data, ct.POINTER(self._event_class)).contents


class PerfEventArray(_Events, ArrayBase):
    def __init__(self, *args, **kwargs):
        ArrayBase.__init__(self, *args, **kwargs)
        self._event_class = None

    def open_perf_buffer(self, callback, page_cnt=8, lost_cb=None, wakeup_events=1):
        if page_cnt & (page_cnt - 1):
            raise Exception("Perf buffer page_cnt must be a power of two")
        self.bpf._open_buffer(self.name, page_cnt,
                              lambda cpu, data, size: callback(cpu, data, size),
                              (lambda cpu, cnt: lost_cb(cnt)) if lost_cb else None,
                              wakeup_events)

    def open_perf_event(self, typ, config):
        raise self.bpf._unsupported("PerfEventArray.open_perf_event")


class RingBuf(_Events, TableBase):
    def __init__(self, bpf, name, map_ptr):
        self.bpf, self.name, self._map = bpf, name, map_ptr
        self.map_fd = N.libbpf.bpf_map__fd(map_ptr)
        self.ttype = RINGBUF
        self.max_entries = N.libbpf.bpf_map__max_entries(map_ptr)
        self.Key = self.Leaf = None
        self._event_class = None

    def open_ring_buffer(self, callback, ctx=None):
        self.bpf._open_buffer(self.name, 0, lambda cpu, data, size: callback(ctx, data, size),
                              None)

    def __len__(self):
        return 0

    def __iter__(self):
        return iter(())


__all__ = ["Table", "TableBase", "HashTable", "LruHash", "Array", "ArrayBase", "PerCpuHash",
           "PerCpuArray", "LruPerCpuHash", "PerfEventArray", "RingBuf", "StackTrace",
           "QueueStack", "LpmTrie", "ProgArray", "CgroupArray", "DevMap", "CpuMap"]
