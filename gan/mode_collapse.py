"""Mode collapse (Goodfellow et al. 2014, Section 6, "the Helvetica scenario": a G trained too long
without updating D maps many z to the same x; Algorithm 1 alternates D and G steps) and two later answers:

- the Wasserstein loss with gradient penalty (Arjovsky et al. 2017; Gulrajani et al. 2017), whose critic
  keeps giving G useful gradients towards modes it has dropped;
- the conditional GAN (Mirza & Osindero 2014; the paper's Section 7 lists it as the first extension):
  asking for a class forces G to cover every class it is asked for.

:func:`mode_runs` trains the toy 2-D GAN on the ring or grid with several G losses side by side from the
same seed, yielding mode metrics and samples over time. :func:`conditional_check` classifies samples of
the shipped unconditional and conditional models with the shipped classifier.
"""
from __future__ import annotations

import time

import torch

from .evaluate import digit_report
from .sampling import generate
from .vanishing import check_run_args, make_trainer

RUN_LOSSES = ("nonsaturating", "wasserstein")
# WGAN-GP as Gulrajani et al. train it (several critic steps per G step, Adam (0.5, 0.9)), with k = 2
# instead of 5 to fit a CPU; both runs use batches of 128 to keep each step cheap.
LOSS_SETTINGS = {"nonsaturating": {"batch_size": 128},
                 "wasserstein": {"k": 2, "batch_size": 128, "lr_d": 5e-4, "lr_g": 5e-4, "betas": (0.5, 0.9)}}


def mode_runs(toy: str = "ring", *, steps: int = 600, seed: int = 0, losses=RUN_LOSSES,
              report_every: int = 50, max_seconds: float = 30.0):
    """Train the toy2d GAN once per G loss, interleaved step by step. Yields every `report_every` steps
    a dict {step, seconds, runs: {loss: {modes_covered, n_modes, high_quality, samples (N, 2)}}, modes}."""
    check_run_args(toy, steps, seed)
    if toy == "gaussian1d":
        raise ValueError("toy data for mode collapse must be 'ring' or 'grid'")
    unknown = [name for name in losses if name not in LOSS_SETTINGS]
    if unknown or not losses:
        raise ValueError(f"losses must be a non-empty subset of {sorted(LOSS_SETTINGS)}, got {list(losses)}")
    trainers = {name: make_trainer(toy, name, seed, **LOSS_SETTINGS[name]) for name in losses}
    runs = {name: t.run(int(steps), snapshot_every=int(report_every)) for name, t in trainers.items()}
    modes = next(iter(trainers.values())).data.modes
    start = time.perf_counter()

    def report(step, samples):
        out = {}
        for name, t in trainers.items():
            s = samples.get(name)
            s = t.snapshot() if s is None else s
            out[name] = {**t.data.mode_metrics(s), "samples": s}
        return {"step": step, "seconds": time.perf_counter() - start, "runs": out, "modes": modes}

    yield report(0, {})
    for step in range(1, int(steps) + 1):
        samples, stop = {}, False
        for name, run in runs.items():
            m = next(run, None)
            if m is None or "diverged" in m:
                stop = True
                continue
            if "samples" in m:
                samples[name] = m["samples"]
        out_of_time = time.perf_counter() - start > max_seconds
        if step % int(report_every) == 0 or step == int(steps) or stop or out_of_time:
            yield report(step, samples)
        if stop or out_of_time:
            return


def conditional_check(unconditional, conditional, classifier, *, per_digit: int = 20, seed: int = 0) -> dict:
    """Classify `10 * per_digit` samples of each model. The unconditional model's digit shares show which
    digits it favours or drops; the conditional model is asked for each digit `per_digit` times, and the
    report says how often the classifier agrees with the digit asked for."""
    if not 1 <= int(per_digit) <= 200:
        raise ValueError(f"samples per digit must be 1-200, got {per_digit}")
    n = 10 * int(per_digit)
    asked = [i % 10 for i in range(n)]
    uncond = generate(unconditional, n, seed)
    cond = generate(conditional, n, seed, digit=asked)
    return {"unconditional": {**digit_report(uncond, None, classifier), "samples": uncond},
            "conditional": {**digit_report(cond, asked, classifier), "samples": cond, "asked": asked}}
