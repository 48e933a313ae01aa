"""What a GAN looks like while it learns: the paper's Figure 1 for 1-D data, points over D's map for 2-D
data, and a digit grid for MNIST. Each ``*_view`` computes the numbers (no drawing); each ``draw_*``
turns them into a uint8 RGB picture with PIL, fast enough to run a few times a second.

Figure 1 of Goodfellow et al. (2014): the data density p_data (black, dotted), the generator's density
p_g (green), the discriminator D(x) (blue, dashed), and below them the mapping x = G(z) from a uniformly
spaced grid of z (lower line) to x (upper line). We add Proposition 1's optimal discriminator
D*(x) = p_data / (p_data + p_g) (orange), which D chases and which is 1/2 everywhere at the optimum.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import torch
from PIL import Image, ImageDraw

from gan.losses import d_probability, optimal_discriminator
from gan.serving.media import label_font, upscale
from gan.models import GAN, evaluating
from gan.sampling import latents, make_grid, model_device
from gan.toy import ToyDistribution

VIEW_SEED = 1234   # latents of the views: fixed, so frames differ only because G changed


def _smooth(values: np.ndarray, sigma_bins: float) -> np.ndarray:
    radius = max(1, int(3 * sigma_bins))
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma_bins) ** 2)
    return np.convolve(values, kernel / kernel.sum(), mode="same")


def z_support(prior: str) -> tuple[float, float]:
    """Where p_z puts (almost) all its mass: the uniform prior's [-sqrt 3, sqrt 3], else +-2.5 std."""
    return (-math.sqrt(3.0), math.sqrt(3.0)) if prior == "uniform" else (-2.5, 2.5)


@torch.no_grad()
def figure1_view(gan: GAN, toy: ToyDistribution, *, x_range=None, n_grid: int = 200, n_samples: int = 5000,
                 n_lines: int = 24, probability: bool = True) -> dict:
    """Figure 1's curves on an x grid (arrays of length n_grid): p_data, p_g (a smoothed histogram of
    n_samples draws of G), D(x) (sigmoid of D's logit; min-max scaled when `probability` is False, as
    for a Wasserstein critic) and D* = p_data / (p_data + p_g); plus `z` and `x_of_z` for the mapping.
    `x_range` (lo, hi) only grows: pass the previous view's range to keep the picture steady."""
    device, cfg = model_device(gan), gan.config
    with evaluating(gan):
        return _figure1_curves(gan, toy, device, cfg, x_range, n_grid, n_samples, n_lines, probability)


def _figure1_curves(gan, toy, device, cfg, x_range, n_grid, n_samples, n_lines, probability) -> dict:
    fake = gan.generator(latents(n_samples, cfg.z_dim, VIEW_SEED, cfg.prior, device)).float().cpu().flatten()
    mean, std = float(toy.modes[:, 0].mean()), toy.std
    lo, hi = mean - 4 * std, mean + 4 * std
    finite = fake[torch.isfinite(fake)]
    if len(finite):
        q = torch.quantile(finite[:2000], torch.tensor([0.005, 0.995]))
        lo, hi = min(lo, float(q[0])), max(hi, float(q[1]))
    if x_range is not None:
        lo, hi = min(lo, x_range[0]), max(hi, x_range[1])
    lo, hi = math.floor(max(lo, -1e3) * 2) / 2, math.ceil(min(hi, 1e3) * 2) / 2
    edges = torch.linspace(lo, hi, n_grid + 1)
    x = (edges[:-1] + edges[1:]) / 2
    width = (hi - lo) / n_grid
    counts = torch.histc(finite, bins=n_grid, min=lo, max=hi).numpy()
    p_g = _smooth(counts / max(n_samples, 1) / width, sigma_bins=2.0)
    p_data = toy.density(x.view(-1, 1)).double().numpy()
    d = gan.discriminator(x.view(-1, 1).to(device)).float().cpu()
    d = (d_probability(d) if probability else d).numpy()
    if not probability:
        d = (d - d.min()) / max(float(d.max() - d.min()), 1e-12)
    d_star = optimal_discriminator(torch.from_numpy(p_data), torch.from_numpy(p_g)).numpy()
    z_lo, z_hi = z_support(cfg.prior)
    z = torch.zeros(n_lines, cfg.z_dim)
    z[:, 0] = torch.linspace(z_lo, z_hi, n_lines)
    x_of_z = gan.generator(z.to(device)).float().cpu().flatten().numpy()
    return {"x": x.numpy(), "p_data": p_data, "p_g": p_g, "d": d, "d_star": d_star, "z": z[:, 0].numpy(),
            "z_range": (z_lo, z_hi), "x_of_z": x_of_z, "x_range": (lo, hi), "probability": probability}


