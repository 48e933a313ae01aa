"""The one place that decides where models run: CUDA when present, else the CPU."""
from __future__ import annotations

import os

import torch


def pick_device(name: str | None = None) -> torch.device:
    """`name` ("cpu", "cuda", "cuda:1"), else $GAN_DEVICE, else CUDA when available, else CPU."""
    name = name or os.environ.get("GAN_DEVICE") or ("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {name!r} asked for, but CUDA is not available here")
    return device


def describe(device: torch.device) -> str:
    """A human label for the header: 'CUDA (NVIDIA H100 ...)' or 'CPU (2 threads)'."""
    if device.type == "cuda":
        return f"CUDA ({torch.cuda.get_device_name(device)})"
    return f"CPU ({torch.get_num_threads()} threads)"
