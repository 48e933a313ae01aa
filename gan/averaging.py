"""Polyak averaging of G's weights (an exponential moving average; Yazici et al., ICLR 2019, "The Unusual
Effectiveness of Averaging in GAN Training"; StyleGAN's ``G_ema``). The average follows the raw G during
training and is what a trained model ships as its generator; the raw G is kept only to resume. An
averaged G with batch norm needs statistics of its own weights: the raw G's running statistics belong to
other weights (as ``torch.optim.swa_utils.update_bn`` recomputes them for SWA)."""
from __future__ import annotations

import copy

import torch

from gan.sampling import latents


@torch.no_grad()
def ema_update(ema: torch.nn.Module, raw: torch.nn.Module, decay: float, step: int, warmup: bool = True) -> None:
    """theta_ema <- d * theta_ema + (1 - d) * theta, with d = min(decay, (1 + step) / (10 + step)): the
    warm-up lets the average forget the random start quickly (it spans about the last step / 9 steps until
    it reaches 1 / (1 - decay)). Without `warmup`, d = decay from the first step: a run that starts from
    trained weights keeps them in the average. Buffers (batch-norm statistics) are copied."""
    d = min(decay, (1 + step) / (10 + step)) if warmup else decay
    torch._foreach_lerp_(list(ema.parameters()), list(raw.parameters()), 1 - d)
    for b_ema, b in zip(ema.buffers(), raw.buffers()):
        b_ema.copy_(b)


def batch_norms(module: torch.nn.Module) -> list:
    """`module`'s batch-norm layers."""
    return [m for m in module.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]


@torch.no_grad()
def recompute_batchnorm(generator: torch.nn.Module, config, *, n: int = 10_000, batch_size: int = 500,
                        seed: int = 0) -> bool:
    """Replace the running statistics of `generator`'s batch-norm layers by their plain average over `n`
    samples of the prior (labels uniform for a conditional G), drawn from local generators seeded with
    `seed`: the averaged weights' own statistics, as ``torch.optim.swa_utils.update_bn`` does for SWA.
    False (and nothing changed) when G has no batch norm."""
    norms = batch_norms(generator)
    if not norms:
        return False
    device = next(generator.parameters()).device
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None                       # None: a cumulative average over the batches below
    labels = torch.Generator().manual_seed(int(seed))
    was_training = generator.training
    generator.train()
    try:
        for i, start in enumerate(range(0, n, batch_size)):
            m = min(batch_size, n - start)
            z = latents(m, config.z_dim, seed + i, config.prior, device)
            y = torch.randint(0, config.n_classes, (m,), generator=labels).to(device) if config.n_classes else None
            generator(z, y)
    finally:
        for m, momentum in zip(norms, momenta):
            m.momentum = momentum
        generator.train(was_training)
    return True


def with_own_statistics(generator: torch.nn.Module, config, *, n: int = 10_000) -> torch.nn.Module:
    """`generator` itself when it has no batch norm, else a copy on statistics of its own weights."""
    if not batch_norms(generator):
        return generator
    out = copy.deepcopy(generator)
    recompute_batchnorm(out, config, n=n)
    return out


def with_generator(gan, generator: torch.nn.Module):
    """A copy of `gan` (G and D, config) whose G has `generator`'s weights, on statistics of its own."""
    out = copy.deepcopy(gan)
    out.generator.load_state_dict(generator.state_dict())
    recompute_batchnorm(out.generator, out.config)
    return out
