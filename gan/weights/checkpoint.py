"""Resumable training checkpoints for Algorithm 1: the state of the whole game, not just G.

One safetensors file (never a pickle) holds both networks, both optimisers, the step counters, the
data sampler's shuffle and position, and the RNGs that draw z and dropout masks, so a resumed run
continues exactly where it stopped. Under torchrun every process's RNGs and data shard are gathered
into rank 0's file (keys ``rank{r}.*``) and only rank 0 reads it back, so nodes need not share a disk.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load as load_bytes
from safetensors.torch import save_file

from gan import distributed as dist_util
from gan.models import GAN, GANConfig
from gan.trainer import Trainer
from gan.weights.files import load_state_strict


def _process_state(trainer: Trainer) -> dict:
    """What differs between the processes of a distributed run: noise RNGs and the data shard."""
    state = {"rng": trainer.rng.get_state(), "data.order": trainer.data.state()["order"].contiguous(),
             "torch_rng": torch.get_rng_state()}
    if trainer.device.type == "cuda":
        state["cuda_rng"] = torch.cuda.get_rng_state(trainer.device)
    return state


def save_checkpoint(trainer: Trainer, path: Path) -> None:
    """Everything needed to continue exactly where training stopped. Under torchrun every rank calls
    this (it gathers each rank's RNGs and data shard, keys ``rank{r}.*``) and rank 0 writes the file."""
    states = dist_util.gather_to_main(_process_state(trainer))
    if trainer.rank != 0:
        return
    tensors = {f"model.{k}": v.detach().cpu().contiguous() for k, v in trainer.state().items()}
    meta = {"step": trainer.step, "updates": trainer.updates, "examples_seen": trainer.examples_seen,
            "world_size": len(states), "model": trainer.gan.config.to_dict(), "train": trainer.config_dict()}
    for prefix, opt in (("opt_d", trainer.opt_d), ("opt_g", trainer.opt_g)):
        t, m = flatten_optimizer(opt, prefix)
        tensors.update(t)
        meta[prefix] = m
    s = trainer.data.state()
    tensors["data.rng"] = s["rng"]  # the shuffle's generator: the same on every rank
    for r, state in enumerate(states):
        tensors.update({("" if r == 0 else f"rank{r}.") + k: v for k, v in state.items()})
    meta["data"] = {"epoch": s["epoch"], "pos": s["pos"]}
    tmp = path.with_suffix(".tmp")
    save_file(tensors, str(tmp), metadata={"trainer": json.dumps(meta)})
    tmp.replace(path)


def saved_configs(path) -> tuple[dict, dict] | None:
    """The (model, train) config dicts a training checkpoint was written with, read from its header alone;
    None when there is no readable checkpoint (loading it then says what is wrong)."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        with safe_open(str(path), "pt") as f:
            meta = json.loads(f.metadata()["trainer"])
        return dict(meta.get("model") or {}), dict(meta.get("train") or {})
    except Exception:  # noqa: BLE001 - truncated, corrupt, or not a training checkpoint
        return None


def _as_config(saved: dict) -> GANConfig | None:
    try:
        return GANConfig.from_dict(saved)
    except (TypeError, ValueError):
        return None


def load_checkpoint(trainer: Trainer, path: Path) -> bool:
    """Restore a checkpoint; False when there is none. Under torchrun every rank calls this and only
    rank 0 reads the file (nodes need not share a disk). Resuming with another number of processes
    restores the weights, optimisers and step, and starts a fresh shuffle of the data."""
    blob = path.read_bytes() if trainer.rank == 0 and path.is_file() else None
    blob = dist_util.broadcast_from_main(blob)
    if blob is None:
        return False
    try:
        header = json.loads(blob[8:8 + int.from_bytes(blob[:8], "little")])  # the safetensors header
        meta = json.loads(header["__metadata__"]["trainer"])
        tensors = load_bytes(blob)
    except Exception as e:  # noqa: BLE001 - truncated, corrupt, or not a training checkpoint
        raise ValueError(f"{path} is not a readable training checkpoint ({type(e).__name__}: {e}); "
                         "delete it or drop --resume") from e
    saved_model = meta.get("model")
    # compared as configs: one saved before a field existed reads with that field's default
    if saved_model is not None and _as_config(saved_model) != trainer.gan.config:
        raise ValueError(f"{path} holds a model of another config ({saved_model}); "
                         "resume with the same preset, or delete it")
    trainer.load_state({k[6:]: v for k, v in tensors.items() if k.startswith("model.")})
    for prefix, opt in (("opt_d", trainer.opt_d), ("opt_g", trainer.opt_g)):
        unflatten_optimizer(opt, prefix, tensors, meta[prefix])
    # the optimisers' moments resume, their settings are this run's: a resume may lower Adam's lr
    # (SGD's lr and momentum follow the schedule from the restored update count anyway)
    for opt, lr in ((trainer.opt_d, trainer.cfg.lr_d), (trainer.opt_g, trainer.cfg.lr_g)):
        for group in opt.param_groups:
            group["lr"] = lr
            if "betas" in group:
                group["betas"] = tuple(trainer.cfg.betas)
    same_world = meta.get("world_size", 1) == trainer.world_size
    mine = "" if trainer.rank == 0 else f"rank{trainer.rank}."
    order = tensors[mine + "data.order"] if same_world else torch.empty(0, dtype=torch.long)
    trainer.data.load_state({**meta["data"], "pos": meta["data"]["pos"] if same_world else 0,
                             "rng": tensors["data.rng"], "order": order})
    if mine + "rng" in tensors:
        trainer.rng.set_state(tensors[mine + "rng"])
    else:  # a rank the checkpoint did not have: a stream of its own, reproducible from the step
        trainer.rng.manual_seed(dist_util.rank_seed(trainer.cfg.seed + trainer.step, trainer.rank))
    if mine + "torch_rng" in tensors:  # dropout masks
        torch.set_rng_state(tensors[mine + "torch_rng"])
    if mine + "cuda_rng" in tensors and trainer.device.type == "cuda":
        torch.cuda.set_rng_state(tensors[mine + "cuda_rng"], trainer.device)
    trainer.step, trainer.updates, trainer.examples_seen = meta["step"], meta["updates"], meta["examples_seen"]
    trainer.mark_good()
    if trainer.rank == 0 and not same_world:
        print(f"note: {path} was written by {meta.get('world_size', 1)} process(es), this run has "
              f"{trainer.world_size}: weights, optimisers and step restored, the data shuffle starts afresh")
    return True


def load_raw_gan(path) -> GAN:
    """The networks of a checkpoint as they train (the raw G, not its average), built from the model
    config the checkpoint carries."""
    path = Path(path)
    try:
        with safe_open(str(path), "pt") as f:
            meta = json.loads(f.metadata()["trainer"])
            tensors = {k[6:]: f.get_tensor(k) for k in f.keys()
                       if k.startswith("model.") and not k.startswith("model.ema.")}
        gan = GAN(GANConfig.from_dict(meta["model"]))
    except Exception as e:  # noqa: BLE001 - missing, corrupt, or a checkpoint without its config
        raise ValueError(f"{path} is not a training checkpoint with its model config ({type(e).__name__}: {e})") from e
    load_state_strict(gan, tensors, path)
    return gan.eval()


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
