"""How far p_g is from p_data, measured on a density grid: the divergences the paper's theory is about.

Theorem 1 of Goodfellow et al. (2014): with the optimal D, the generator's criterion is
    C(G) = -log 4 + 2 * JSD(p_data || p_g),
so training G against a good D drives the Jensen-Shannon divergence to 0. On a 2-D plane we can watch
it: both densities become masses on an n x n grid of cells over the view (p_data's exact mass in each
cell, p_g a histogram of G's samples; both blurred by one cell alike), plus one cell "outside the view"
that holds the mass beyond it. Then
    KL(p_data || p_g) = sum p log(p / q)          (q floored at EPS: a missed mode costs, not infinity)
    JSD = KL(p || m) / 2 + KL(q || m) / 2,  m = (p + q) / 2,   in nats, between 0 and log 2.
"""
from __future__ import annotations

import math

import numpy as np
import torch

EPS = 1e-6      # the least mass a cell of p_g holds in KL(p_data || p_g)


def smooth(grid: np.ndarray) -> np.ndarray:
    """An n x n grid of masses blurred by one cell each way (kernel 1/4, 1/2, 1/4 along both axes)."""
    kernel = np.array([0.25, 0.5, 0.25])
    grid = np.apply_along_axis(lambda r: np.convolve(r, kernel, mode="same"), 0, grid)
    return np.apply_along_axis(lambda r: np.convolve(r, kernel, mode="same"), 1, grid)


def cell_masses_data(modes: np.ndarray, std: float, half: float, n: int = 48) -> np.ndarray:
    """p_data's exact mass in each of n x n cells over [-half, half]^2 (rows from bottom y up), for an
    equal mixture of isotropic Gaussians (`modes` (M, 2), `std`), smoothed as G's samples are, and, last,
    its mass outside the view."""
    edges = np.linspace(-half, half, n + 1)
    def cdf(centres):     # P(coordinate <= edge) for each mode (rows) and edge (columns)
        scaled = (edges[None, :] - centres[:, None]) / (std * math.sqrt(2))
        return 0.5 * (1 + torch.special.erf(torch.from_numpy(scaled)).numpy())
    modes = np.asarray(modes, dtype=np.float64).reshape(-1, 2)
    along_x, along_y = np.diff(cdf(modes[:, 0]), axis=1), np.diff(cdf(modes[:, 1]), axis=1)   # (M, n) each
    grid = (along_y[:, :, None] * along_x[:, None, :]).sum(axis=0) / len(modes)
    inside = grid.sum()
    return np.concatenate([(smooth(grid) / max(smooth(grid).sum(), 1e-300) * inside).flatten(),
                           [max(0.0, 1.0 - inside)]])


def cell_masses_samples(points: np.ndarray, half: float, n: int = 48) -> np.ndarray:
    """G's samples as masses: n x n cells over [-half, half]^2 (smoothed by one cell) and, last, the
    share of samples outside the view (non-finite ones count as outside)."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    inside = np.isfinite(points).all(axis=1) & (np.abs(points) <= half).all(axis=1)
    counts, _, _ = np.histogram2d(points[inside, 1], points[inside, 0], bins=n, range=[[-half, half]] * 2)
    counts = smooth(counts)
    total = max(len(points), 1)
    grid = counts.flatten() / max(counts.sum(), 1e-12) * (inside.sum() / total)
    return np.concatenate([grid, [(~inside).sum() / total]])


def kl(p: np.ndarray, q: np.ndarray) -> float:
    """KL(p || q) in nats over cells where p > 0, q floored at EPS."""
    where = p > 0
    return float(np.sum(p[where] * np.log(p[where] / np.maximum(q[where], EPS))))


def js(p: np.ndarray, q: np.ndarray) -> float:
    """The Jensen-Shannon divergence in nats (0 when p = q, log 2 when they share no cell)."""
    m = (p + q) / 2
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def divergences(modes: np.ndarray, std: float, points: np.ndarray, half: float, n: int = 48) -> dict:
    """{'kl': KL(p_data || p_g), 'js': JSD(p_data || p_g)} on the grid: p_data the mixture of Gaussians
    at `modes` with `std`, p_g from `points` of G."""
    p, q = cell_masses_data(modes, std, half, n), cell_masses_samples(points, half, n)
    return {"kl": kl(p, q), "js": min(js(p, q), math.log(2))}