@torch.no_grad()
def real_points(toy: ToyDistribution, n: int = 400) -> np.ndarray:
    """n points of p_data drawn from the views' own seed (the training data's stream is left alone)."""
    return ToyDistribution(toy.name, toy.modes, toy.std).reseed(VIEW_SEED).sample(n)[0].numpy()


@torch.no_grad()
def toy2d_view(gan: GAN, toy: ToyDistribution, fake: torch.Tensor, *, real: np.ndarray | None = None,
               grid: int = 48, probability: bool = True, half: float | None = None,
               metrics: dict | None = None) -> dict:
    """Real points (`real`, else :func:`real_points`), G's points `fake` (N, 2), D on a grid x grid
    lattice over the data's extent (rows from top y to bottom y, ready to draw), and the mode metrics
    (`metrics`, else those of `fake`). `half`: the view's half-width (by default, 1.5 times the data's
    extent plus 0.5)."""
    device = model_device(gan)
    half = float(toy.modes.abs().max()) * 1.5 + 0.5 if half is None else float(half)
    axis = torch.linspace(-half, half, grid)
    yy, xx = torch.meshgrid(axis.flip(0), axis, indexing="ij")
    lattice = torch.stack([xx.flatten(), yy.flatten()], dim=1)
    with evaluating(gan):
        scores = gan.discriminator(lattice.to(device)).float().cpu()
    heat = d_probability(scores) if probability else (scores - scores.min()) / (scores.max() - scores.min()).clamp_min(1e-12)
    real = real_points(toy) if real is None else real
    return {"real": real, "fake": fake.detach().float().cpu().view(-1, 2).numpy(),
            "heat": heat.view(grid, grid).numpy(), "extent": half,
            "metrics": toy.mode_metrics(fake) if metrics is None else metrics,
            "probability": probability}


def digits_view(samples: torch.Tensor, rows: int = 8, cols: int = 8, scale: int = 1) -> np.ndarray:
    """A grid of G's digits (from the trainer's fixed noise), upscaled for the page."""
    grid = make_grid(samples.float().cpu(), rows, cols)
    return upscale(grid, scale)


# --- drawing -----------------------------------------------------------------------------------------
P_DATA, P_G, D_COLOUR, D_STAR, MAPPING = (20, 20, 20), (0, 150, 60), (30, 80, 220), (235, 130, 0), (150, 150, 150)


def _polyline(draw, xs, ys, colour, width=2, dash: int = 0):
    points = list(zip(xs.tolist(), ys.tolist()))
    if not dash:
        draw.line(points, fill=colour, width=width, joint="curve")
        return
    for i in range(0, len(points) - 1, 2 * dash):
        draw.line(points[i:i + dash + 1], fill=colour, width=width)


