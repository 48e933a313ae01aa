"""Smoke test of `python -m bench` with tiny budgets: every section runs and reports sane numbers.
No timing assertions (speed targets are checked by running the command, see README "Performance")."""
import json
import math
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from conftest import ROOT
from bench import run as bench
from bench import app_latency as bench_app
from bench.common import alternating_timings_ms, percentile


def test_percentile_matches_numpy():
    values = [5.0, 1.0, 9.0, 3.0, 7.0, 2.0]
    for q in (0, 50, 95, 100):
        assert percentile(values, q) == pytest.approx(np.percentile(values, q))


def test_bad_options_are_named():
    r = subprocess.run([sys.executable, "-m", "bench", "--only", "nope", "--presets", "toy1d",
                        "--datasets", "moons"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "--only" in r.stderr and "--presets" in r.stderr and "mlp-live" in r.stderr
    assert "--datasets" in r.stderr and "gaussian1d" in r.stderr


def test_bench_command_tiny(tmp_path, monkeypatch, capsys):
    """The in-process sections of the command, tiny budgets, on the shipped MNIST subset."""
    monkeypatch.delenv("GAN_MNIST", raising=False)
    out = tmp_path / "bench.json"
    rc = bench.main(["--quick", "--device", "cpu", "--only", "forward,training,compare", "--repeats", "1",
                     "--train-seconds", "0.2", "--compare-seconds", "0.5", "--compare-samples", "100",
                     "--presets", "mlp-live", "--datasets", "gaussian1d,mnist", "--out", str(out)])
    printed = capsys.readouterr().out
    assert rc == 0
    assert "mnist-mlp: G forward, 64 digits" in printed and "compare mlp-live" in printed
    res = json.loads(out.read_text())
    assert set(res["forward"]["models"]) == {"mnist-mlp", "mnist-dcgan", "mnist-cdcgan"}
    assert set(res["training"]) == {"gaussian1d", "mnist"}
    for name, r in res["training"].items():
        assert r["plain"]["steps_per_s"] > 0 and r["streamed"]["steps_per_s"] > 0, name
    runs = res["compare"]["runs"]
    assert set(runs) == {"mlp-live", "baseline (bench/baseline.py)"} and res["compare"]["mnist"] == "subset"
    for run in runs.values():
        assert run["steps"] > 0 and math.isfinite(run["parzen_ll"]) and 0 <= run["digit_classes"] <= 10
    assert res["memory"]["bench_peak_rss_mb"] > 50


def test_app_measurements(app_server):
    """The app section's calls against the running app: both kinds of endpoint call and streamed training."""
    apps = {"app": bench_app.connect(app_server.rstrip("/"))}
    r = bench_app.call_latency(apps, 2, "/generate", model="mnist-mlp", seed=1, rows=8, cols=8, digit=0)["app"]
    assert r["n"] == r["no_tls_setup"]["n"] == r["http"]["n"] == r["http_session"]["n"] == 2
    assert r["median_ms"] > 0 and r["no_tls_setup"]["median_ms"] > 0 and r["http"]["median_ms"] > 0
    client = apps["app"][0]
    stream = bench_app.streamed_training(client, "gaussian1d", 0.5)
    assert stream["steps"] > 0 and stream["steps_per_s"] > 0
    both = bench_app.streamed_vs_plain(client, "gaussian1d", 0.5, rounds=2, device=torch.device("cpu"))
    assert len(both["runs"]["app"]) == len(both["runs"]["plain"]) == 2
    assert both["steps_per_s"] > 0 and both["plain_steps_per_s"] > 0 and both["ratio"] > 0


def test_browser_click_to_grid(app_server, chromium_browser):
    """The browser row: each click on Generate is timed until a new grid is decoded on screen."""
    from bench import client_floor as bench_client
    r = bench_client.browser_click_latency(app_server, clicks=2, warmup=1, browser=chromium_browser)
    assert r["n"] == 2 and 0 < r["median_ms"] <= r["p95_ms"] < 30_000


def test_bare_app_floor():
    """The floor row: the bare Gradio app starts and answers /generate with an 8x8 grid's PNG."""
    from gradio_client import Client

    from bench import client_floor as bench_client
    proc, base = bench_client.start_bare_app()
    try:
        path = Client(base, verbose=False, analytics_enabled=False).predict(
            model="mnist-mlp", seed=1, rows=8, cols=8, digit=0, api_name="/generate")
        assert Image.open(path).size == (8 * 60 + 4, 8 * 60 + 4)
        r = bench_app.call_latency({"floor": bench_app.connect(base)}, 1, "/generate", model="mnist-mlp", seed=1,
                                   rows=8, cols=8, digit=0)["floor"]
        assert r["median_ms"] > 0 and r["no_tls_setup"]["median_ms"] > 0 and r["http"]["median_ms"] > 0
    finally:
        bench_app.stop(proc)


def test_alternating_timings_take_turns():
    calls = []
    fns = {name: (lambda name=name: calls.append(name)) for name in "abc"}
    t = alternating_timings_ms(fns, repeats=7, block=3, warmup=1)
    assert calls[:3] == ["a", "b", "c"]                      # warm-up, one each
    assert calls[3:12] == ["a"] * 3 + ["b"] * 3 + ["c"] * 3  # then blocks of 3
    assert calls[12:15] == ["b"] * 3                          # next round starts one further on
    assert all(t[n]["n"] == 7 for n in "abc") and len(calls) == 3 + 21


def test_mlp_speed_section_counts_flops_and_steps():
    r = bench.bench_mlp_speed(torch.device("cpu"), steps=2)
    from gan.device import bf16_autocast_supported
    updates = ("simultaneous", "alternating") + (("simultaneous_bf16",) if bf16_autocast_supported(torch.device("cpu")) else ())
    assert set(r) == {f"{u}_{t}_threads" for u in updates for t in (1, 2)}
    # the simultaneous step computes G(z) and D's forward pass once for both players: fewer FLOPs
    assert r["simultaneous_1_threads"]["gflop_per_step"] < r["alternating_1_threads"]["gflop_per_step"]
    assert all(v["steps_per_s"] > 0 and v["gflop_per_step"] > 1 for v in r.values())


def test_soak_tally_flags_what_a_visitor_should_not_get():
    from bench.soak import Tally
    tally = Tally()
    tally.add("grid")
    tally.add("bad", "(-1, 8) was accepted")
    assert tally.answers == {"grid": 1, "bad": 1} and tally.unexpected == ["bad: (-1, 8) was accepted"]


def test_inversion_section_times_each_model():
    r = bench.bench_inversion(torch.device("cpu"), digits_n=1, steps=20)
    assert set(r) == {"mnist-mlp", "mnist-dcgan", "mnist-cdcgan"}
    assert all(v["seconds_median"] > 0 and v["distance_median"] > 0 for v in r.values())


def test_browser_steer_latency(app_server, chromium_browser):
    from bench import client_floor
    r = client_floor.browser_steer_latency(app_server, 3, browser=chromium_browser)
    assert r["n"] == 3 and 0 < r["median_ms"] <= r["p95_ms"]


def test_browser_pad_latency(app_server, chromium_browser):
    from bench import client_floor
    r = client_floor.browser_pad_latency(app_server, 3, browser=chromium_browser)
    assert r["n"] == 3 and 0 < r["median_ms"] <= r["p95_ms"]


def test_live_quality_section_measures_each_data_set(monkeypatch):
    """Shortened runs (the section's figures come from the full defaults: python -m bench --only live-quality)."""
    from gan.live import quality
    calls, full = [], quality.default_run

    def short(data, seed=0, max_seconds=None, classifier=None):
        calls.append(data)
        return full(data, seed=seed, max_seconds=0.5, classifier=classifier)
    monkeypatch.setattr(quality, "default_run", short)
    r = bench.bench_live_quality(seeds=(0,))
    assert calls == ["gaussian1d", "ring", "grid", "mnist"]
    assert 0 <= r["gaussian1d"][0]["total_variation"] <= 1 and r["ring"][0]["n_modes"] == 8
    assert 0 <= r["mnist"][0]["digits_read"] <= 10
    assert "Train live default grid: modes covered" in bench.table({"live-quality": r})
