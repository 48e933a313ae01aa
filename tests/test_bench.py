"""Smoke test of `python -m gan.bench` with tiny budgets: every section runs and reports sane numbers.
No timing assertions (speed targets are checked by running the command, see README "Performance")."""
import json
import math
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT
from gan.bench import percentile


def test_percentile_matches_numpy():
    values = [5.0, 1.0, 9.0, 3.0, 7.0, 2.0]
    for q in (0, 50, 95, 100):
        assert percentile(values, q) == pytest.approx(np.percentile(values, q))


def test_bad_options_are_named():
    r = subprocess.run([sys.executable, "-m", "gan.bench", "--only", "nope", "--presets", "toy1d"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "--only" in r.stderr and "--presets" in r.stderr and "mlp-live" in r.stderr


def test_bench_command_tiny(tmp_path):
    out = tmp_path / "bench.json"
    cmd = [sys.executable, "-m", "gan.bench", "--quick", "--device", "cpu", "--repeats", "1",
           "--train-seconds", "0.3", "--compare-seconds", "1", "--compare-samples", "200",
           "--presets", "mlp-live", "--out", str(out)]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=170,
                       env={**__import__("os").environ, "GAN_MNIST": ""})
    assert r.returncode == 0, r.stderr[-3000:]
    assert "/generate 8x8 end to end" in r.stdout and "compare mlp-live" in r.stdout
    res = json.loads(out.read_text())
    app = res["app"]
    assert 0 < app["startup_s"] < 120
    for key in ("generate", "interpolate"):
        assert app[key]["median_ms"] > 0 and app[key]["p95_ms"] >= app[key]["median_ms"]
    assert app["peak_rss_mb"] > 50
    assert set(res["forward"]["models"]) == {"mnist-mlp", "mnist-dcgan", "mnist-cdcgan"}
    for name, r in res["training"].items():
        assert r["plain"]["steps"] > 0 and r["streamed"]["steps"] > 0, name
    runs = res["compare"]["runs"]
    assert set(runs) == {"mlp-live", "baseline (gan/baseline.py)"}
    for run in runs.values():
        assert run["steps"] > 0 and math.isfinite(run["parzen_ll"]) and 0 <= run["digit_classes"] <= 10
    assert res["compare"]["mnist"] == "subset"
    assert res["memory"]["bench_peak_rss_mb"] > 50
