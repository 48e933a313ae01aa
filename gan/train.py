"""Command line for Algorithm 1 on MNIST: ``python -m gan.train --model mlp --out weights/mnist-mlp``.

Prints the metrics the trainer yields (progress bar), writes a sample grid PNG from fixed noise each
epoch, a resumable checkpoint (safetensors) every ``--checkpoint-every`` steps, an optional validation
Parzen score every ``--eval-every`` epochs (keeping the best weights), and finally ``config.json`` +
``model.safetensors`` in ``--out``. Runs unchanged under ``torchrun`` (see :mod:`gan.distributed`).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from . import distributed as dist_util
from .data import DataError, load_mnist, mnist_sampler, pixel_means, to_unit_float
from .device import pick_device
from .metrics import choose_sigma, parzen_from_distances, squared_distances
from .models import GAN, init_dcgan, init_paper_mlp
from .presets import preset
from .sampling import generate, make_grid
from .trainer import Trainer
from .weights import flatten_optimizer, save_pretrained, unflatten_optimizer


def save_checkpoint(trainer: Trainer, path: Path) -> None:
    tensors = {f"model.{k}": v.detach().cpu().contiguous() for k, v in trainer.gan.state_dict().items()}
    meta = {"step": trainer.step, "updates": trainer.updates, "examples_seen": trainer.examples_seen}
    for prefix, opt in (("opt_d", trainer.opt_d), ("opt_g", trainer.opt_g)):
        t, m = flatten_optimizer(opt, prefix)
        tensors.update(t)
        meta[prefix] = m
    s = trainer.data.state()
    tensors.update({"data.rng": s["rng"], "data.order": s["order"].contiguous(), "rng": trainer.rng.get_state()})
    meta["data"] = {"epoch": s["epoch"], "pos": s["pos"]}
    tmp = path.with_suffix(".tmp")
    save_file(tensors, str(tmp), metadata={"trainer": json.dumps(meta)})
    tmp.replace(path)


def load_checkpoint(trainer: Trainer, path: Path) -> None:
    from safetensors import safe_open
    with safe_open(str(path), "pt") as f:
        meta = json.loads(f.metadata()["trainer"])
    tensors = load_file(str(path))
    trainer.gan.load_state_dict({k[6:]: v for k, v in tensors.items() if k.startswith("model.")})
    for prefix, opt in (("opt_d", trainer.opt_d), ("opt_g", trainer.opt_g)):
        unflatten_optimizer(opt, prefix, tensors, meta[prefix])
    trainer.data.load_state({**meta["data"], "rng": tensors["data.rng"], "order": tensors["data.order"]})
    trainer.rng.set_state(tensors["rng"])
    trainer.step, trainer.updates, trainer.examples_seen = meta["step"], meta["updates"], meta["examples_seen"]
    trainer._last_good = trainer._copy_state()


def build(args, device, rank=0, world_size=1):
    model_cfg, train_cfg = preset(args.model, loss=args.loss, k=args.k, batch_size=args.batch_size,
                                  lr_d=args.lr_d, lr_g=args.lr_g, seed=args.seed)
    data = mnist_sampler("train", args.mnist, device=device, labels=model_cfg.n_classes > 0,
                         seed=args.seed, rank=rank, world_size=world_size)
    torch.manual_seed(args.seed)  # the same initial weights in every process
    gan = GAN(model_cfg)
    init = torch.Generator().manual_seed(args.seed)
    if model_cfg.arch == "mlp":
        init_paper_mlp(gan, pixel_means(data).cpu(), generator=init)
    else:
        init_dcgan(gan, generator=init)
    if args.init_from:
        from .weights import load_pretrained
        gan.load_state_dict(load_pretrained(args.init_from).state_dict())
    gan.to(device)
    return gan, data, train_cfg


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="mlp", help="preset: mlp, dcgan, cdcgan, mlp-live")
    p.add_argument("--out", required=True, help="folder for config.json + model.safetensors")
    p.add_argument("--mnist", help="MNIST npz (else $GAN_MNIST, else the Hub)")
    p.add_argument("--epochs", type=float, default=None, help="passes over the 50k training digits")
    p.add_argument("--steps", type=int, default=None, help="G-steps (overrides --epochs)")
    p.add_argument("--max-minutes", type=float, default=None, help="stop after this wall time")
    p.add_argument("--loss", choices=["nonsaturating", "minimax", "wasserstein"])
    p.add_argument("--k", type=int, help="D-steps per G-step")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr-d", type=float)
    p.add_argument("--lr-g", type=float)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", help="cpu, cuda (default: CUDA when present)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.safetensors")
    p.add_argument("--init-from", help="start from these weights (a weights folder) instead of the "
                   "paper's initialisation; optimiser state starts fresh")
    p.add_argument("--checkpoint-every", type=int, default=2000, help="steps between checkpoints")
    p.add_argument("--eval-every", type=float, default=0, help="epochs between validation Parzen scores "
                   "(on 2,000 samples vs 2,000 validation digits); the best weights are kept")
    p.add_argument("--half", action="store_true", help="store the final weights as float16")
    p.add_argument("--no-progress", action="store_true")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    rank, world_size, device = dist_util.setup(args.device)
    is_main = rank == 0
    out = Path(args.out)
    try:
        gan, data, train_cfg = build(args, device, rank, world_size)
    except (DataError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    trainer = Trainer(gan, data, train_cfg, ddp_wrap=dist_util.wrapper(device) if world_size > 1 else None)
    ckpt = out / "checkpoint.safetensors"
    if args.resume and ckpt.is_file():
        load_checkpoint(trainer, ckpt)
        if is_main:
            print(f"resumed from {ckpt} at step {trainer.step}")
    global_batch = train_cfg.batch_size * world_size
    steps_per_epoch = max(1, len(data) // global_batch)
    total = args.steps or int(round((args.epochs or 1.0) * steps_per_epoch))
    if is_main:
        (out / "samples").mkdir(parents=True, exist_ok=True)
        valid = to_unit_float(load_mnist("valid", args.mnist)[0][:2000]).to(device) if args.eval_every else None
    log = open(out / "train_log.jsonl", "a") if is_main else None
    best, start = (-math.inf, None), time.time()
    bar = None
    if is_main and not args.no_progress:
        from tqdm import tqdm
        bar = tqdm(total=total, initial=trainer.step, unit="step", dynamic_ncols=True)
    eval_steps = max(1, int(args.eval_every * steps_per_epoch)) if args.eval_every else 0
    for m in trainer.run(max(0, total - trainer.step), snapshot_every=steps_per_epoch,
                         max_seconds=args.max_minutes * 60 if args.max_minutes else None):
        if "diverged" in m:
            print(f"error: {m['diverged']}", file=sys.stderr)
            break
        if not is_main:
            continue
        if bar:
            bar.update(1)
            if m["step"] % 50 == 0:
                bar.set_postfix(d=f"{m['d_loss']:.3f}", g=f"{m['g_loss']:.3f}", dx=f"{m['d_real']:.2f}",
                                dgz=f"{m['d_fake']:.2f}")
        if "samples" in m:
            from PIL import Image
            Image.fromarray(make_grid(m["samples"], 8, 8)).save(out / "samples" / f"epoch_{m['step'] // steps_per_epoch:04d}.png")
        if eval_steps and m["step"] % eval_steps == 0:
            s = generate(gan, 2000, seed=123, digit=list(range(10)) * 200 if gan.conditional else None)
            sigma, scores = choose_sigma(s.to(device), valid)
            m["valid_parzen"] = scores[sigma]
            if scores[sigma] > best[0]:
                best = (scores[sigma], {k: v.detach().clone() for k, v in gan.state_dict().items()})
            print(f"\nstep {m['step']}: validation Parzen {scores[sigma]:.1f} (sigma {sigma:.3f})", flush=True)
        if m["step"] % 100 == 0 or "valid_parzen" in m:
            log.write(json.dumps({k: v for k, v in m.items() if k != "samples"}) + "\n")
        if m["step"] % args.checkpoint_every == 0:
            save_checkpoint(trainer, ckpt)
    if is_main:
        if bar:
            bar.close()
        save_checkpoint(trainer, ckpt)
        if best[1] is not None:
            gan.load_state_dict(best[1])
        meta = {"train": trainer.config_dict(), "preset": args.model, "steps": trainer.step,
                "epochs": round(trainer.epoch, 2), "train_seconds": round(time.time() - start, 1),
                "device": str(device), "world_size": world_size,
                "best_valid_parzen": None if best[1] is None else round(best[0], 2)}
        save_pretrained(gan, out, dtype=torch.float16 if args.half else None, meta=meta)
        print(f"saved {out}/config.json + model.safetensors after {trainer.step} steps")
        log.close()
    dist_util.teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
