"""``python -m gan.sample --model NAME --n N --seed S --out FILE.npz [--digit D]``: x = G(z), z ~ p_z.

A stable contract evaluation scripts rely on: writes one key, ``images``, float32 of shape (N, 28, 28)
with values in [0, 1]. NAME resolves exactly as the app resolves it (:mod:`gan.weights.hub`): a bundled name
(``mnist-mlp``, ``mnist-dcgan``, ``mnist-cdcgan``), a local weights folder, or a Hub repo id. The same
seed gives the same images (latents come from :func:`gan.sampling.latents`). Bad arguments exit with
status 2 and a message naming the argument and its allowed range.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

MAX_N = 100_000


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m gan.sample", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="bundled name, local weights folder, or Hub repo id")
    p.add_argument("--n", type=int, required=True, help=f"number of images, 1-{MAX_N}")
    p.add_argument("--seed", type=int, required=True, help="latent seed, 0 to 2**63-1")
    p.add_argument("--out", required=True, help="output .npz (key 'images')")
    p.add_argument("--digit", type=int, help="digit 0-9: required by conditional models, refused by others")
    p.add_argument("--device", help="cpu, cuda (default: CUDA when present)")
    return p, p.parse_args(argv)


def sample_images(model, n: int, seed: int, digit=None, device=None) -> tuple[np.ndarray, str]:
    """(images float32 (n, 28, 28) in [0, 1], source of the weights). ValueError on bad arguments."""
    from gan.device import pick_device
    from gan.weights.hub import load_model
    from gan.sampling import MAX_SEED, generate
    if not 1 <= n <= MAX_N:
        raise ValueError(f"--n must be 1-{MAX_N}, got {n}")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"--seed must be 0-{MAX_SEED}, got {seed}")
    gan, source = load_model(model, pick_device(device))
    if tuple(gan.config.data_shape) != (1, 28, 28):
        raise ValueError(f"--model {model} draws {tuple(gan.config.data_shape)} samples, not 28x28 digits")
    try:
        images = generate(gan, n, seed, digit=digit)
    except ValueError as e:
        raise ValueError(f"--digit: {e}") from e
    return images[:, 0].numpy().astype(np.float32), source


def main(argv=None) -> int:
    parser, a = parse_args(argv)
    out = Path(a.out)
    if out.suffix != ".npz":
        parser.error(f"--out must name a .npz file, got {a.out}")
    if not out.parent.is_dir():
        parser.error(f"--out: folder {out.parent} does not exist")
    try:
        images, source = sample_images(a.model, a.n, a.seed, a.digit, a.device)
    except (ValueError, OSError) as e:   # WeightsError is a ValueError
        parser.error(str(e))
    np.savez(out, images=images)
    print(f"wrote {len(images)} images from {a.model} ({source}) to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
