"""A small MNIST classifier: the judge that checks the conditional GAN draws the digit asked for and
counts digit shares of unconditional samples, and the target of the adversarial-example demos
(Szegedy et al., 2014; Goodfellow et al., 2015), the observation the GAN paper starts from.

``python -m gan.evaluation.classifier --out weights/mnist-classifier`` trains it (config.json + model.safetensors).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from torch import nn

from gan.weights.pretrained import WeightsError, load_state_strict, read_tensors


@dataclass
class ClassifierConfig:
    arch: str = "cnn-classifier"
    channels: tuple = (32, 64)
    hidden: int = 128
    n_classes: int = 10


class DigitClassifier(nn.Module):
    """conv3-relu-pool, conv3-relu-pool, linear-relu, linear -> 10 logits, on [0, 1] pixels."""

    def __init__(self, cfg: ClassifierConfig = ClassifierConfig()):
        super().__init__()
        self.config = cfg
        c1, c2 = cfg.channels
        self.features = nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.head = nn.Sequential(nn.Linear(c2 * 49, cfg.hidden), nn.ReLU(), nn.Linear(cfg.hidden, cfg.n_classes))

    def forward(self, x):
        return self.head(self.features(x.view(-1, 1, 28, 28)))


def save_classifier(model: DigitClassifier, folder, meta: dict | None = None) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}, str(folder / "model.safetensors"))
    cfg = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(model.config).items()}
    (folder / "config.json").write_text(json.dumps({"model": cfg, **(meta or {})}, indent=2) + "\n")


def load_classifier(folder, device="cpu") -> DigitClassifier:
    folder = Path(folder)
    try:
        raw = json.loads((folder / "config.json").read_text())["model"]
        cfg = ClassifierConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
    except (OSError, KeyError, TypeError, json.JSONDecodeError) as e:
        raise WeightsError(f"{folder / 'config.json'} is not a classifier config: {e}") from e
    model = DigitClassifier(cfg)
    load_state_strict(model, read_tensors(folder / "model.safetensors"), folder / "model.safetensors")
    return model.to(device).eval()


@torch.no_grad()
def predict(model: DigitClassifier, images: torch.Tensor, batch: int = 2000) -> torch.Tensor:
    """Class probabilities (N, 10) for images in [0, 1]."""
    device = next(model.parameters()).device
    return torch.cat([F.softmax(model(images[i:i + batch].to(device)), 1).cpu() for i in range(0, len(images), batch)])


@torch.no_grad()
def features(model: DigitClassifier, images: torch.Tensor, batch: int = 2000) -> torch.Tensor:
    """The last hidden layer's activations (N, hidden): the space the Frechet distance is measured in."""
    device = next(model.parameters()).device
    body = torch.nn.Sequential(model.features, *list(model.head)[:-1])
    return torch.cat([body(images[i:i + batch].to(device).view(-1, 1, 28, 28)).double().cpu()
                      for i in range(0, len(images), batch)])


def train_classifier(x: torch.Tensor, y: torch.Tensor, *, epochs: int = 3, batch_size: int = 128,
                     lr: float = 1e-3, seed: int = 0):
    """Adam on cross-entropy, with small random shifts as augmentation; yields (epoch, loss)."""
    torch.manual_seed(seed)
    model = DigitClassifier().to(x.device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    for epoch in range(epochs):
        perm = torch.randperm(len(x), generator=g).to(x.device)
        for i in range(0, len(x) - batch_size + 1, batch_size):
            idx = perm[i:i + batch_size]
            dx, dy = torch.randint(-2, 3, (2,), generator=g).tolist()
            xb = torch.roll(x[idx], shifts=(dx, dy), dims=(2, 3))
            loss = F.cross_entropy(model(xb), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        yield epoch + 1, float(loss), model


def main(argv=None) -> int:
    from gan.data import load_mnist, to_unit_float
    from gan.device import pick_device
    p = argparse.ArgumentParser(description="Train the MNIST judge/adversarial-target classifier.")
    p.add_argument("--out", default="weights/mnist-classifier")
    p.add_argument("--mnist")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--device")
    a = p.parse_args(argv)
    device = pick_device(a.device)
    xs, ys = load_mnist("train", a.mnist)
    xt, yt = load_mnist("test", a.mnist)
    x, y = to_unit_float(xs).to(device), torch.from_numpy(ys.astype("int64")).to(device)
    start, model = time.time(), None
    for epoch, loss, model in train_classifier(x, y, epochs=a.epochs):
        print(f"epoch {epoch}: loss {loss:.4f}", flush=True)
    acc = float((predict(model.eval(), to_unit_float(xt)).argmax(1).numpy() == yt).mean())
    print(f"test accuracy {acc:.4f}")
    save_classifier(model, a.out, {"test_accuracy": round(acc, 4), "epochs": a.epochs,
                                   "train_seconds": round(time.time() - start, 1), "device": str(device)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
