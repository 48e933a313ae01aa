"""The training configuration of Algorithm 1 (Goodfellow et al., 2014): G's loss, k D-steps per G-step,
the minibatch size m, the optimiser (Adam, or SGD with the authors' momentum and learning-rate schedule),
the update order (alternating, as Algorithm 1, or simultaneous, as the authors' MNIST code), D's loss
scale (their 0.5), the average of G's weights, and four options beyond the paper (an auxiliary class
loss for a conditional D, top-k updates of G, digit-balanced real minibatches, and only the most typical
training digits). It is saved beside the model config in every checkpoint and weights folder
(``config.json``'s ``train``), and checked against :mod:`gan.limits`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch

from gan import limits, losses


@dataclass
class TrainConfig:
    loss: str = "nonsaturating"        # G's loss: "nonsaturating" | "minimax" | "wasserstein" | "mixed"
    minimax_share: float = 0.5          # loss "mixed": s in s * (eq. 1's G loss) + (1 - s) * non-saturating
    k: int = 1                          # D-steps per G-step
    batch_size: int = 100               # m
    optimizer: str = "adam"             # "adam", or "sgd" with the authors' momentum/lr schedule
    lr_d: float = 2e-4
    lr_g: float = 2e-4
    betas: tuple = (0.5, 0.999)         # adam
    momentum: tuple = (0.5, 0.7, 250)   # sgd: momentum rises linearly from [0] to [1] by epoch [2]
    lr_decay: float = 1.000004          # sgd: lr divided by this every update ...
    min_lr: float = 1e-6                # ... down to this floor
    gp_weight: float = 10.0             # wasserstein: gradient-penalty weight
    max_col_norm: float = 0.0           # > 0: the authors' max-norm constraint on D's maxout units
    update: str = "alternating"         # "alternating" (Algorithm 1: D, then G on fresh noise) or
                                        # "simultaneous" (the authors' AdversaryCost2: one minibatch, one
                                        # D forward pass, D's and G's gradients applied in one step)
    d_loss_scale: float = 1.0           # the authors' MNIST code minimises 0.5 * D's cross-entropies
    ema_decay: float = 0.0              # > 0: Polyak/EMA average of G's weights (Yazici et al., 2019)
    ema_warmup: bool = True             # the average's decay starts near 0 and grows to ema_decay (a random
                                        # start is forgotten at once); False: ema_decay from the first step,
                                        # for a run started from trained weights (the average keeps them)
    info_weight: float = 1.0            # a model with InfoGAN's code: lambda on L_I in G's and D's losses
    class_weight: float = 0.0           # > 0, a projection D: AC-GAN's class cross-entropy (Odena et al.,
                                        # 2017) on D's class logits <e_c, phi(x)>: D's on real digits, G's on its own
    g_top_k: float = 1.0                # < 1: G descends its loss on only this share of its batch, the samples
                                        # D scores highest (top-k training, Sinha et al., 2020)
    balance_digits: bool = False        # D's real minibatches drawn with each digit equally likely (beyond the
                                        # paper: its training split runs from 9.0% 5s to 11.2% 1s)
    keep_typical: float = 1.0           # < 1: train on only this share of each digit's most typical training
                                        # examples (instance selection, DeVries et al., 2020; gan.data)
    snapshot_every: int = 500
    snapshot_n: int = 64
    seed: int = 0

    def validate(self) -> None:
        limits.choice(self.loss, "G loss", losses.G_LOSSES)
        limits.choice(self.optimizer, "optimizer", ("adam", "sgd"))
        limits.LEARNING_RATE.check(self.lr_d, "D learning rate")
        limits.LEARNING_RATE.check(self.lr_g, "G learning rate")
        limits.MINIMAX_SHARE.check(self.minimax_share)
        limits.K.check(self.k)
        limits.BATCH_SIZE.check(self.batch_size)
        limits.choice(self.update, "update", ("alternating", "simultaneous"))
        if self.update == "simultaneous" and (self.k != 1 or self.loss == "wasserstein"):
            raise limits.InputError("update", "the simultaneous update takes k = 1 and a cross-entropy loss "
                                    f"(got k={self.k}, loss={self.loss!r})")
        m0, m1, saturate = self.momentum
        if not (0 <= m0 < 1 and 0 <= m1 < 1 and saturate >= 1):
            raise limits.InputError("momentum", f"momentum takes START and END in [0, 1) and an EPOCH >= 1 "
                                    f"(got {tuple(self.momentum)})")
        limits.D_LOSS_SCALE.check(self.d_loss_scale)
        limits.EMA_DECAY.check(self.ema_decay)
        limits.INFO_WEIGHT.check(self.info_weight)
        limits.CLASS_WEIGHT.check(self.class_weight)
        limits.G_TOP_K.check(self.g_top_k)
        limits.KEEP_TYPICAL.check(self.keep_typical)
        if self.update == "simultaneous" and (self.class_weight or self.g_top_k < 1):
            raise limits.InputError("update", "class_weight and g_top_k take the alternating update")

    def optimizer_for(self, net: torch.nn.Module, lr: float) -> torch.optim.Optimizer:
        """`net`'s optimiser: Adam with `betas`, or SGD starting at the schedule's first momentum."""
        if self.optimizer == "sgd":
            return torch.optim.SGD(net.parameters(), lr=lr, momentum=self.momentum[0])
        return torch.optim.Adam(net.parameters(), lr=lr, betas=tuple(self.betas))

    def sgd_schedule(self, epoch: float, updates: int) -> tuple[float, float, float]:
        """The authors' SGD schedule after `updates` optimiser updates, at `epoch`: (lr_d, lr_g, momentum),
        each rate divided by `lr_decay` per update down to `min_lr`, the momentum rising linearly from
        momentum[0] at epoch 1 to momentum[1] at epoch momentum[2] (0.5 -> 0.7 by epoch 250)."""
        m0, m1, saturate = self.momentum
        momentum = m0 + (m1 - m0) * min(1.0, max(0.0, (epoch - 1) / max(saturate - 1, 1)))
        return (max(self.lr_d / self.lr_decay ** updates, self.min_lr),
                max(self.lr_g / self.lr_decay ** updates, self.min_lr), momentum)

    def to_dict(self) -> dict:
        """The fields as JSON types (tuples as lists): what config.json's ``train`` holds."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}
