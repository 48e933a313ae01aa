"""A GAN's weights on disk: ``config.json`` (``{"model": GANConfig, ...training figures}``) +
``model.safetensors``, always together, never pickles. ``GAN.from_pretrained`` / ``save_pretrained`` /
``push_to_hub`` (huggingface_hub's mixin, :mod:`gan.models`) read and write the same folders.

``model.safetensors`` holds both networks (keys ``generator.*`` and ``discriminator.*``), so D's
scores and the adversarial-example demos work on shipped models too. Loading checks every tensor's
name and shape against the config and turns a truncated, corrupt or mismatched file into a
:class:`WeightsError` naming the file.
"""
from __future__ import annotations

from pathlib import Path

import torch

from gan.models import GAN, GANConfig
from gan.weights.files import (CONFIG_NAME, WEIGHTS_NAME, WeightsError, load_state_strict,  # noqa: F401
                               read_config_json, read_tensors, write_folder)


def save_pretrained(gan: GAN, folder, *, dtype: torch.dtype | None = None, meta: dict | None = None) -> Path:
    """Write config.json (the model config plus `meta`, e.g. training figures) and model.safetensors.
    `dtype=torch.float16` halves the file; loading casts back to float32."""
    return write_folder(folder, gan.state_dict(), {"model": gan.config.to_dict(), **(meta or {})}, dtype)


def read_config(folder) -> tuple[GANConfig, dict]:
    """(model config, the whole config.json) of a weights folder."""
    raw = read_config_json(folder)
    try:
        return GANConfig.from_dict(raw["model"]), raw
    except (KeyError, TypeError, ValueError) as e:
        raise WeightsError(f"{Path(folder) / CONFIG_NAME} is not a valid GAN config: {e}") from e


def load_pretrained(folder, device="cpu") -> GAN:
    """A GAN in eval mode on `device` from a weights folder (see :meth:`gan.models.GAN.from_folder`)."""
    return GAN.from_folder(folder, device)
