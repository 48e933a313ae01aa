"""GAN Playground: see and play with the first GAN (Goodfellow et al., 2014, arXiv 1406.2661).

`python app.py` starts the app locally (host/port from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT); the
hosted Space runs the same file. Widgets live in `ui/`, compute in `gan/`.
"""
from __future__ import annotations

import os

# Start offline and quietly: no analytics, no telemetry (set before gradio/huggingface_hub import).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import gradio as gr  # noqa: E402

from gan.zoo import ModelZoo  # noqa: E402
from ui import interpolate, paper, samples, train_live  # noqa: E402

TITLE = "GAN Playground"


def header(zoo: ModelZoo) -> str:
    sources = ", ".join(f"{n}: {s}" for n, s in zoo.sources.items())
    errors = "".join(f"\n\n> {n} could not be loaded: {e}" for n, e in zoo.errors.items())
    return (f"# {TITLE}\nThe first GAN ([Goodfellow et al., 2014](https://arxiv.org/abs/1406.2661)), "
            f"to see and play with. Models run on **{zoo.describe_device()}**; weights from {sources}.{errors}")


def build_demo(zoo: ModelZoo | None = None) -> gr.Blocks:
    zoo = zoo or ModelZoo.load()
    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(header(zoo), elem_id="header")
        with gr.Tabs():
            with gr.Tab("Samples", id="samples"):
                samples.build(zoo)
            with gr.Tab("Interpolate", id="interpolate"):
                interpolate.build(zoo)
            with gr.Tab("Train live", id="train"):
                train_live.build(zoo)
            with gr.Tab("The paper, piece by piece", id="paper"):
                paper.build(zoo)
    return demo


if __name__ == "__main__":
    build_demo().queue(max_size=64, default_concurrency_limit=4).launch()
