"""The paper's MNIST networks as the authors' pylearn2 code defines them. G maps z (100-d, uniform on
[-sqrt 3, sqrt 3]) through Linear-ReLU 1200, Linear-ReLU 1200, Linear-sigmoid 784. D is a maxout net
(240 units x 5 pieces, twice; Goodfellow et al., 2013) ending in one logit, with dropout on its input
(keep 0.8) and hidden layers (keep 0.5). The same classes, with other sizes and no sigmoid, make the toy
1-D/2-D models. Also the authors' initialisation and their max-norm constraint (used for TFD only)."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from gan.models.config import GANConfig, with_label

class Maxout(nn.Module):
    """max over `pieces` linear pieces (Goodfellow et al., 2013), the paper's D unit."""

    def __init__(self, n_in: int, n_out: int, pieces: int):
        super().__init__()
        self.pieces = pieces
        self.linear = nn.Linear(n_in, n_out * pieces)

    def forward(self, x):
        h = self.linear(x)
        return h.view(x.shape[0], -1, self.pieces).amax(dim=2)


class MLPGenerator(nn.Module):
    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.cfg = cfg
        sizes = [cfg.z_dim + cfg.n_classes, *cfg.g_hidden]
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        # empty unless g_batchnorm, so models saved without it keep their exact tensor names
        self.norms = nn.ModuleList(nn.BatchNorm1d(b) for b in sizes[1:]) if cfg.g_batchnorm else nn.ModuleList()
        self.out = nn.Linear(sizes[-1], cfg.data_dim)

    def forward(self, z, y=None):
        h = with_label(z, y, self.cfg.n_classes)
        for i, layer in enumerate(self.hidden):
            h = layer(h)
            h = F.relu(self.norms[i](h) if self.norms else h)
        x = self.out(h)
        if self.cfg.output == "sigmoid":
            x = torch.sigmoid(x)
        elif self.cfg.data_shift or self.cfg.data_scale != 1.0:
            x = self.cfg.data_shift + self.cfg.data_scale * x
        return x.view(-1, *self.cfg.data_shape)


class MLPDiscriminator(nn.Module):
    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.cfg = cfg
        sizes = [cfg.data_dim + cfg.n_classes, *cfg.d_hidden]
        if cfg.maxout_pieces > 1:
            self.hidden = nn.ModuleList(Maxout(a, b, cfg.maxout_pieces) for a, b in zip(sizes[:-1], sizes[1:]))
        else:
            self.hidden = nn.ModuleList(nn.Sequential(nn.Linear(a, b), nn.LeakyReLU(0.2))
                                        for a, b in zip(sizes[:-1], sizes[1:]))
        self.out = nn.Linear(sizes[-1], 1)

    def forward(self, x, y=None):
        x = x.flatten(1)
        if self.cfg.data_shift or self.cfg.data_scale != 1.0:
            x = (x - self.cfg.data_shift) / self.cfg.data_scale
        h = with_label(x, y, self.cfg.n_classes)
        h = F.dropout(h, 1 - self.cfg.d_keep_input, self.training)
        for layer in self.hidden:
            h = F.dropout(layer(h), 1 - self.cfg.d_keep_hidden, self.training)
        return self.out(h).squeeze(1)


@torch.no_grad()
def init_paper_mlp(gan: nn.Module, pixel_means: torch.Tensor | None = None, generator=None) -> None:
    """The authors' initialisation: weights uniform +-0.05 in G, +-0.005 in D, zero biases, and G's
    output bias set so that sigmoid(bias) equals the data's mean pixel (their `init_bias_target_marginals`)."""
    for net, r in ((gan.generator, 0.05), (gan.discriminator, 0.005)):
        for name, p in net.named_parameters():
            if name.startswith("norms."):
                continue  # batch norm (g_batchnorm) keeps its identity start: scale 1, shift 0
            if name.endswith("weight"):
                p.uniform_(-r, r, generator=generator)
            else:
                p.zero_()
    if pixel_means is not None and gan.config.output == "sigmoid":
        m = pixel_means.flatten().clamp(1e-3, 1 - 1e-3)
        gan.generator.out.bias.copy_(torch.log(m / (1 - m)))


@torch.no_grad()
def clip_column_norms(gan: nn.Module, max_norm: float = 1.9365) -> None:
    """The authors' max-norm constraint on D's maxout weights (each unit's incoming weight vector)."""
    for layer in getattr(gan.discriminator, "hidden", []):
        if isinstance(layer, Maxout):
            w = layer.linear.weight  # (out*pieces, in): a row is one unit's column in pylearn2
            norms = w.norm(dim=1, keepdim=True)
            w.mul_(torch.clamp(max_norm / (norms + 1e-7), max=1.0))
