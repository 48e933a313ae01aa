"""The networks of Goodfellow et al. (2014) and the two families that followed it.

- ``mlp``: the paper's MNIST model as the authors' pylearn2 code defines it. G maps z (100-d, uniform on
  [-sqrt 3, sqrt 3]) through Linear-ReLU 1200, Linear-ReLU 1200, Linear-sigmoid 784. D is a maxout net
  (240 units x 5 pieces, twice) ending in one logit, with dropout on its input (keep 0.8) and hidden
  layers (keep 0.5). The same classes, with other sizes and no sigmoid, make the toy 1-D/2-D models.
- ``dcgan``: a convolutional G and D for 28x28 digits (Radford et al., 2015 style), optionally with the fully
  connected layers of InfoGAN's MNIST networks (Chen et al., 2016) and spectral norm in D (Miyato et al., 2018).
- Either becomes conditional (Mirza & Osindero, 2014) with ``n_classes > 0``: the one-hot label is fed to
  both G and D, so a visitor can ask for a particular digit.

Each model is a :class:`GANConfig` plus an ``nn.Module``; no device logic lives here. :class:`GAN` is a
``huggingface_hub`` ``PyTorchModelHubMixin`` model, so ``GAN.from_pretrained(repo_id_or_folder)``,
``save_pretrained`` and ``push_to_hub`` work as for other Hub models; its two hooks read and write the
project's folder format (:mod:`gan.weights.files`: config.json + model.safetensors, every tensor checked).
D returns logits; D(x) in the paper is ``sigmoid(logit)``.
"""
from __future__ import annotations

import contextlib
import math
from dataclasses import asdict, dataclass, fields

from pathlib import Path

import torch
import torch.nn.functional as F
from huggingface_hub import PyTorchModelHubMixin, hf_hub_download
from torch import nn

from gan.weights import files

D_NORMS = ("none", "spectral")        # dcgan: the normalisations of D's layers (GANConfig.d_norm)


@dataclass
class GANConfig:
    arch: str = "mlp"                 # "mlp" (the paper's) or "dcgan"
    data_shape: tuple = (1, 28, 28)   # (1, 28, 28) for MNIST; (1,) or (2,) for the toy distributions
    z_dim: int = 100
    prior: str = "uniform"            # "uniform" on [-sqrt 3, sqrt 3] (the paper's) or "normal"
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
    g_batchnorm: bool = False         # mlp: batch norm on G's hidden layers (the live MNIST model)
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


def one_hot(y: torch.Tensor | None, n_classes: int, dtype) -> torch.Tensor:
    """Integer labels (N,) -> one-hot (N, n_classes); an (N, n_classes) float tensor passes through,
    so interpolation can feed a label halfway between two digits."""
    if y is None:
        raise ValueError("this model is conditional: pass a label y")
    if y.dim() == 2 and y.is_floating_point():
        return y.to(dtype)
    return F.one_hot(y.long(), n_classes).to(dtype)


def _with_label(h: torch.Tensor, y: torch.Tensor | None, n_classes: int) -> torch.Tensor:
    """Append the one-hot label to a flat feature vector (the cGAN's conditioning)."""
    if n_classes == 0:
        return h
    return torch.cat([h, one_hot(y, n_classes, h.dtype)], dim=1)


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
        h = _with_label(z, y, self.cfg.n_classes)
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
        h = _with_label(x, y, self.cfg.n_classes)
        h = F.dropout(h, 1 - self.cfg.d_keep_input, self.training)
        for layer in self.hidden:
            h = F.dropout(layer(h), 1 - self.cfg.d_keep_hidden, self.training)
        return self.out(h).squeeze(1)


class ConvGenerator(nn.Module):
    """z [-> g_fc] -> 7x7 -> 14x14 -> 28x28 with transposed convolutions and batch norm. The optional fully
    connected layer gives G a nonlinear map from z before the spatial layout, so the 10 separate digit
    classes need not be the image of one linear projection of a connected Gaussian."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.cfg, w = cfg, cfg.width
        widths = [cfg.z_dim + cfg.n_classes, *([cfg.g_fc] if cfg.g_fc else []), 2 * w * 7 * 7]
        layers = []
        for a, b in zip(widths[:-1], widths[1:]):
            layers += [nn.Linear(a, b, bias=False), nn.BatchNorm1d(b), nn.ReLU(True)]
        self.project = nn.Sequential(*layers)
        self.upsample = nn.Sequential(
            nn.ConvTranspose2d(2 * w, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(True),
            nn.ConvTranspose2d(w, cfg.data_shape[0], 4, 2, 1))

    def forward(self, z, y=None):
        h = self.project(_with_label(z, y, self.cfg.n_classes)).view(z.shape[0], -1, 7, 7)
        return torch.sigmoid(self.upsample(h))


class ConvDiscriminator(nn.Module):
    """28x28 -> 14x14 -> 7x7 strided convolutions, LeakyReLU [-> d_fc] -> logit; the label joins as extra
    channels. With ``d_norm="spectral"`` every layer's weight is divided by its largest singular value."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.cfg, w = cfg, cfg.d_width or cfg.width
        if cfg.d_norm not in D_NORMS:
            raise ValueError(f"unknown d_norm {cfg.d_norm!r}; expected one of {D_NORMS}")
        sn = nn.utils.parametrizations.spectral_norm if cfg.d_norm == "spectral" else (lambda m: m)
        self.features = nn.Sequential(
            sn(nn.Conv2d(cfg.data_shape[0] + cfg.n_classes, w, 4, 2, 1)), nn.LeakyReLU(0.2, True),
            sn(nn.Conv2d(w, 2 * w, 4, 2, 1)), nn.LeakyReLU(0.2, True), nn.Flatten(),
            *([sn(nn.Linear(2 * w * 7 * 7, cfg.d_fc)), nn.LeakyReLU(0.2, True)] if cfg.d_fc else []))
        self.out = sn(nn.Linear(cfg.d_fc or 2 * w * 7 * 7, 1))

    def forward(self, x, y=None):
        if self.cfg.n_classes:
            onehot = one_hot(y, self.cfg.n_classes, x.dtype)
            x = torch.cat([x, onehot[:, :, None, None].expand(-1, -1, *x.shape[2:])], dim=1)
        return self.out(self.features(x)).squeeze(1)


