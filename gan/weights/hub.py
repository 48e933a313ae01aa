"""Where weights come from: a local folder, the Hugging Face Hub, or the copy bundled in ``weights/``.

A model name resolves in this order:

1. an existing local folder (``config.json`` + ``model.safetensors``)            -> source ``"local"``
2. a bundled name (``mnist-mlp``, ...) -> its Hub repo (:data:`HUB_REPOS`) at the pinned
   :data:`HUB_REVISION`, fetched with ``hf_hub_download`` into the Hub cache       -> source ``"hub"``
3. when the Hub is disabled, unreachable, failing, slow, lacks the file, or serves a file that does not
   load, the copy bundled in ``weights/``                                          -> source ``"bundled"``
   (the reason is kept in :attr:`Resolved.note`).

Any other ``owner/name[@revision]`` is a Hub repo id: fetched the same way, with no bundled fallback.
Only ``config.json`` and ``model.safetensors`` are ever fetched or loaded (never pickles).

The fallback is fast: huggingface_hub alone retries an unreachable host for ~24 s, so a TCP probe of
the endpoint (or proxy) host decides first (:mod:`gan.weights.reachability`, its verdict cached per host for a minute),
and downloads run in a worker thread with a deadline (``GAN_HUB_TIMEOUT``, default 2.5 s in all).
Environment, read at call time: ``GAN_HUB=off`` disables the Hub entirely; ``HF_HUB_OFFLINE=1`` uses the
local Hub cache only; ``HF_ENDPOINT`` / ``HF_HOME`` / ``HF_HUB_CACHE`` as in huggingface_hub;
``GAN_HUB_REVISION`` overrides the pinned revision of the bundled names' repos.
"""
from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from gan.weights import reachability
from gan.weights.pretrained import CONFIG_NAME, WEIGHTS_NAME, WeightsError, load_pretrained

log = logging.getLogger(__name__)

BUNDLED = Path(__file__).resolve().parents[2] / "weights"
HUB_REPOS = {   # bundled name -> Hub repo holding the same weights (published with `python -m gan.publish`)
    "mnist-mlp": "gan-playground/mnist-mlp",
    "mnist-dcgan": "gan-playground/mnist-dcgan",
    "mnist-cdcgan": "gan-playground/mnist-cdcgan",
    "mnist-classifier": "gan-playground/mnist-classifier",
}
HUB_REVISION = "v1.0"          # the tag `gan.publish --tag v1.0` puts on the published weights
# models whose shipped weights changed since: their repos are pinned to the newer tag (published with
# `python -m gan.publish weights/NAME --repo gan-playground/NAME --tag v1.2`; until it exists on the
# Hub, the bundled copy is used, with the reason in the header). A Hub copy at an older tag would be
# weights (for the conv models, an architecture) they shipped with before, not the bundled ones:
# mnist-mlp changed once (v1.1), the conv models again in session 12 (v1.2), mnist-cdcgan in session 15 and mnist-dcgan in
# session 16 (v1.3), mnist-dcgan in session 17 (v1.4), session 21 (v1.5: the prior mixture10) and session 22 (v1.6:
# fine-tuned, sampled at truncation 0.9); mnist-mlp in session 22 (v1.2: 8,000 steps more at lr 0.05) and session 24
# (v1.3: 20,000 steps more with eq. 1's G loss at lr 0.1) and session 26 (v1.4: 16,000 more on digit-balanced minibatches) and session 27 (v1.5: 8,400 more on the most typical
# 60% of each digit); mnist-dcgan in session 27 (v1.7: 22,464 more on the most typical 80%, sampled as trained)
HUB_REVISIONS = {"mnist-mlp": "v1.5", "mnist-dcgan": "v1.7", "mnist-cdcgan": "v1.3"}
DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_TIMEOUT = 2.5          # seconds for probe + both downloads, before falling back
FILES = (CONFIG_NAME, WEIGHTS_NAME)
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+(@[\w./-]+)?$")


@dataclass
class Resolved:
    folder: Path
    source: str                  # "local" | "hub" | "bundled"
    note: str = ""               # why the bundled copy (or a cached Hub copy) was used
    repo: str | None = None
    revision: str | None = None


# ---------------------------------------------------------------- settings, read at call time
def hub_enabled() -> bool:
    return os.environ.get("GAN_HUB", "on").strip().lower() not in ("off", "0", "false", "no")


def offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def cache_dir() -> str | None:
    home = os.environ.get("HF_HOME")
    return os.environ.get("HF_HUB_CACHE") or (str(Path(home) / "hub") if home else None)


