"""Whether a live run's defaults show a GAN succeeding: the measures behind Train live's defaults.

- 1-D (the paper's Figure 1): the total variation between p_g and p_data, TV = 1/2 * sum |p_g - p_data|
  over bins of width 0.05 (Section 4's p_g = p_data is TV 0), from 50,000 samples of the G a run shows.
- 2-D ring and grid: modes covered and the share of high-quality samples (gan.toy.ToyDistribution.mode_metrics).
- MNIST: after a time budget, how many of the ten digits the shipped classifier reads with p >= 0.9.

`default_run(data, seed)` trains a data set's defaults as Train live does (gan.live.settings) and returns
these figures; `python -m bench --only live-quality` reports them.
"""
from __future__ import annotations

import time

import torch

from gan.live.settings import DATASETS, build_trainer, check_settings
from gan.sampling import generate
from gan.toy import ToyDistribution

TV_BIN, TV_SAMPLES = 0.05, 50_000
MODE_SAMPLES, MODE_SEED = 4096, 123   # the 2-D mode figures: this many samples of G, from this seed


@torch.no_grad()
def mode_figures(gan, toy: ToyDistribution) -> dict:
    """Modes covered and the high-quality share of MODE_SAMPLES samples of G (fixed noise): what Train
    live's status line reports for the ring and the grid, and what the benchmark measures."""
    return toy.mode_metrics(generate(gan, MODE_SAMPLES, seed=MODE_SEED))


@torch.no_grad()
def total_variation_1d(gan, toy: ToyDistribution, n: int = TV_SAMPLES, seed: int = 123) -> float:
    """TV between G's samples (a histogram, bins of TV_BIN) and p_data (its density on the same bins);
    mass of p_g outside the bins counts in full."""
    x = generate(gan, n, seed=seed).view(-1).double().cpu()
    mean, spread = float(toy.modes.mean()), 8 * toy.std + float(toy.modes.max() - toy.modes.min())
    lo, hi = mean - spread, mean + spread
    bins = int(round((hi - lo) / TV_BIN))
    counts = torch.histc(x, bins=bins, min=lo, max=hi) / n
    centres = lo + (torch.arange(bins, dtype=torch.float64) + 0.5) * (hi - lo) / bins
    p_data = toy.density(centres.view(-1, 1)).double() * (hi - lo) / bins
    return 0.5 * (float((counts - p_data).abs().sum()) + (1.0 - float(counts.sum())))


@torch.no_grad()
def digits_read(gan, classifier, n: int = 1000, seed: int = 123, confident: float = 0.9) -> dict:
    """{'confident_share': share of n samples read with p >= confident, 'digits_read': how many of the
    ten digits are at least 2% of the samples so read}."""
    x = generate(gan, n, seed=seed)
    probs = torch.softmax(classifier(x), dim=1)
    p, digit = probs.max(dim=1)
    sure = digit[p >= confident]
    shares = torch.bincount(sure, minlength=10).double() / n
    return {"confident_share": round(float((p >= confident).double().mean()), 3),
            "digits_read": int((shares >= 0.02).sum())}


def default_run(data: str, seed: int = 0, max_seconds: float | None = None, classifier=None) -> dict:
    """Train `data`'s Train live defaults (up to `max_seconds`), then measure the G it shows."""
    settings = check_settings(data, seed=seed, max_seconds=max_seconds)
    trainer, toy = build_trainer(settings)
    started, last = time.perf_counter(), {}
    for last in trainer.run(settings.steps, max_seconds=settings.max_seconds):
        pass
    out = {"data": data, "seed": seed, "steps": last.get("step", 0),
           "seconds": round(time.perf_counter() - started, 1)}
    kind = DATASETS[data].kind
    if kind == "digits":
        if classifier is not None:
            out.update(digits_read(trainer.gan.eval(), classifier))
        return out
    gan = trainer.averaged_gan().eval()          # the G the page shows (gan.live.run.LiveRun.view)
    if kind == "1d":
        out["total_variation"] = round(total_variation_1d(gan, toy), 3)
        out["d_real"], out["d_fake"] = round(last["d_real"], 3), round(last["d_fake"], 3)
    else:
        out.update(mode_figures(gan, toy))
    return out
