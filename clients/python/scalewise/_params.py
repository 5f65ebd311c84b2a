"""Keyword arguments to protocol params: snake_case names to lowerCamelCase, quantities such as
'7B' to numbers, a number or a (low, high) pair to a range {low, high}, following the shape
generated from protocol/schemas (_methods.SHAPES). Values the shape does not describe pass
through unchanged; the daemon validates them and names the field when one is wrong."""
import re

_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12, "p": 1e15}
_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([kKmMbBgGtTpP]?)\s*$")


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def quantity(value):
    """'7B' -> 7e9, '1.4T' -> 1.4e12, '2.5' -> 2.5; anything else is returned unchanged."""
    if isinstance(value, str):
        m = _QUANTITY.match(value.replace("_", "").replace(",", ""))
        if m:
            return float(m.group(1)) * _SUFFIX.get(m.group(2).lower(), 1.0)
    return value


def _integer(value):
    q = quantity(value)
    if isinstance(q, float) and q.is_integer() and isinstance(value, str):
        return int(q)
    return q


def _range(value):
    if isinstance(value, bool):
        return value
    q = quantity(value)
    if isinstance(q, (int, float)):
        return {"low": q, "high": q}
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return {"low": quantity(value[0]), "high": quantity(value[1])}
    if isinstance(value, dict):
        return {k: quantity(v) for k, v in value.items()}
    return value


def _object(props, value):
    if not isinstance(value, dict):
        return value
    out = {}
    for key, v in value.items():
        name = key if key in props else camel(key) if camel(key) in props else key
        out[name] = _value(props.get(name), v)
    return out


def _value(shape, value):
    if shape is None or value is None:
        return value
    if shape == "n":
        return quantity(value)
    if shape == "i":
        return _integer(value)
    if shape == "r":
        return _range(value)
    if "o" in shape:
        return _object(shape["o"], value)
    if "a" in shape:
        return [_value(shape["a"], v) for v in value] if isinstance(value, (list, tuple)) else value
    if "u" in shape:
        # One of several: a number stays a number where one is allowed, else becomes a range.
        options = shape["u"]
        scalar = next((s for s in ("n", "i", "r") if s in options), None)
        if isinstance(value, str) and scalar and quantity(value) is not value:
            return _value(scalar, value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _range(value) if scalar == "r" else value
        for s in options:
            if isinstance(value, dict) and isinstance(s, dict) and "o" in s:
                return _value(s, value)
            if isinstance(value, (list, tuple)) and isinstance(s, dict) and "a" in s:
                return _value(s, value)
            if isinstance(value, (list, tuple)) and len(value) == 2 and s == "r":
                return _range(value)
        return value
    return value


def convert(shape, fields):
    """Params for a method from its keyword arguments (None: absent)."""
    props = shape or {}
    return {name: _value(props.get(name), v) for name, v in ((camel(k), v) for k, v in fields.items()) if v is not None}


def params_of(fields):
    """Keyword arguments to params without a shape: names only (kept for callers of 0.1)."""
    return {camel(k): v for k, v in fields.items() if v is not None}
