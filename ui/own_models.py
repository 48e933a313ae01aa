"""A visitor's own model in Samples, Interpolate and Draw: their finished live MNIST run ("Use this
model"), or weights they upload or name on the Hub ("Load a model"), for their session only. Every check
of gan.serving.visitor_models and gan.weights applies; a refusal says why and touches nothing else."""
from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from gan.serving.validate import InputError
from gan.serving.visitor_models import add_model, unpack_upload, with_visitor_models
from gan.weights.hub import resolve_repo
from ui.i18n import DEFAULT_LANGUAGE, t
from ui.samples import model_choices


def own_model_added(mine, name, zoo, n_pickers: int, lang=DEFAULT_LANGUAGE) -> tuple:
    """(the session's models, the message, each picker's update) once `name` is among them."""
    choices = model_choices(with_visitor_models(zoo, mine), lang)
    return (mine, t("own_added", lang, name=name), *[gr.update(choices=choices, value=name) for _ in range(n_pickers)])


def own_model_refused(mine, message: str, n_pickers: int, lang=DEFAULT_LANGUAGE) -> tuple:
    """The session's models unchanged, the reason shown beside the button (no error badges)."""
    return (mine, t("own_refused", lang, reason=message), *[gr.update() for _ in range(n_pickers)])


def use_model(run, mine, zoo, n_pickers: int, lang=DEFAULT_LANGUAGE):
    """The visitor's finished MNIST run as a model of their own in Samples, Interpolate and Draw."""
    outcome = run.outcome(timeout=0) if run is not None else None
    if outcome is None or outcome.download is None:
        return own_model_refused(mine, t("own_train_first", lang), n_pickers, lang)
    if run.settings.data != "mnist":
        return own_model_refused(mine, t("own_only_mnist", lang), n_pickers, lang)
    name = t("own_run_name", lang, step=outcome.step)
    try:
        mine = add_model(mine or {}, outcome.download.with_suffix(""), name, zoo.device)
    except (ValueError, OSError) as e:
        return own_model_refused(mine, t("own_unloadable", lang, reason=e), n_pickers, lang)
    return own_model_added(mine, name, zoo, n_pickers, lang)


def load_own_model(files, repo, mine, zoo, n_pickers: int, lang=DEFAULT_LANGUAGE):
    """Weights a visitor uploads (a zip as this tab exports it, or config.json + model.safetensors), or
    a Hub repo id, as a model of their own in Samples and Interpolate; every check of
    gan.serving.visitor_models and gan.weights applies, and nothing else is touched on a refusal."""
    paths = [getattr(f, "name", f) for f in (files if isinstance(files, list) else [files] if files else [])]
    repo = (repo or "").strip()
    try:
        if paths:
            with tempfile.TemporaryDirectory(prefix="gan-upload-") as tmp:
                folder = unpack_upload(paths, tmp)
                name = t("own_uploaded", lang, name=Path(paths[0]).stem if len(paths) == 1 else t("own_yours", lang))
                mine = add_model(mine or {}, folder, name, zoo.device)
        elif repo:
            name = f"Hub: {repo}"
            mine = add_model(mine or {}, resolve_repo(repo).folder, name, zoo.device)
        else:
            raise InputError("weights", t("own_choose", lang))
    except (ValueError, OSError) as e:
        return own_model_refused(mine, str(e), n_pickers, lang)
    return own_model_added(mine, name, zoo, n_pickers, lang)
