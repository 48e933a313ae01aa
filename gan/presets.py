"""Named recipes: a model config and a training config for each model the project trains.

- ``mlp``: the paper's MNIST model and the authors' optimiser (SGD lr 0.1, batch 100, momentum
  0.5 -> 0.7, lr / 1.000004 per update, max-norm 1.9365 on D's maxout units).
- ``dcgan`` / ``cdcgan``: the convolutional model, unconditional and conditional (Adam 2e-4, beta1 0.5).
- ``mlp-live``: a smaller MLP that learns digits within a minute on a 2-core CPU (the app's live MNIST);
  batch norm in G keeps it from collapsing onto one digit early on.
- ``toy1d`` / ``toy2d``: small MLPs for the paper's Figure 1 and the mode-collapse benchmarks.
"""
from __future__ import annotations

from dataclasses import replace

from .models import GANConfig
from .trainer import TrainConfig

PRESETS: dict[str, tuple[GANConfig, TrainConfig]] = {
    "mlp": (GANConfig(arch="mlp"),
            TrainConfig(optimizer="sgd", lr_d=0.1, lr_g=0.1, batch_size=100, max_col_norm=1.9365)),
    "dcgan": (GANConfig(arch="dcgan", prior="normal", width=64),
              TrainConfig(lr_d=2e-4, lr_g=2e-4, batch_size=64)),
    "cdcgan": (GANConfig(arch="dcgan", prior="normal", width=64, n_classes=10),
               TrainConfig(lr_d=2e-4, lr_g=2e-4, batch_size=64)),
    "mlp-live": (GANConfig(arch="mlp", prior="normal", z_dim=64, g_hidden=(256, 512), d_hidden=(256, 256),
                           maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0, g_batchnorm=True),
                 TrainConfig(lr_d=5e-4, lr_g=5e-4, batch_size=64, snapshot_every=50)),
    "toy1d": (GANConfig(arch="mlp", data_shape=(1,), z_dim=1, g_hidden=(32, 32), d_hidden=(64, 64),
                        maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0, output="none"),
              TrainConfig(lr_d=1e-3, lr_g=1e-3, batch_size=256, snapshot_every=20, snapshot_n=512)),
    "toy2d": (GANConfig(arch="mlp", data_shape=(2,), z_dim=8, prior="normal", g_hidden=(128, 128),
                        d_hidden=(128, 128), maxout_pieces=1, d_keep_input=1.0, d_keep_hidden=1.0,
                        output="none"),
              TrainConfig(lr_d=1e-3, lr_g=1e-3, batch_size=256, snapshot_every=20, snapshot_n=1024)),
}


def preset(name: str, **train_overrides) -> tuple[GANConfig, TrainConfig]:
    """Fresh copies of a preset's configs, with TrainConfig fields overridden by keyword."""
    if name not in PRESETS:
        raise ValueError(f"unknown model {name!r}; expected one of {sorted(PRESETS)}")
    model_cfg, train_cfg = PRESETS[name]
    return replace(model_cfg), replace(train_cfg, **{k: v for k, v in train_overrides.items() if v is not None})