def draw_figure1(view: dict, width: int = 680, height: int = 380) -> np.ndarray:
    """The paper's Figure 1 from a :func:`figure1_view`: curves on top, the z -> x mapping below."""
    lo, hi = view["x_range"]
    img = _figure1_axes(width, height, float(lo), float(hi), view.get("probability", True)).copy()
    draw = ImageDraw.Draw(img)
    left, right, top, curve_bottom, x_line, z_line = _figure1_layout(width, height)
    px = lambda x: _x_pixels(x, lo, hi, left, right)  # noqa: E731
    peak = float(view["p_data"].max())
    y_max = max(peak * 1.25, min(float(view["p_g"].max()), 3 * peak), 1e-12)
    py_density = lambda p: curve_bottom - np.clip(p / y_max, 0, 1.05) * (curve_bottom - top)  # noqa: E731
    xs = px(view["x"])
    _polyline(draw, xs, py_density(view["p_data"]), P_DATA, width=2, dash=2)
    _polyline(draw, xs, py_density(view["p_g"]), P_G, width=2)
    # D* only where some density lives (elsewhere it is 0/0, or 1 on a vanishing tail of p_data)
    where = (view["p_data"] + view["p_g"]) > 1e-3 * max(peak, float(view["p_g"].max()))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], where.astype(np.int8), [0]])))
    for a, b in zip(edges[::2], edges[1::2]):
        if b - a > 1:
            _polyline(draw, xs[a:b], _py_probability(view["d_star"][a:b], top, curve_bottom), D_STAR, width=2)
    _polyline(draw, xs, _py_probability(view["d"], top, curve_bottom), D_COLOUR, width=2, dash=4)
    # the mapping x = G(z): z evenly spaced on the lower line, arrows to where G puts them on the upper one
    z_lo, z_hi = view["z_range"]
    zs = left + (view["z"] - z_lo) / (z_hi - z_lo) * (right - left) * 0.5 + (right - left) * 0.25
    for zx, xx in zip(zs.tolist(), np.clip(px(view["x_of_z"]), left - 8, right + 8).tolist()):
        draw.line([(zx, z_line), (xx, x_line)], fill=MAPPING, width=1)
        draw.ellipse([xx - 2, x_line - 2, xx + 2, x_line + 2], fill=P_G)
    return np.asarray(img)


def _figure1_layout(width: int, height: int) -> tuple[int, int, int, int, int, int]:
    """left, right, top and bottom of the curves' box, and the heights of the x and z lines."""
    curve_bottom = int(height * 0.62)
    return 40, width - 20, 34, curve_bottom, curve_bottom + 18, height - 34


def _x_pixels(x, lo: float, hi: float, left: int, right: int) -> np.ndarray:
    return left + (np.asarray(x, dtype=np.float64) - lo) / (hi - lo) * (right - left)


def _py_probability(d, top: int, curve_bottom: int):
    return curve_bottom - np.clip(d, 0, 1) * (curve_bottom - top) / 1.05 * 0.95


@functools.lru_cache(maxsize=16)
def _figure1_axes(width: int, height: int, lo: float, hi: float, probability: bool) -> Image.Image:
    """What of Figure 1 stays put from frame to frame (legend, the 1/2 line, the x and z lines and their
    ticks), drawn once per x range: text is most of a frame's drawing time. Copy before drawing on it."""
    img = Image.new("RGB", (width, height), (255, 255, 255))
    draw, font, small = ImageDraw.Draw(img), label_font(13), label_font(11)
    left, right, top, curve_bottom, x_line, z_line = _figure1_layout(width, height)
    px = lambda x: _x_pixels(x, lo, hi, left, right)  # noqa: E731
    half = float(_py_probability(np.array(0.5), top, curve_bottom))
    draw.line([(left, half), (right, half)], fill=(225, 225, 225), width=1)
    draw.text((left - 30, half - 7), "1/2", fill=(150, 150, 150), font=font)
    for y, label in ((x_line, "x"), (z_line, "z")):
        draw.line([(left, y), (right, y)], fill=(60, 60, 60), width=1)
        draw.text((left - 18, y - 8), label, fill=(60, 60, 60), font=font)
    for tick in np.arange(math.ceil(lo), math.floor(hi) + 1, max(1, round((hi - lo) / 8))):
        draw.line([(float(px(tick)), x_line), (float(px(tick)), x_line + 4)], fill=(60, 60, 60))
        draw.text((float(px(tick)) - 4, x_line + 5), f"{tick:g}", fill=(90, 90, 90), font=small)
    d_name = "D(x)" if probability else "critic (scaled)"
    # each sample line drawn as its curve is: p_data dotted, D dashed, the others solid
    legend = [("p_data", P_DATA, 3), ("p_g", P_G, 0), (d_name, D_COLOUR, 6), ("D* = p_data/(p_data+p_g)", D_STAR, 0)]
    cursor = left
    for label, colour, dash in legend:
        for a in range(0, 24, 2 * dash) if dash else (0,):
            draw.line([(cursor + a, 14), (cursor + min(a + (dash or 24), 24), 14)], fill=colour, width=3)
        draw.text((cursor + 27, 6), label, fill=(40, 40, 40), font=font)
        cursor += 40 + int(draw.textlength(label, font=font))
    return img


