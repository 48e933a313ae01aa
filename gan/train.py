"""Command line for Algorithm 1 on MNIST: ``python -m gan.train --model mlp --out weights/mnist-mlp``.

Prints the metrics the trainer yields (progress bar), writes a sample grid PNG from fixed noise each
epoch, a resumable checkpoint (safetensors) every ``--checkpoint-every`` steps, an optional validation
Parzen score every ``--eval-every`` epochs (keeping the best weights), and finally ``config.json`` +
``model.safetensors`` in ``--out``. Runs unchanged under ``torchrun`` (see :mod:`gan.distributed`):
every process trains on its shard with its own noise, rank 0 alone writes files and evaluates, all
ranks stop at the same step, and ``--resume`` restores every rank's RNGs and data position.
``--amp`` trains under bf16 autocast on CUDA, or on a CPU with AVX-512 BF16.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import sys
import time
from dataclasses import fields
from pathlib import Path

import torch

from gan import distributed as dist_util, limits, losses
from gan.weights.checkpoint import load_checkpoint, save_checkpoint, saved_configs
from gan.data import DataError, load_mnist, mnist_sampler, to_unit_float
from gan.device import bf16_autocast_supported
from gan.evaluate import CLASSIFIER
from gan.models import D_CONDS, D_NORMS
from gan.models.config import MIXTURE_RADIUS
from gan.presets import build_trainer, preset
from gan.sampling import make_grid
from gan.trainer import TrainConfig, Trainer
from gan.evaluation.selection import BEST_KEY, earlier_best, validate
from gan.weights.pretrained import load_pretrained, save_pretrained


def build(args, device, rank: int = 0, world_size: int = 1) -> Trainer:
    """The preset named by --model as a Trainer on this process's shard of MNIST, every option of the
    command line applied (None keeps the preset's value)."""
    model_cfg, _ = preset(args.model)
    init_from = load_pretrained(args.init_from) if args.init_from else None
    amp = bool(args.amp) and bf16_autocast_supported(device)
    model_overrides = {"width": args.width, "d_width": args.d_width, "g_fc": args.g_fc, "d_fc": args.d_fc,
                       "d_norm": args.d_norm, "d_cond": args.d_cond, "info_codes": args.info_codes,
                       "prior": args.prior}
    train_overrides = dict(loss=args.loss, minimax_share=args.minimax_share, k=args.k, batch_size=args.batch_size,
                           lr_d=args.lr_d, lr_g=args.lr_g,
                           ema_decay=args.ema_decay, update=args.update, d_loss_scale=args.d_loss_scale,
                           max_col_norm=args.max_col_norm, info_weight=args.info_weight,
                           class_weight=args.class_weight, g_top_k=args.g_top_k, balance_digits=args.balance_digits,
                           keep_typical=args.keep_typical,
                           momentum=tuple(args.momentum) if args.momentum else None)
    saved = saved_configs(Path(args.out) / "checkpoint.safetensors") if args.resume else None
    if saved:   # a resumed run goes on with the settings it was started with, but for what the command line names
        # (of the model config only the options above: a checkpoint of another preset is still refused)
        model_overrides = {k: saved[0].get(k) if v is None else v for k, v in model_overrides.items()}
        train_overrides = {**known(saved[1], TrainConfig), **{k: v for k, v in train_overrides.items() if v is not None}}
    keep_typical = train_overrides.get("keep_typical")
    data = mnist_sampler("train", args.mnist, device=device, labels=model_cfg.n_classes > 0,
                         seed=args.seed, rank=rank, world_size=world_size,
                         balanced=bool(train_overrides.get("balance_digits")),
                         keep_typical=limits.KEEP_TYPICAL.check(1.0 if keep_typical is None else keep_typical))
    return build_trainer(args.model, data, seed=args.seed, device=device, init_from=init_from,
                         init_generator_only=args.init_generator_only, model_overrides=model_overrides,
                         ddp_wrap=dist_util.wrapper(device) if world_size > 1 else None, amp=amp, **train_overrides)


def known(saved: dict, config_cls) -> dict:
    """The fields of `config_cls` in a saved config dict, lists back to tuples (the seed is the command line's)."""
    names = {f.name for f in fields(config_cls)} - {"seed"}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in saved.items() if k in names}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="mlp", help="preset: mlp, dcgan, cdcgan, mlp-live")
    p.add_argument("--out", required=True, help="folder for config.json + model.safetensors")
    p.add_argument("--mnist", help="MNIST npz (else $GAN_MNIST, else the Hub)")
    p.add_argument("--epochs", type=float, default=None, help="passes over the 50k training digits")
    p.add_argument("--steps", type=int, default=None, help="G-steps (overrides --epochs)")
    p.add_argument("--max-minutes", type=float, default=None, help="stop after this wall time")
    p.add_argument("--loss", choices=list(losses.G_LOSSES), help="G's loss; mixed: --minimax-share of eq. 1's "
                   "log(1 - D(G(z))) and the rest non-saturating -log D(G(z)) (not in the paper)")
    p.add_argument("--minimax-share", type=float, help="with --loss mixed: the share s of eq. 1's loss (default 0.5)")
    p.add_argument("--k", type=int, help="D-steps per G-step")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr-d", type=float)
    p.add_argument("--lr-g", type=float)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ema-decay", type=float, help="average G's weights (EMA, e.g. 0.999); the average "
                   "is what gets saved and sampled, the raw G stays in the checkpoint")
    p.add_argument("--update", choices=["alternating", "simultaneous"], help="alternating (Algorithm 1) "
                   "or the authors' one simultaneous step on one minibatch")
    p.add_argument("--momentum", type=float, nargs=3, metavar=("START", "END", "EPOCH"), help="sgd: momentum "
                   "rising from START at epoch 1 to END at EPOCH (the authors': 0.5 0.7 250); a run continued "
                   "with --init-from late in the schedule passes END END 1 and the schedule's --lr-d/--lr-g")
    p.add_argument("--d-loss-scale", type=float, help="factor on D's loss (the authors': 0.5)")
    p.add_argument("--max-col-norm", type=float, help="max-norm on D's maxout units (0: off)")
    p.add_argument("--device", help="cpu, cuda (default: CUDA when present)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.safetensors with the "
                   "settings it was started with (training options given here override them)")
    p.add_argument("--init-from", help="start from these weights (a weights folder) instead of the "
                   "paper's initialisation; optimiser state starts fresh, G's average (--ema-decay) starts from its "
                   "generator with no warm-up")
    p.add_argument("--init-generator-only", action="store_true", help="with --init-from: take only its "
                   "generator; D starts afresh (say, a D of another --d-width)")
    p.add_argument("--prior", help="p_z: uniform (the paper's), normal, or mixtureK (K unit Gaussians "
                   f"{MIXTURE_RADIUS:g} from the origin along z's first K axes, e.g. mixture10)")
    p.add_argument("--d-width", type=int, help="dcgan: D's base channel count (default: the preset's width)")
    p.add_argument("--width", type=int, help="dcgan: G's (and by default D's) base channel count")
    p.add_argument("--g-fc", type=int, help="dcgan: width of a fully connected layer before G's 7x7 projection (0: none)")
    p.add_argument("--d-fc", type=int, help="dcgan: width of a fully connected layer before D's logit (0: none)")
    p.add_argument("--d-norm", choices=D_NORMS, help="dcgan: normalisation of D's layers")
    p.add_argument("--d-cond", choices=D_CONDS, help="dcgan, conditional: how D takes the label")
    p.add_argument("--info-codes", type=int, help="dcgan, unconditional: InfoGAN's categorical code of this "
                   "many values, read from z (0: none)")
    p.add_argument("--info-weight", type=float, help="with --info-codes: lambda on the mutual-information "
                   "term L_I (default 1)")
    p.add_argument("--class-weight", type=float, help="cdcgan (projection D): weight of AC-GAN's class loss "
                   "on D's class logits <e_c, phi(x)>, D's on real digits, G's on its own (0: off)")
    p.add_argument("--g-top-k", type=float, help="G learns from only this share of its batch, the samples D "
                   "scores highest (top-k training; 1: all)")
    p.add_argument("--balance-digits", action="store_true", default=None, help="D's real minibatches with "
                   "each digit equally likely (beyond the paper; a resumed run keeps its setting)")
    p.add_argument("--keep-typical", type=float, help="train on only this share (0-1] of each digit's most "
                   "typical training digits (instance selection, beyond the paper; a resumed run keeps its setting)")
    p.add_argument("--checkpoint-every", type=int, default=2000, help="steps between checkpoints")
    p.add_argument("--eval-every", type=float, default=0, help="epochs between validation Parzen scores "
                   "(on --eval-n samples vs as many validation digits); the best weights are kept")
    p.add_argument("--eval-n", type=int, default=2000, help="samples (and validation digits) per validation "
                   "score: 10000 is the paper's protocol on the validation split")
    p.add_argument("--eval-test", action="store_true", help="with --eval-every: also report the test split's "
                   "Parzen score of the same samples at the validation-chosen sigma (reported only: weights are "
                   "chosen on validation), which is how long a run took to reach Table 1's 225")
    p.add_argument("--select", choices=("parzen", "read"), default="parzen", help="with --eval-every: keep the "
                   "weights with the best validation Parzen, or those the shipped classifier reads best: the share "
                   "of samples it reads with p >= 0.9, less how far the digits' shares stray outside 8-12%% "
                   "(the samples only, no held-out digits; implies --eval-digits)")
    p.add_argument("--eval-digits", action="store_true", help="with --eval-every: also report the classifier's "
                   "read share and digit shares of the validation samples")
    p.add_argument("--half", action="store_true", help="store the final weights as float16")
    p.add_argument("--amp", action="store_true", help="bf16 autocast (mixed precision) on CUDA or on a CPU "
                   "with AVX-512 BF16; ignored, with a note, elsewhere")
    p.add_argument("--check-sync-every", type=int, default=0, help="under torchrun: every N steps compare a "
                   "hash of every process's weights, log them, and stop with an error if they differ")
    p.add_argument("--no-progress", action="store_true")
    args = p.parse_args(argv)
    if args.init_generator_only and not args.init_from:
        p.error("--init-generator-only needs --init-from FOLDER")
    return args


