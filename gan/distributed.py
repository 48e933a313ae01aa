"""Data-parallel training of Algorithm 1 across processes (torchrun) with DistributedDataParallel.

Each process draws its own shard of every epoch's shuffle (:class:`gan.data.DatasetSampler`) and its
own noise z (:func:`rank_seed`), DDP averages the gradients so G and D stay identical everywhere, and
only rank 0 writes files. NCCL on CUDA, gloo on the CPU. Without torchrun's environment (or with a
world size of 1) everything here is a no-op, so ``python -m gan.train`` runs unchanged either way.

The collectives the CLI needs besides DDP's own live here too: agreeing on when to stop
(:func:`any_rank`), collecting per-rank state into rank 0's checkpoint (:func:`gather_to_main`),
handing rank 0's checkpoint to every process on resume (:func:`broadcast_from_main`) and checking
that the replicas still hold the same weights (:func:`weights_fingerprint`).
"""
from __future__ import annotations

import hashlib
import os
import time

import torch
import torch.distributed as dist

from gan.device import pick_device

RANK_SEED_STRIDE = 2**32  # rank r draws noise from seed + r * 2**32: never another run's seed


def setup(device_name: str | None = None) -> tuple[int, int, torch.device]:
    """(rank, world_size, device); initialises the process group when launched by torchrun.
    On CUDA each process takes the GPU of its LOCAL_RANK (overriding a ``cuda:N`` index)."""
    if "RANK" not in os.environ or int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return 0, 1, pick_device(device_name)
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(device_name)
    if device.type == "cuda":
        if local_rank >= torch.cuda.device_count():
            raise ValueError(f"LOCAL_RANK {local_rank} has no GPU: this node has {torch.cuda.device_count()}; "
                             "use --nproc_per_node <= the number of GPUs")
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    if not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return rank, world, device


def rank_and_world() -> tuple[int, int]:
    """(rank, world_size) of this process; (0, 1) outside a process group."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def rank_seed(seed: int, rank: int) -> int:
    """The seed of rank `rank`'s noise: `seed` itself on rank 0 (single-process runs are unchanged),
    distinct streams elsewhere, so the processes do not all draw the same z."""
    return int(seed) + int(rank) * RANK_SEED_STRIDE


def wrapper(device: torch.device):
    """Wrap one network in DDP (G and D are wrapped separately, as they have separate optimisers).
    DDP's default buffer sync applies: G's batch-norm running statistics are rank 0's, copied to every
    rank at each forward (each rank normalises with its own batch's statistics, as without DDP)."""
    def wrap(module: torch.nn.Module) -> torch.nn.Module:
        ids = [device.index] if device.type == "cuda" else None
        return torch.nn.parallel.DistributedDataParallel(module, device_ids=ids)
    return wrap


def _active() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def _collective_device() -> torch.device:
    return torch.device("cuda", torch.cuda.current_device()) if dist.get_backend() == "nccl" else torch.device("cpu")


def any_rank(flag: int) -> int:
    """The largest of every rank's `flag` (0 = carry on): all ranks leave the loop at the same step,
    so none is left waiting in a collective. Returns `flag` unchanged in a single process."""
    if not _active():
        return int(flag)
    t = torch.tensor([int(flag)], dtype=torch.int64, device=_collective_device())
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return int(t.item())


def gather_to_main(obj) -> list | None:
    """Every rank's `obj` (picklable, e.g. CPU tensors) as a list on rank 0, None on the others."""
    if not _active():
        return [obj]
    out = [None] * dist.get_world_size() if dist.get_rank() == 0 else None
    dist.gather_object(obj, out, dst=0)
    return out


def gather_all(obj) -> list:
    """Every rank's `obj` (picklable) as a list, on every rank."""
    if not _active():
        return [obj]
    out = [None] * dist.get_world_size()
    dist.all_gather_object(out, obj)
    return out


def broadcast_from_main(obj):
    """Rank 0's `obj` on every rank (only rank 0 needs to be able to read files, e.g. a checkpoint)."""
    if not _active():
        return obj
    box = [obj if dist.get_rank() == 0 else None]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def weights_fingerprint(module: torch.nn.Module) -> str:
    """A short hash of every parameter's bytes: equal on two ranks iff their weights are bit-identical."""
    h = hashlib.sha1()
    for name, p in module.named_parameters():
        h.update(name.encode())
        h.update(p.detach().float().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()[:16]


# Gloo's worker threads destroy each finished collective only after its caller has moved on, and a
# collective that carried Python objects (the *_object calls above) takes the GIL to do so. If the group
# is destroyed meanwhile with the GIL held (DDP dropping the last reference to it as the trainer goes),
# its destructor joins those threads and both wait forever: seen once at the end of a 2-process CPU run
# (torch 2.13; rank 1 stuck in ~ProcessGroupGloo, its worker in ~AsyncGatherWork waiting for the GIL).
# Sleeping releases the GIL, so the workers finish that clean-up before the group can go.
EXIT_PAUSE_S = 0.05


def teardown(barrier: bool = True) -> None:
    """Leave the process group (after waiting for every rank, unless leaving on an error)."""
    if dist.is_available() and dist.is_initialized():
        if barrier:
            dist.barrier()
        time.sleep(EXIT_PAUSE_S)
        dist.destroy_process_group()