def _heat_colours(heat: np.ndarray) -> np.ndarray:
    """D's score as colour: 0 (says fake) light red, 1/2 white, 1 (says real) light blue."""
    h = np.clip(heat, 0, 1)[..., None]
    red, white, blue = np.array([244, 165, 150.]), np.array([255, 255, 255.]), np.array([150, 185, 240.])
    rgb = np.where(h < 0.5, red + (white - red) * (h / 0.5), white + (blue - white) * ((h - 0.5) / 0.5))
    return rgb.astype(np.uint8)


def _disc(radius: float, fill, outline=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A filled disc of `radius` pixels as offsets (dy, dx) and their colours (rim in `outline`)."""
    r = int(math.ceil(radius))
    dy, dx = np.mgrid[-r:r + 1, -r:r + 1]
    distance = np.hypot(dy, dx)
    inside = distance <= radius + 0.25
    colours = np.tile(np.array(fill, dtype=np.uint8), (inside.sum(), 1))
    if outline is not None:
        colours[distance[inside] > radius - 1] = outline
    return dy[inside], dx[inside], colours


REAL_DOT, FAKE_DOT = _disc(1.5, (20, 20, 20)), _disc(2.0, (60, 200, 100), outline=(0, 130, 50))
OFF_VIEW_DOT = _disc(3.0, (255, 255, 255), outline=(200, 0, 120))    # G's points beyond the view, on its edge


def _stamp(canvas: np.ndarray, xs: np.ndarray, ys: np.ndarray, dot) -> None:
    """Stamp `dot` (from :func:`_disc`) centred on each pixel (xs, ys) of an (H, W, 3) canvas, all at once."""
    dy, dx, colours = dot
    rows = np.rint(ys)[:, None].astype(np.int64) + dy[None, :]
    cols = np.rint(xs)[:, None].astype(np.int64) + dx[None, :]
    keep = (rows >= 0) & (rows < canvas.shape[0]) & (cols >= 0) & (cols < canvas.shape[1])
    canvas[rows[keep], cols[keep]] = np.broadcast_to(colours, rows.shape + (3,))[keep]


def draw_toy2d(view: dict, size: int = 420) -> np.ndarray:
    """Real points (black) and G's points (green) over D's map (blue: D says real, red: D says fake); G's
    points beyond the view are drawn on its edge, where they left it, as hollow magenta rings (the page's
    status line gives the mode figures, in the visitor's language)."""
    heat = Image.fromarray(_heat_colours(view["heat"])).resize((size, size), Image.BILINEAR)
    canvas, half = np.array(heat), view["extent"]
    for points, dot in ((view["real"], REAL_DOT), (view["fake"], FAKE_DOT)):
        px = (points[:, 0] + half) / (2 * half) * (size - 1)
        py = (half - points[:, 1]) / (2 * half) * (size - 1)
        finite = np.isfinite(px) & np.isfinite(py)
        inside = finite & (px >= 0) & (px < size) & (py >= 0) & (py < size)
        _stamp(canvas, px[inside], py[inside], dot)
        if dot is FAKE_DOT and (finite & ~inside).any():
            edge = finite & ~inside
            _stamp(canvas, np.clip(px[edge], 2, size - 3), np.clip(py[edge], 2, size - 3), OFF_VIEW_DOT)
    return canvas
