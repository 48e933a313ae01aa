"""p_data for the paper's MNIST experiment: loading the digits and drawing minibatches from them.

MNIST comes from an npz the user names (keys ``x_train y_train x_valid y_valid x_test y_test``, uint8
28x28 digits, the paper's 50k/10k/10k split), from the ``GAN_MNIST`` environment variable, or from a
Hub dataset repo when online. A 10,000-digit subset of the training split ships with the project
(``gan/assets/mnist_subset.npz``) so the app can train and compare offline, and 1,000 test digits
(``gan/assets/mnist_test_subset.npz``) for the Draw tab.
MNIST is by Yann LeCun and Corinna Cortes, CC BY-SA 3.0.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np
import torch

SPLITS = ("train", "valid", "test")
SUBSET_PATH = Path(__file__).parent / "assets" / "mnist_subset.npz"
TEST_SUBSET_PATH = Path(__file__).parent / "assets" / "mnist_test_subset.npz"   # 100 test digits per class
MNIST_REPO = os.environ.get("GAN_MNIST_REPO", "gan-playground/mnist")


class DataError(ValueError):
    """A data set that cannot be found or read."""


def find_mnist(path: str | os.PathLike | None = None) -> Path:
    """The npz to read: the given path, else $GAN_MNIST, else the Hub dataset (online only)."""
    path = path or os.environ.get("GAN_MNIST")
    if path:
        p = Path(path).expanduser()
        if not p.is_file():
            raise DataError(f"MNIST file not found: {p}")
        return p
    try:
        from gan.weights.hub import download_dataset_file
        return download_dataset_file(MNIST_REPO, "mnist.npz")
    except Exception as e:  # noqa: BLE001 - any failure means: tell the user how to point at a file
        raise DataError("MNIST not found: pass --mnist PATH (an npz with x_train, y_train, ...) or set "
                        f"GAN_MNIST; the Hub dataset {MNIST_REPO} was not reachable ({e})") from e


def load_mnist(split: str = "train", path=None) -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 (N, 28, 28), labels uint8 (N,)) of one split."""
    if split not in SPLITS:
        raise DataError(f"unknown split {split!r}; expected one of {SPLITS}")
    source = SUBSET_PATH if path == "subset" else find_mnist(path)
    try:
        with np.load(source, allow_pickle=False) as f:
            if path == "subset":
                return f["x_train"], f["y_train"]
            return f[f"x_{split}"], f[f"y_{split}"]
    except (KeyError, ValueError, OSError) as e:
        raise DataError(f"{source} is not an MNIST npz with x_{split}/y_{split}: {e}") from e


def to_unit_float(images: np.ndarray) -> torch.Tensor:
    """uint8 (N, 28, 28) -> float32 (N, 1, 28, 28) in [0, 1], the scale G's sigmoid output lives on."""
    return torch.from_numpy(np.asarray(images, dtype=np.float32) / 255.0).unsqueeze(1)


class DatasetSampler:
    """Minibatches drawn without replacement, a fresh shuffle each epoch, all on one device.

    With ``rank``/``world_size`` every process sees a disjoint shard of each epoch's shuffle (the
    shuffle itself is seeded identically everywhere), which is what distributed training needs."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor | None = None, *, seed: int = 0,
                 rank: int = 0, world_size: int = 1, balanced: bool = False):
        if balanced and y is None:
            raise DataError("digit-balanced minibatches need the labels")
        self.x, self.y, self.balanced = x, y, balanced
        self.rank, self.world_size = rank, world_size
        self.generator = torch.Generator().manual_seed(seed)
        self._order, self._pos, self.epoch = torch.empty(0, dtype=torch.long), 0, -1

    @property
    def shape(self) -> tuple:
        return tuple(self.x.shape[1:])

    def __len__(self) -> int:
        return len(self.x)

    @property
    def shard_size(self) -> int:
        """The examples this process draws from each epoch's shuffle (all of them without a shard)."""
        return len(range(self.rank, len(self.x), self.world_size))

    def check_batch(self, n: int) -> None:
        """Refuse a minibatch larger than this process's share of the data."""
        if n > self.shard_size:
            raise DataError(f"batch size {n} exceeds the {self.shard_size} training examples"
                            f"{' per process' if self.world_size > 1 else ' in the data'}")

    def sample(self, n: int):
        if self._pos + n > len(self._order):
            self.check_batch(n)
            perm = self._epoch_order()
            self._order = perm[self.rank::self.world_size]
            self._pos, self.epoch = 0, self.epoch + 1
        idx = self._order[self._pos:self._pos + n].to(self.x.device)
        self._pos += n
        return self.x[idx], (None if self.y is None else self.y[idx])

    def _epoch_order(self) -> torch.Tensor:
        """One epoch's indices: a shuffle of the data, or (balanced) len(x) draws with replacement, each
        example weighted by 1 / (its class's count), so that every class is equally likely."""
        if not self.balanced:
            return torch.randperm(len(self.x), generator=self.generator)
        y = self.y.cpu()
        weight = 1.0 / torch.bincount(y).double()[y]
        return torch.multinomial(weight, len(y), replacement=True, generator=self.generator)

    def state(self) -> dict:
        return {"epoch": self.epoch, "pos": self._pos, "rng": self.generator.get_state(), "order": self._order}

    def load_state(self, s: dict) -> None:
        self.epoch, self._pos = int(s["epoch"]), int(s["pos"])
        self.generator.set_state(s["rng"])
        self._order = s["order"]


