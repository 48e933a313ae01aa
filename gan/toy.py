"""Toy p_data for watching a GAN learn: the paper's Figure 1 and the mode-collapse benchmarks.

- ``gaussian1d``: a 1-D Gaussian, the black dotted p_data of the paper's Figure 1.
- ``ring``: 8 Gaussians on a circle (radius 2, std 0.02: the common benchmark scaled by 2).
- ``grid``: 25 Gaussians at {-4,-2,0,2,4}^2, std 0.05.

Mode metrics, as the mode-collapse literature (e.g. VEEGAN, PacGAN) defines them: a sample is *high
quality* when it lies within 3 std of its nearest mode; a mode is *covered* when it is the nearest mode
of at least one high-quality sample.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch


@dataclass
class ToyDistribution:
    name: str
    modes: torch.Tensor      # (M, d) mode centres
    std: float               # per-coordinate std of every mode

    @property
    def dim(self) -> int:
        return self.modes.shape[1]

    @property
    def shape(self) -> tuple:
        return (self.dim,)

    def __post_init__(self):
        self.generator = torch.Generator().manual_seed(0)

    def reseed(self, seed: int) -> "ToyDistribution":
        self.generator.manual_seed(seed)
        return self

    def sample(self, n: int, device="cpu"):
        """n points from the equal-weight mixture; labels are the mode indices."""
        idx = torch.randint(len(self.modes), (n,), generator=self.generator)
        x = self.modes[idx] + self.std * torch.randn(n, self.dim, generator=self.generator)
        return x.to(device), idx.to(device)

    def density(self, x: torch.Tensor) -> torch.Tensor:
        """p_data(x) of the mixture, for x of shape (N, d)."""
        d2 = torch.cdist(x.double(), self.modes.double().to(x.device)) ** 2
        log_k = -d2 / (2 * self.std ** 2) - self.dim * math.log(math.sqrt(2 * math.pi) * self.std)
        return (torch.logsumexp(log_k, dim=1) - math.log(len(self.modes))).exp().to(x.dtype)

    def mode_metrics(self, samples: torch.Tensor) -> dict:
        """{'high_quality': share of samples within 3 std of their nearest mode,
            'modes_covered': number of modes nearest to at least one high-quality sample,
            'n_modes': number of modes}."""
        samples = samples.detach().float().cpu().view(-1, self.dim)
        dist = torch.cdist(samples, self.modes)
        nearest_d, nearest = dist.min(dim=1)
        good = nearest_d <= 3 * self.std
        covered = torch.unique(nearest[good]).numel()
        return {"high_quality": float(good.float().mean()) if len(samples) else 0.0,
                "modes_covered": int(covered), "n_modes": len(self.modes)}


def gaussian1d(mean: float = 4.0, std: float = 0.5) -> ToyDistribution:
    return ToyDistribution("gaussian1d", torch.tensor([[mean]]), std)


def ring(n_modes: int = 8, radius: float = 2.0, std: float = 0.02) -> ToyDistribution:
    angles = torch.arange(n_modes) * 2 * math.pi / n_modes
    return ToyDistribution("ring", radius * torch.stack([angles.cos(), angles.sin()], dim=1), std)


def grid(std: float = 0.05) -> ToyDistribution:
    axis = torch.tensor([-4.0, -2.0, 0.0, 2.0, 4.0])
    modes = torch.cartesian_prod(axis, axis)
    return ToyDistribution("grid", modes, std)


TOY_DATA = {"gaussian1d": gaussian1d, "ring": ring, "grid": grid}


def make_toy(name: str, **kwargs) -> ToyDistribution:
    if name not in TOY_DATA:
        raise ValueError(f"unknown toy distribution {name!r}; expected one of {sorted(TOY_DATA)}")
    return TOY_DATA[name](**kwargs)

