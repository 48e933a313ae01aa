"""The objective's known values: Theorem 1 (log 4), Proposition 1 (D*), the two G losses' gradients when
D rejects G's samples, and the WGAN-GP penalty of a 1-Lipschitz critic."""
import math

import pytest
import torch

from gan import losses


def test_d_half_everywhere_gives_log4():
    logits = torch.zeros(64)                                   # D = sigmoid(0) = 1/2
    assert losses.discriminator_loss(logits, logits).item() == pytest.approx(math.log(4), rel=1e-6)
    assert losses.value_function(logits, logits).item() == pytest.approx(-math.log(4), rel=1e-6)
    assert losses.d_probability(logits).eq(0.5).all()


def test_value_function_matches_its_definition():
    real, fake = torch.tensor([2.0, -1.0, 0.5]), torch.tensor([-3.0, 0.2, 1.5])
    d_real, d_fake = torch.sigmoid(real), torch.sigmoid(fake)
    expected = torch.log(d_real).mean() + torch.log(1 - d_fake).mean()
    assert losses.value_function(real, fake).item() == pytest.approx(expected.item(), rel=1e-6)
    assert losses.generator_loss_minimax(fake).item() == pytest.approx(torch.log(1 - d_fake).mean().item(), rel=1e-6)
    assert losses.generator_loss_nonsaturating(fake).item() == pytest.approx(-torch.log(d_fake).mean().item(), rel=1e-6)


def test_losses_stay_finite_where_d_saturates():
    extreme = torch.tensor([-200.0, 200.0])
    for value in (losses.discriminator_loss(extreme, extreme), losses.generator_loss_minimax(extreme),
                  losses.generator_loss_nonsaturating(extreme)):
        assert torch.isfinite(value)


def test_optimal_discriminator_is_pdata_over_sum():
    p_data = torch.tensor([0.5, 0.3, 0.2, 0.0, 0.0], dtype=torch.float64)
    p_g = torch.tensor([0.1, 0.3, 0.2, 0.4, 0.0], dtype=torch.float64)
    d = losses.optimal_discriminator(p_data, p_g)
    assert torch.allclose(d[:4], torch.tensor([5 / 6, 0.5, 0.5, 0.0], dtype=torch.float64))
    assert d[4] == 0.5                                          # no mass at all: D is free; 1/2 by convention


def discrete_value(d, p_data, p_g):
    """V(D, G) for discrete densities: sum p_data log D + p_g log(1 - D) (0 log 0 = 0)."""
    return float(torch.xlogy(p_data, d).sum() + torch.xlogy(p_g, 1 - d).sum())


def test_d_star_maximises_v_and_gives_the_jensen_shannon_form():
    g = torch.Generator().manual_seed(0)
    p_data = torch.rand(20, generator=g, dtype=torch.float64)
    p_g = torch.rand(20, generator=g, dtype=torch.float64)
    p_data, p_g = p_data / p_data.sum(), p_g / p_g.sum()
    d_star = losses.optimal_discriminator(p_data, p_g)
    best = discrete_value(d_star, p_data, p_g)
    for _ in range(20):                                         # any other D scores lower
        other = (d_star + 0.05 * torch.randn(20, generator=g, dtype=torch.float64)).clamp(1e-6, 1 - 1e-6)
        assert discrete_value(other, p_data, p_g) < best
    m = (p_data + p_g) / 2
    jsd = 0.5 * float((p_data * (p_data / m).log()).sum() + (p_g * (p_g / m).log()).sum())
    assert best == pytest.approx(-math.log(4) + 2 * jsd, rel=1e-9)    # C(G) of Theorem 1's proof
    assert discrete_value(losses.optimal_discriminator(p_data, p_data), p_data, p_data) == \
        pytest.approx(-math.log(4), rel=1e-9)                  # p_g = p_data: the global optimum


