"""Named recipes: a model config and a training config for each model the project trains, and the one
builder that turns a recipe into a ready :class:`gan.trainer.Trainer` (used by the command line, live
training, the paper's experiments and the benchmark).

- ``mlp``: the paper's MNIST model with the authors' recipe exactly (their ``mnist.yaml``): SGD lr 0.1
  (divided by 1.000004 per update, floor 1e-6), batch 100, momentum 0.5 -> 0.7 over epochs 1-250,
  D's objective halved, one simultaneous update of both players per minibatch, no max-norm (that
  constraint, 1.9365, is in their TFD configurations only: ``max_col_norm`` turns it on).
- ``dcgan`` / ``cdcgan``: the convolutional model, unconditional and conditional (Adam 2e-4, beta1 0.5),
  with a fully connected layer in G and in D, spectral norm in D (Miyato et al., 2018) and an average of
  G's weights; ``cdcgan``'s D takes the label by projection (Miyato & Koyama, 2018).
- ``mlp-live``: a smaller MLP that learns digits within a minute on a 2-core CPU (the app's live MNIST);
  batch norm in G keeps it from collapsing onto one digit early on.
- ``toy1d`` / ``toy2d``: small MLPs for the paper's Figure 1 and the mode-collapse benchmarks
  (``toy1d-live`` / ``toy2d-grid``: Train live's recipes for the 1-D Gaussian and the grid of 25).
"""
from __future__ import annotations

import math
from dataclasses import replace

import torch
from torch import nn

from gan.models import GAN, GANConfig, init_dcgan, init_paper_mlp
from gan.trainer import TrainConfig, Trainer

PRESETS: dict[str, tuple[GANConfig, TrainConfig]] = {
    "mlp": (GANConfig(arch="mlp"),
            TrainConfig(optimizer="sgd", lr_d=0.1, lr_g=0.1, batch_size=100, update="simultaneous",
                        d_loss_scale=0.5)),
    # the shipped mnist-dcgan's recipe (session 10): fully connected layers in G and D (InfoGAN's MNIST
    # networks), spectral norm in D and an average of G; from scratch on one CPU core it passed in 108 minutes
    # (Parzen 227.2, Frechet 6.7) what the same convolutions without them reached in 9 minutes of a GPU and
    # 100 of fine-tuning (168.9, 28.3)
    # (then 60 more minutes, 50 + 55 at lr 5e-5, the last with an average of decay 0.9999, and 50 at lr 2.5e-5:
    # Parzen 235.9, Frechet 3.90, 88.6% read)
    # (session 21: the same with a prior of ten Gaussians, prior="mixture10" (GM-GAN), from scratch on two threads with
    # bf16 drew digits the classifier reads more often in less time; the shipped mnist-dcgan since; the normal
    # prior of before is --prior normal; session 22: 78 more minutes at lr 5e-5, average 0.9999, --select read,
    # shipped as v1.6 sampling at truncation 0.9, a sampling setting saved with the weights, not part of the preset)
    "dcgan": (GANConfig(arch="dcgan", prior="mixture10", width=64, g_fc=256, d_fc=256, d_norm="spectral"),
              TrainConfig(lr_d=2e-4, lr_g=2e-4, batch_size=64, ema_decay=0.999)),
    # the recipe of mnist-cdcgan shipped in session 12: dcgan's networks with a projection discriminator
    # (Miyato & Koyama, 2018); with the label as 10 input channels instead, 88 minutes of one core drew 5s
    # as asked 94.3% of the time (Parzen 237.4, Frechet 11.2); with projection, 104 minutes drew them 97.7%
    # and every other digit >= 99% (Parzen 250.1, Frechet 8.9)
    # (phase 1 of the shipped mnist-cdcgan; 55 more minutes with --class-weight 0.05 --lr-d 5e-5 --lr-g 5e-5
    # drew every digit >= 99.8%, Parzen 247.3, Frechet 7.4)
    "cdcgan": (GANConfig(arch="dcgan", prior="normal", width=64, n_classes=10, g_fc=256, d_fc=256,
                         d_norm="spectral", d_cond="projection"),
               TrainConfig(lr_d=2e-4, lr_g=2e-4, batch_size=64, ema_decay=0.999)),
    "mlp-live": (GANConfig(arch="mlp", prior="normal", z_dim=64, g_hidden=(256, 512), d_hidden=(256, 256),
                           maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0, g_batchnorm=True),
                 TrainConfig(lr_d=5e-4, lr_g=5e-4, batch_size=64, snapshot_every=50)),
    "toy1d": (GANConfig(arch="mlp", data_shape=(1,), z_dim=1, g_hidden=(32, 32), d_hidden=(64, 64),
                        maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0, output="none"),
              TrainConfig(lr_d=1e-3, lr_g=1e-3, batch_size=256, snapshot_every=20, snapshot_n=512)),
    # Train live's Figure 1, N(4, 0.5^2): G and D work in its standardised units, two D-steps per G-step,
    # and an average of G's weights, which brings p_g onto p_data in the default 3000 steps (total
    # variation under 0.1; toy1d's plain recipe ends near 0.3 with D stuck at 1/2; `python -m bench
    # --only live-quality`)
    "toy1d-live": (GANConfig(arch="mlp", data_shape=(1,), z_dim=1, g_hidden=(32, 32), d_hidden=(64, 64),
                             maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0, output="none",
                             data_shift=4.0, data_scale=0.5),
                   TrainConfig(k=2, lr_d=1e-3, lr_g=1e-3, batch_size=256, ema_decay=0.995, snapshot_every=20,
                               snapshot_n=512)),
    "toy2d": (GANConfig(arch="mlp", data_shape=(2,), z_dim=8, prior="normal", g_hidden=(128, 128),
                        d_hidden=(128, 128), maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0,
                        output="none"),
              TrainConfig(lr_d=1e-3, lr_g=1e-3, batch_size=256, snapshot_every=20, snapshot_n=1024)),
    # Train live's grid of 25: a third layer in G, a wider D and an average of G's weights; over seeds 0-7
    # its default 6000 steps cover 24/22/24/24/23/24/24/22 of 25 modes (58% of samples high quality), where
    # toy2d's recipe covered 23/24/22/22 on seeds 0-3 (36%) (`python -m bench --only live-quality
    # --datasets grid --seeds 8`); ~40 s on one thread instead of ~25 s
    "toy2d-grid": (GANConfig(arch="mlp", data_shape=(2,), z_dim=8, prior="normal", g_hidden=(128, 128, 128),
                             d_hidden=(256, 256), maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0,
                             output="none"),
                   TrainConfig(lr_d=1e-3, lr_g=1e-3, batch_size=256, ema_decay=0.995, snapshot_every=20,
                               snapshot_n=1024)),
    # the 2-D playground (gan.live.playground): toy2d with a 2-D z, as GAN Lab's, so that G's manifold
    # is the image of the whole z plane
    "toy2d-lab": (GANConfig(arch="mlp", data_shape=(2,), z_dim=2, prior="normal", g_hidden=(128, 128),
                            d_hidden=(128, 128), maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0,
                            output="none"),
                  TrainConfig(lr_d=1e-3, lr_g=1e-3, batch_size=256, snapshot_every=20, snapshot_n=512)),
}


