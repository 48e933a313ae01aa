"""The pair (G, D) of the paper's value function V(D, G), built from a :class:`GANConfig` by its arch.
:class:`GAN` is a ``huggingface_hub`` ``PyTorchModelHubMixin`` model, so ``GAN.from_pretrained(repo_id_or_
folder)``, ``save_pretrained`` and ``push_to_hub`` work as for other Hub models; its two hooks read and
write the project's folder format (:mod:`gan.weights.files`: config.json + model.safetensors, every
tensor checked). No device logic lives here beyond ``from_folder``'s map location."""
from __future__ import annotations

import contextlib
from pathlib import Path

from huggingface_hub import PyTorchModelHubMixin, hf_hub_download
from torch import nn

from gan import limits
from gan.models.config import GANConfig, mixture_modes
from gan.models.conv import ConvDiscriminator, ConvGenerator
from gan.models.mlp import MLPDiscriminator, MLPGenerator
from gan.weights import files

ARCHS = {"mlp": (MLPGenerator, MLPDiscriminator), "dcgan": (ConvGenerator, ConvDiscriminator)}


class GAN(nn.Module, PyTorchModelHubMixin, library_name="gan-playground", license="mit",
          tags=["gan", "mnist", "goodfellow-2014"]):
    """The pair (G, D) with the config that built it; saved and loaded together."""

    def __init__(self, config: GANConfig):
        super().__init__()
        if config.arch not in ARCHS:
            raise ValueError(f"unknown arch {config.arch!r}; expected one of {sorted(ARCHS)}")
        mixture_modes(config.prior, config.z_dim)    # raises for an unknown prior
        limits.TRUNCATION.check(config.truncation)
        if config.info_codes and config.arch != "dcgan":
            raise ValueError(f"info_codes (InfoGAN's code) is for the dcgan arch, not {config.arch!r}")
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


@contextlib.contextmanager
def frozen(module: nn.Module):
    """`module`'s parameters do not require gradients inside the block (G's step through D: D's
    gradients are neither computed nor, under DDP, all-reduced)."""
    params = [p for p in module.parameters() if p.requires_grad]
    for p in params:
        p.requires_grad_(False)
    try:
        yield module
    finally:
        for p in params:
            p.requires_grad_(True)