def logit_grad(loss_fn, logits):
    logits = logits.clone().requires_grad_(True)
    loss_fn(logits).backward()
    return logits.grad


def test_minimax_gradient_vanishes_when_d_rejects_samples():
    rejected = torch.full((16,), -8.0)                          # D(G(z)) = sigmoid(-8) ~ 3e-4
    g_minimax = logit_grad(losses.generator_loss_minimax, rejected)
    g_nonsat = logit_grad(losses.generator_loss_nonsaturating, rejected)
    assert (g_minimax < 0).all() and (g_nonsat < 0).all()      # both push D(G(z)) up ...
    assert g_nonsat.abs().mean() > 1000 * g_minimax.abs().mean()   # ... the paper's loss far harder
    fooled = torch.full((16,), 8.0)                             # near D(G(z)) = 1 the roles swap
    assert logit_grad(losses.generator_loss_minimax, fooled).abs().mean() > \
        1000 * logit_grad(losses.generator_loss_nonsaturating, fooled).abs().mean()


class LinearCritic(torch.nn.Module):
    def __init__(self, w):
        super().__init__()
        self.w = torch.nn.Parameter(w)

    def forward(self, x, y=None):
        return x.flatten(1) @ self.w


def test_gradient_penalty_of_linear_critics():
    g = torch.Generator().manual_seed(0)
    real, fake = torch.randn(32, 1, 4, 4, generator=g), torch.randn(32, 1, 4, 4, generator=g)
    w = torch.randn(16, generator=g)
    unit = LinearCritic(w / w.norm())                           # 1-Lipschitz with gradient norm 1 everywhere
    assert losses.gradient_penalty(unit, real, fake, generator=g).item() == pytest.approx(0.0, abs=1e-10)
    double = LinearCritic(2 * w / w.norm())
    assert losses.gradient_penalty(double, real, fake, generator=g).item() == pytest.approx(1.0, rel=1e-5)


def test_wasserstein_losses_and_dispatch():
    real, fake = torch.tensor([3.0, 1.0]), torch.tensor([0.5, -0.5])
    assert losses.critic_loss_wasserstein(real, fake).item() == pytest.approx(0.0 - 2.0)
    assert losses.generator_loss_wasserstein(fake).item() == pytest.approx(0.0)
    assert losses.critic_loss("wasserstein", real, fake) == losses.critic_loss_wasserstein(real, fake)
    assert losses.critic_loss("minimax", real, fake) == losses.discriminator_loss(real, fake)
    for kind, fn in (("minimax", losses.generator_loss_minimax), ("nonsaturating", losses.generator_loss_nonsaturating),
                     ("wasserstein", losses.generator_loss_wasserstein)):
        assert losses.generator_loss(kind, fake) == fn(fake)
    with pytest.raises(ValueError, match="unknown generator loss"):
        losses.generator_loss("hinge", fake)


def test_mixed_generator_loss_blends_the_papers_two_losses():
    fake = torch.tensor([-3.0, 0.0, 2.0], requires_grad=True)
    for s in (0.0, 0.25, 0.5, 1.0):
        expected = s * losses.generator_loss_minimax(fake) + (1 - s) * losses.generator_loss_nonsaturating(fake)
        assert losses.generator_loss("mixed", fake, s).item() == pytest.approx(expected.item())
    # at s = 1/2 each sample's logit gets the same push, -1/2 per sample (mean over 3 samples: -1/6)
    (grad,) = torch.autograd.grad(losses.generator_loss_mixed(fake, 0.5), fake)
    assert torch.allclose(grad, torch.full((3,), -0.5 / 3))
    # the non-saturating loss pushes the rejected sample (D small) hardest, the minimax one the accepted
    (ns,) = torch.autograd.grad(losses.generator_loss_nonsaturating(fake), fake)
    (mm,) = torch.autograd.grad(losses.generator_loss_minimax(fake), fake)
    assert ns[0] < ns[2] and mm[0] > mm[2]
