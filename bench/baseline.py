"""The reference point for the benchmark: the most common vanilla-GAN recipe found online, as a plain loop.

Same game as Goodfellow et al. (2014), the non-saturating G loss of their Section 3, but with the
widespread tutorial choices rather than the paper's: G is an MLP 100-128-256-512-1024-784 with
BatchNorm (not on the first layer) and LeakyReLU(0.2), tanh output on pixels scaled to [-1, 1]; D is an
MLP 784-512-256-1 with LeakyReLU(0.2) and a sigmoid, trained with binary cross-entropy; z ~ N(0, I);
Adam lr 2e-4, betas (0.5, 0.999); batch 64; one D-step per G-step.

It is deliberately standalone (no :mod:`gan.trainer`), so ``python -m bench`` compares the project's
training against what a reader would write from a tutorial. Only data loading, the seeded latents and
the device choice come from the project.
"""
from __future__ import annotations

import time

import torch
from torch import nn

from gan.sampling import latents

Z_DIM = 100


def vanilla_generator(z_dim: int = Z_DIM) -> nn.Sequential:
    def block(n_in, n_out, batch_norm=True):
        layers = [nn.Linear(n_in, n_out)]
        if batch_norm:
            layers.append(nn.BatchNorm1d(n_out))
        return layers + [nn.LeakyReLU(0.2)]

    return nn.Sequential(*block(z_dim, 128, batch_norm=False), *block(128, 256), *block(256, 512),
                         *block(512, 1024), nn.Linear(1024, 784), nn.Tanh())


def vanilla_discriminator() -> nn.Sequential:
    return nn.Sequential(nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2),
                         nn.Linear(256, 1), nn.Sigmoid())


def train_vanilla(images: torch.Tensor, *, seconds: float = 60.0, max_steps: int | None = None,
                  batch_size: int = 64, lr: float = 2e-4, seed: int = 0, device="cpu") -> dict:
    """Train the recipe on `images` ((N, 1, 28, 28) in [0, 1]) for `seconds` of wall time (or
    `max_steps` G-steps, whichever comes first). Returns {'generator', 'steps', 'seconds'}."""
    torch.manual_seed(seed)
    device = torch.device(device)
    x_all = (images.reshape(len(images), -1).to(device) * 2 - 1)      # [0, 1] -> [-1, 1]
    G, D = vanilla_generator().to(device), vanilla_discriminator().to(device)
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    ones = torch.ones(batch_size, 1, device=device)
    zeros = torch.zeros(batch_size, 1, device=device)
    order, pos, steps = torch.randperm(len(x_all), device=device), 0, 0
    start = time.perf_counter()
    while (max_steps is None or steps < max_steps) and time.perf_counter() - start < seconds:
        if pos + batch_size > len(order):
            order, pos = torch.randperm(len(x_all), device=device), 0
        real = x_all[order[pos:pos + batch_size]]
        pos += batch_size
        # D: maximise log D(x) + log(1 - D(G(z)))
        fake = G(torch.randn(batch_size, Z_DIM, device=device))
        opt_d.zero_grad()
        d_loss = (bce(D(real), ones) + bce(D(fake.detach()), zeros)) / 2
        d_loss.backward()
        opt_d.step()
        # G: maximise log D(G(z)) (the non-saturating loss)
        opt_g.zero_grad()
        g_loss = bce(D(fake), ones)
        g_loss.backward()
        opt_g.step()
        steps += 1
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return {"generator": G.eval(), "steps": steps, "seconds": time.perf_counter() - start}


@torch.no_grad()
def sample_vanilla(generator: nn.Module, n: int, seed: int = 0, batch: int = 1000) -> torch.Tensor:
    """n samples as (n, 1, 28, 28) float32 in [0, 1] on the CPU, from seeded N(0, I) latents."""
    device = next(generator.parameters()).device
    z = latents(n, Z_DIM, seed, "normal", device)
    out = [generator(z[i:i + batch]).float().cpu() for i in range(0, n, batch)]
    return ((torch.cat(out) + 1) / 2).clamp(0, 1).view(n, 1, 28, 28)
