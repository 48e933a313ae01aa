"""What a live run is made of (see :mod:`gan.live.run`): the data sets the app trains on with their presets,
the knobs of Algorithm 1 (G's loss, k, learning rates, batch size m, seed, steps) with their allowed
ranges and checks, and the seeded model + :class:`gan.trainer.Trainer` built from them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import torch

from gan import limits
from gan.serving import validate
from gan.data import DatasetSampler, mnist_subset
from gan.device import pick_device
from gan.losses import G_LOSSES
from gan import presets
from gan.toy import make_toy
from gan.trainer import Trainer


@dataclass(frozen=True)
class LiveData:
    label: str
    preset: str
    kind: str             # "1d" (Figure 1), "2d" (points over D's map) or "digits"
    default_steps: int
    max_steps: int


DATASETS = {
    "gaussian1d": LiveData("1-D Gaussian (the paper's Figure 1)", "toy1d-live", "1d", 3000, 50_000),
    "ring": LiveData("2-D ring of 8 Gaussians", "toy2d", "2d", 4000, 50_000),
    "grid": LiveData("2-D grid of 25 Gaussians", "toy2d-grid", "2d", 6000, 50_000),
    "mnist": LiveData("MNIST digits (10,000-digit subset)", "mlp-live", "digits", 5000, 20_000),
}
MAX_SECONDS = float(os.environ.get("GAN_LIVE_MAX_SECONDS", "120"))   # time cap of one run
MAX_LR, MAX_BATCH, MAX_K = limits.LEARNING_RATE.high, limits.BATCH_SIZE.high, limits.K.high
# CPU threads one run trains with. These nets are small: a second thread gains little, and when runs
# (or other requests) share a 2-core machine, oversubscribed threads slowed training 10x in our tests.
LIVE_THREADS = int(os.environ.get("GAN_LIVE_THREADS", "1"))
METRICS = ("d_loss", "g_loss", "d_real", "d_fake", "g_grad_norm")


def learning_rate(value, field_name: str) -> float:
    """A learning rate in (0, MAX_LR], or an InputError naming the field (the range: gan.limits)."""
    return limits.LEARNING_RATE.check(value, field_name)


@dataclass
class LiveSettings:
    data: str = "gaussian1d"
    loss: str = "nonsaturating"
    k: int = 1
    lr_d: float = 1e-3
    lr_g: float = 1e-3
    batch_size: int = 256
    seed: int = 0
    steps: int = 3000
    max_seconds: float = MAX_SECONDS


def defaults(data: str) -> dict:
    """The knobs' starting values for a data set (its preset's learning rates and batch size)."""
    entry = DATASETS[validate.choice(data, "data", DATASETS)]
    _, train = presets.preset(entry.preset)
    return {"k": train.k, "lr_d": train.lr_d, "lr_g": train.lr_g, "batch_size": train.batch_size,
            "steps": entry.default_steps}


def check_settings(data="gaussian1d", loss="nonsaturating", k=None, lr_d=None, lr_g=None, batch_size=None,
                   seed=0, steps=None, max_seconds=None) -> LiveSettings:
    """Validated settings (None takes the data set's default); bad values raise validate.InputError."""
    data = validate.choice(data, "data", DATASETS)
    entry, base = DATASETS[data], defaults(data)
    min_batch = 2 if entry.kind == "digits" else 1   # G's batch norm needs two samples
    seconds = MAX_SECONDS if max_seconds is None else float(max_seconds)
    if not 0 < seconds <= MAX_SECONDS:
        raise validate.InputError("max_seconds", f"max_seconds must be in (0, {MAX_SECONDS:g}], got {max_seconds}")
    return LiveSettings(
        data=data, loss=validate.choice(loss, "G loss", G_LOSSES),
        k=limits.K.check(base["k"] if k is None else k),
        lr_d=learning_rate(base["lr_d"] if lr_d is None else lr_d, "D learning rate"),
        lr_g=learning_rate(base["lr_g"] if lr_g is None else lr_g, "G learning rate"),
        batch_size=limits.integer(base["batch_size"] if batch_size is None else batch_size, "batch size",
                                  min_batch, MAX_BATCH),
        seed=validate.seed(seed, limit=limits.BROWSER_SEED), steps=validate.integer(base["steps"] if steps is None else steps, "steps",
                                                        1, entry.max_steps),
        max_seconds=seconds)


_MNIST_CACHE: dict = {}


def mnist_images(device: torch.device) -> torch.Tensor:
    """The shipped subset as floats on `device`, loaded once and shared read-only by all runs."""
    key = str(device)
    if key not in _MNIST_CACHE:
        _MNIST_CACHE[key] = mnist_subset()[0].to(device)
    return _MNIST_CACHE[key]


def build_trainer(settings: LiveSettings, device=None) -> tuple[Trainer, object]:
    """(Trainer, the toy distribution or None for MNIST) for validated settings."""
    device = device if isinstance(device, torch.device) else pick_device(device)
    entry = DATASETS[settings.data]
    if entry.kind == "digits":
        toy, data = None, DatasetSampler(mnist_images(device), None, seed=settings.seed)
    else:
        toy, data = make_toy(settings.data), make_toy(settings.data).reseed(settings.seed)
    trainer = presets.build_trainer(entry.preset, data, seed=settings.seed, device=device, loss=settings.loss,
                                    k=settings.k, lr_d=settings.lr_d, lr_g=settings.lr_g,
                                    batch_size=settings.batch_size)
    return trainer, toy

