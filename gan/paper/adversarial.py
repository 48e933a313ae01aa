"""Adversarial examples, the observation the GAN paper sets itself apart from (Goodfellow et al. 2014,
Section 2, related work; Szegedy et al. 2014; Goodfellow, Shlens & Szegedy 2015).

A tiny, carefully chosen change to an input flips a trained network's answer. Two attacks in the
L-infinity ball of radius epsilon around a digit x (pixels stay in [0, 1]):

- fast gradient sign (FGSM):   x' = clip(x + eps * sign(grad_x L(x)))
- iterative (BIM / PGD):       x_{t+1} = Proj_{||x' - x||_inf <= eps}(x_t + alpha * sign(grad_x L(x_t)))

For the classifier L is the cross-entropy of the true class (untargeted: push it up) or of a target
class (targeted: push it down). For a GAN's discriminator, whose D(x) = sigmoid(logit) is the
probability that x is real, L is the logit: descend it to make a real digit look fake, ascend it to
make a generated digit look real. Only the input gets a gradient; the shared models never change.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import torch
import torch.nn.functional as F

from gan.evaluation.classifier import load_classifier, predict
from gan import limits
from gan.data import mnist_subset
from gan.losses import d_probability
from gan.weights import hub

METHODS = ("fgsm", "iterative")
EPSILON_MAX = limits.EPSILON.high
CLASSIFIER_NAME = "mnist-classifier"


@dataclass
class AttackResult:
    original: torch.Tensor        # (28, 28) in [0, 1]
    adversarial: torch.Tensor     # (28, 28) in [0, 1]
    before: torch.Tensor          # classifier: (10,) probabilities; discriminator: (1,) D(x)
    after: torch.Tensor

    @property
    def perturbation(self) -> torch.Tensor:
        return self.adversarial - self.original

    @property
    def l2(self) -> float:
        return float(self.perturbation.norm())

    @property
    def linf(self) -> float:
        return float(self.perturbation.abs().max())


def check_attack_args(epsilon: float, method: str, steps: int) -> None:
    """Clear errors naming the field and its range."""
    if method not in METHODS:
        raise limits.InputError("attack", f"attack must be one of {', '.join(METHODS)}, got {method!r}")
    limits.EPSILON.check(epsilon)
    limits.ADV_STEPS.check(steps)


def subset_digit(index: int) -> tuple[torch.Tensor, int]:
    """One digit of the shipped subset: (image (1, 1, 28, 28), label)."""
    x, y = mnist_subset()
    index = limits.integer(index, "digit index", 0, len(x) - 1)
    return x[index].unsqueeze(0), int(y[index])


@lru_cache(maxsize=4)
def shared_classifier(device: str = "cpu"):
    """The shipped classifier, loaded once per device and frozen (shared by every visitor)."""
    model, _ = hub.load(CLASSIFIER_NAME, load_classifier, device)
    for p in model.parameters():
        p.requires_grad_(False)
    return model.eval()


def sign_attack(objective, x: torch.Tensor, *, epsilon: float, method: str = "fgsm", steps: int = 10,
                step_size: float | None = None) -> torch.Tensor:
    """Ascend `objective(x) -> scalar` with sign-gradient steps inside the L-inf ball of radius epsilon
    around x and the pixel box [0, 1]. FGSM is one step of size epsilon; the iterative attack takes
    `steps` steps of `step_size` (default 2.5 * epsilon / steps) and projects after each."""
    check_attack_args(epsilon, method, steps)
    x = x.detach()
    n_steps, alpha = (1, epsilon) if method == "fgsm" else (int(steps), step_size or 2.5 * epsilon / int(steps))
    adv = x.clone()
    for _ in range(n_steps):
        adv.requires_grad_(True)
        (grad,) = torch.autograd.grad(objective(adv), adv)
        with torch.no_grad():
            adv = adv + alpha * grad.sign()
            adv = torch.min(torch.max(adv, x - epsilon), x + epsilon).clamp(0.0, 1.0)
    return adv.detach()


def attack_classifier(classifier, image: torch.Tensor, label: int, *, epsilon: float = 0.1,
                      method: str = "fgsm", target: int | None = None, steps: int = 10) -> AttackResult:
    """Fool the classifier on one image (1, 1, 28, 28): away from `label`, or towards `target`."""
    if target is not None and not 0 <= int(target) <= 9:
        raise ValueError(f"target class must be 0-9 (or none), got {target}")
    device = next(classifier.parameters()).device
    x = image.to(device).float()
    wanted = torch.tensor([int(label if target is None else target)], device=device)
    sign = 1.0 if target is None else -1.0  # untargeted: raise the true class's loss; targeted: lower the target's

    def objective(inp):
        return sign * F.cross_entropy(classifier(inp), wanted)

    adv = sign_attack(objective, x, epsilon=epsilon, method=method, steps=steps)
    return AttackResult(x[0, 0].cpu(), adv[0, 0].cpu(), predict(classifier, x)[0], predict(classifier, adv)[0])


def d_probability_of(gan, x: torch.Tensor, y=None) -> torch.Tensor:
    """D(x) = sigmoid(logit) of a GAN's discriminator (shared models are always in eval mode)."""
    with torch.no_grad():
        return d_probability(gan.discriminator(x, y)).cpu()


def attack_discriminator(gan, image: torch.Tensor, *, make: str = "fake", epsilon: float = 0.1,
                         method: str = "iterative", steps: int = 10, label: int | None = None) -> AttackResult:
    """Move D(x) of one image (1, 1, 28, 28): make="fake" lowers D(x) (a real digit judged fake),
    make="real" raises it (a generated digit judged real). `label` feeds a conditional D."""
    if make not in ("fake", "real"):
        raise ValueError(f"make must be 'fake' or 'real', got {make!r}")
    device = next(gan.parameters()).device
    x = image.to(device).float()
    y = None
    if gan.conditional:
        if label is None or not 0 <= int(label) <= 9:
            raise ValueError("this discriminator is conditional: pass the digit label 0-9")
        y = torch.tensor([int(label)], device=device)
    if gan.training:
        raise ValueError("attack a discriminator in eval mode (dropout off); call gan.eval() first")
    D = gan.discriminator
    sign = 1.0 if make == "real" else -1.0
    adv = sign_attack(lambda inp: sign * D(inp, y).sum(), x, epsilon=epsilon, method=method, steps=steps)
    return AttackResult(x[0, 0].cpu(), adv[0, 0].cpu(), d_probability_of(gan, x, y), d_probability_of(gan, adv, y))
