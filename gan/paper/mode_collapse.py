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

from gan import limits
from gan.device import with_threads
from gan.evaluate import digit_report
from gan.sampling import generate
from gan.paper.vanishing import check_run_args, make_trainer

RUN_LOSSES = ("nonsaturating", "wasserstein")
# One training recipe for both runs, so that only the loss differs: the toy2d networks (128-128 MLPs,
# z 8-d), batches of 256, k = 2 D-steps per G-step with D learning 3x faster than G, and Adam with
# betas (0.5, 0.9) as Gulrajani et al. train WGAN-GP. A fast, strong D is what WGAN-GP is built to
# tolerate; the paper's loss under it collapses onto a few modes (measured: 3-5 of the 8 ring modes
# after 600 steps for seeds 0-2, while WGAN-GP reaches 7-8 by step 300-500). The gradient penalty
# weight is 1 instead of Gulrajani et al.'s 10: with 10 the critic is too smooth to resolve modes of
# std 0.02 within a few hundred steps (measured: 2 of 8 after 800 steps, seed 0).
SHARED_SETTINGS = {"k": 2, "batch_size": 256, "lr_d": 3e-3, "lr_g": 1e-3, "betas": (0.5, 0.9)}
LOSS_SETTINGS = {"nonsaturating": dict(SHARED_SETTINGS),
                 "wasserstein": {**SHARED_SETTINGS, "gp_weight": 1.0}}
THREADS = 1   # the nets are tiny: one intra-op thread is faster than several on a CPU


def mode_runs(toy: str = "ring", *, steps: int = 600, seed: int = 0, losses=RUN_LOSSES,
              report_every: int = 50, max_seconds: float = 30.0):
    """Train the toy2d GAN once per G loss, interleaved step by step. Yields every `report_every` steps
    a dict {step, seconds, runs: {loss: {modes_covered, n_modes, high_quality, samples (N, 2)}}, modes}."""
    check_run_args(toy, steps, seed, limits.MODE_STEPS)
    if toy == "gaussian1d":
        raise ValueError("toy data for mode collapse must be 'ring' or 'grid'")
    unknown = [name for name in losses if name not in LOSS_SETTINGS]
    if unknown or not losses:
        raise ValueError(f"losses must be a non-empty subset of {sorted(LOSS_SETTINGS)}, got {list(losses)}")
    trainers = {name: make_trainer(toy, name, seed, **LOSS_SETTINGS[name]) for name in losses}
    runs = {name: with_threads(t.run(int(steps), snapshot_every=int(report_every)), THREADS)
            for name, t in trainers.items()}
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
    limits.PER_DIGIT.check(per_digit)
    n = 10 * int(per_digit)
    asked = [i % 10 for i in range(n)]
    uncond = generate(unconditional, n, seed)
    cond = generate(conditional, n, seed, digit=asked)
    return {"unconditional": {**digit_report(uncond, None, classifier), "samples": uncond},
            "conditional": {**digit_report(cond, asked, classifier), "samples": cond, "asked": asked}}
