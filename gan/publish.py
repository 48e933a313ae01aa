"""``python -m gan.publish weights/mnist-mlp --repo owner/name``: put a weights folder on the Hub.

Uploads exactly the files a model repo needs: ``config.json``, ``model.safetensors`` and the model card
``README.md`` (required), plus ``eval.json``, ``samples.png`` and ``logs/*.log|*.jsonl`` when present.
Training checkpoints (optimiser state) and pickles (``.bin .pt .pth .pkl .ckpt``) are never uploaded.
The weights are loaded once first, so a folder that would not load is never published.
``--tag v1.0`` tags the upload: :data:`gan.weights.hub.HUB_REVISION` pins the bundled names to that tag.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gan.weights.files import PICKLE_SUFFIXES
from gan.weights.pretrained import CONFIG_NAME, WEIGHTS_NAME, WeightsError

REQUIRED = (CONFIG_NAME, WEIGHTS_NAME, "README.md")
OPTIONAL = ("eval.json", "samples.png")
OPTIONAL_DIRS = {"logs": (".log", ".jsonl")}
REFUSED_SUFFIXES = PICKLE_SUFFIXES


class PublishError(ValueError):
    """A folder or request that cannot be published; the message says why."""


def select_files(folder) -> list[str]:
    """The relative paths to upload from `folder` (see the module docstring)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PublishError(f"folder: {folder} is not a directory")
    missing = [f for f in REQUIRED if not (folder / f).is_file()]
    if missing:
        hint = " (write a model card first)" if "README.md" in missing else ""
        raise PublishError(f"folder: {folder} lacks {', '.join(missing)}{hint}")
    files = list(REQUIRED) + [f for f in OPTIONAL if (folder / f).is_file()]
    for sub, suffixes in OPTIONAL_DIRS.items():
        if (folder / sub).is_dir():
            files += sorted(f"{sub}/{p.name}" for p in (folder / sub).iterdir()
                            if p.is_file() and p.suffix in suffixes)
    return files


def check_loadable(folder) -> str:
    """Load the weights once (GAN or classifier); returns the model's arch, raises WeightsError."""
    folder = Path(folder)
    try:
        arch = json.loads((folder / CONFIG_NAME).read_text())["model"]["arch"]
    except (OSError, KeyError, TypeError, json.JSONDecodeError) as e:
        raise WeightsError(f"{folder / CONFIG_NAME} is not a model config: {e}") from e
    if arch == "cnn-classifier":
        from gan.evaluation.classifier import load_classifier
        load_classifier(folder)
    else:
        from gan.models import GAN
        GAN.from_pretrained(folder)  # huggingface_hub's loader, with this project's checks
    return arch


def check_repo_id(repo: str) -> str:
    from gan.weights.hub import REPO_ID
    if not repo or "@" in repo or not REPO_ID.match(repo):
        raise PublishError(f"--repo: expected a Hub repo id owner/name, got {repo!r}")
    return repo


def publish(folder, repo: str, *, private: bool = False, revision: str | None = None, tag: str | None = None,
            message: str | None = None, token: str | None = None) -> str:
    """Create `repo` if needed and upload the selected files; returns the commit URL."""
    from huggingface_hub import HfApi, get_token
    from huggingface_hub.errors import HfHubHTTPError

    from gan.weights.hub import endpoint
    from gan.weights.reachability import reachable
    check_repo_id(repo)
    files = select_files(folder)
    check_loadable(folder)
    token = token or get_token()
    if not token:
        raise PublishError("no Hugging Face token: run `hf auth login` or set HF_TOKEN (a write token)")
    problem = reachable(endpoint(), 3.0)
    if problem:
        raise PublishError(f"the Hub is not reachable: {problem}")
    api = HfApi(endpoint=endpoint(), token=token)
    try:
        api.create_repo(repo, repo_type="model", private=private, exist_ok=True)
        if revision and revision != "main":
            api.create_branch(repo, branch=revision, exist_ok=True)
        info = api.upload_folder(folder_path=str(folder), repo_id=repo, repo_type="model", revision=revision,
                                 allow_patterns=files,
                                 ignore_patterns=[f"*{s}" for s in REFUSED_SUFFIXES] + ["checkpoint*"],
                                 commit_message=message or f"Upload {Path(folder).name} (GAN Playground)")
        if tag:
            api.create_tag(repo, tag=tag, revision=info.oid, exist_ok=True)
    except (HfHubHTTPError, OSError) as e:
        raise PublishError(f"upload to {repo} failed: {e}") from e
    return info.commit_url


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", help="weights folder, e.g. weights/mnist-mlp")
    p.add_argument("--repo", required=True, help="Hub repo id owner/name (created if missing)")
    p.add_argument("--private", action="store_true", help="create the repo private")
    p.add_argument("--revision", help="branch to upload to (created if missing; default main)")
    p.add_argument("--tag", help="tag the upload, e.g. v1.0 (what gan.weights.hub pins)")
    p.add_argument("--message", help="commit message")
    p.add_argument("--dry-run", action="store_true", help="check the folder and list the files; upload nothing")
    a = p.parse_args(argv)
    try:
        check_repo_id(a.repo)
        files = select_files(a.folder)
        arch = check_loadable(a.folder)
        if a.dry_run:
            print(f"would upload {arch} weights to {a.repo}: {', '.join(files)}")
            return 0
        url = publish(a.folder, a.repo, private=a.private, revision=a.revision, tag=a.tag, message=a.message)
    except (PublishError, WeightsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"published {', '.join(files)} to {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
