"""Why the paper trains G with a different loss than its equation (Goodfellow et al. 2014, Section 3).

Equation (1) asks G to minimise log(1 - D(G(z))). Early in learning G is poor, D rejects its samples
with high confidence, and that term saturates: d/dl log(1 - sigmoid(l)) = -sigmoid(l) = -D(G(z)),
which is close to 0. The paper's fix: maximise log D(G(z)) instead (the "non-saturating" loss), whose
gradient -(1 - D(G(z))) is close to -1 in the same situation. Both have the same fixed point.

:func:`compare_g_losses` trains the same GAN (same seed, same initial weights, same D head start) with
both losses side by side and records G's gradient norm at every step. It uses plain SGD with momentum,
as the paper did: Adam divides each gradient by its running size, which partly hides the effect.
"""
from __future__ import annotations

import time

from gan import limits
from gan.device import pick_device
from gan.presets import build_trainer
from gan.toy import make_toy
from gan.trainer import Trainer

G_LOSS_PAIR = ("minimax", "nonsaturating")
SGD = {"optimizer": "sgd", "lr_d": 0.02, "lr_g": 0.02}   # stable for both losses on the toy data
TOYS = {"gaussian1d": "toy1d", "ring": "toy2d", "grid": "toy2d"}


def check_run_args(toy: str, steps: int, seed: int, steps_limit: limits.Limit = limits.VANISHING_STEPS) -> None:
    if toy not in TOYS:
        raise limits.InputError("toy data", f"toy data must be one of {', '.join(sorted(TOYS))}, got {toy!r}")
    steps_limit.check(steps)
    limits.TOY_SEED.check(seed)


def make_trainer(toy: str, loss: str, seed: int, **train_overrides) -> Trainer:
    """A fresh toy GAN; the same seed gives the same initial weights and data stream whatever the loss."""
    return build_trainer(TOYS[toy], make_toy(toy).reseed(int(seed)), seed=int(seed), device=pick_device(),
                         loss=loss, **train_overrides)


def sample_summary(trainer: Trainer, data) -> dict:
    """How far G's fixed-noise samples are from p_data: the 1-D mean, or the 2-D high-quality share."""
    samples = trainer.snapshot()
    if samples.shape[1] == 1:
        return {"g_mean": float(samples.mean())}
    return {"high_quality": data.mode_metrics(samples)["high_quality"]}


def compare_g_losses(toy: str = "gaussian1d", *, steps: int = 300, d_warmup: int = 100, seed: int = 0,
                     max_seconds: float = 20.0, report_every: int = 5):
    """Train minimax and non-saturating G side by side from the same start. D first trains alone for
    `d_warmup` steps against the untrained G, the situation the paper describes ("D can reject samples
    with high confidence"). Yields, every `report_every` steps, one row per loss:
    {step, loss, g_grad_norm, d_fake (mean D(G(z))), g_loss, and g_mean (1-D) or high_quality (2-D)}."""
    check_run_args(toy, steps, seed)
    limits.D_HEAD_START.check(d_warmup)
    trainers = {loss: make_trainer(toy, loss, seed, **SGD) for loss in G_LOSS_PAIR}
    for t in trainers.values():
        for _ in range(int(d_warmup)):
            t.d_step()
    runs = {loss: t.run(int(steps), snapshot_every=10**9) for loss, t in trainers.items()}
    start = time.perf_counter()
    for step in range(1, int(steps) + 1):
        rows = []
        for loss, run in runs.items():
            m = next(run, None)
            if m is None or "diverged" in m:
                return
            rows.append({"step": step, "loss": loss, "g_grad_norm": m["g_grad_norm"], "d_fake": m["d_fake"],
                         "g_loss": m["g_loss"]})
        last = step == int(steps) or time.perf_counter() - start > max_seconds
        if step == 1 or step % report_every == 0 or last:
            for row in rows:
                t = trainers[row["loss"]]
                row.update(sample_summary(t, t.data))
            yield rows
        if last:
            return
