#!/usr/bin/env python3
"""Generates scalewise/_methods.py from protocol/schemas: one wrapper per method with an explicit
keyword signature (snake_case names for the protocol's lowerCamelCase fields) and a docstring
built from the schema's descriptions, plus the shape of each method's params (which fields are
numbers, ranges, objects, lists) that `_params.convert` uses to accept '7B' and plain numbers
for ranges.

    python3 clients/python/scripts/generate_methods.py          # rewrite the file
    python3 clients/python/scripts/generate_methods.py --check  # exit 1 if it is stale

Run it after changing protocol/schemas; tests/test_generated.py fails until then."""
import json
import pprint
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "scalewise"
SCHEMAS = HERE.parent.parent.parent / "protocol" / "schemas"
OUTPUT = PACKAGE / "_methods.py"

# Not data methods: the LSP/MCP lifecycle and document features.
EXCLUDED = re.compile(r"^(initialize|shutdown|exit|textDocument/.*|tools/.*|server/.*|notifications/.*)$")
# Python names kept from the first release of the client; new methods get `group_name`.
NAMES = {
    "scaling/laws": "laws", "scaling/predict": "predict", "scaling/optimal": "optimal", "scaling/fit": "fit",
    "scaling/sweep": "sweep", "scaling/inferenceOptimal": "inference_optimal", "scaling/forget": "forget",
    "hardware/list": "hardware_list", "hardware/get": "hardware_get", "hardware/set": "hardware_set",
    "hardware/reset": "hardware_reset", "models/list": "models_list", "models/get": "models_get",
    "cost/training": "training_cost", "cost/inference": "inference_cost", "cost/tco": "tco",
    "cost/overtrain": "overtrain", "finetune/recommend": "finetune_recommend",
    "inference/testTimeCompute": "test_time_compute",
}
# Leading positional parameters kept from the first release (everything else is keyword-only).
POSITIONAL = {
    "scaling/predict": ["params", "tokens"], "scaling/optimal": ["flops"], "scaling/fit": ["runs"],
    "scaling/forget": ["law"], "hardware/get": ["id"], "hardware/reset": ["id"], "models/get": ["id"],
}
SKIPPED_FIELDS = {"workDoneToken"}  # the client adds it for progress=
RANGE_IDS = {"urn:scalewise:common#/$defs/inputRange"}


