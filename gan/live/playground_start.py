"""The 2-D playground's trained start: G and D trained on each shipped data set by Algorithm 1 with the
playground's default knobs (:class:`gan.live.playground.Knobs`), saved as ``weights/playground-<data>``
(config.json + model.safetensors, with the end figures), so a visitor can perturb a converged game.

    python -m gan.live.playground_start DATA ITERATIONS [FINE_TUNE]
"""
from __future__ import annotations

import time
from dataclasses import asdict

import torch

from gan.live.playground import PRESET, Playground, pretrained_folder
from gan.weights.pretrained import save_pretrained


def train_pretrained(data: str, iterations: int, *, fine_tune: int = 0, fine_lr: float = 2e-4, seed: int = 0,
                     folder=None) -> dict:
    """Train the playground's G and D on `data` for `iterations` of Algorithm 1 (the default knobs), then
    `fine_tune` more at learning rate `fine_lr`, and save them as weights/playground-<data> (config.json
    + model.safetensors); returns the end figures."""
    game = Playground(data, seed=seed)
    start = time.perf_counter()
    for _ in range(int(iterations)):
        game.step("iteration")
    if fine_tune:
        game.edit(lr_d=fine_lr, lr_g=fine_lr)
        for _ in range(int(fine_tune)):
            game.step("iteration")
    view = game.frame(arrows=False, lines=False).view
    figures = {"iterations": int(iterations) + int(fine_tune), "seconds": round(time.perf_counter() - start, 1),
               "seed": seed, "kl": round(view["kl"], 4), "js": round(view["js"], 4), **(view["metrics"] or {})}
    if fine_tune:
        figures["fine_tune"] = f"lr {fine_lr:g} for the last {int(fine_tune)}"
    save_pretrained(game.gan, folder or pretrained_folder(data),
                    meta={"playground": {**figures, "preset": PRESET, "knobs": asdict(game.knobs)}})
    return figures


if __name__ == "__main__":
    # python -m gan.live.playground_start DATA ITERATIONS [FINE_TUNE]: the trained start of the 2-D playground
    # (shipped: ring 15000, grid 30000, line 15000, regions 40000 25000)
    import sys
    torch.set_num_threads(1)
    print(train_pretrained(sys.argv[1], int(sys.argv[2]), fine_tune=int(sys.argv[3]) if len(sys.argv) > 3 else 0))
