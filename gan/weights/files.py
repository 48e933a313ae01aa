"""The two files of a weights folder, ``config.json`` + ``model.safetensors``, read and written with
checks; nothing here knows what a GAN is, so the networks (:mod:`gan.models`) can use it too.

Only ``.safetensors`` tensors are ever read (never pickles). A truncated, corrupt, mismatched or
non-finite file becomes a :class:`WeightsError` naming the file.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

CONFIG_NAME, WEIGHTS_NAME = "config.json", "model.safetensors"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt")   # never read, never uploaded


class WeightsError(ValueError):
    """Weights that are missing, unreadable, or do not match their config."""


def write_folder(folder, state: dict, config: dict, dtype: torch.dtype | None = None) -> Path:
    """model.safetensors from `state` (floating tensors cast to `dtype` if given) and config.json from
    `config`; the weights are written under a temporary name first, never half-written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tensors = {k: (v.to(dtype) if dtype is not None and v.is_floating_point() else v).detach().cpu().contiguous()
               for k, v in state.items()}
    tmp = folder / (WEIGHTS_NAME + ".tmp")
    save_file(tensors, str(tmp), metadata={"format": "pt"})
    tmp.replace(folder / WEIGHTS_NAME)
    (folder / CONFIG_NAME).write_text(json.dumps(config, indent=2) + "\n")
    return folder


def read_config_json(folder) -> dict:
    """The whole config.json of a weights folder, or WeightsError."""
    path = Path(folder) / CONFIG_NAME
    if not path.is_file():
        raise WeightsError(f"{path} is missing: weights never travel without their config")
    try:
        raw = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise WeightsError(f"{path} is not a valid GAN config: {e}") from e
    if not isinstance(raw, dict):
        raise WeightsError(f"{path} is not a valid GAN config: not a JSON object")
    return raw


def read_tensors(path) -> dict[str, torch.Tensor]:
    path = Path(path)
    if path.suffix != ".safetensors":
        raise WeightsError(f"{path}: only .safetensors weights are loaded (never pickles)")
    if not path.is_file():
        raise WeightsError(f"{path} is missing")
    try:
        return load_file(str(path), device="cpu")
    except (SafetensorError, OSError, ValueError, RuntimeError) as e:
        raise WeightsError(f"{path} is truncated or corrupt: {e}") from e


def load_state_strict(module: torch.nn.Module, tensors: dict, source) -> None:
    """Copy tensors into module, refusing any missing, unexpected or mis-shaped entry."""
    expected = module.state_dict()
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    wrong = [f"{k}: file {tuple(tensors[k].shape)} vs config {tuple(v.shape)}"
             for k, v in expected.items() if k in tensors and tensors[k].shape != v.shape]
    if missing or unexpected or wrong:
        parts = ([f"missing {missing[:5]}"] if missing else []) + \
                ([f"unexpected {unexpected[:5]}"] if unexpected else []) + wrong[:5]
        raise WeightsError(f"{source} does not match its config: " + "; ".join(parts))
    bad = [k for k, v in tensors.items() if v.is_floating_point() and not torch.isfinite(v).all()]
    if bad:
        raise WeightsError(f"{source} holds non-finite values in {bad[:5]}")
    module.load_state_dict({k: v.to(expected[k].dtype) for k, v in tensors.items()}, strict=True)


