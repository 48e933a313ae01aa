"""Data-parallel training across processes (torchrun) with DistributedDataParallel.

Each process draws its own shard of every epoch's shuffle (:class:`gan.data.DatasetSampler`), DDP
averages gradients so the weights stay identical everywhere, and only rank 0 writes files. NCCL on
CUDA, gloo on the CPU. Without torchrun's environment everything here is a no-op.
"""
from __future__ import annotations

import os

import torch
import torch.distributed as dist

from .device import pick_device


def setup(device_name: str | None = None) -> tuple[int, int, torch.device]:
    """(rank, world_size, device); initialises the process group when launched by torchrun."""
    if "RANK" not in os.environ or int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return 0, 1, pick_device(device_name)
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(device_name)
    if device.type == "cuda":
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    if not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return rank, world, device


def wrapper(device: torch.device):
    """Wrap one network in DDP (G and D are wrapped separately, as they have separate optimisers)."""
    def wrap(module: torch.nn.Module) -> torch.nn.Module:
        ids = [device.index] if device.type == "cuda" else None
        return torch.nn.parallel.DistributedDataParallel(module, device_ids=ids, broadcast_buffers=True)
    return wrap


def teardown() -> None:
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
