"""GAN Playground: see and play with the first GAN (Goodfellow et al., 2014, arXiv 1406.2661).

`python app.py` starts the app locally (host/port from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT); the
hosted Space runs the same file. Widgets live in `ui/`, compute in `gan/`.
"""
from __future__ import annotations

import os

# Start offline and quietly: no analytics, no telemetry (set before gradio/huggingface_hub import).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# Gradio keeps per-event timings for its analytics page (10,000 by default); 1,000 is plenty here.
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")

import gradio as gr  # noqa: E402

from gan.device import set_cpu_threads  # noqa: E402
from gan.serving import memory  # noqa: E402
from gan.serving.zoo import LABELS, ModelZoo  # noqa: E402
from gan.paper.adversarial import shared_classifier  # noqa: E402
from ui import draw, interpolate, paper, samples, train_live  # noqa: E402

TITLE = "GAN Playground"
# At most 64 visitors wait in line; 2 events run at once by default (a 2-core CPU Space).
QUEUE_SETTINGS = {"max_size": 64, "default_concurrency_limit": 2}
# Gradio's queue looks for new events every 1 ms while idle, and for gr.Progress updates every 10 ms;
# each wake-up takes Python's GIL from a live training run in this process (~25% of a 1-D run's speed
# measured here at 1 ms). New events are looked for every 10 ms (a request waits at most that long) and
# progress every 100 ms (no handler here reports gr.Progress).
QUEUE_POLL_S, PROGRESS_POLL_S = 0.01, 0.1
# Pictures tagged `elem_classes="gan-picture"` keep Gradio's floating label and buttons off the image.
CSS = ".gan-picture .image-container { padding-top: 2.6rem; }"
LAUNCH_SETTINGS = {"css": CSS}


def hub_in_words(notes: list[str]) -> str:
    """Why the Hub's copies were not used, said for a visitor; the technical reason stays in a tooltip."""
    detail = "; ".join(notes).replace('"', "'")
    if all("GAN_HUB=off" in n for n in notes):
        words = "Hub lookup is switched off (GAN_HUB=off): using the bundled weights"
    elif all(("unreachable" in n or "did not answer" in n or "failed" in n) for n in notes):
        words = "Offline: the Hugging Face Hub could not be reached, so the bundled weights are used"
    else:
        words = "The Hub's copies could not be used, so the bundled weights are used"
    return f'<span title="{detail}">{words}.</span>'


def header(zoo: ModelZoo) -> str:
    """Title, one line on the paper, the device the models run on and where each model's weights came from."""
    weights = " · ".join(f"{LABELS.get(n, n)}: {zoo.origins.get(n, zoo.sources[n])}" for n in zoo.models)
    notes = sorted(set(zoo.notes.values()))
    why = f"<br><small>{hub_in_words(notes)}</small>" if notes else ""
    errors = "".join(f"\n\n> **{LABELS.get(n, n)} could not be loaded:** {e}" for n, e in zoo.errors.items())
    return (f"# {TITLE}\n"
            "The first GAN ([Goodfellow et al., 2014](https://arxiv.org/abs/1406.2661)): a generator G learns "
            "to turn noise z into digits by fooling a discriminator D. Sample it, walk its latent space, train "
            "one live, and see the paper's ideas piece by piece.\n\n"
            f"**Device:** {zoo.describe_device()} &nbsp;·&nbsp; **Weights:** {weights or 'none loaded'}{why}{errors}")


def with_queue(demo: gr.Blocks) -> gr.Blocks:
    """The app's queue: QUEUE_SETTINGS, polled every QUEUE_POLL_S / PROGRESS_POLL_S (private Gradio
    settings, left alone if a Gradio version lacks them)."""
    demo.queue(**QUEUE_SETTINGS)
    queue = getattr(demo, "_queue", None)
    for name, seconds in (("sleep_when_free", QUEUE_POLL_S), ("progress_update_sleep_when_free", PROGRESS_POLL_S)):
        if isinstance(getattr(queue, name, None), (int, float)):
            setattr(queue, name, max(getattr(queue, name), seconds))
    return demo


def shared_classifier_or_none():
    """The shipped classifier (shared, read-only), or None when its weights cannot be loaded."""
    try:
        return shared_classifier()
    except (ValueError, OSError):
        return None


def build_demo(zoo: ModelZoo | None = None) -> gr.Blocks:
    # A Space runs for days: keep the allocator from holding every worker thread's peak (gan.serving.memory).
    memory.bound_allocator()
    # Each of the events running at once gets its share of the cores (oversubscribed CPU threads spin).
    set_cpu_threads(QUEUE_SETTINGS["default_concurrency_limit"])
    zoo = zoo or ModelZoo.load()
    # Gradio's own copies of served files (grids, GIFs) are deleted after 30 minutes, checked every 10.
    with gr.Blocks(title=TITLE, delete_cache=(600, 1800)) as demo:
        gr.Markdown(header(zoo), elem_id="header")
        # each visitor's own models (finished live MNIST runs), for their session only
        my_models = gr.State({}, time_to_live=3600)
        with gr.Tabs():
            with gr.Tab("Samples", id="samples"):
                samples_picker = samples.build(zoo, my_models)
            with gr.Tab("Interpolate", id="interpolate") as interpolate_tab:
                interpolate_picker = interpolate.build(zoo, interpolate_tab, my_models)
            with gr.Tab("Draw", id="draw") as draw_tab:
                draw.build(zoo, shared_classifier_or_none(), my_models, draw_tab)
            with gr.Tab("Train live", id="train"):
                train_live.build(zoo, my_models, [p for p in (samples_picker, interpolate_picker) if p is not None])
            with gr.Tab("The paper, piece by piece", id="paper"):
                paper.build(zoo)
    return demo


if __name__ == "__main__":
    with_queue(build_demo()).launch(**LAUNCH_SETTINGS)
