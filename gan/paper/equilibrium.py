"""The optimal discriminator and the global optimum (Goodfellow et al. 2014, Section 4.1).

- Proposition 1: for a fixed G, the D that maximises V(D, G) is D*(x) = p_data(x) / (p_data(x) + p_g(x)).
- Theorem 1: with that D, V(D*, G) = -log 4 + 2 JSD(p_data || p_g), whose minimum -log 4 is reached
  exactly when p_g = p_data (and then D* = 1/2 everywhere).

In the paper's 1-D view (Figure 1) we freeze G, either as a Gaussian p_g or as a small G trained for a
few steps, train D alone on samples of p_data and p_g, and compare it with D* and V(D, G) with the
value from numerical integration.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import torch

from gan import limits, losses
from gan.device import pick_device
from gan.models import GAN
from gan.presets import build_trainer, init_weights, preset
from gan.sampling import latents
from gan.toy import gaussian1d

P_DATA_MEAN, P_DATA_STD = 4.0, 0.5     # the toy p_data (gan.toy.gaussian1d)
LOG4 = math.log(4.0)


def normal_density(x: torch.Tensor, mean: float, std: float) -> torch.Tensor:
    return torch.exp(-0.5 * ((x - mean) / std) ** 2) / (std * math.sqrt(2 * math.pi))


@dataclass
class FrozenG:
    """A frozen p_g in 1-D: draws samples and gives its density (exact, or a kernel estimate)."""
    samples: torch.Tensor            # (N, 1) a large pool of G's samples
    mean: float | None = None        # set for a Gaussian p_g: exact density
    std: float | None = None
    label: str = "p_g"

    def sample(self, n: int, generator: torch.Generator) -> torch.Tensor:
        return self.samples[torch.randint(len(self.samples), (n,), generator=generator)]

    def density(self, x: torch.Tensor) -> torch.Tensor:
        if self.mean is not None:
            return normal_density(x, self.mean, self.std)
        s = self.samples[:5000].flatten().double()
        bw = 1.06 * float(s.std()) * len(s) ** -0.2 + 1e-3        # Silverman's rule
        return normal_density(x.double()[:, None], s[None, :], bw).mean(1).to(x.dtype)


def gaussian_pg(mean: float = 0.0, std: float = 1.0, n: int = 20_000, seed: int = 0) -> FrozenG:
    mean, std, seed = limits.P_G_MEAN.check(mean), limits.P_G_STD.check(std), limits.TOY_SEED.check(seed)
    g = torch.Generator().manual_seed(int(seed))
    return FrozenG(mean + std * torch.randn(n, 1, generator=g), float(mean), float(std), f"N({mean:g}, {std:g}²)")


def trained_pg(g_steps: int = 200, seed: int = 0, n: int = 20_000, max_seconds: float = 20.0) -> FrozenG:
    """G of the toy1d preset after `g_steps` steps of Algorithm 1 on the 1-D p_data, then frozen."""
    g_steps, seed = limits.G_STEPS.check(g_steps), limits.TOY_SEED.check(seed)
    trainer = build_trainer("toy1d", gaussian1d(P_DATA_MEAN, P_DATA_STD).reseed(int(seed)), seed=int(seed),
                            device=pick_device())
    gan, model_cfg = trainer.gan, trainer.gan.config
    for _ in trainer.run(int(g_steps), snapshot_every=10**9, max_seconds=max_seconds):
        pass
    with torch.no_grad():
        z = latents(n, model_cfg.z_dim, int(seed) + 1, model_cfg.prior, trainer.device)
        x = gan.generator.eval()(z).float().cpu()
    return FrozenG(x, label=f"G after {trainer.step} steps")


def x_grid(p_g: FrozenG, n: int = 400) -> torch.Tensor:
    lo = min(P_DATA_MEAN - 4 * P_DATA_STD, float(p_g.samples.min()) - 0.5)
    hi = max(P_DATA_MEAN + 4 * P_DATA_STD, float(p_g.samples.max()) + 0.5)
    return torch.linspace(max(lo, -15.0), min(hi, 15.0), n)


def value_at_optimum(p_data: torch.Tensor, p_g: torch.Tensor, x: torch.Tensor) -> dict:
    """Theorem 1 by numerical integration on the grid x: V(D*, G) computed directly, and as
    -log 4 + 2 JSD(p_data || p_g)."""
    p, q, x = p_data.double(), p_g.double(), x.double()
    m = (p + q) / 2

    def integral(f):
        return float(torch.trapezoid(f, x))

    def xlogy(a, b):  # a * log(b) with 0 log 0 = 0
        return torch.where(a > 0, a * torch.log(b.clamp_min(1e-300)), torch.zeros_like(a))

    d_star = losses.optimal_discriminator(p, q)
    v = integral(xlogy(p, d_star) + xlogy(q, 1 - d_star))
    jsd = 0.5 * integral(xlogy(p, p) - xlogy(p, m)) + 0.5 * integral(xlogy(q, q) - xlogy(q, m))
    return {"v_star": v, "jsd": jsd, "v_from_jsd": -LOG4 + 2 * jsd}


class Standardize(torch.nn.Module):
    def __init__(self, center: float, scale: float):
        super().__init__()
        self.center, self.scale = center, max(scale, 1e-3)

    def forward(self, x):
        return (x - self.center) / self.scale


def train_discriminator(p_g: FrozenG, *, steps: int = 600, batch_size: int = 256, lr: float = 3e-3,
                        seed: int = 0, report_every: int = 50, max_seconds: float = 15.0):
    """Train a fresh toy1d D against the frozen p_g (G never moves). Yields dicts every `report_every`
    steps with the grid x, p_data, p_g, D(x), D*(x), the mean |D - D*| where the densities live, V(D, G)
    estimated on fresh samples, and V(D*, G) by integration."""
    steps, seed = limits.D_STEPS.check(steps), limits.TOY_SEED.check(seed)
    model_cfg, _ = preset("toy1d")
    gen = torch.Generator().manual_seed(int(seed))
    data = gaussian1d(P_DATA_MEAN, P_DATA_STD).reseed(int(seed))
    x = x_grid(p_g)
    # D sees x rescaled to about [-2, 2] over the plotted range: the same D, just easier to optimise
    D = torch.nn.Sequential(Standardize(float(x[0] + x[-1]) / 2, float(x[-1] - x[0]) / 4),
                            init_weights(GAN(model_cfg), "pytorch", seed).discriminator)
    opt = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
    pd, pg = data.density(x[:, None]), p_g.density(x)
    d_star = losses.optimal_discriminator(pd, pg)
    support = (pd + pg) > 0.01 * float((pd + pg).max())
    theory = value_at_optimum(pd, pg, x)
    x_real, x_fake = data.sample(4096)[0], p_g.sample(4096, gen)
    start = time.perf_counter()
    for step in range(1, int(steps) + 1):
        real, fake = data.sample(batch_size)[0], p_g.sample(batch_size, gen)
        loss = losses.discriminator_loss(D(real), D(fake))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        last = step == int(steps) or time.perf_counter() - start > max_seconds
        if step % report_every == 0 or last:
            with torch.no_grad():
                d = torch.sigmoid(D(x[:, None]))
                v = float(losses.value_function(D(x_real), D(x_fake)))
            yield {"step": step, "x": x, "p_data": pd, "p_g": pg, "d": d, "d_star": d_star,
                   "mae": float((d - d_star)[support].abs().mean()), "v_estimate": v, **theory,
                   "seconds": time.perf_counter() - start}
        if last:
            return


def value_curve(std: float = 1.0, means=None) -> list[tuple[float, float]]:
    """(mean of p_g, V(D*, G)) as a Gaussian p_g of the given std slides across p_data: the curve
    bottoms out near -log 4 where p_g = p_data (exactly at mean 4, std 0.5)."""
    means = torch.linspace(-2.0, 10.0, 61) if means is None else torch.as_tensor(means, dtype=torch.float)
    x = torch.linspace(-15.0, 20.0, 4000)
    pd = normal_density(x, P_DATA_MEAN, P_DATA_STD)
    return [(float(m), value_at_optimum(pd, normal_density(x, float(m), std), x)["v_star"]) for m in means]
