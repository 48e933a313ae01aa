"""Who learns MNIST faster per second of wall time: the project's training (Algorithm 1 through
:class:`gan.trainer.Trainer`, with a preset of :mod:`gan.presets`) or the tutorial recipe of
:mod:`bench.baseline`? Each gets the same wall-time budget on the same data and device; then both are
scored the paper's way (Section 5: Parzen-window log-likelihood of test digits, sigma chosen on
validation digits) and by the shipped classifier (how many digit classes its samples confidently show).
"""
from __future__ import annotations

import os

import torch

from bench.baseline import sample_vanilla, train_vanilla
from gan.data import find_mnist, load_mnist, mnist_sampler, mnist_subset, to_unit_float
from gan.evaluation.parzen import parzen_evaluate
from gan.sampling import generate

MIN_CLASS_SHARE = 0.01   # a digit class counts when at least this share of samples shows it (p >= 0.9)
LIVE_PRESET = "mlp-live"


def mnist_source(path=None) -> str:
    """The MNIST npz with all three splits (`path`, else $GAN_MNIST; an error if it is missing), else
    "subset" (the shipped training digits)."""
    return str(find_mnist(path)) if path or os.environ.get("GAN_MNIST") else "subset"


def eval_splits(source: str, n: int) -> tuple[torch.Tensor, torch.Tensor, str]:
    """(validation, test) digits for the Parzen score: MNIST's own splits; the shipped subset has only
    training digits, so its last 2n serve (both models trained on them too: a relative score only)."""
    if source == "subset":
        x = mnist_subset()[0]
        return x[-2 * n:-n], x[-n:], "shipped subset's last digits (also trained on: relative score only)"
    return (to_unit_float(load_mnist("valid", source)[0][:n]), to_unit_float(load_mnist("test", source)[0][:n]),
            "MNIST validation / test splits")


def digit_classes(samples: torch.Tensor, classifier) -> dict:
    """How many digit classes the samples show, judged by the shipped classifier (gan.evaluate's report)."""
    from gan.evaluate import digit_report
    report = digit_report(samples, None, classifier)
    return {"digit_classes": sum(s >= MIN_CLASS_SHARE for s in report["confident_digit_shares"]),
            "confident_share": round(report["confident_share"], 3)}


def train_ours(name: str, source: str, device, seconds: float) -> tuple:
    """A preset built as `python -m gan.train` builds it (the paper's initialisation for the MLPs) and
    trained for `seconds` of wall time. Returns (gan, steps, seconds)."""
    from gan.presets import build_trainer, preset
    data = mnist_sampler("train", source, device=device, labels=preset(name)[0].n_classes > 0)
    trainer = build_trainer(name, data, seed=0, device=device)
    last = {"seconds": 0.0, "step": 0}
    for m in trainer.run(10**9, snapshot_every=10**9, max_seconds=seconds):
        last = m
    return trainer.gan, last["step"], last["seconds"]


def bench_compare(device, *, mnist=None, presets=(LIVE_PRESET,), seconds: float = 60.0,
                  n_samples: int = 10_000) -> dict:
    """Train each of `presets` and the baseline for `seconds` each; score them all alike."""
    from gan.evaluation.classifier import load_classifier
    from gan.weights.hub import resolve
    source = mnist_source(mnist)
    n_eval = min(n_samples, 2000) if source == "subset" else n_samples
    valid, test, eval_note = eval_splits(source, n_eval)
    images = to_unit_float(load_mnist("train", source)[0])
    classifier = load_classifier(resolve("mnist-classifier").folder, device)
    out = {"mnist": source, "evaluation": eval_note, "n_samples": n_samples, "n_eval": n_eval,
           "seconds_budget": seconds, "runs": {}}
    for name in [*presets, "baseline"]:
        if name == "baseline":
            r = train_vanilla(images, seconds=seconds, device=device)
            samples, steps, took = sample_vanilla(r["generator"], n_samples, seed=1), r["steps"], r["seconds"]
            label = "baseline (bench/baseline.py)"
        else:
            gan, steps, took = train_ours(name, source, device, seconds)
            samples = generate(gan, n_samples, seed=1)
            label = name
        score = parzen_evaluate(samples.to(device), valid.to(device), test.to(device))
        out["runs"][label] = {"steps": steps, "seconds": round(took, 1), "steps_per_s": steps / took,
                              "parzen_ll": score["parzen_ll"], "parzen_se": score["parzen_se"],
                              "sigma": score["sigma"], "live": name == LIVE_PRESET,
                              **digit_classes(samples[:2000], classifier)}
        print(f"  compare {label}: {steps} steps in {took:.0f} s, Parzen {score['parzen_ll']:.1f}", flush=True)
    return out
