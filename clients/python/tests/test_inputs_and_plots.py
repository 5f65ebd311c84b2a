"""Quantities ('7B'), a number where a range is taken, fits kept in memory unless asked, and
the plots and frames of real results (a fit with a holdout and a bootstrap, a TCO)."""
import csv
import json
import os
from pathlib import Path

import pytest

import scalewise
from scalewise._params import convert, quantity
from scalewise._methods import SHAPES
from conftest import BIN, ROOT


def test_quantities_and_ranges_follow_the_schema():
    assert quantity("7B") == 7e9 and quantity("1.4T") == 1.4e12 and quantity("500M") == 5e8
    assert quantity("2.5") == 2.5 and quantity("1e24") == 1e24 and quantity("chinchilla") == "chinchilla"
    params = convert(SHAPES["scaling/optimal"], {"usd": "100K", "hardware": "h100-sxm", "price_per_hour": 2.5})
    assert params == {"usd": 1e5, "hardware": "h100-sxm", "pricePerHour": {"low": 2.5, "high": 2.5}}
    tco = convert(SHAPES["cost/tco"], {"options": [{"name": "api", "kind": "api", "usd_per_million_tokens": (1, 2)}]})
    assert tco == {"options": [{"name": "api", "kind": "api", "usdPerMillionTokens": {"low": 1, "high": 2}}]}
    assert convert(SHAPES["scaling/predict"], {"law": "chinchilla", "params": None}) == {"law": "chinchilla"}


def test_quantity_strings_give_the_same_answer_as_numbers(client):
    assert client.predict("7B", "1.4T")["loss"] == client.predict(params=7e9, tokens=1.4e12)["loss"]


def test_a_number_is_taken_where_a_range_is(client):
    # $100K on H100s at $2.50/GPU-hour: the same answer as the range {2.5, 2.5}.
    one = client.optimal(usd=1e5, hardware="h100-sxm", price_per_hour=2.5)
    same = client.call("scaling/optimal", {"usd": 1e5, "hardware": "h100-sxm", "pricePerHour": {"low": 2.5, "high": 2.5}})
    assert one["params"] == same["params"] and one["flops"] == same["flops"]


RUNS = [{"params": float(r["params"]), "tokens": float(r["tokens"]), "loss": float(r["loss"])}
        for r in csv.DictReader((ROOT / "data" / "runs" / "chinchilla-epoch-245.csv").open())][:40]
FIT_OPTIONS = {"holdout": "largest", "bootstrap": 8, "grid": {"a": [5, 6], "b": [5, 6], "e": [0.5], "alpha": [0.3],
                                                              "beta": [0.3]}}


def test_fits_persist_only_when_asked(tmp_path):
    env = {"XDG_STATE_HOME": str(tmp_path / "state")}
    state = tmp_path / "state" / "scalewise" / "fitted-laws.json"
    with scalewise.Client(binary=BIN, env=env) as c:
        assert "--no-state" in c.args
        c.fit(RUNS, options=FIT_OPTIONS)
    assert not state.exists()
    scalewise.configure(binary=BIN, env=env)
    try:
        scalewise.fit(RUNS, options=FIT_OPTIONS)
        assert not state.exists()
    finally:
        scalewise.configure()
    with scalewise.Client(binary=BIN, env=env, persist=True) as c:
        fitted = c.fit(RUNS, options=FIT_OPTIONS)
    assert fitted["lawId"] in state.read_text()


def test_plot_fit_with_holdout_draws_the_bootstrap_band(client):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    fit = client.fit(RUNS, options=FIT_OPTIONS)
    assert isinstance(fit["heldOutARE"], dict)  # {perRun, mean}: what used to crash plot_fit
    ax = scalewise.plot_fit(fit, runs=RUNS)
    band = [c for c in ax.collections if c.get_label().startswith("bootstrap 95 % interval")]
    assert len(band) == 1
    # The band is scaling/predict's ci95 on the fitted law, run by run: check one edge.
    first = min(fit["residuals"], key=lambda r: 6 * RUNS[r["index"]]["params"] * RUNS[r["index"]]["tokens"])
    ci = client.predict(RUNS[first["index"]]["params"], RUNS[first["index"]]["tokens"], law=fit["lawId"])["ci95"]
    lows = band[0].get_paths()[0].vertices[:, 1]
    assert min(abs(v - ci["low"]) for v in lows) < 1e-9
    # Without runs the band falls back to ± the held-out ARE (the mean of perRun).
    ax = scalewise.plot_fit(fit)
    assert any(c.get_label() == f"± ARE ({fit['heldOutARE']['mean']:.1%})" for c in ax.collections)


def test_tco_frame_has_one_row_per_option_and_month(client):
    pytest.importorskip("pandas")
    tco = client.tco(months=12, tokens_per_month="1B", context_tokens=1000, output_tokens=200,
                     options=[{"name": "cheap", "kind": "api", "usd_per_million_tokens": (1, 2)},
                              {"name": "dear", "kind": "api", "usd_per_million_tokens": 3}])
    frame = tco.to_frame()
    assert len(frame) == 2 * 12
    assert list(frame["option.name"][:2]) == ["cheap", "cheap"] and list(frame["month"][:3]) == [1, 2, 3]
    # 1e9 tokens a month × $1.5/M (mid of 1–2) = $1,500; × 12 months cumulative = $18,000.
    cheap = frame[frame["option.name"] == "cheap"]
    assert cheap["inference.mid"].iloc[0] == pytest.approx(1500)
    assert cheap["cumulative.mid"].iloc[-1] == pytest.approx(18000)
    assert frame[frame["option.name"] == "dear"]["total.low"].iloc[0] == pytest.approx(3000)