ARCHS = {"mlp": (MLPGenerator, MLPDiscriminator), "dcgan": (ConvGenerator, ConvDiscriminator)}


class GAN(nn.Module, PyTorchModelHubMixin, library_name="gan-playground", license="mit",
          tags=["gan", "mnist", "goodfellow-2014"]):
    """The pair (G, D) with the config that built it; saved and loaded together."""

    def __init__(self, config: GANConfig):
        super().__init__()
        if config.arch not in ARCHS:
            raise ValueError(f"unknown arch {config.arch!r}; expected one of {sorted(ARCHS)}")
        if config.prior not in ("uniform", "normal"):
            raise ValueError(f"unknown prior {config.prior!r}; expected 'uniform' or 'normal'")
        self.config = config
        g_cls, d_cls = ARCHS[config.arch]
        self.generator = g_cls(config)
        self.discriminator = d_cls(config)

    @property
    def conditional(self) -> bool:
        return self.config.n_classes > 0

    def forward(self, z, y=None):
        return self.generator(z, y)

    @classmethod
    def from_folder(cls, folder, device="cpu") -> "GAN":
        """A GAN in eval mode on `device` from a weights folder, every tensor checked against its config."""
        folder = Path(folder)
        raw = files.read_config_json(folder)
        try:
            cfg = GANConfig.from_dict(raw["model"])
        except (KeyError, TypeError, ValueError) as e:
            raise files.WeightsError(f"{folder / files.CONFIG_NAME} is not a valid GAN config: {e}") from e
        try:
            gan = cls(cfg)
        except (ValueError, TypeError, RuntimeError) as e:
            raise files.WeightsError(f"{folder / files.CONFIG_NAME} describes no buildable model: {e}") from e
        weights = folder / files.WEIGHTS_NAME
        files.load_state_strict(gan, files.read_tensors(weights), weights)
        return gan.to(device).eval()

    # --- huggingface_hub's mixin hooks: the same folder format as gan.weights.pretrained -------------
    def _save_pretrained(self, save_directory: Path) -> None:
        files.write_folder(save_directory, self.state_dict(), {"model": self.config.to_dict()})

    @classmethod
    def _from_pretrained(cls, *, model_id: str, revision=None, cache_dir=None, force_download=False,
                         local_files_only=False, token=None, map_location="cpu", **_) -> "GAN":
        folder = Path(model_id)
        if not folder.is_dir():  # a Hub repo: its two files only (never a pickle)
            for name in (files.CONFIG_NAME, files.WEIGHTS_NAME):
                path = hf_hub_download(model_id, name, revision=revision, cache_dir=cache_dir, token=token,
                                       force_download=force_download, local_files_only=local_files_only)
            folder = Path(path).parent
        return cls.from_folder(folder, map_location)


@contextlib.contextmanager
def evaluating(module: nn.Module):
    """`module` in eval mode (dropout off, batch norm on its running statistics) inside the block, and
    back in the mode it had afterwards."""
    was_training = module.training
    module.eval()
    try:
        yield module
    finally:
        module.train(was_training)


@torch.no_grad()
def init_paper_mlp(gan: GAN, pixel_means: torch.Tensor | None = None, generator=None) -> None:
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
def init_dcgan(gan: GAN, generator=None) -> None:
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


@torch.no_grad()
def clip_column_norms(gan: GAN, max_norm: float = 1.9365) -> None:
    """The authors' max-norm constraint on D's maxout weights (each unit's incoming weight vector)."""
    for layer in getattr(gan.discriminator, "hidden", []):
        if isinstance(layer, Maxout):
            w = layer.linear.weight  # (out*pieces, in): a row is one unit's column in pylearn2
            norms = w.norm(dim=1, keepdim=True)
            w.mul_(torch.clamp(max_norm / (norms + 1e-7), max=1.0))
