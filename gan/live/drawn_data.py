"""p_data drawn by the visitor (GAN Lab's "draw your own"): points or strokes on the plane become an
equal mixture of small Gaussians, one per point, which the 2-D playground learns like the ring or grid.

A sketch (the canvas being the view [-DRAWN_HALF, DRAWN_HALF]^2) becomes points: the centres of the
cells of a lattice that hold ink. Empty and one-point drawings, too many points and points beyond
the view are refused with a message naming the drawing.
"""
from __future__ import annotations

import numpy as np
import torch

from gan import limits
from gan.toy import ToyDistribution

DRAWN_HALF = 3.0          # a drawing covers [-3, 3]^2
DRAWN_STD = 0.08          # each drawn point is a little Gaussian of p_data
MAX_POINTS = 1500         # points of a drawn p_data


def drawn_distribution(points, half: float = DRAWN_HALF) -> ToyDistribution:
    """p_data from drawn points (N, 2): an equal mixture of small Gaussians, one per point. Refuses an
    empty or one-point drawing, more than MAX_POINTS points, and points beyond the view."""
    a = np.asarray(points, dtype=np.float64).reshape(-1, 2) if np.size(points) else np.zeros((0, 2))
    if len(a) == 0:
        raise limits.InputError("drawing", "the drawing is empty: draw some strokes or dots for p_data first",
                                ("drawing", "empty"))
    if len(a) == 1:
        raise limits.InputError("drawing", "one point is not a distribution to learn: draw at least 2 points",
                                ("drawing", "one"))
    if len(a) > MAX_POINTS:
        raise limits.InputError("drawing", f"a drawing may have at most {MAX_POINTS} points, got {len(a)}: "
                                "draw thinner or fewer strokes", ("drawing", "many", MAX_POINTS, len(a)))
    if not np.isfinite(a).all():
        raise limits.InputError("drawing", "the drawing's points must be finite numbers", ("drawing", "finite"))
    off = np.abs(a).max(axis=1) > half
    if off.any():
        x, y = a[np.argmax(off)]
        raise limits.InputError("drawing", f"the point ({x:.2f}, {y:.2f}) lies outside the view (-{half:g} to "
                                f"{half:g} on both axes): p_data must be drawn inside it",
                                ("drawing", "off", f"({x:.2f}, {y:.2f})", half))
    return ToyDistribution("drawn", torch.tensor(a, dtype=torch.float32), DRAWN_STD)


def points_from_drawing(image, half: float = DRAWN_HALF, cells: int = 60) -> np.ndarray:
    """A sketch (H x W x 3/4 array, the canvas being the view [-half, half]^2) as points: the centre of
    every cell of a cells x cells lattice that holds ink."""
    a = np.asarray(image, dtype=np.float32)
    if a.ndim != 3 or a.shape[2] not in (3, 4) or a.shape[0] < cells or a.shape[1] < cells:
        raise limits.InputError("drawing", f"a drawing must be an H x W x 3 or 4 image of at least {cells} px "
                                f"a side, got shape {a.shape}")
    grey = a[..., :3].mean(axis=2)
    ink = (a[..., 3] > 127) & (grey < 128) if a.shape[2] == 4 and a[..., 3].min() < 255 else grey < 128
    h, w = ink.shape
    ys, xs = np.nonzero(ink)
    cy, cx = (ys * cells // h), (xs * cells // w)
    taken = np.unique(cy * cells + cx)
    r, c = taken // cells, taken % cells
    step = 2 * half / cells
    return np.stack([-half + (c + 0.5) * step, half - (r + 0.5) * step], axis=1)


def line_points(n: int = 61) -> np.ndarray:
    """GAN Lab's "line": a diagonal segment from (-2, -1.5) to (2, 1.5), as n evenly spaced points."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    return np.array([-2.0, -1.5]) + t * np.array([4.0, 3.0])


def regions_points(radius: float = 0.6, spacing: float = 0.12) -> np.ndarray:
    """GAN Lab's "three disjoint regions": three filled discs, as lattice points inside them."""
    axis = np.arange(-radius, radius + 1e-9, spacing)
    disc = np.array([(x, y) for x in axis for y in axis if x * x + y * y <= radius * radius])
    return np.concatenate([disc + centre for centre in ((-1.6, -1.1), (1.6, -1.1), (0.0, 1.6))])


SHAPES = {"line": line_points, "regions": regions_points}    # drawn shapes shipped with the playground