STOP_NONE, STOP_TIME, STOP_DIVERGED, STOP_DESYNC = 0, 1, 2, 3


def check_args(args) -> str | None:
    """The first bad option, described; None when all are fine (the rest is checked by the builder)."""
    if not 1 <= args.eval_n <= 10_000:
        return f"--eval-n must be 1-10000, got {args.eval_n}"
    if args.check_sync_every < 0:
        return f"--check-sync-every must be >= 0, got {args.check_sync_every}"
    return None


def decide_stop(m: dict, trainer: Trainer, args, max_seconds: float | None, is_main: bool) -> int:
    """What every process agrees on after step m (each takes part in the same collectives at the same
    steps, so none is left waiting): go on, stop for time, stop on a divergence (every process back to
    the same last good weights), or stop because the processes' weights differ."""
    out_of_time = max_seconds is not None and m.get("seconds", 0.0) >= max_seconds
    stop = dist_util.any_rank(STOP_DIVERGED if "diverged" in m else STOP_TIME if out_of_time else STOP_NONE)
    if stop == STOP_DIVERGED:
        if "diverged" not in m:  # another rank saw NaN/inf
            trainer.restore_last_good()
        if is_main:
            message = m.get("diverged") or f"training diverged at step {m['step']} on another process"
            print(f"error: {message}", file=sys.stderr)
        return stop
    if args.check_sync_every and m["step"] % args.check_sync_every == 0:
        m["replica_fingerprints"] = dist_util.gather_all(dist_util.weights_fingerprint(trainer.gan))
        if len(set(m["replica_fingerprints"])) > 1:
            stop = STOP_DESYNC
            if is_main:
                print(f"error: the processes' weights differ at step {m['step']}: {m['replica_fingerprints']}",
                      file=sys.stderr)
    return stop


