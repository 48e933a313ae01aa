"""The Frechet distance between two sets of features (Heusel et al., 2017), here in the digit
classifier's last hidden layer: a check on samples that, unlike Parzen windows in 784 pixels, rewards
digits that look like digits (Theis et al., 2016, on why Parzen estimates mislead)."""
from __future__ import annotations

import torch


def frechet_distance(a: torch.Tensor, b: torch.Tensor) -> float:
    """Frechet distance between Gaussians fitted to two feature sets (N, d) (Heusel et al., 2017):
        ||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2))
    with Tr (S_a S_b)^(1/2) = sum of sqrt(eig(S_a^(1/2) S_b S_a^(1/2))), all symmetric, in float64."""
    a, b = a.double(), b.double()
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = torch.cov(a.T), torch.cov(b.T)
    w, v = torch.linalg.eigh(s_a)
    root_a = (v * w.clamp_min(0).sqrt()) @ v.T
    cross = torch.linalg.eigvalsh(root_a @ s_b @ root_a).clamp_min(0).sqrt().sum()
    return float(((mu_a - mu_b) ** 2).sum() + torch.trace(s_a) + torch.trace(s_b) - 2 * cross)
