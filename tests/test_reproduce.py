"""`scripts/reproduce_table1.sh MNIST_NPZ OUT [MINUTES]`, the one-command reproduction of Table 1, end to end
on a small MNIST file: it trains the preset `mlp` (the authors' recipe) with the average of G and bf16 where
the CPU has it, logs the validation and test Parzen scores as it goes, evaluates the result, and resumes."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gan.device import bf16_autocast_supported
from conftest import small_mnist_npz

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def small_mnist(tmp_path_factory):
    """200 training digits (2 steps of 100 an epoch), 40 validation and 40 test digits."""
    return small_mnist_npz(tmp_path_factory.mktemp("data") / "small_mnist.npz", 200, 40, 40)


def reproduce(mnist, out, minutes, epochs):
    """The script capped by epochs (2 steps each here), so a loaded machine makes the same steps, only slower."""
    env = {**os.environ, "PYTHON": sys.executable, "OMP_NUM_THREADS": "1", "GAN_HUB": "off",
           "PYTHONPATH": str(ROOT), "EPOCHS": str(epochs)}
    return subprocess.run(["bash", str(ROOT / "scripts" / "reproduce_table1.sh"), mnist, str(out), str(minutes)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_reproduction_trains_scores_evaluates_and_resumes(small_mnist, tmp_path):
    import torch
    out = tmp_path / "t1"
    run = reproduce(small_mnist, out, 3, 20)   # 40 steps: validations at 20 and 40
    assert run.returncode == 0, run.stderr[-2000:]
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["preset"] == "mlp" and cfg["train"]["update"] == "simultaneous"
    assert cfg["train"]["ema_decay"] == 0.99995 and cfg["amp"] == bf16_autocast_supported(torch.device("cpu"))
    scored = [json.loads(x) for x in (out / "train_log.jsonl").read_text().splitlines() if "valid_parzen" in x]
    assert [r["step"] for r in scored] == [20, 40] and all("test_parzen" in r for r in scored)   # every 10 epochs
    log = (out / "stdout.log").read_text()
    assert "validation Parzen" in log and ", test " in log
    report = json.loads((out / "eval.json").read_text())
    assert report["generator"] == "averaged" and "parzen_ll" in report and "parzen_ll" in report["raw_generator"]

    steps = cfg["steps"]
    assert steps == 40
    again = reproduce(small_mnist, out, 3, 25)
    assert again.returncode == 0, again.stderr[-2000:]
    log = (out / "stdout.log").read_text()
    assert f"resumed from {out}/checkpoint.safetensors at step {steps}" in log
    assert "keeping" in log and json.loads((out / "config.json").read_text())["best_valid_step"] in (20, 40)
    assert json.loads((out / "config.json").read_text())["steps"] == 50
