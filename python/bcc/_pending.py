"""A table under `port` (record mode, where nothing is loaded). funccount
zeroes its counts (b["counts"][Key(i)] = Leaf()) between BPF() and its
attach calls: such writes, and the Key()/Leaf() values they are made of,
are taken and dropped, since the recording goes on to the attach calls.
Anything else done with the table (a read, an iteration, a buffer) needs
the program, and ends the recording."""


class _Placeholder:
    """A Key() or Leaf() made before the types exist: takes any field."""

    def __setattr__(self, name, value):
        pass


class _DeferredType:
    """table.Key / table.Leaf before the types exist: makes placeholders."""

    def __call__(self, *args, **kwargs):
        return _Placeholder()


class PendingTable:
    def __init__(self, bpf, name, args):
        self._bpf, self._name, self._args = bpf, name, args
        self.Key, self.Leaf = _DeferredType(), _DeferredType()

    def _real(self):
        self._bpf._ensure_loaded()      # ends the recording
        return self._bpf.get_table(self._name, *self._args)

    def __setitem__(self, key, leaf):
        pass

    def __delitem__(self, key):
        pass

    def clear(self):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._real(), name)

    def __getitem__(self, key):
        return self._real()[key]

    def __iter__(self):
        return iter(self._real())

    def __len__(self):
        return len(self._real())

    def __contains__(self, key):
        return key in self._real()
