"""A visitor's own models beside the shared zoo: the weights of their finished live MNIST runs, usable in
the Samples and Interpolate tabs for that visitor only. They live in the visitor's session (never in
the shared :class:`gan.serving.zoo.ModelZoo`), at most :data:`MAX_MODELS` at a time, and go with it.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gan.serving.zoo import ModelZoo
from gan.weights.pretrained import WeightsError, load_pretrained

MAX_MODELS = 3                    # per visitor; the oldest goes when a fourth comes
IMAGE_SHAPE = (1, 28, 28)         # what the Samples and Interpolate tabs draw


def add_model(models: dict, folder, name: str, device) -> dict:
    """`models` (name -> GAN) with the GAN in weights `folder` added under `name` (a new dict: a
    session's state is replaced, not changed in place). Only MNIST-shaped image models are taken."""
    gan = load_pretrained(Path(folder), device)
    if tuple(gan.config.data_shape) != IMAGE_SHAPE:
        raise WeightsError(f"{name}: this model draws {gan.config.data_shape} points, not 28 x 28 digits; "
                           "only MNIST runs can be used in Samples and Interpolate")
    for p in gan.parameters():
        p.requires_grad_(False)
    kept = {k: v for k, v in models.items() if k != name}
    while len(kept) >= MAX_MODELS:
        kept.pop(next(iter(kept)))
    return {**kept, name: gan.eval()}


def with_visitor_models(zoo: ModelZoo, models: dict | None) -> ModelZoo:
    """The shared zoo as this visitor sees it: its models, then theirs (the shared one is untouched)."""
    if not models:
        return zoo
    return replace(zoo, models={**zoo.models, **models},
                   sources={**zoo.sources, **{n: "this session" for n in models}})
