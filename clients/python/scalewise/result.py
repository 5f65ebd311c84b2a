"""Results are plain dicts (and lists) with a readable HTML table for notebooks and
`.to_frame()` for pandas (optional)."""
import html
import numbers


def _fmt(value):
    if isinstance(value, bool) or value is None:
        return str(value).lower() if isinstance(value, bool) else "—"
    if isinstance(value, numbers.Integral):
        return f"{value:,}" if abs(value) < 10**15 else f"{value:.4g}"
    if isinstance(value, numbers.Real):
        v = float(value)
        if v != 0 and (abs(v) >= 1e6 or abs(v) < 1e-3):
            return f"{v:.4g}"
        return f"{v:,.4f}".rstrip("0").rstrip(".") if v != int(v) else f"{v:,.0f}"
    return str(value)


def _records(value):
    return isinstance(value, list) and bool(value) and all(isinstance(x, dict) for x in value)


def _is_range(value):
    return isinstance(value, dict) and {"low", "mid", "high"} <= set(value) and len(value) == 3


def flatten(obj, prefix=""):
    """{"a": {"b": 1}} -> {"a.b": 1}; ranges and lists stay as values."""
    out = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and not _is_range(value):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _cell(value):
    if _is_range(value):
        return (f"{html.escape(_fmt(value['mid']))} "
                f"<small>({html.escape(_fmt(value['low']))} – {html.escape(_fmt(value['high']))})</small>")
    if isinstance(value, list):
        if value and all(isinstance(x, dict) for x in value):
            if all(set(x) <= {"title", "detail", "url"} and "title" in x for x in value):
                return "<br>".join(html.escape(x["title"] + (f" — {x['detail']}" if x.get("detail") else ""))
                                   for x in value)
            return _table_of_rows(value)
        return "<br>".join(html.escape(_fmt(x)) for x in value)
    if isinstance(value, dict):
        return _table_of_mapping(value)
    return html.escape(_fmt(value))


def _table_of_mapping(mapping):
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th><td style='text-align:left'>{_cell(v)}</td></tr>"
                   for k, v in flatten(mapping).items())
    return f"<table class='scalewise'>{rows}</table>"


def _table_of_rows(rows, limit=50):
    flat = [flatten(r) for r in rows[:limit]]
    columns = []
    for r in flat:
        for k in r:
            if k not in columns:
                columns.append(k)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in columns) + "</tr>" for r in flat)
    more = f"<tr><td colspan='{len(columns)}'>… {len(rows) - limit} more rows</td></tr>" if len(rows) > limit else ""
    return f"<table class='scalewise'><thead><tr>{head}</tr></thead><tbody>{body}{more}</tbody></table>"


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError("to_frame() needs pandas: pip install pandas "
                          "(or pip install './clients/python[pandas]')") from None
    return pandas


def _range_columns(row):
    """Ranges become three columns: cost.low, cost.mid, cost.high."""
    out = {}
    for k, v in flatten(row).items():
        if _is_range(v):
            for part in ("low", "mid", "high"):
                out[f"{k}.{part}"] = v[part]
        else:
            out[k] = v
    return out


class Result(dict):
    """A method's result: a dict, plus `_repr_html_` and `to_frame()`."""

    def _repr_html_(self):
        return _table_of_mapping(self)

    def rows(self):
        """The result's main list of records (laws, TCO options, runs...), or None: the only list
        of records, else the first of `options`, `laws`, `models`, `points`, `residuals`."""
        lists = {k: v for k, v in self.items() if _records(v) and k not in ("sources",)}
        if len(lists) == 1:
            return next(iter(lists.values()))
        for key in ("options", "laws", "models", "points", "residuals"):
            if key in lists:
                return lists[key]
        return None

    def to_frame(self):
        """A pandas DataFrame: one row per record when the result holds a list of records
        (scaling/laws, scaling/sweep points); records that each hold one list of records are
        expanded, one row per inner record with the outer record's fields in front (cost/tco:
        one row per option and month, columns option.name, option.kind, month, ...). Else one
        row of flattened fields."""
        pandas = _pandas()
        rows = self.rows()
        if rows is None:
            return pandas.DataFrame([_range_columns(self)])
        inner = [[k for k, v in r.items() if _records(v) and k != "sources"] for r in rows]
        if all(len(keys) == 1 for keys in inner) and len({keys[0] for keys in inner}) == 1:
            key = inner[0][0]
            out = []
            for r in rows:
                outer = {f"option.{k}" if key == "months" else k: v for k, v in r.items()
                         if not isinstance(v, (list, dict))}
                out += [{**outer, **_range_columns(x)} for x in r[key]]
            return pandas.DataFrame(out)
        return pandas.DataFrame([_range_columns(r) for r in rows])


class ResultList(list):
    """Several results (for example the optimal frontier over many budgets)."""

    def _repr_html_(self):
        return _table_of_rows(list(self))

    def to_frame(self):
        pandas = _pandas()
        return pandas.DataFrame([_range_columns(r) for r in self])


def wrap(value):
    if isinstance(value, dict) and not isinstance(value, Result):
        return Result(value)
    if isinstance(value, list) and not isinstance(value, ResultList) and all(isinstance(x, dict) for x in value):
        return ResultList(Result(x) for x in value)
    return value
