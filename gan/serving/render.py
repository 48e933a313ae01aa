"""Pictures of x = G(z) for the app and its API: sample grids with D's verdict and the paper's Figure 2
memorisation check (each sample beside its nearest training digit, by L2 distance in pixel space), and
walks through latent space (Section 6 / Figure 3's linear interpolation, also along great circles).

Everything returns uint8 images; encoding them as PNG or looping GIF lives in `gan.serving.media`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image, ImageDraw

from gan.data import mnist_subset
from gan.device import request_threads
from gan.losses import d_probability
from gan.serving.media import label_font, upscale
from gan.models import GAN, evaluating
from gan.sampling import (generate, interpolate, labels_for, latent_plane_point, latent_point, make_grid, model_latents,
                          model_device)

DIGIT = 28                       # MNIST side in pixels
SAMPLE_TINT = (1.0, 1.0, 1.0)    # samples: white on black, as MNIST
NEAREST_TINT = (1.0, 0.72, 0.25)  # nearest training digits: amber, so the eye never mixes them up


@dataclass
class GridResult:
    image: np.ndarray                        # uint8 (H, W) plain grid or (H, W, 3) with overlays
    scores: np.ndarray | None                # D(G(z)) per sample, shape (rows*cols,); None if not asked
    nearest_index: np.ndarray | None = None  # index into the shipped training subset
    nearest_distance: np.ndarray | None = None


@dataclass
class InterpolationResult:
    strip: np.ndarray         # uint8 (H, W): rows x evenly spaced frames, A on the left
    frames: list              # uint8 (H, W) animation frames, one per step of the walk


@functools.lru_cache(maxsize=1)
def training_subset() -> tuple[torch.Tensor, torch.Tensor, np.ndarray]:
    """The shipped 10,000-digit training subset as (float (N, 784) in [0, 1], squared norms, labels)."""
    images, labels = mnist_subset()
    flat = images.flatten(1)
    return flat, (flat * flat).sum(1), labels.numpy()


@torch.no_grad()
def nearest_training(samples: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """(index, L2 distance) of each sample's nearest digit in the training subset."""
    train, train_sq, _ = training_subset()
    x = samples.reshape(len(samples), -1).float().cpu()
    d2 = (x * x).sum(1, keepdim=True) - 2 * x @ train.T + train_sq
    best = d2.min(dim=1)
    return best.indices.numpy(), best.values.clamp_min(0).sqrt().numpy()


@torch.no_grad()
def discriminator_scores(gan: GAN, images: torch.Tensor, digit=None) -> np.ndarray:
    """D(x) = sigmoid(D's logit): the probability D gives that each image came from the data."""
    device = model_device(gan)
    y = labels_for(len(images), digit, device)
    with evaluating(gan):
        return d_probability(gan.discriminator(images.to(device), y)).float().cpu().numpy()


def grid_digits(digit, rows: int, cols: int):
    """The conditional model's label for each sample: one digit for all, or (digit -1) the ten digits in
    turn in reading order, so every digit shows whenever the grid has ten cells (one digit per column
    when it has ten columns)."""
    if digit is None or int(digit) >= 0:
        return digit
    return [i % 10 for i in range(rows * cols)]


@request_threads
def render_grid(gan: GAN, seed: int, rows: int, cols: int, digit=None, show_scores: bool = False,
                show_nearest: bool = False, scale: int = 2, with_scores: bool = True) -> GridResult:
    """rows x cols samples of G from `seed` (the same seed gives the same grid on CPU and CUDA).
    Without overlays the image is the plain grid (white 2-pixel lines before scaling); with them each
    sample gets D's score under it and/or its nearest training digit (amber) beside it. D's scores are
    computed when shown or `with_scores`."""
    digits = grid_digits(digit, rows, cols)
    samples = generate(gan, rows * cols, seed, digits)
    scores = discriminator_scores(gan, samples, digits) if (with_scores or show_scores) else None
    if not (show_scores or show_nearest):
        return GridResult(upscale(make_grid(samples, rows, cols), scale), scores)
    index = distance = None
    if show_nearest:
        index, distance = nearest_training(samples)
    image = overlay_grid(samples, rows, cols, scale, scores if show_scores else None, index, distance)
    return GridResult(image, scores, index, distance)


def _tinted(digit: np.ndarray, tint) -> np.ndarray:
    return (digit[..., None] * np.asarray(tint, dtype=np.float32) * 255 + 0.5).astype(np.uint8)


def overlay_grid(samples: torch.Tensor, rows: int, cols: int, scale: int, scores=None, nearest_index=None,
                 nearest_distance=None) -> np.ndarray:
    """An RGB grid whose cells hold a sample, optionally its nearest training digit, and captions."""
    side, gap, pad = DIGIT * scale, 2 * scale, 4 * scale
    text_h = 14 if (scores is not None or nearest_index is not None) else 0
    cell_w = side * (2 if nearest_index is not None else 1) + (gap if nearest_index is not None else 0)
    cell_h = side + text_h
    canvas = Image.new("RGB", (cols * (cell_w + pad) + pad, rows * (cell_h + pad) + pad), (255, 255, 255))
    draw, font = ImageDraw.Draw(canvas), label_font(11)
    pixels = samples[:, 0].clamp(0, 1).numpy()
    train = training_subset()[0] if nearest_index is not None else None
    for i in range(rows * cols):
        r, c = divmod(i, cols)
        x0, y0 = pad + c * (cell_w + pad), pad + r * (cell_h + pad)
        canvas.paste(Image.fromarray(_tinted(upscale(pixels[i], scale), SAMPLE_TINT)), (x0, y0))
        if scores is not None:
            colour = (0, 120, 40) if scores[i] >= 0.5 else (190, 30, 30)
            draw.text((x0 + 1, y0 + side + 1), f"D {scores[i]:.2f}", fill=colour, font=font)
        if nearest_index is not None:
            near = train[nearest_index[i]].view(DIGIT, DIGIT).numpy()
            canvas.paste(Image.fromarray(_tinted(upscale(near, scale), NEAREST_TINT)), (x0 + side + gap, y0))
            draw.text((x0 + side + gap + 1, y0 + side + 1), f"L2 {nearest_distance[i]:.1f}",
                      fill=(150, 90, 0), font=font)
    return np.asarray(canvas)


