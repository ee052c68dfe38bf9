"""ctypes types from the library's JSON description of a BTF type, shaped
like the ones BCC's tools expect: integers as c_int/c_ulonglong/..., char
arrays as c_char arrays (so fields read as bytes), structs with their C
field names."""
import ctypes as ct
import json

_INTS = {
    (1, False): ct.c_ubyte, (1, True): ct.c_byte,
    (2, False): ct.c_ushort, (2, True): ct.c_short,
    (4, False): ct.c_uint, (4, True): ct.c_int,
    (8, False): ct.c_ulonglong, (8, True): ct.c_longlong,
}
_FLOATS = {4: ct.c_float, 8: ct.c_double, 16: ct.c_longdouble}


def _int(desc):
    if desc.get("char") and desc["size"] == 1:
        return ct.c_char
    if desc.get("bool") and desc["size"] == 1:
        return ct.c_bool
    if desc["size"] == 16:
        return ct.c_ubyte * 16  # __int128: raw bytes
    return _INTS[(desc["size"], bool(desc.get("signed")))]


def _record(desc, cache):
    key = id(desc)
    base = ct.Union if desc["kind"] == "union" else ct.Structure
    name = desc.get("name") or "anon"
    fields, anon, pads = [], [], 0
    offset = 0
    for m in desc["members"]:
        t = build(m["type"], cache)
        mname = m["name"] or "__anon_%d" % len(anon)
        if not m["name"]:
            anon.append(mname)
        if desc["kind"] == "struct" and m["offset"] > offset:
            fields.append(("__pad_%d" % pads, ct.c_char * (m["offset"] - offset)))
            pads += 1
            offset = m["offset"]
        if m.get("bits"):
            fields.append((mname, t, m["bits"]))
        else:
            fields.append((mname, t))
            if desc["kind"] == "struct":
                offset = m["offset"] + ct.sizeof(t)
    if desc["kind"] == "struct" and desc["size"] > offset and not any(
            len(f) == 3 for f in fields):
        fields.append(("__pad_end", ct.c_char * (desc["size"] - offset)))
    attrs = {"_pack_": 1, "_fields_": fields}
    if anon:
        attrs["_anonymous_"] = anon
    cls = type(name, (base,), attrs)
    cache[key] = cls
    return cls


def build(desc, cache=None):
    """A ctypes type for the description (a dict)."""
    if cache is None:
        cache = {}
    kind = desc["kind"]
    if kind == "int":
        return _int(desc)
    if kind == "enum":
        return _INTS[(desc["size"], bool(desc.get("signed")))]
    if kind == "float":
        return _FLOATS[desc["size"]]
    if kind == "ptr":
        return ct.c_ulonglong
    if kind == "array":
        return build(desc["type"], cache) * desc["len"]
    if kind in ("struct", "union"):
        return _record(desc, cache)
    raise ValueError("bcc2core: no ctypes type for BTF kind %r" % kind)


def from_json(text):
    return build(json.loads(text))
