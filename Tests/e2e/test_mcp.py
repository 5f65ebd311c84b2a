"""MCP end to end with the official `mcp` Python SDK (PyPI): the initialize handshake through
`stdio_client` + `ClientSession`, and the SDK's default connect (`Client`, which tries the
2026-07-28 `server/discover` first). Expected figures come from the Chinchilla closed form
computed here from data/laws.json."""
import asyncio
import json
import re

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.client import Client
from mcp.client.stdio import stdio_client

from conftest import BIN, ROOT, Daemon

SERVER = StdioServerParameters(command=BIN, args=["serve", "--no-state"])
CHINCHILLA = next(l for l in json.loads((ROOT / "data" / "laws.json").read_text())["laws"] if l["id"] == "chinchilla")


def chinchilla_optimal(flops):
    """N_opt = G·(C/6)^(β/(α+β)), D_opt = G⁻¹·(C/6)^(α/(α+β)), G = (αA/βB)^(1/(α+β))."""
    p = CHINCHILLA["parameters"]
    a, b, A, B = p["alpha"], p["beta"], p["A"], p["B"]
    g = (a * A / (b * B)) ** (1 / (a + b))
    x = flops / 6
    return g * x ** (b / (a + b)), x ** (a / (a + b)) / g


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


def test_handshake_tools_and_calls():
    async def go():
        async with stdio_client(SERVER) as streams:
            async with ClientSession(streams[0], streams[1]) as session:
                init = await session.initialize()
                assert init.protocol_version == "2025-11-25"
                assert init.server_info.name == "scalewise"
                assert init.capabilities.tools is not None

                tools = (await session.list_tools()).tools
                names = {t.name for t in tools}
                assert {"scaling_optimal", "scaling_predict", "scaling_laws"} <= names
                assert all(re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", n) for n in names)
                optimal = next(t for t in tools if t.name == "scaling_optimal")
                schema = optimal.input_schema
                assert schema["type"] == "object" and "flops" in schema["properties"]
                assert "workDoneToken" not in schema["properties"]
                assert "$ref" not in json.dumps(schema)  # refs inlined for clients

                result = await session.call_tool("scaling_optimal", {"flops": 5.76e23, "law": "chinchilla"})
                assert result.is_error is False
                n, d = chinchilla_optimal(5.76e23)
                assert result.structured_content["params"] == pytest.approx(n, rel=1e-9)
                assert result.structured_content["tokens"] == pytest.approx(d, rel=1e-9)
                assert json.loads(result.content[0].text) == result.structured_content

                bad = await session.call_tool("scaling_optimal", {"flops": -1})
                assert bad.is_error is True
                assert "params.flops" in bad.content[0].text
                typo = await session.call_tool("scaling_optimal", {"flop": 1e21})
                assert typo.is_error is True and "params.flop" in typo.content[0].text
                domain = await session.call_tool("scaling_optimal", {"targetLoss": 1.0})
                assert domain.is_error is True
                assert domain.structured_content["error"]["code"] == -32001

                predict = await session.call_tool("scaling_predict", {"params": 70e9, "tokens": 1.4e12, "law": "chinchilla"})
                p = CHINCHILLA["parameters"]
                loss = p["E"] + p["A"] / 70e9 ** p["alpha"] + p["B"] / 1.4e12 ** p["beta"]
                assert predict.structured_content["loss"] == pytest.approx(loss, rel=1e-12)
    run(go())


def test_sdk_default_connect_tries_discover():
    async def go():
        async with Client(SERVER) as client:
            tools = await client.list_tools()
            assert "scaling_optimal" in {t.name for t in tools.tools}
            result = await client.call_tool("scaling_optimal", {"flops": 1e21, "law": "chinchilla"})
            assert result.is_error is False
            assert result.structured_content["tokens"] == pytest.approx(chinchilla_optimal(1e21)[1], rel=1e-9)
    run(go())


def test_discover_and_plain_initialize_side_by_side():
    d = Daemon()
    try:
        discover = d.result("server/discover", {})
        assert "2025-11-25" in discover["supportedVersions"] and "2026-07-28" in discover["supportedVersions"]
        assert discover["capabilities"] == {"tools": {"listChanged": False}}
        # The plain (shell/notebook) initialize is unchanged by MCP detection.
        plain = d.result("initialize", {})
        assert plain["protocolVersion"] == "1.0" and plain["laws"]
        assert "textDocumentSync" not in plain["capabilities"]
        # An unknown tool is a protocol error (-32602), not a tool result.
        err = d.error("tools/call", {"name": "nope", "arguments": {}})
        assert err["code"] == -32602
    finally:
        d.close()


def test_tool_schemas_meet_hosted_model_api_restrictions():
    # What hosted model APIs enforce on tool definitions, and what breaks a whole agent
    # session when violated: Anthropic's Messages API refuses input_schema with oneOf, allOf
    # or anyOf at the top level and requires type "object"; OpenAI's function calling and
    # Anthropic both take names matching ^[a-zA-Z0-9_-]{1,64}$. We also keep one naming style
    # (snake_case), no $ref (clients do not resolve our urn: references) and the list small.
    d = Daemon()
    try:
        reply = d.request("tools/list", {})
        raw = len(json.dumps(reply, separators=(",", ":"), ensure_ascii=False).encode())
        assert raw <= 16 * 1024, raw
        tools = reply["result"]["tools"]
        assert len(tools) >= 15
        for tool in tools:
            name, schema = tool["name"], tool["inputSchema"]
            assert re.fullmatch(r"[a-z0-9_]{1,64}", name), name
            assert schema["type"] == "object" and isinstance(schema["properties"], dict), name
            assert not {"oneOf", "anyOf", "allOf", "not"} & set(schema), name
            assert "$ref" not in json.dumps(schema), name
            assert set(schema.get("required", [])) <= set(schema["properties"]), name
            assert "workDoneToken" not in schema["properties"] and "provenance" not in schema["properties"]
            for prop, spec in schema["properties"].items():
                types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
                assert set(types) <= {"number", "integer", "string", "boolean", "object", "array"}, (name, prop)
                assert spec.get("description"), (name, prop)
            # What it answers, and one example call an agent can copy.
            assert len(tool["description"]) >= 40 and "Example: {" in tool["description"], name
    finally:
        d.close()


def test_every_tool_example_is_a_call_that_answers():
    # The example in each description is what an agent copies first: it must work.
    d = Daemon()
    try:
        for tool in d.result("tools/list", {})["tools"]:
            text = tool["description"].split("Example: ", 1)[1].rstrip(".")
            if tool["name"] in ("scaling_fit", "scaling_forget"):
                continue  # their examples name runs and a fitted law the caller has
            result = d.result("tools/call", {"name": tool["name"], "arguments": json.loads(text)})
            assert result["isError"] is False, (tool["name"], result["content"][0]["text"])
    finally:
        d.close()
