"""Where weights come from: a local folder, the Hugging Face Hub, or the copy bundled in ``weights/``.

(Minimal version: local folders and bundled names.)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .weights import WeightsError, load_pretrained

BUNDLED = Path(__file__).resolve().parent.parent / "weights"


@dataclass
class Resolved:
    folder: Path
    source: str


def resolve(name: str) -> Resolved:
    p = Path(name).expanduser()
    if p.is_dir():
        return Resolved(p, "local")
    if (BUNDLED / name).is_dir():
        return Resolved(BUNDLED / name, "bundled")
    raise WeightsError(f"unknown model {name!r}")


def load_model(name: str, device="cpu"):
    r = resolve(name)
    return load_pretrained(r.folder, device), r.source


def download_dataset_file(repo: str, filename: str) -> Path:
    raise OSError("offline")