def save_final(trainer: Trainer, args, out: Path, best: list, seconds: float, world_size: int,
               quiet: bool = False) -> None:
    """Rank 0: the weights to ship (the averaged G with EMA; the best validation weights with
    --eval-every) as config.json + model.safetensors, the run's figures in the config."""
    if best[1] is not None:   # the best validation weights, already averaged (and batch norm recomputed)
        gan = copy.deepcopy(trainer.gan)
        gan.load_state_dict(best[1])
    else:
        gan = trainer.averaged_gan()
    meta = {"train": trainer.config_dict(), "preset": args.model, "steps": trainer.step,
            "epochs": round(trainer.epoch, 2), "train_seconds": round(seconds, 1),
            "device": str(trainer.device), "world_size": world_size, "amp": trainer.amp,
            BEST_KEY[args.select]: None if best[1] is None else round(best[0], 4 if args.select == "read" else 2),
            "best_valid_step": None if best[1] is None else best[2]}   # the step of the weights saved
    save_pretrained(gan, out, dtype=torch.float16 if args.half else None, meta=meta)
    if not quiet:
        print(f"saved {out}/config.json + model.safetensors after {trainer.step} steps")


def main(argv=None) -> int:
    args = parse_args(argv)
    problem = check_args(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        rank, world_size, device = dist_util.setup(args.device)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    is_main, out, ckpt = rank == 0, Path(args.out), Path(args.out) / "checkpoint.safetensors"
    # dropout masks come from the global RNG (a command line, not a request): a stream per process,
    # seeded before anything draws from it; a resumed run then restores the stream from the checkpoint
    torch.manual_seed(dist_util.rank_seed(args.seed, rank) if rank else args.seed)
    try:
        trainer = build(args, device, rank, world_size)
        resumed = load_checkpoint(trainer, ckpt) if args.resume else None
        trainer.data.check_batch(trainer.cfg.batch_size)   # else the first minibatch fails with a traceback
    except (DataError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        dist_util.teardown(barrier=False)
        return 2
    if is_main and args.amp and not trainer.amp:
        print(f"note: --amp (bf16 autocast) needs a GPU or a CPU with bf16 (AVX-512 BF16); training in float32 "
              f"on {device}", file=sys.stderr)
    if is_main and resumed is not None:
        print(f"resumed from {ckpt} at step {trainer.step}" if resumed else f"no {ckpt} yet: starting afresh")
    steps_per_epoch = max(1, len(trainer.data) // (trainer.cfg.batch_size * world_size))
    total = args.steps or int(round((args.epochs or 1.0) * steps_per_epoch))
    valid, test, log, bar, classifier = None, None, None, None, None
    if is_main:
        (out / "samples").mkdir(parents=True, exist_ok=True)
        if args.eval_every:
            valid = to_unit_float(load_mnist("valid", args.mnist)[0][:args.eval_n]).to(device)
            if args.eval_test:
                test = to_unit_float(load_mnist("test", args.mnist)[0][:args.eval_n]).to(device)
            if args.eval_digits or args.select == "read":
                from gan.evaluation.classifier import load_classifier
                from gan.weights.hub import resolve
                classifier = load_classifier(resolve(CLASSIFIER).folder, device)
        log = open(out / "train_log.jsonl", "a", buffering=1)
        if not args.no_progress:
            from tqdm import tqdm
            bar = tqdm(total=total, initial=trainer.step, unit="step", dynamic_ncols=True)
    best, start = [-math.inf, None, None], time.time()  # [score, weights, step] of the best validation Parzen
    if is_main and resumed and args.eval_every:
        best = earlier_best(out, trainer, args.select)
        if best[1] is not None:
            print(f"keeping {out}'s best validation weights ({args.select} score {best[0]:.4g} at step {best[2]}) unless a later score beats them")
    max_seconds = args.max_minutes * 60 if args.max_minutes else None
    eval_steps = max(1, int(args.eval_every * steps_per_epoch)) if args.eval_every else 0
    stop = STOP_NONE
    for m in trainer.run(max(0, total - trainer.step), snapshot_every=steps_per_epoch):
        stop = decide_stop(m, trainer, args, max_seconds, is_main)
        if stop == STOP_DIVERGED:
            break
        if is_main:
            report(m, trainer=trainer, valid=valid, test=test, out=out, log=log, bar=bar, steps_per_epoch=steps_per_epoch,
                   eval_steps=eval_steps, best=best, classifier=classifier, select=args.select,
                   on_best=lambda: save_final(trainer, args, out, best, time.time() - start, world_size, quiet=True))
        if m["step"] % args.checkpoint_every == 0:
            save_checkpoint(trainer, ckpt)
        if stop:
            break
    if bar:
        bar.close()
    save_checkpoint(trainer, ckpt)
    if is_main:
        save_final(trainer, args, out, best, time.time() - start, world_size)
        log.close()
    dist_util.teardown()
    return 1 if stop == STOP_DESYNC else 0


def report(m: dict, *, trainer, valid, test=None, out: Path, log, bar=None, steps_per_epoch: int = 1, eval_steps: int = 0,
           best: list, on_best=None, classifier=None, select: str = "parzen") -> None:
    """Rank 0's side of a step: progress bar, sample grid, validation Parzen (keeping the best
    weights in the list `best`, and calling `on_best` on a new best: the CLI writes them to OUT at once,
    so a run that is killed keeps them), the test score of the same samples if `test` is given (never
    used to choose), the classifier's figures for the same samples if `classifier` is given (chosen on with
    select="read"), log line."""
    if bar:
        bar.update(1)
        if m["step"] % 50 == 0:
            bar.set_postfix(d=f"{m['d_loss']:.3f}", g=f"{m['g_loss']:.3f}", dx=f"{m['d_real']:.2f}",
                            dgz=f"{m['d_fake']:.2f}")
    if "samples" in m:
        from PIL import Image
        Image.fromarray(make_grid(m["samples"], 8, 8)).save(out / "samples" / f"epoch_{m['step'] // steps_per_epoch:04d}.png")
    if eval_steps and m["step"] % eval_steps == 0:
        print(validate(m, trainer=trainer, valid=valid, test=test, best=best, on_best=on_best, classifier=classifier,
                       select=select), flush=True)
    if m["step"] % 100 == 0 or "valid_parzen" in m or "replica_fingerprints" in m:
        log.write(json.dumps({k: v for k, v in m.items() if k != "samples"}) + "\n")


if __name__ == "__main__":
    sys.exit(main())
