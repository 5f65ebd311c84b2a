"""The wrappers are generated from protocol/schemas and must stay in step with them."""
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import scalewise
from scalewise._methods import SHAPES, Methods

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
GENERATOR = HERE.parent / "scripts" / "generate_methods.py"
LIFECYCLE = re.compile(r"^(initialize|shutdown|textDocument/.*|tools/.*|server/.*)$")


def schema_methods():
    out = {}
    for path in (ROOT / "protocol" / "schemas").rglob("*.json"):
        doc = json.loads(path.read_text())
        method = doc["$id"].removeprefix("urn:scalewise:")
        if "params" in doc.get("$defs", {}) and not LIFECYCLE.match(method):
            out[method] = doc
    return out


def test_regenerating_gives_the_committed_file():
    run = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr + "\n(run clients/python/scripts/generate_methods.py and commit _methods.py)"


def test_every_method_has_a_wrapper_with_every_field_and_a_docstring():
    wrappers = {}
    for name, function in inspect.getmembers(Methods, inspect.isfunction):
        if name.startswith("_"):
            continue
        called = re.search(r'self\._method\("([^"]+)"', inspect.getsource(function)).group(1)
        wrappers[called] = function
    methods = schema_methods()
    assert set(wrappers) == set(methods)
    assert set(SHAPES) == set(methods)
    for method, function in wrappers.items():
        params = inspect.signature(function).parameters
        assert "fields" not in params and not any(p.kind == p.VAR_KEYWORD for p in params.values()), method
        assert function.__doc__.startswith(method + ":"), method
        for field in SHAPES[method]:
            snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", field).lower()
            assert snake in params, (method, field)
            assert f"    {snake} (" in function.__doc__, (method, field)


def test_module_functions_show_the_signature():
    assert list(inspect.signature(scalewise.optimal).parameters)[:3] == ["flops", "law", "target_loss"]
    assert "Give one of: flops | target_loss | usd + hardware." in scalewise.optimal.__doc__
