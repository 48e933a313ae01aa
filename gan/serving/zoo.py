"""The pretrained models the app serves: loaded once, on one device, shared read-only by every visitor.

Each entry remembers where its weights came from (local folder, the Hub, or the bundled copy), which the
app's header shows. Loading failures are kept as messages, so one broken model never stops the app.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch

from gan.device import pick_device
from gan.weights import hub
from gan.models import GAN
from gan.weights.pretrained import load_pretrained

# name shown in the UI -> weights name resolved by gan.weights.hub (bundled name, local folder or Hub repo id)
DEFAULT_MODELS = {
    "mnist-mlp": "mnist-mlp",          # the paper's MLP G / maxout D
    "mnist-dcgan": "mnist-dcgan",      # the convolutional model
    "mnist-cdcgan": "mnist-cdcgan",    # the conditional convolutional model
}
LABELS = {
    "mnist-mlp": "Paper MLP (Goodfellow et al. 2014)",
    "mnist-dcgan": "Convolutional (DCGAN-style)",
    "mnist-cdcgan": "Conditional convolutional (cGAN)",
}


def describe_origin(resolved) -> str:
    """'Hub gan-playground/mnist-mlp@v1.1', 'bundled copy weights/mnist-mlp' or 'local folder PATH'."""
    if resolved.source == "hub":
        return f"Hugging Face Hub {resolved.repo}@{resolved.revision}"
    if resolved.source == "bundled":
        return f"bundled copy {hub.BUNDLED.name}/{resolved.folder.name}"
    return f"local folder {resolved.folder}"


@dataclass
class ModelZoo:
    device: torch.device
    models: dict = field(default_factory=dict)    # name -> GAN (eval mode, frozen)
    sources: dict = field(default_factory=dict)   # name -> "local" | "hub" | "bundled"
    origins: dict = field(default_factory=dict)   # name -> where exactly: folder or repo@revision
    notes: dict = field(default_factory=dict)     # name -> why the Hub copy was not used (if so)
    errors: dict = field(default_factory=dict)    # name -> message, for models that failed to load

    @classmethod
    def load(cls, specs: dict | None = None, device=None) -> "ModelZoo":
        zoo = cls(device=pick_device(device) if not isinstance(device, torch.device) else device)
        for name, spec in (specs or DEFAULT_MODELS).items():
            try:
                gan, resolved = hub.load(spec, load_pretrained, zoo.device)
            except (ValueError, OSError) as e:
                zoo.errors[name] = str(e)
                continue
            for p in gan.parameters():
                p.requires_grad_(False)   # shared between visitors: never trained in place
            zoo.models[name], zoo.sources[name] = gan.eval(), resolved.source
            zoo.origins[name] = describe_origin(resolved)
            if resolved.note:
                zoo.notes[name] = resolved.note
        return zoo

    @property
    def names(self) -> list[str]:
        return list(self.models)

    def get(self, name: str) -> GAN:
        if name not in self.models:
            known = ", ".join(self.models) or "none"
            raise ValueError(f"unknown model {name!r}; available: {known}")
        return self.models[name]