def even_indices(n: int, k: int) -> list[int]:
    """k indices spread evenly over range(n), both ends included (all of them when n <= k)."""
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


@request_threads
def render_interpolation(gan: GAN, seeds, frames: int, path: str = "linear", digits=None, rows: int = 1,
                         strip_columns: int = 16, scale: int = 4, start=None) -> InterpolationResult:
    """A walk through the latents of `seeds` (A -> B, or A -> B -> C ...), `frames` per leg. The strip
    shows each row's walk at up to `strip_columns` evenly spaced steps; each animation frame shows the
    `rows` walks side by side at `scale` times MNIST size."""
    walk = interpolate(gan, seeds, frames, path, digits, rows, start=start)   # (steps, rows, 1, 28, 28)
    steps = len(walk)
    picked = even_indices(steps, strip_columns)
    strip_images = walk[picked].transpose(0, 1).reshape(-1, 1, DIGIT, DIGIT)   # row-major: row r, step c
    strip = upscale(make_grid(strip_images, rows, len(picked)), 2)
    animation = [upscale(make_grid(walk[t], 1, rows, pad=2, pad_value=0.0), scale)
                 for t in range(steps)]
    return InterpolationResult(strip, animation)


@torch.no_grad()
@request_threads
def render_latent_plane(gan: GAN, seeds, u: float, v: float, digits=None, scale: int = 8) -> np.ndarray:
    """One digit, G at za + u (zb - za) + v (zc - za) for seeds (A, B, C) (the conditional model's label
    blended with the same weights between digits A, B and C), upscaled for the page."""
    cfg, device = gan.config, model_device(gan)
    za, zb, zc = (model_latents(gan, 1, int(s)) for s in seeds)
    z = latent_plane_point(za, zb, zc, u, v)
    y = None
    if gan.conditional:
        ya, yb, yc = (torch.nn.functional.one_hot(torch.tensor([int(d)]), cfg.n_classes).float() for d in digits)
        y = (ya + u * (yb - ya) + v * (yc - ya)).to(device)
    with evaluating(gan):
        x = gan.generator(z, y)[0, 0].float().cpu().numpy()
    return upscale((np.clip(x, 0, 1) * 255 + 0.5).astype(np.uint8), scale)


PAD_SIZE = 240          # the 2-D pad's picture, pixels; u and v run 0..1 from its lower-left corner


def plane_pad(u: float, v: float, size: int = PAD_SIZE) -> np.ndarray:
    """The pad a visitor clicks: A at the lower left, B at the lower right (u = 1), C at the upper left
    (v = 1), a grid at tenths, and a ring at (u, v)."""
    img = Image.new("RGB", (size, size), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    for i in range(11):
        p = i * (size - 1) / 10
        shade = (200, 200, 200) if i % 5 else (150, 150, 150)
        draw.line([(p, 0), (p, size)], fill=shade)
        draw.line([(0, p), (size, p)], fill=shade)
    x, y = pad_pixel(u, v, size)
    draw.ellipse([x - 6, y - 6, x + 6, y + 6], outline=(220, 60, 0), width=3)
    font = label_font(14)
    for label, (lx, ly) in (("A", (4, size - 20)), ("B", (size - 14, size - 20)), ("C", (4, 2))):
        draw.text((lx, ly), label, fill=(30, 30, 30), font=font)
    return np.asarray(img)


def pad_pixel(u: float, v: float, size: int = PAD_SIZE) -> tuple[float, float]:
    return u * (size - 1), (1 - v) * (size - 1)


def pad_point(x: float, y: float, size: int = PAD_SIZE) -> tuple[float, float]:
    """(u, v) of a click at pixel (x, y) of the pad, each clipped to [0, 1]."""
    return (min(max(x / (size - 1), 0.0), 1.0), min(max(1 - y / (size - 1), 0.0), 1.0))


@request_threads
def render_latent_point(gan: GAN, seed_a: int, seed_b: int, t: float, path: str = "linear", digits=None,
                        scale: int = 8) -> np.ndarray:
    """One digit, G at the point a fraction t of the way from seed A's z to seed B's (the conditional
    model's label blended the same way between digits A and B), upscaled for the page."""
    cfg, device = gan.config, model_device(gan)
    za, zb = (model_latents(gan, 1, s) for s in (seed_a, seed_b))
    z = latent_point(za, zb, t, path)
    y = None
    if gan.conditional:
        ya, yb = (torch.nn.functional.one_hot(torch.tensor([int(d)]), cfg.n_classes).float() for d in digits)
        y = ((1 - t) * ya + t * yb).to(device)
    with evaluating(gan):
        x = gan.generator(z, y)[0, 0].float().cpu().numpy()
    return upscale((np.clip(x, 0, 1) * 255 + 0.5).astype(np.uint8), scale)
