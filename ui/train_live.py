"""The train_live tab (work in progress)."""
import gradio as gr


def build(zoo) -> None:
    gr.Markdown("This tab is being built.")
