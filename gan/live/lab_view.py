"""What moves G, drawn over the 2-D plane: the gradient each fake sample receives, and G's manifold.

- **Arrows.** G learns only through D: a sample x = G(z) moves along -d loss_G / dx, the direction in
  which D's verdict improves for G (for the non-saturating loss, the ascent of log D(x); Section 3 of
  Goodfellow et al., 2014). Each arrow starts at a fake point and points that way, its length
  proportional to the gradient's size (the longest drawn at ARROW_SHARE of the view).
- **Manifold.** G maps the whole z plane (z is 2-D here) onto the data plane: an even grid of z over
  p_z's support, pushed through G, drawn as the warped grid lines (GAN Lab's "manifold").
"""
from __future__ import annotations

import numpy as np
import torch
from PIL import Image, ImageDraw

from gan import losses
from gan.live.views import z_support
from gan.models import GAN, evaluating
from gan.sampling import model_device

ARROW_SHARE = 0.12           # the longest arrow, as a share of the view's width
ARROW, MANIFOLD = (120, 40, 160), (90, 90, 90)


def gradient_arrows(gan: GAN, z: torch.Tensor, loss: str) -> tuple[np.ndarray, np.ndarray]:
    """(points G(z), the direction each is pushed: -d loss_G / dx) as (N, 2) arrays."""
    device = model_device(gan)
    with evaluating(gan):
        with torch.no_grad():
            x = gan.generator(z.to(device)).float()
        x.requires_grad_(True)
        logits = gan.discriminator(x).float()
        # the batch's loss is a mean; times N, each sample's own gradient
        per_sample = losses.generator_loss(loss, logits) * len(x)
        (grad,) = torch.autograd.grad(per_sample, x)
    return x.detach().cpu().numpy(), (-grad).cpu().numpy()


@torch.no_grad()
def manifold(gan: GAN, lines: int = 15, points_per_line: int = 41) -> np.ndarray:
    """G of an even grid over p_z's support: (2 * lines, points_per_line, 2), first the lines of
    constant z_2, then those of constant z_1. Needs a 2-D z."""
    cfg = gan.config
    if cfg.z_dim != 2:
        raise ValueError(f"the manifold view needs a 2-D z, this G takes {cfg.z_dim}")
    lo, hi = z_support(cfg.prior)
    across, along = torch.linspace(lo, hi, lines), torch.linspace(lo, hi, points_per_line)
    a, b = torch.meshgrid(across, along, indexing="ij")
    rows = torch.stack([b, a], dim=-1)          # z_2 fixed along each row
    cols = torch.stack([a, b], dim=-1)          # z_1 fixed along each column
    z = torch.cat([rows, cols]).view(-1, 2)
    with evaluating(gan):
        x = gan.generator(z.to(model_device(gan))).float().cpu()
    return x.view(2 * lines, points_per_line, 2).numpy()


def _pixels(points: np.ndarray, half: float, size: int) -> tuple[np.ndarray, np.ndarray]:
    return (points[..., 0] + half) / (2 * half) * (size - 1), (half - points[..., 1]) / (2 * half) * (size - 1)


def overlay(canvas: np.ndarray, half: float, *, arrows=None, lines=None) -> np.ndarray:
    """Draw the manifold's `lines` (from :func:`manifold`) and the `arrows` (points, directions) on a
    picture of the plane [-half, half]^2 (an (S, S, 3) uint8 array, as gan.live.views.draw_toy2d gives)."""
    size = canvas.shape[0]
    img = Image.fromarray(canvas)
    draw = ImageDraw.Draw(img)
    if lines is not None:
        xs, ys = _pixels(np.clip(lines, -4 * half, 4 * half), half, size)
        for px, py in zip(xs, ys):
            draw.line(list(zip(px.tolist(), py.tolist())), fill=MANIFOLD, width=1)
    if arrows is not None:
        points, directions = arrows
        norms = np.linalg.norm(directions, axis=1)
        top = float(norms.max()) if len(norms) and np.isfinite(norms).all() else 0.0
        if top > 0:
            ends = points + directions / top * ARROW_SHARE * 2 * half
            x0, y0 = _pixels(points, half, size)
            x1, y1 = _pixels(ends, half, size)
            for a, b, c, d in zip(x0.tolist(), y0.tolist(), x1.tolist(), y1.tolist()):
                if max(abs(c - a), abs(d - b)) < 1.5:
                    continue
                draw.line([(a, b), (c, d)], fill=ARROW, width=1)
                # a small head: two strokes back from the tip, 25 degrees either side
                angle = np.arctan2(d - b, c - a)
                for turn in (2.7, -2.7):
                    draw.line([(c, d), (c + 4 * np.cos(angle + turn), d + 4 * np.sin(angle + turn))],
                              fill=ARROW, width=1)
    return np.asarray(img)
