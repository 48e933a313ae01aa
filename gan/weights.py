"""Weights on disk: ``config.json`` + ``model.safetensors``, always together, never pickles.

``model.safetensors`` holds both networks (keys ``generator.*`` and ``discriminator.*``), so D's
scores and the adversarial-example demos work on shipped models too. Loading checks every tensor's
name and shape against the config and turns a truncated, corrupt or mismatched file into a
:class:`WeightsError` naming the file.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from .models import GAN, GANConfig

CONFIG_NAME, WEIGHTS_NAME = "config.json", "model.safetensors"


class WeightsError(ValueError):
    """Weights that are missing, unreadable, or do not match their config."""


def save_pretrained(gan: GAN, folder, *, dtype: torch.dtype | None = None, meta: dict | None = None) -> Path:
    """Write config.json (the model config plus `meta`, e.g. training figures) and model.safetensors.
    `dtype=torch.float16` halves the file; loading casts back to float32."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tensors = {k: (v.to(dtype) if dtype is not None and v.is_floating_point() else v).detach().cpu().contiguous()
               for k, v in gan.state_dict().items()}
    tmp = folder / (WEIGHTS_NAME + ".tmp")
    save_file(tensors, str(tmp), metadata={"format": "pt"})
    tmp.replace(folder / WEIGHTS_NAME)  # never leave a half-written file under the real name
    config = {"model": gan.config.to_dict(), **(meta or {})}
    (folder / CONFIG_NAME).write_text(json.dumps(config, indent=2) + "\n")
    return folder


def read_config(folder) -> tuple[GANConfig, dict]:
    """(model config, the whole config.json) of a weights folder."""
    path = Path(folder) / CONFIG_NAME
    if not path.is_file():
        raise WeightsError(f"{path} is missing: weights never travel without their config")
    try:
        raw = json.loads(path.read_text())
        return GANConfig.from_dict(raw["model"]), raw
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise WeightsError(f"{path} is not a valid GAN config: {e}") from e


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


def load_pretrained(folder, device="cpu") -> GAN:
    """A GAN in eval mode on `device` from a weights folder."""
    folder = Path(folder)
    cfg, _ = read_config(folder)
    try:
        gan = GAN(cfg)
    except (ValueError, TypeError, RuntimeError) as e:
        raise WeightsError(f"{folder / CONFIG_NAME} describes no buildable model: {e}") from e
    load_state_strict(gan, read_tensors(folder / WEIGHTS_NAME), folder / WEIGHTS_NAME)
    return gan.to(device).eval()


def flatten_optimizer(opt: torch.optim.Optimizer, prefix: str) -> tuple[dict, dict]:
    """An optimizer's state as (tensors, json-able meta), so training checkpoints are safetensors too."""
    sd = opt.state_dict()
    tensors, scalars = {}, {}
    for pid, state in sd["state"].items():
        for name, v in state.items():
            if torch.is_tensor(v):
                tensors[f"{prefix}.{pid}.{name}"] = v.detach().cpu().contiguous()
            else:
                scalars[f"{pid}.{name}"] = v
    return tensors, {"param_groups": sd["param_groups"], "scalars": scalars}


def unflatten_optimizer(opt: torch.optim.Optimizer, prefix: str, tensors: dict, meta: dict) -> None:
    state: dict = {}
    for key, v in tensors.items():
        if key.startswith(prefix + "."):
            pid, name = key[len(prefix) + 1:].split(".", 1)
            state.setdefault(int(pid), {})[name] = v
    for key, v in meta["scalars"].items():
        pid, name = key.split(".", 1)
        state.setdefault(int(pid), {})[name] = v
    opt.load_state_dict({"state": state, "param_groups": meta["param_groups"]})
