"""Drawing x = G(z), z ~ p_z: seeded latents, sample grids and latent interpolation.

Latents come from a local CPU ``torch.Generator`` and are then moved to the model's device, so a seed
gives the same z, and so the same digits, on CPU and CUDA. Nothing here touches global RNG state.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from gan.limits import MAX_SEED  # noqa: F401 - re-exported: the seed range of latents()
from gan.models import GAN, evaluating
from gan.models.config import MIXTURE_RADIUS, mixture_modes


def latents(n: int, dim: int, seed: int, prior: str = "uniform", device="cpu", truncation: float = 1.0) -> torch.Tensor:
    """n latent vectors z ~ p_z. The paper's prior is uniform on [-sqrt 3, sqrt 3] (unit variance);
    "mixtureK" draws each z's component k uniformly, then z = MIXTURE_RADIUS e_k + N(0, I). `truncation`
    scales the draw around its mean (the same draws, only nearer: a seed keeps its digit's look)."""
    g = torch.Generator().manual_seed(int(seed))
    modes = mixture_modes(prior, dim)
    if prior == "uniform":
        z = (torch.rand(n, dim, generator=g) * 2 - 1) * math.sqrt(3.0)
    else:
        z = torch.randn(n, dim, generator=g)
    if truncation != 1.0:
        z = z * float(truncation)
    if modes:
        k = torch.randint(0, modes, (n,), generator=g)
        z[torch.arange(n), k] += MIXTURE_RADIUS
    return z.to(device)


def model_latents(gan: GAN, n: int, seed: int) -> torch.Tensor:
    """Latents to draw `gan`'s samples from, on its device: its p_z at its config's sampling truncation."""
    cfg = gan.config
    return latents(n, cfg.z_dim, seed, cfg.prior, model_device(gan), truncation=cfg.truncation)


def model_device(model: torch.nn.Module) -> torch.device:
    return next(model.parameters()).device


def check_digit(gan: GAN, digit) -> None:
    if digit is None:
        if gan.conditional:
            raise ValueError("this model is conditional: choose a digit 0-9")
        return
    if not gan.conditional:
        raise ValueError("digit is only for the conditional model; this model is unconditional")
    if not 0 <= int(digit) < gan.config.n_classes:
        raise ValueError(f"digit must be 0-{gan.config.n_classes - 1}, got {digit}")


def labels_for(n: int, digit, device) -> torch.Tensor | None:
    """A label tensor: one digit repeated, or a list of digits per sample; None for unconditional."""
    if digit is None:
        return None
    if isinstance(digit, (list, tuple, np.ndarray, torch.Tensor)):
        return torch.as_tensor(digit, dtype=torch.long, device=device)
    return torch.full((n,), int(digit), dtype=torch.long, device=device)


@torch.no_grad()
def generate(gan: GAN, n: int, seed: int, digit=None, batch_size: int = 1000) -> torch.Tensor:
    """n samples G(z) as float32 in [0, 1] on the CPU, shape (n, *data_shape)."""
    device = model_device(gan)
    check_digit(gan, digit if not isinstance(digit, (list, tuple)) else digit[0])
    z = model_latents(gan, n, seed)
    y = labels_for(n, digit, device)
    with evaluating(gan):
        out = [gan.generator(z[i:i + batch_size], None if y is None else y[i:i + batch_size]).float().cpu()
               for i in range(0, n, batch_size)]
    return torch.cat(out)


def make_grid(images, rows: int, cols: int, pad: int = 2, pad_value: float = 1.0) -> np.ndarray:
    """(rows*cols, 1, H, W) or (rows*cols, H, W) in [0, 1], a tensor or a numpy array (such as the
    ``images`` of ``python -m gan.sample``'s npz) -> one uint8 (rows*(H+pad)+pad, cols*(W+pad)+pad) image."""
    images = torch.as_tensor(np.asarray(images) if not torch.is_tensor(images) else images).float().cpu()
    if images.dim() == 3:
        images = images.unsqueeze(1)
    images = images[: rows * cols]
    n, _, h, w = images.shape
    canvas = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad), pad_value, dtype=np.float32)
    arr = images[:, 0].clamp(0, 1).numpy()
    for i in range(n):
        r, c = divmod(i, cols)
        canvas[pad + r * (h + pad): pad + r * (h + pad) + h, pad + c * (w + pad): pad + c * (w + pad) + w] = arr[i]
    return (canvas * 255 + 0.5).astype(np.uint8)


def slerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Spherical interpolation along the great circle (White, 2016), for Gaussian priors."""
    a_n, b_n = a / a.norm(dim=-1, keepdim=True), b / b.norm(dim=-1, keepdim=True)
    omega = torch.arccos((a_n * b_n).sum(-1, keepdim=True).clamp(-1 + 1e-7, 1 - 1e-7))
    so = torch.sin(omega)
    return (torch.sin((1 - t) * omega) / so) * a + (torch.sin(t * omega) / so) * b


def latent_point(za: torch.Tensor, zb: torch.Tensor, t: float, path: str = "linear") -> torch.Tensor:
    """The point a fraction t of the way from za to zb (t = 0: za, t = 1: zb), on the path's curve."""
    if path not in ("linear", "spherical"):
        raise ValueError(f"path must be 'linear' or 'spherical', got {path!r}")
    tt = torch.tensor(float(t), dtype=za.dtype, device=za.device)
    return (1 - tt) * za + tt * zb if path == "linear" else slerp(za, zb, tt)


def latent_plane_point(za: torch.Tensor, zb: torch.Tensor, zc: torch.Tensor, u: float, v: float) -> torch.Tensor:
    """The point za + u (zb - za) + v (zc - za) of the plane through three latents: (0, 0) is za, (1, 0)
    is zb, (0, 1) is zc (G's images along the two directions, the paper's Figure 3 in two dimensions)."""
    return za + float(u) * (zb - za) + float(v) * (zc - za)


def latent_path(za: torch.Tensor, zb: torch.Tensor, frames: int, path: str = "linear") -> torch.Tensor:
    """frames points from za to zb (both ends included); za/zb of shape (rows, dim) -> (frames, rows, dim)."""
    if path not in ("linear", "spherical"):
        raise ValueError(f"path must be 'linear' or 'spherical', got {path!r}")
    t = torch.linspace(0, 1, frames).view(-1, 1, 1)
    if path == "linear":
        return (1 - t) * za + t * zb
    return slerp(za.unsqueeze(0), zb.unsqueeze(0), t)


@torch.no_grad()
def interpolate(gan: GAN, seeds, frames: int, path: str = "linear", digits=None, rows: int = 1,
                start: torch.Tensor | None = None) -> torch.Tensor:
    """Walk through the latents of several seeds (two for A -> B), `frames` per leg (ends included once).
    Each row uses its own latent drawn from (seed, row); `start` (a latent of shape (z_dim,), e.g. one
    found by inversion) replaces the first seed's in every row. For the conditional model the label's
    one-hot is interpolated alongside z. Returns (n_frames, rows, 1, 28, 28) in [0, 1] on the CPU."""
    seeds = [int(s) for s in seeds]
    if len(seeds) < 2:
        raise ValueError("interpolation needs at least two seeds")
    digits = list(digits) if digits is not None else [None] * len(seeds)
    for d in digits:
        check_digit(gan, d)
    device, cfg = model_device(gan), gan.config
    zs = [model_latents(gan, rows, s) for s in seeds]
    if start is not None:
        start = torch.as_tensor(start, dtype=zs[0].dtype).reshape(-1)
        if start.numel() != cfg.z_dim or not torch.isfinite(start).all():
            raise ValueError(f"the walk's start must be {cfg.z_dim} finite numbers, got {start.numel()}")
        zs[0] = start.to(device).expand(rows, -1).clone()
    frames_out = []
    for i in range(len(seeds) - 1):
        z = latent_path(zs[i], zs[i + 1], frames, path)
        if i > 0:
            z = z[1:]
        zf = z.reshape(-1, cfg.z_dim)
        if gan.conditional:
            n = cfg.n_classes
            ya = torch.nn.functional.one_hot(torch.tensor(int(digits[i])), n).float()
            yb = torch.nn.functional.one_hot(torch.tensor(int(digits[i + 1])), n).float()
            t = torch.linspace(0, 1, frames)[1 if i > 0 else 0:].view(-1, 1, 1)
            y = ((1 - t) * ya + t * yb).expand(-1, rows, n).reshape(-1, n).to(device)
        else:
            y = None
        with evaluating(gan):
            x = gan.generator(zf, y)
        frames_out.append(x.float().cpu().view(-1, rows, *x.shape[1:]))
    return torch.cat(frames_out)