@functools.lru_cache(maxsize=1)
def mnist_subset() -> tuple[torch.Tensor, torch.Tensor]:
    """The shipped 10,000-digit subset as (float images (N, 1, 28, 28) in [0, 1], labels (N,)) on the
    CPU, loaded once per process and shared read-only (nearest digits, attacks, live MNIST runs)."""
    x, y = load_mnist("train", "subset")
    return to_unit_float(x), torch.from_numpy(y.astype(np.int64))


@functools.lru_cache(maxsize=1)
def mnist_test_subset() -> tuple[torch.Tensor, torch.Tensor]:
    """1,000 digits of MNIST's test split (the first 100 of each class), shipped so the Draw tab works
    offline without drawing: (float images (N, 1, 28, 28) in [0, 1], labels (N,))."""
    with np.load(TEST_SUBSET_PATH) as f:
        return to_unit_float(f["x_test"]), torch.from_numpy(f["y_test"].astype(np.int64))


def typical_indices(images: np.ndarray, labels: np.ndarray, keep: float, components: int = 50) -> np.ndarray:
    """Instance selection (DeVries, Drozdzal and Taylor, NeurIPS 2020, beyond the paper): the indices, in order,
    of the `keep` share of each digit's examples that are most typical of their digit, scored by the density of
    a Gaussian fitted to that digit in the top `components` principal components of all the images. What it
    drops are the rarest writing styles (tilted, blotted, broken strokes), which a small G otherwise spends
    capacity on and draws as shapes between digits."""
    if not 0 < keep <= 1:
        raise DataError(f"keep_typical takes a share in (0, 1] (got {keep})")
    if keep == 1:
        return np.arange(len(images))
    x = np.asarray(images, dtype=np.float64).reshape(len(images), -1) / 255.0
    y = np.asarray(labels).astype(np.int64)
    x -= x.mean(0)
    pcs = np.linalg.svd(x, full_matrices=False)[2][:components]
    z = x @ pcs.T
    kept = []
    for digit in np.unique(y):
        mine = np.flatnonzero(y == digit)
        if len(mine) < 2:           # no spread to score against: kept
            kept.append(mine)
            continue
        dz = z[mine] - z[mine].mean(0)
        cov = np.cov(dz.T) + 1e-3 * np.eye(len(pcs))
        log_density = -0.5 * np.einsum("ij,jk,ik->i", dz, np.linalg.inv(cov), dz)   # + a constant per digit
        kept.append(mine[log_density >= np.quantile(log_density, 1 - keep)])
    return np.sort(np.concatenate(kept))


def mnist_sampler(split: str = "train", path=None, *, device="cpu", labels: bool = True, seed: int = 0,
                  rank: int = 0, world_size: int = 1, balanced: bool = False,
                  keep_typical: float = 1.0) -> DatasetSampler:
    """A split as minibatches; `balanced`: each digit equally likely (labels are loaded for it);
    `keep_typical` < 1: only that share of each digit's most typical examples (:func:`typical_indices`)."""
    x, y = load_mnist(split, path)
    if keep_typical < 1:
        keep = typical_indices(x, y, keep_typical)
        x, y = x[keep], y[keep]
    return DatasetSampler(to_unit_float(x).to(device),
                          torch.from_numpy(y.astype(np.int64)).to(device) if labels or balanced else None,
                          seed=seed, rank=rank, world_size=world_size, balanced=balanced)


def pixel_means(sampler: DatasetSampler) -> torch.Tensor:
    """Mean of each pixel over the data: the authors' starting point for G's output bias."""
    return sampler.x.mean(dim=0)
