"""A table a tool writes before its program is loaded. funccount zeroes its
counts (b["counts"][Key(i)] = Leaf()) between BPF() and its attach calls;
on a cache miss (and under `port`) the program is built only once the tool
has said where it attaches, so such writes wait for the load and are
replayed on the loaded table before anything is attached. Anything else
done with the table (a read, an iteration, a buffer) needs the program: it
loads it (under `port`, that ends the recording) and goes to the real
table."""


class _Deferred:
    """table.Key(...) / table.Leaf(...) made before the types exist."""

    def __init__(self, kind, args, kwargs):
        self.__dict__["_how"] = (kind, args, kwargs, {})

    def __setattr__(self, name, value):
        self._how[3][name] = value

    def realize(self, table):
        kind, args, kwargs, attrs = self._how
        obj = getattr(table, kind)(*[realize(a, table) for a in args], **kwargs)
        for name, value in attrs.items():
            setattr(obj, name, realize(value, table))
        return obj


def realize(value, table):
    return value.realize(table) if isinstance(value, _Deferred) else value


class _DeferredType:
    def __init__(self, kind):
        self._kind = kind

    def __call__(self, *args, **kwargs):
        return _Deferred(self._kind, args, kwargs)


class PendingTable:
    def __init__(self, bpf, name, args):
        self._bpf, self._name, self._args = bpf, name, args
        self._writes = []
        self.Key, self.Leaf = _DeferredType("Key"), _DeferredType("Leaf")

    def _loaded(self):
        return bool(self._bpf._rt)

    def _real(self):
        self._bpf._ensure_loaded()
        return self._bpf.get_table(self._name, *self._args)

    def replay(self, real):
        for op, key, leaf in self._writes:
            if op == "set":
                real[realize(key, real)] = realize(leaf, real)
            elif op == "del":
                del real[realize(key, real)]
            else:
                real.clear()
        self._writes = []

    def __setitem__(self, key, leaf):
        if self._loaded():
            real = self._real()
            real[realize(key, real)] = realize(leaf, real)
        else:
            self._writes.append(("set", key, leaf))

    def __delitem__(self, key):
        if self._loaded():
            real = self._real()
            del real[realize(key, real)]
        else:
            self._writes.append(("del", key, None))

    def clear(self):
        if self._loaded():
            self._real().clear()
        else:
            self._writes.append(("clear", None, None))

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._real(), name)

    def __getitem__(self, key):
        real = self._real()
        return real[realize(key, real)]

    def __iter__(self):
        return iter(self._real())

    def __len__(self):
        return len(self._real())

    def __contains__(self, key):
        real = self._real()
        return realize(key, real) in real