def snake(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def default_name(method):
    return "_".join(snake(part) for part in method.split("/"))


class Registry:
    def __init__(self, root):
        self.docs = {}
        for path in sorted(root.rglob("*.json")):
            doc = json.loads(path.read_text())
            self.docs[doc["$id"]] = doc

    def resolve(self, schema, base):
        """Follows $ref (absolute urn or #/… against `base`) until a schema without one;
        returns (schema, its base id, the refs followed)."""
        refs = []
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            doc_id, _, pointer = ref.partition("#")
            doc_id = doc_id or base
            refs.append(f"{doc_id}#{pointer}")
            target = self.docs[doc_id]
            for part in [p for p in pointer.split("/") if p]:
                target = target[part]
            described = schema.get("description")
            schema, base = target, doc_id
            if described and isinstance(schema, dict) and "description" not in schema:
                schema = {**schema, "description": described}
        return schema, base, refs

    def properties(self, schema, base):
        """Properties of an object schema, merged over its oneOf/anyOf/allOf branches."""
        schema, base, _ = self.resolve(schema, base)
        props = {k: (v, base) for k, v in schema.get("properties", {}).items()}
        for key in ("oneOf", "anyOf", "allOf"):
            for branch in schema.get(key, []):
                for k, v in self.properties(branch, base).items():
                    props.setdefault(k, v)
        return props

    def alternatives(self, schema, base):
        """Required-field groups of a top-level oneOf ("give one of")."""
        schema, base, _ = self.resolve(schema, base)
        groups = []
        for branch in schema.get("oneOf", []):
            branch, _, _ = self.resolve(branch, base)
            if branch.get("required") and not branch.get("properties"):
                groups.append(branch["required"])
        return groups

    def shape(self, schema, base, depth=0):
        """The conversion shape: "n" number, "i" integer, "r" range {low, high}, {"o": {...}}
        object, {"a": shape} array, {"u": [...]} one of several, None anything else."""
        if depth > 12:
            return None
        schema, base, refs = self.resolve(schema, base)
        if any(r in RANGE_IDS for r in refs):
            return "r"
        if not isinstance(schema, dict):
            return None
        for key in ("oneOf", "anyOf"):
            if key in schema:
                shapes = [s for s in (self.shape(b, base, depth + 1) for b in schema[key]) if s is not None]
                props = self.properties(schema, base) if any(isinstance(s, dict) and "o" in s for s in shapes) else {}
                if props:
                    shapes = [s for s in shapes if not (isinstance(s, dict) and "o" in s)]
                    shapes.append({"o": {k: self.shape(v, b, depth + 1) for k, (v, b) in sorted(props.items())
                                         if k not in SKIPPED_FIELDS}})
                return {"u": shapes} if len(shapes) > 1 else (shapes[0] if shapes else None)
        kind = schema.get("type")
        if kind == "number":
            return "n"
        if kind == "integer":
            return "i"
        if kind == "array" and "items" in schema:
            item = self.shape(schema["items"], base, depth + 1)
            return {"a": item} if item is not None else None
        props = self.properties(schema, base)
        if set(props) == {"low", "high"}:  # an inline {low, high} range
            return "r"
        if kind == "object" or props:
            return {"o": {k: self.shape(v, b, depth + 1) for k, (v, b) in sorted(props.items())
                          if k not in SKIPPED_FIELDS}}
        return None

    def summary(self, schema, base):
        """A short type for the docstring."""
        schema, base, refs = self.resolve(schema, base)
        if any(r in RANGE_IDS for r in refs):
            return "range: a number, (low, high) or {'low', 'high'}"
        if "enum" in schema:
            return " | ".join(json.dumps(v) for v in schema["enum"])
        if "const" in schema:
            return json.dumps(schema["const"])
        for key in ("oneOf", "anyOf"):
            if key in schema:
                parts = []
                for b in schema[key]:
                    s = self.summary(b, base)
                    if s not in parts:
                        parts.append(s)
                return " | ".join(parts)
        kind = schema.get("type")
        if isinstance(kind, list):
            return " | ".join(kind)
        if kind == "number":
            return "number"
        if kind == "integer":
            return "integer"
        if kind == "array":
            return "list"
        if kind == "object" or "properties" in schema:
            return "dict"
        return kind or "any"


def describe(text):
    text = " ".join((text or "").split())
    return text.replace('"""', "'''").replace("\\", "\\\\")


def wrap_text(text, indent, width=100):
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(indent) + len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return [indent + lines[0]] + [indent + "    " + l for l in lines[1:]] if lines else []


def result_members(reg, doc):
    """Top-level members of the method's result, over every alternative form."""
    result = doc.get("$defs", {}).get("result")
    if result is None:
        return []
    names, pending = [], [(result, doc["$id"])]
    while pending:
        schema, base = pending.pop(0)
        resolved, b, _ = reg.resolve(schema, base)
        if not isinstance(resolved, dict):
            continue
        for name in resolved.get("properties", {}):
            if name not in names:
                names.append(name)
        for key in ("oneOf", "anyOf", "allOf"):
            pending += [(branch, b) for branch in resolved.get(key, [])]
    return names


def method_source(reg, method, doc):
    params_schema = doc["$defs"]["params"]
    base = doc["$id"]
    props = {k: v for k, v in reg.properties(params_schema, base).items() if k not in SKIPPED_FIELDS}
    name = NAMES.get(method, default_name(method))
    positional = [p for p in POSITIONAL.get(method, []) if p in props]
    keyword = [p for p in props if p not in positional]
    args = ["self"] + [f"{snake(p)}=None" for p in positional] + ["*"] + [f"{snake(p)}=None" for p in keyword]
    args += ["timeout=None", "progress=None"]
    lines = [f"    def {name}({', '.join(args)}):"]
    title = describe(doc.get("description") or params_schema.get("description") or "")
    doc_lines = wrap_text(f"{method}: {title}", "        ")
    doc_lines[0] = doc_lines[0].replace("        ", '        """', 1)
    groups = reg.alternatives(params_schema, base)
    required = reg.resolve(params_schema, base)[0].get("required", [])
    notes = []
    if required:
        notes.append("Required: " + ", ".join(snake(r) for r in required) + ".")
    if groups:
        notes.append("Give one of: " + " | ".join(" + ".join(snake(f) for f in g) for g in groups) + ".")
    body = []
    for n in notes:
        body += [""] + wrap_text(n, "        ")
    body += ["", "        Args:"]
    for p in positional + keyword:
        schema, b = props[p]
        resolved, _, _ = reg.resolve(schema, b)
        text = describe(resolved.get("description") if isinstance(resolved, dict) else "")
        default = resolved.get("default") if isinstance(resolved, dict) else None
        if default is not None and "default" not in text.lower():
            text += f" (default {json.dumps(default)})"
        entry = f"{snake(p)} ({reg.summary(schema, b)}): {text}".rstrip(": ")
        body += wrap_text(entry, "            ")
    body += wrap_text("timeout: seconds to wait for the answer (default: the client's).", "            ")
    body += wrap_text("progress: a callable receiving each $/progress value.", "            ")
    members = result_members(reg, doc)
    returns = f"Returns a Result (a dict) with: {', '.join(members)}." if members else "Returns a Result (a dict)."
    body += [""] + wrap_text(returns, "        ") + ['        """']
    lines += doc_lines + body
    fields = ", ".join(f'"{p}": {snake(p)}' for p in positional + keyword)
    lines.append(f'        return self._method("{method}", {{{fields}}}, timeout, progress)')
    shape = {k: reg.shape(v, b) for k, (v, b) in sorted(props.items())}
    return name, "\n".join(lines), shape


def generate():
    reg = Registry(SCHEMAS)
    methods = []
    for doc_id, doc in sorted(reg.docs.items()):
        method = doc_id.removeprefix("urn:scalewise:")
        if EXCLUDED.match(method) or "params" not in doc.get("$defs", {}):
            continue
        methods.append((method, doc))
    out = ['# Generated from the protocol\'s schemas by clients/python/scripts/generate_methods.py:',
           '# do not edit; regenerate after a schema change (tests/test_generated.py checks it).',
           '"""One method per Scalewise request, with the protocol\'s fields as keyword arguments.',
           '',
           'Keyword arguments are the protocol\'s fields in snake_case (`target_loss` -> `targetLoss`);',
           'nested dicts may use either spelling. Numbers take quantities (\'7B\', \'1.4T\'); ranges',
           '{low, high} also take a number or a (low, high) pair. `None` means absent."""',
           "from ._params import camel, convert, params_of  # noqa: F401 (camel, params_of: re-exported)", "", "",
           "class Methods:",
           "    def _call(self, method, params, timeout=None, progress=None):  # pragma: no cover - overridden",
           "        raise NotImplementedError", "",
           "    def _method(self, method, fields, timeout=None, progress=None):",
           "        return self._call(method, convert(SHAPES[method], fields), timeout=timeout, progress=progress)"]
    shapes = {}
    for method, doc in methods:
        name, source, shape = method_source(reg, method, doc)
        out += ["", source]
        shapes[method] = shape
    out += ["", "", "# The shape of each method's params (see _params.convert).",
            "SHAPES = " + pprint.pformat(shapes, width=110, sort_dicts=True), ""]
    return "\n".join(out)


def main():
    text = generate()
    if "--check" in sys.argv:
        current = OUTPUT.read_text() if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
