"""The networks' one description: :class:`GANConfig` (saved as config.json's "model"), and the cGAN's
label handling (Mirza & Osindero, 2014: the one-hot label fed beside z, or beside D's input)."""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields

import torch
import torch.nn.functional as F

D_NORMS = ("none", "spectral")        # dcgan: the normalisations of D's layers (GANConfig.d_norm)
D_CONDS = ("channels", "projection")  # dcgan: how a conditional D sees the label (GANConfig.d_cond)


@dataclass
class GANConfig:
    arch: str = "mlp"                 # "mlp" (the paper's) or "dcgan"
    data_shape: tuple = (1, 28, 28)   # (1, 28, 28) for MNIST; (1,) or (2,) for the toy distributions
    z_dim: int = 100
    prior: str = "uniform"            # "uniform" on [-sqrt 3, sqrt 3] (the paper's), "normal", or
                                      # "mixtureK": K Gaussians apart (see mixture_modes)
    n_classes: int = 0                # > 0 makes a conditional GAN
    g_hidden: tuple = (1200, 1200)    # mlp: generator layer widths
    d_hidden: tuple = (240, 240)      # mlp: discriminator layer widths (units)
    maxout_pieces: int = 5            # mlp: pieces per maxout unit; 1 means plain ReLU units
    d_keep_input: float = 0.8         # mlp: dropout keep probability on D's input
    d_keep_hidden: float = 0.5        # mlp: dropout keep probability on D's hidden layers
    output: str = "sigmoid"           # G's output nonlinearity: "sigmoid" (pixels in [0,1]) or "none"
    width: int = 64                   # dcgan: base channel count
    d_width: int = 0                  # dcgan: D's base channel count (0: `width`)
    g_fc: int = 0                     # dcgan: > 0 puts a fully connected layer of this width (batch norm,
                                      # ReLU) between z and G's 7x7 projection (InfoGAN's MNIST G)
    d_fc: int = 0                     # dcgan: > 0 puts a fully connected LeakyReLU layer of this width
                                      # between D's 7x7 features and its logit (InfoGAN's MNIST D)
    d_norm: str = "none"              # dcgan: "none" or "spectral" (Miyato et al., 2018) on D's layers
    d_cond: str = "channels"          # dcgan, conditional: the label as extra input channels, or
                                      # "projection" (Miyato & Koyama, 2018): logit += <embed(y), phi(x)>
    info_codes: int = 0               # dcgan, unconditional: > 0 reads a categorical code c from z (see
                                      # info_code), feeds one-hot(c) to G beside z and gives D a head
                                      # Q(c | x) (InfoGAN, Chen et al., 2016)
    g_batchnorm: bool = False         # mlp: batch norm on G's hidden layers (the live MNIST model)
    truncation: float = 1.0           # sampling only (training draws p_z as is): z's noise around its mean
                                      # (the mixture's mode) scaled by this, 0 < truncation <= 1: BigGAN's
                                      # truncation trick (Brock et al., 2019), fewer odd samples, less variety
    # mlp: the data's standardisation, x = data_shift + data_scale * u with u of mean 0 and std 1: G's
    # output is mapped to x, D's input back to u (a toy's p_data far from 0, e.g. N(4, 0.5^2), otherwise
    # leaves D's default-initialised units with no kink near the data: D can see a shift but not a width)
    data_shift: float = 0.0
    data_scale: float = 1.0

    @property
    def data_dim(self) -> int:
        return math.prod(self.data_shape)

    def to_dict(self) -> dict:
        d = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

    @classmethod
    def from_dict(cls, d: dict) -> "GANConfig":
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown GANConfig keys: {sorted(unknown)}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})


MIXTURE_RADIUS = 4.0   # "mixtureK": component k is N(MIXTURE_RADIUS * e_k, I), k = 0..K-1


def mixture_modes(prior: str, z_dim: int | None = None) -> int:
    """K of a prior "mixtureK" (0 for "uniform" and "normal"): z ~ (1/K) sum_k N(r e_k, I), a mixture of K
    unit Gaussians centred r = MIXTURE_RADIUS along z's first K axes (pairwise 5.7 standard deviations
    apart), after Ben-Yosef & Weinshall (2018) and DeLiGAN (Gurumurthy et al., 2017). Little of p_z lies
    between the components, so G need not spend latent mass on shapes between separate modes of the
    data (an unconditional G's between-digit shapes); nothing tells a component which digit to draw.
    Raises ValueError for an unknown prior."""
    if prior in ("uniform", "normal"):
        return 0
    m = re.fullmatch(r"mixture([1-9][0-9]*)", str(prior))
    if not m:
        raise ValueError(f"unknown prior {prior!r}; expected 'uniform', 'normal' or 'mixtureK' (e.g. mixture10)")
    k = int(m.group(1))
    if z_dim is not None and not 2 <= k <= z_dim:
        raise ValueError(f"prior {prior!r}: K must be 2..z_dim ({z_dim})")
    return k


def one_hot(y: torch.Tensor | None, n_classes: int, dtype) -> torch.Tensor:
    """Integer labels (N,) -> one-hot (N, n_classes); an (N, n_classes) float tensor passes through,
    so interpolation can feed a label halfway between two digits."""
    if y is None:
        raise ValueError("this model is conditional: pass a label y")
    if y.dim() == 2 and y.is_floating_point():
        return y.to(dtype)
    return F.one_hot(y.long(), n_classes).to(dtype)


def info_code(z: torch.Tensor, n_codes: int) -> torch.Tensor:
    """InfoGAN's categorical code c, read from z itself: the index of the largest of z's first `n_codes`
    coordinates. Under an i.i.d. prior it is uniform on 0..n_codes-1, and the latent stays z alone, so
    seeds and interpolation work as for any model (c switches where the argmax does); a gradient-based
    inversion moves z but not c directly (the argmax has no gradient), so its restarts choose c."""
    return z[:, :n_codes].argmax(dim=1)


def with_label(h: torch.Tensor, y: torch.Tensor | None, n_classes: int) -> torch.Tensor:
    """Append the one-hot label to a flat feature vector (the cGAN's conditioning)."""
    if n_classes == 0:
        return h
    return torch.cat([h, one_hot(y, n_classes, h.dtype)], dim=1)
