"""The objective of Goodfellow et al. (2014), eq. (1), and the generator losses around it.

    min_G max_D V(D, G) = E_x~p_data[log D(x)] + E_z~p_z[log(1 - D(G(z)))]

Everything is computed from D's logits l (D = sigmoid(l)) with the identities
    log D = log sigmoid(l) = -softplus(-l)      log(1 - D) = log sigmoid(-l) = -softplus(l)
which stay finite where D saturates at 0 or 1.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

G_LOSSES = ("nonsaturating", "minimax", "wasserstein", "mixed")


def value_function(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """V(D, G) = E[log D(x)] + E[log(1 - D(G(z)))], estimated on a minibatch."""
    return -F.softplus(-real_logits).mean() - F.softplus(fake_logits).mean()


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """D ascends V; as a loss to minimise: -E[log D(x)] - E[log(1 - D(G(z)))].
    With D = 1/2 everywhere this is log 4, the value at the paper's global optimum (Theorem 1)."""
    return -value_function(real_logits, fake_logits)


def generator_loss_minimax(fake_logits: torch.Tensor) -> torch.Tensor:
    """The paper's equation: G minimises E[log(1 - D(G(z)))]. Its gradient vanishes when D rejects
    G's samples confidently, which is the case early in training."""
    return -F.softplus(fake_logits).mean()


def generator_loss_nonsaturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """What the paper trains G with (Section 3): maximise log D(G(z)), i.e. minimise -E[log D(G(z))].
    Same fixed point as the minimax loss, much stronger gradients early on."""
    return F.softplus(-fake_logits).mean()


def critic_loss_wasserstein(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> torch.Tensor:
    """WGAN critic (Arjovsky et al., 2017): maximise E[f(x)] - E[f(G(z))]; the gradient penalty is
    added separately (:func:`gradient_penalty`)."""
    return fake_scores.mean() - real_scores.mean()


def generator_loss_wasserstein(fake_scores: torch.Tensor) -> torch.Tensor:
    """WGAN generator: minimise -E[f(G(z))]."""
    return -fake_scores.mean()


def generator_loss_mixed(fake_logits: torch.Tensor, minimax_share: float = 0.5) -> torch.Tensor:
    """Not in the paper: a blend of its two G losses, s * E[log(1 - D(G(z)))] + (1 - s) * -E[log D(G(z))].
    Per sample, d/dl of the minimax loss is -D(G(z)) and of the non-saturating one -(1 - D(G(z))), so the
    blend's is -(s D + (1 - s)(1 - D)): at s = 1/2 every sample's logit is pushed up equally, half the
    gradient of -E[l], which at D* (l = log p_data / p_g) is KL(p_g || p_data), mode-seeking. The weight
    each loss puts on a sample's -l: 1 - D (non-saturating), 1/2 (this blend at s = 1/2), D (eq. 1)."""
    s = float(minimax_share)
    return s * generator_loss_minimax(fake_logits) + (1 - s) * generator_loss_nonsaturating(fake_logits)


def generator_loss(kind: str, fake_logits: torch.Tensor, minimax_share: float = 0.5) -> torch.Tensor:
    """G's loss named by `kind`; `minimax_share` is the blend's s (kind "mixed" only)."""
    if kind == "nonsaturating":
        return generator_loss_nonsaturating(fake_logits)
    if kind == "minimax":
        return generator_loss_minimax(fake_logits)
    if kind == "mixed":
        return generator_loss_mixed(fake_logits, minimax_share)
    if kind == "wasserstein":
        return generator_loss_wasserstein(fake_logits)
    raise ValueError(f"unknown generator loss {kind!r}; expected one of {G_LOSSES}")


def critic_loss(kind: str, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """D's loss for a G-loss variant (the Wasserstein variant has its own critic loss)."""
    if kind == "wasserstein":
        return critic_loss_wasserstein(real_logits, fake_logits)
    return discriminator_loss(real_logits, fake_logits)


def info_loss(q_logits: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
    """InfoGAN's L_I (Chen et al., 2016), minimised by G and by D's head Q, from Q's logits:
        L_I = -E_{z ~ p_z} [log Q(c(z) | G(z))]  >=  H(c) - I(c; G(z))
    so H(c) - L_I is a lower bound on the mutual information between the code and the sample."""
    return F.cross_entropy(q_logits.float(), codes)


def class_loss(class_logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """AC-GAN's class term (Odena et al., 2017), here from a projection D's class logits <e_c, phi(x)>:
        L_C = -E [log softmax_c(<e_c, phi(x)>)[y]]
    D minimises it on real digits (so e_c learns to tell the classes apart), G on G(z, y) (so its digits
    read as the class asked)."""
    return F.cross_entropy(class_logits.float(), labels)


def top_k(fake_logits: torch.Tensor, share: float) -> torch.Tensor:
    """The ceil(share * m) highest of D's logits on G's m samples (Sinha et al., 2020: G learns only from
    the samples D finds most real, so the gradient of its worst samples does not pull it)."""
    if share >= 1:
        return fake_logits
    return fake_logits.topk(max(1, math.ceil(share * len(fake_logits)))).values


def gradient_penalty(discriminator, real: torch.Tensor, fake: torch.Tensor, y=None,
                     generator: torch.Generator | None = None) -> torch.Tensor:
    """WGAN-GP (Gulrajani et al., 2017): E[(||grad_x f(x_hat)||_2 - 1)^2] on random interpolates
    x_hat = a*x + (1-a)*G(z), a ~ U[0, 1]."""
    shape = (real.shape[0],) + (1,) * (real.dim() - 1)
    a = torch.rand(shape, generator=generator, device="cpu").to(real.device, real.dtype)
    x_hat = (a * real.detach() + (1 - a) * fake.detach()).requires_grad_(True)
    scores = discriminator(x_hat, y)
    (grad,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


def optimal_discriminator(p_data: torch.Tensor, p_g: torch.Tensor) -> torch.Tensor:
    """Proposition 1: for fixed G, the best D is D*(x) = p_data(x) / (p_data(x) + p_g(x))."""
    total = p_data + p_g
    return torch.where(total > 0, p_data / total.clamp_min(1e-300), torch.full_like(total, 0.5))


def d_probability(logits: torch.Tensor) -> torch.Tensor:
    """D(x) as the paper writes it: the probability that x came from the data."""
    return torch.sigmoid(logits)