def timeout() -> float:
    try:
        return max(0.1, float(os.environ.get("GAN_HUB_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def reset_hub_state() -> None:
    """Forget cached probe results (tests; or after the network came back)."""
    reachability.forget()


# ---------------------------------------------------------------- fetching
def _short(e: BaseException) -> str:
    first = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {first}"[:300]


def _download(repo: str, revision: str, *, local_only: bool, repo_type: str | None = None,
              files=FILES) -> Path:
    from huggingface_hub import hf_hub_download
    paths = [Path(hf_hub_download(repo, f, revision=revision, repo_type=repo_type, cache_dir=cache_dir(),
                                  endpoint=endpoint(), local_files_only=local_only, etag_timeout=2,
                                  library_name="gan-playground")) for f in files]
    return paths[0].parent


def _in_cache(repo: str, repo_type: str = "model") -> bool:
    """Whether the Hub cache holds anything of `repo` (saves importing huggingface_hub when it does not)."""
    root = cache_dir()
    if not root:
        from huggingface_hub.constants import HF_HUB_CACHE as root
    return (Path(root) / f"{repo_type}s--{repo.replace('/', '--')}").is_dir()


def fetch(repo: str, revision: str) -> tuple[Path | None, str]:
    """(snapshot folder or None, note): the repo's config.json + model.safetensors from the Hub, else
    from the Hub cache; the note says why the Hub itself was not used."""
    url, budget = endpoint(), timeout()
    start = time.monotonic()
    problem = "HF_HUB_OFFLINE is set" if offline() else reachability.reachable(url, min(1.0, budget))
    if not problem:
        from huggingface_hub.errors import RemoteEntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError
        import huggingface_hub.file_download  # noqa: F401 - imported here, never half-way in an abandoned thread
        remaining = max(0.1, budget - (time.monotonic() - start))
        done, folder, err = reachability.run_with_deadline(lambda: _download(repo, revision, local_only=False), remaining)
        if done and err is None:
            return folder, ""
        if isinstance(err, (RemoteEntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError)):
            return None, f"{url} has no {repo}@{revision} with {' + '.join(FILES)} ({_short(err)})"
        problem = f"{url} failed: {_short(err)}" if done else f"{url} did not answer within {budget:g} s"
        reachability.mark_down(url, problem)   # a failing or slow Hub is skipped for the next PROBE_TTL s
    if not _in_cache(repo):
        return None, f"{problem}; no cached copy"
    try:
        folder = _download(repo, revision, local_only=True)
        return folder, f"from the local Hub cache ({problem})"
    except FileNotFoundError:   # LocalEntryNotFoundError: nothing cached for this repo and revision
        return None, f"{problem}; no cached copy"
    except (OSError, ValueError) as e:
        return None, f"{problem}; no usable cached copy ({_short(e)})"


def resolve(name: str) -> Resolved:
    """Where the weights called `name` are (see the module docstring for the order)."""
    name = str(name).strip()
    path = Path(name).expanduser()
    if path.is_dir():
        return Resolved(path, "local")
    if path.is_file():
        raise WeightsError(f"{name} is a file; a weights folder holding {CONFIG_NAME} + {WEIGHTS_NAME} is "
                           "expected (only safetensors are loaded: .bin/.pt/.pkl pickles are refused)")
    if name in HUB_REPOS:
        return _resolve_bundled_name(name)
    if "/" in name and REPO_ID.match(name) and not name.startswith((".", "/", "~")):
        return resolve_repo(name)
    known = ", ".join(HUB_REPOS)
    raise WeightsError(f"unknown model {name!r}: expected a bundled name ({known}), an existing local "
                       "folder, or a Hub repo id owner/name[@revision]")


def resolve_repo(name: str) -> Resolved:
    """A Hub repo id owner/name[@revision] (default main) fetched from the Hub or its cache, never a
    local folder; WeightsError when it cannot be had."""
    if not REPO_ID.match(name) or name.startswith((".", "/", "~")):
        raise WeightsError(f"expected a Hub repo id owner/name[@revision], got {name!r}")
    repo, _, rev = name.partition("@")
    rev = rev or "main"
    if not hub_enabled():
        raise WeightsError(f"{name} is no local folder, and Hub lookup is disabled (GAN_HUB=off)")
    folder, note = fetch(repo, rev)
    if folder is None:
        raise WeightsError(f"could not get Hub repo {repo}@{rev}: {note}")
    return Resolved(folder, "hub", note, repo, rev)


def pinned_revision(name: str) -> str:
    """The Hub revision a bundled name's repo is read at (GAN_HUB_REVISION overrides)."""
    return os.environ.get("GAN_HUB_REVISION") or HUB_REVISIONS.get(name, HUB_REVISION)


def _resolve_bundled_name(name: str) -> Resolved:
    repo, rev = HUB_REPOS[name], pinned_revision(name)
    if hub_enabled():
        folder, note = fetch(repo, rev)
        if folder is not None:
            return Resolved(folder, "hub", note, repo, rev)
    else:
        note = "Hub lookup disabled (GAN_HUB=off)"
    return _bundled(name, note)


def _bundled(name: str, note: str) -> Resolved:
    folder = BUNDLED / name
    if not (folder / WEIGHTS_NAME).is_file():
        raise WeightsError(f"{name}: no Hub copy ({note}) and no bundled copy in {folder}")
    if note:
        log.warning("%s: using the bundled copy: %s", name, note)
    return Resolved(folder, "bundled", note)


def load(name: str, loader, device="cpu"):
    """(loader(folder, device), Resolved). A Hub copy of a bundled name that fails to load (corrupt,
    truncated, not matching its config) is replaced by the bundled copy, with the reason in the note."""
    r = resolve(name)
    try:
        return loader(r.folder, device), r
    except WeightsError as e:
        if r.source != "hub" or name not in HUB_REPOS:
            raise
        r = _bundled(name, f"the Hub copy {r.repo}@{r.revision} did not load: {e}")
        return loader(r.folder, device), r


def load_model(name: str, device="cpu"):
    """(GAN in eval mode on `device`, source) for a bundled name, local folder or Hub repo id."""
    gan, r = load(name, load_pretrained, device)
    return gan, r.source


def download_dataset_file(repo: str, filename: str) -> Path:
    """A file of a Hub dataset repo (e.g. the MNIST npz), cached; OSError when it cannot be had."""
    if not hub_enabled():
        raise OSError("Hub lookup is disabled (GAN_HUB=off)")
    problem = "HF_HUB_OFFLINE is set" if offline() else reachability.reachable(endpoint())
    try:
        folder = _download(repo, "main", local_only=bool(problem), repo_type="dataset", files=(filename,))
    except (OSError, ValueError) as e:
        raise OSError(f"{problem or _short(e)}" + (f"; no cached copy ({_short(e)})" if problem else "")) from e
    return folder / filename
