"""A visitor's own models beside the shared zoo: the weights of their finished live MNIST runs, or weights
they upload (a zip as Train live exports it, or its two files), usable in the Samples and Interpolate
tabs for that visitor only. They live in the visitor's session (never in
the shared :class:`gan.serving.zoo.ModelZoo`), at most :data:`MAX_MODELS` at a time, and go with it.
"""
from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

from gan.serving.zoo import ModelZoo
from gan.weights.files import CONFIG_NAME, PICKLE_SUFFIXES, WEIGHTS_NAME
from gan.weights.pretrained import WeightsError, load_pretrained

MAX_MODELS = 3                    # per visitor; the oldest goes when a fourth comes
IMAGE_SHAPE = (1, 28, 28)         # what the Samples and Interpolate tabs draw


def add_model(models: dict, folder, name: str, device) -> dict:
    """`models` (name -> GAN) with the GAN in weights `folder` added under `name` (a new dict: a
    session's state is replaced, not changed in place). Only MNIST-shaped image models are taken."""
    gan = load_pretrained(Path(folder), device)
    if tuple(gan.config.data_shape) != IMAGE_SHAPE:
        raise WeightsError(f"{name}: this model draws {gan.config.data_shape} points, not 28 x 28 digits; "
                           "only MNIST runs can be used in Samples and Interpolate")
    for p in gan.parameters():
        p.requires_grad_(False)
    kept = {k: v for k, v in models.items() if k != name}
    while len(kept) >= MAX_MODELS:
        kept.pop(next(iter(kept)))
    return {**kept, name: gan.eval()}


def with_visitor_models(zoo: ModelZoo, models: dict | None) -> ModelZoo:
    """The shared zoo as this visitor sees it: its models, then theirs (the shared one is untouched)."""
    if not models:
        return zoo
    return replace(zoo, models={**zoo.models, **models},
                   sources={**zoo.sources, **{n: "this session" for n in models}})


MAX_UPLOAD_BYTES = 50 * 2**20     # an upload (zip or files) and everything unpacked from it
WANTED = (CONFIG_NAME, WEIGHTS_NAME)


def unpack_upload(paths, into) -> Path:
    """The weights a visitor uploaded, as a folder in `into` holding exactly config.json and
    model.safetensors. `paths`: one zip (as Train live exports it) or the two files. Refused, with a
    message and nothing written: pickles, other files, names with a path in them, archives that unpack
    to more than MAX_UPLOAD_BYTES (zip bombs), and uploads over that size."""
    paths = [Path(p) for p in (paths or [])]
    if not paths:
        raise WeightsError("upload a weights zip, or config.json and model.safetensors")
    total = sum(p.stat().st_size for p in paths)
    if total > MAX_UPLOAD_BYTES:
        raise WeightsError(f"the upload is {total / 2**20:.1f} MB; at most {MAX_UPLOAD_BYTES // 2**20} MB is taken")
    out = Path(into)
    out.mkdir(parents=True, exist_ok=True)
    if len(paths) == 1 and paths[0].suffix.lower() == ".zip":
        return _unzip(paths[0], out)
    names = sorted(p.name for p in paths)
    _refuse_pickles(names)
    if names != sorted(WANTED):
        raise WeightsError(f"expected exactly {CONFIG_NAME} and {WEIGHTS_NAME} (or one zip of them), got {names}")
    for p in paths:
        (out / p.name).write_bytes(p.read_bytes())
    return out


def _refuse_pickles(names) -> None:
    pickles = [n for n in names if n.lower().endswith(PICKLE_SUFFIXES)]
    if pickles:
        raise WeightsError(f"{', '.join(pickles)}: pickles are never loaded (they can run code); "
                           f"only {WEIGHTS_NAME} weights are read")


def _unzip(path: Path, out: Path) -> Path:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise WeightsError(f"{path.name} is not a readable zip: {e}") from e
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        names = [m.filename for m in members]
        _refuse_pickles(names)
        for name in names:
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or ".." in parts or len(parts) > 2 or ":" in name:
                raise WeightsError(f"{path.name}: {name!r} has a path in it; only {CONFIG_NAME} and "
                                   f"{WEIGHTS_NAME}, at the top or in one folder, are taken")
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UPLOAD_BYTES:
            raise WeightsError(f"{path.name} unpacks to {unpacked / 2**20:.0f} MB; at most "
                               f"{MAX_UPLOAD_BYTES // 2**20} MB is taken")
        found = {PurePosixPath(m.filename).name: m for m in members}
        if set(found) != set(WANTED) or len(members) != len(WANTED):
            raise WeightsError(f"{path.name} must hold exactly {CONFIG_NAME} and {WEIGHTS_NAME}; it holds "
                               f"{sorted(names)}")
        for name in WANTED:   # read at most the declared size: a lying header cannot unpack more
            with archive.open(found[name]) as src:
                data = src.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise WeightsError(f"{path.name}: {name} unpacks to more than {MAX_UPLOAD_BYTES // 2**20} MB")
            (out / name).write_bytes(data)
    return out