def preset(name: str, **train_overrides) -> tuple[GANConfig, TrainConfig]:
    """Fresh copies of a preset's configs, with TrainConfig fields overridden by keyword."""
    if name not in PRESETS:
        raise ValueError(f"unknown model {name!r}; expected one of {sorted(PRESETS)}")
    model_cfg, train_cfg = PRESETS[name]
    return replace(model_cfg), replace(train_cfg, **{k: v for k, v in train_overrides.items() if v is not None})


# How each preset's weights start: the authors' (uniform, G's output bias at the data's pixel means),
# DCGAN's (normal 0.02), or PyTorch's default Linear initialisation; all drawn from a local generator.
INIT = {"mlp": "paper", "dcgan": "dcgan", "cdcgan": "dcgan"}


@torch.no_grad()
def pytorch_default_init(gan: GAN, generator: torch.Generator) -> None:
    """PyTorch's default Linear initialisation, U(+-1/sqrt(fan_in)) for weights and biases, drawn from
    `generator`, so a seed gives the same start in every thread without touching the global RNG."""
    for m in gan.modules():
        if isinstance(m, nn.Linear):
            bound = 1 / math.sqrt(m.in_features)
            m.weight.uniform_(-bound, bound, generator=generator)
            if m.bias is not None:
                m.bias.uniform_(-bound, bound, generator=generator)


def init_weights(gan: GAN, policy: str, seed: int, data=None) -> GAN:
    """Initialise `gan` in place by `policy` ("paper", "dcgan" or "pytorch") from a generator seeded
    with `seed`; "paper" sets G's output bias from `data`'s pixel means when `data` has images (`.x`)."""
    g = torch.Generator().manual_seed(int(seed))
    if policy == "paper":
        means = getattr(data, "x", None)
        init_paper_mlp(gan, None if means is None else means.mean(dim=0).cpu(), generator=g)
    elif policy == "dcgan":
        init_dcgan(gan, generator=g)
    elif policy == "pytorch":
        pytorch_default_init(gan, g)
    else:
        raise ValueError(f"unknown initialisation {policy!r}; expected 'paper', 'dcgan' or 'pytorch'")
    return gan


def build_trainer(name: str, data, *, seed: int = 0, device="cpu", init_from: GAN | None = None,
                  init_generator_only: bool = False, model_overrides: dict | None = None,
                  ddp_wrap=None, amp: bool = False, **train_overrides) -> Trainer:
    """The preset `name` as a Trainer on `data`: its networks initialised by the preset's policy from
    `seed` (or copied from `init_from`: only its generator with `init_generator_only`, D then starting
    afresh; G's average then starts from its weights with no warm-up; p_z is its prior unless
    `model_overrides` names one), moved to `device`; keyword
    arguments override TrainConfig fields and `model_overrides` GANConfig fields (None keeps the preset's
    value)."""
    if init_from is not None and train_overrides.get("ema_warmup") is None:
        train_overrides["ema_warmup"] = False   # the average starts from trained weights and keeps them
    model_cfg, train_cfg = preset(name, seed=int(seed), **train_overrides)
    model_cfg = replace(model_cfg, **{k: v for k, v in (model_overrides or {}).items() if v is not None})
    if init_from is not None and (model_overrides or {}).get("prior") is None:
        model_cfg = replace(model_cfg, prior=init_from.config.prior)   # G goes on from the p_z it learnt on
    gan = init_weights(GAN(model_cfg), INIT.get(name, "pytorch"), seed, data)
    if init_from is not None:
        target, source = (gan.generator, init_from.generator) if init_generator_only else (gan, init_from)
        try:
            target.load_state_dict(source.state_dict())
        except RuntimeError as e:       # another architecture: say which settings differ, not a traceback
            differ = [f"{k} {getattr(init_from.config, k)!r} there, {v!r} here" for k, v in vars(model_cfg).items()
                      if getattr(init_from.config, k) != v]
            raise ValueError(f"cannot start from a model of another architecture: {'; '.join(differ) or e}") from e
    return Trainer(gan.to(device), data, train_cfg, ddp_wrap=ddp_wrap, amp=amp)
