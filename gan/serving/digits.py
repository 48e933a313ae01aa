"""A visitor's own digit: a drawing made MNIST-like, read by the classifier and judged by each D, and found
in G's latent space (latent inversion: the z whose G(z) is closest to the digit).

- :func:`mnist_like`: as MNIST's digits were made (LeCun et al.): the ink's bounding box scaled to fit
  20 x 20 pixels, keeping its aspect ratio, then placed in 28 x 28 with its centre of mass at the centre.
- :func:`judge`: the shipped classifier's probabilities and D(x) = sigmoid(D's logit) of each model (a
  conditional D is asked about the digit the classifier reads).
- :func:`invert`: Adam on z (several restarts at once) to minimise ||G(z) - x||^2; yields progress.
"""
from __future__ import annotations

import time

import numpy as np
import torch
from PIL import Image

from gan.evaluation.classifier import predict
from gan.losses import d_probability
from gan.models import GAN, evaluating
from gan.sampling import model_device, model_latents

INK = 0.1          # a pixel (in [0, 1], ink bright) counts as ink above this


def mnist_like(image) -> np.ndarray:
    """A drawing (H x W grey or RGB(A), any size, dark ink on light or light on dark) -> float32 (28, 28)
    in [0, 1], white digit on black, size-normalised and centred as MNIST's digits are."""
    a = np.asarray(image, dtype=np.float32)
    if a.size == 0:
        raise ValueError("the drawing is empty: draw a digit (or pick a test digit) first")
    if a.ndim == 3:
        alpha = a[..., 3] / 255.0 if a.shape[2] == 4 else None
        grey = a[..., :3].mean(axis=2) / 255.0
        if alpha is not None and alpha.min() < 1.0:   # a transparent canvas: the strokes are the ink
            a = alpha * (1.0 - grey) if grey[alpha > 0.5].mean() < 0.5 else alpha * grey
        else:
            a = grey
    elif a.ndim == 2:
        a = a / 255.0 if a.max() > 1.0 else a
    else:
        raise ValueError(f"a drawing must be an H x W (x 3 or 4) image, got shape {a.shape}")
    if np.median(a) > 0.5:                            # dark ink on a light background
        a = 1.0 - a
    ink = a > INK
    if ink.sum() < 3:
        raise ValueError("the drawing is empty: draw a digit (or pick a test digit) first")
    rows, cols = np.where(ink.any(1))[0], np.where(ink.any(0))[0]
    crop = a[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    scale = 20.0 / max(crop.shape)
    h, w = max(1, round(crop.shape[0] * scale)), max(1, round(crop.shape[1] * scale))
    small = np.asarray(Image.fromarray((crop * 255).astype(np.uint8)).resize((w, h), Image.LANCZOS),
                       dtype=np.float32) / 255.0
    out = np.zeros((28, 28), np.float32)
    top, left = (28 - h) // 2, (28 - w) // 2
    out[top:top + h, left:left + w] = small
    total = out.sum()
    ys, xs = np.indices(out.shape)
    dy, dx = int(round(13.5 - (ys * out).sum() / total)), int(round(13.5 - (xs * out).sum() / total))
    out = np.roll(out, (dy, dx), axis=(0, 1))
    return np.clip(out, 0.0, 1.0)


@torch.no_grad()
def judge(x: np.ndarray, classifier, models: dict) -> tuple[list[float], dict]:
    """(the classifier's 10 probabilities, {model name: D(x)}) for one (28, 28) digit in [0, 1]."""
    image = torch.as_tensor(x, dtype=torch.float32).view(1, 1, 28, 28)
    probs = predict(classifier, image)[0]
    read = int(probs.argmax())
    scores = {}
    for name, gan in models.items():
        device = model_device(gan)
        y = torch.tensor([read], device=device) if gan.conditional else None
        with evaluating(gan):
            scores[name] = float(d_probability(gan.discriminator(image.to(device), y))[0])
    return [round(float(p), 4) for p in probs], scores


@torch.no_grad()
def code_ranking(gan: GAN, x: torch.Tensor) -> torch.Tensor:
    """The codes of a model with InfoGAN's code, most likely first under D's head Q(c | x)."""
    with evaluating(gan.discriminator) as d:
        return d(x.view(1, *gan.config.data_shape), with_q=True)[1][0].argsort(descending=True)


def with_codes(z: torch.Tensor, ranking: torch.Tensor, n_codes: int) -> torch.Tensor:
    """z with restart i's code set to ranking[i % n]: the largest of its first n coordinates swapped into
    the code's place (a permutation of coordinates, so each row stays a draw from the prior)."""
    z = z.clone()
    for i in range(len(z)):
        want, top = int(ranking[i % n_codes]), int(z[i, :n_codes].argmax())
        z[i, [want, top]] = z[i, [top, want]]
    return z


def invert(gan: GAN, x: np.ndarray, *, steps: int = 150, restarts: int = 6, seed: int = 0, digit=None,
           lr: float = 0.05, report_every: int = 10):
    """Find z with G(z) close to x (28 x 28 in [0, 1]): Adam on `restarts` starting points drawn from the
    prior with `seed`, minimising the mean squared pixel error (z kept in the uniform prior's box); with
    InfoGAN's code, the restarts start on the codes Q(c | x) finds likeliest.
    Yields dicts every `report_every` steps and at the end: step, seconds, the best restart's image
    (28, 28), its L2 pixel distance to x, and its z (as a list)."""
    device, cfg = model_device(gan), gan.config
    if gan.conditional and digit is None:
        raise ValueError("the conditional model needs a digit to invert for")
    target = torch.as_tensor(x, dtype=torch.float32, device=device).view(1, *cfg.data_shape)
    z = model_latents(gan, restarts, seed)
    if cfg.info_codes:      # InfoGAN's code has no gradient: D's head Q(c | x) chooses each restart's code
        z = with_codes(z, code_ranking(gan, target), cfg.info_codes)
    z.requires_grad_(True)
    y = torch.full((restarts,), int(digit), device=device) if gan.conditional else None
    opt = torch.optim.Adam([z], lr=lr)
    bound = 3 ** 0.5 if cfg.prior == "uniform" else None
    start = time.perf_counter()
    with evaluating(gan):
        for step in range(1, steps + 1):
            images = gan.generator(z, y)
            per_restart = ((images - target) ** 2).flatten(1).mean(1)
            opt.zero_grad(set_to_none=True)
            per_restart.sum().backward()
            opt.step()
            if bound is not None:
                with torch.no_grad():
                    z.clamp_(-bound, bound)
            if step % report_every == 0 or step == steps:
                with torch.no_grad():
                    images = gan.generator(z, y)
                    d2 = ((images - target) ** 2).flatten(1).sum(1)
                    best = int(d2.argmin())
                yield {"step": step, "seconds": time.perf_counter() - start,
                       "image": images[best, 0].cpu().numpy(), "distance": float(d2[best].sqrt()),
                       "z": [round(float(v), 5) for v in z[best].detach().cpu()]}
