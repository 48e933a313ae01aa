"""The knobs of the 2-D playground a visitor may turn between two updates of Algorithm 1 (Goodfellow et
al., 2014), as in GAN Lab: G's loss (the paper's minimax, its non-saturating alternative, or WGAN-GP's),
k (D updates per G update), each player's learning rate and optimiser, and the minibatch size m; each
checked against its range in :mod:`gan.limits`.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from gan import limits
from gan.losses import G_LOSSES

OPTIMIZERS = ("adam", "sgd")


@dataclass
class Knobs:
    loss: str = "nonsaturating"
    k: int = 1
    lr_d: float = 1e-3
    lr_g: float = 1e-3
    optimizer_d: str = "adam"
    optimizer_g: str = "adam"
    batch_size: int = 256

    def checked(self) -> "Knobs":
        return Knobs(limits.choice(self.loss, "G loss", G_LOSSES), limits.K.check(self.k),
                     limits.LEARNING_RATE.check(self.lr_d, "D learning rate"),
                     limits.LEARNING_RATE.check(self.lr_g, "G learning rate"),
                     limits.choice(self.optimizer_d, "D optimiser", OPTIMIZERS),
                     limits.choice(self.optimizer_g, "G optimiser", OPTIMIZERS),
                     limits.BATCH_SIZE.check(self.batch_size))


def optimizer(net: torch.nn.Module, kind: str, lr: float) -> torch.optim.Optimizer:
    """Plain SGD (as GAN Lab's) or Adam with the DCGAN betas."""
    if kind == "sgd":
        return torch.optim.SGD(net.parameters(), lr=lr)
    return torch.optim.Adam(net.parameters(), lr=lr, betas=(0.5, 0.999))
