"""A convolutional G and D for 28x28 digits (Radford et al., 2015 style), optionally with the fully
connected layers of InfoGAN's MNIST networks (Chen et al., 2016), spectral norm in D (Miyato et al.,
2018) and, for the conditional model, a projection discriminator (Miyato & Koyama, 2018); with the
DCGAN initialisation."""
from __future__ import annotations

import torch
from torch import nn

from gan.models.config import D_CONDS, D_NORMS, GANConfig, info_code, one_hot, with_label


class ConvGenerator(nn.Module):
    """z [-> g_fc] -> 7x7 -> 14x14 -> 28x28 with transposed convolutions and batch norm. The optional fully
    connected layer gives G a nonlinear map from z before the spatial layout, so the 10 separate digit
    classes need not be the image of one linear projection of a connected Gaussian. With ``info_codes``
    G also gets one-hot(c), c = info_code(z): a discrete switch the mutual-information term ties to what
    D's head Q can tell apart (InfoGAN's categorical code)."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.cfg, w = cfg, cfg.width
        if cfg.info_codes and (cfg.n_classes or not 1 < cfg.info_codes <= cfg.z_dim):
            raise ValueError(f"info_codes takes an unconditional model and 2..z_dim codes (got info_codes="
                             f"{cfg.info_codes}, n_classes={cfg.n_classes}, z_dim={cfg.z_dim})")
        widths = [cfg.z_dim + cfg.n_classes + cfg.info_codes, *([cfg.g_fc] if cfg.g_fc else []), 2 * w * 7 * 7]
        layers = []
        for a, b in zip(widths[:-1], widths[1:]):
            layers += [nn.Linear(a, b, bias=False), nn.BatchNorm1d(b), nn.ReLU(True)]
        self.project = nn.Sequential(*layers)
        self.upsample = nn.Sequential(
            nn.ConvTranspose2d(2 * w, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(True),
            nn.ConvTranspose2d(w, cfg.data_shape[0], 4, 2, 1))

    def forward(self, z, y=None):
        h = with_label(z, y, self.cfg.n_classes)
        if self.cfg.info_codes:
            h = with_label(h, info_code(z, self.cfg.info_codes), self.cfg.info_codes)
        h = self.project(h).view(z.shape[0], -1, 7, 7)
        return torch.sigmoid(self.upsample(h))


class ConvDiscriminator(nn.Module):
    """28x28 -> 14x14 -> 7x7 strided convolutions, LeakyReLU [-> d_fc] -> logit. A conditional D takes the
    label as extra input channels, or with ``d_cond="projection"`` as D(x, y) = psi(phi(x)) + <e_y, phi(x)>
    (Miyato & Koyama, 2018: the logit of p(y|x) p(x) / q(y|x) q(x) split into a label-free term and an
    inner product with the label's embedding e_y). With ``d_norm="spectral"`` every layer's weight (the
    embedding's too) is divided by its largest singular value. With ``info_codes``, a linear head on the
    same features (not normalised) gives the logits of Q(c | x), returned beside D's logit when ``with_q``;
    a projection D returns there its class logits <e_c, phi(x)> for every class c (AC-GAN's classifier)."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.cfg, w = cfg, cfg.d_width or cfg.width
        if cfg.d_norm not in D_NORMS:
            raise ValueError(f"unknown d_norm {cfg.d_norm!r}; expected one of {D_NORMS}")
        if cfg.d_cond not in D_CONDS:
            raise ValueError(f"unknown d_cond {cfg.d_cond!r}; expected one of {D_CONDS}")
        sn = nn.utils.parametrizations.spectral_norm if cfg.d_norm == "spectral" else (lambda m: m)
        self.label_channels = cfg.n_classes if cfg.d_cond == "channels" else 0
        self.features = nn.Sequential(
            sn(nn.Conv2d(cfg.data_shape[0] + self.label_channels, w, 4, 2, 1)), nn.LeakyReLU(0.2, True),
            sn(nn.Conv2d(w, 2 * w, 4, 2, 1)), nn.LeakyReLU(0.2, True), nn.Flatten(),
            *([sn(nn.Linear(2 * w * 7 * 7, cfg.d_fc)), nn.LeakyReLU(0.2, True)] if cfg.d_fc else []))
        n_features = cfg.d_fc or 2 * w * 7 * 7
        self.out = sn(nn.Linear(n_features, 1))
        if cfg.n_classes and cfg.d_cond == "projection":
            self.embed = sn(nn.Linear(cfg.n_classes, n_features, bias=False))  # one-hot -> e_y (soft labels mix)
        if cfg.info_codes:
            self.q = nn.Linear(n_features, cfg.info_codes)

    def forward(self, x, y=None, with_q: bool = False):
        if self.label_channels:
            onehot = one_hot(y, self.cfg.n_classes, x.dtype)
            x = torch.cat([x, onehot[:, :, None, None].expand(-1, -1, *x.shape[2:])], dim=1)
        phi = self.features(x)
        logit = self.out(phi).squeeze(1)
        if hasattr(self, "embed"):
            logit = logit + (self.embed(one_hot(y, self.cfg.n_classes, x.dtype)) * phi).sum(1)
        if not with_q:
            return logit
        return logit, (self.q(phi) if self.cfg.info_codes else phi @ self.embed.weight.to(phi.dtype))


@torch.no_grad()
def init_dcgan(gan: nn.Module, generator=None) -> None:
    """DCGAN initialisation: conv/linear weights N(0, 0.02), batch-norm scales N(1, 0.02)."""
    for m in gan.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            # a spectrally normalised layer keeps its raw weight as parametrizations.weight.original
            weight = m.parametrizations.weight.original if nn.utils.parametrize.is_parametrized(m) else m.weight
            weight.normal_(0.0, 0.02, generator=generator)
            if m.bias is not None:
                m.bias.zero_()
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.weight.normal_(1.0, 0.02, generator=generator)
            m.bias.zero_()
