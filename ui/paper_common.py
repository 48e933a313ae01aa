"""Shared wiring of "The paper, piece by piece": texts that follow the language switch and the
conversions of results to what the widgets show (images of digits, long-format tables for Gradio's
native plots)."""
from __future__ import annotations

import functools
import time

import gradio as gr
import numpy as np
import pandas as pd

from gan.serving.media import upscale
from ui.i18n import t

PIXEL_SCALE = 5          # a 28x28 digit is shown at 140x140
STOP_SETTLE_S = 1.0      # Stop redraws the last frame now and again after this long
FRAME_EVERY_S = 0.5      # a streamed piece sends at most 2 frames a second (and always its last)


def digit_image(pixels, scale: int = PIXEL_SCALE) -> np.ndarray:
    """(28, 28) float in [0, 1] -> uint8 (28*scale, 28*scale), white digit on black as in MNIST."""
    a = (np.clip(np.asarray(pixels, dtype=np.float32), 0, 1) * 255 + 0.5).astype(np.uint8)
    return upscale(a, scale)


def perturbation_image(delta, epsilon: float, scale: int = PIXEL_SCALE) -> np.ndarray:
    """A signed change as RGB: red where a pixel got brighter, blue where darker, white where unchanged;
    full colour at |change| = epsilon (so the picture is amplified 1/epsilon times)."""
    d = np.asarray(delta, dtype=np.float32) / max(float(epsilon), 1e-8)
    d = np.clip(d, -1, 1)
    pos, neg = np.clip(d, 0, 1), np.clip(-d, 0, 1)
    rgb = np.stack([1 - neg, 1 - pos - neg, 1 - pos], axis=-1)
    rgb = (np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8)
    return upscale(rgb, scale)


def long_frame(x, series: dict, x_name: str = "x") -> pd.DataFrame:
    """{name: values over x} -> a long table (x, value, series) for gr.LinePlot(color="series")."""
    x = np.asarray(x, dtype=np.float64)
    parts = [pd.DataFrame({x_name: x, "value": np.asarray(v, dtype=np.float64), "series": name})
             for name, v in series.items()]
    return pd.concat(parts, ignore_index=True)


def paced(frames, every: float = FRAME_EVERY_S, clock=time.monotonic):
    """The frames of a stream, at most one per `every` seconds: a frame that comes sooner after the
    last one sent is held, and dropped when a newer one comes; the stream's last frame is always sent.
    (Piece 3 made 16 frames a second of two growing plots, and a browser redrawing them all stopped
    answering clicks, Stop among them.)"""
    sent, held = None, None
    for frame in frames:
        now = clock()
        if sent is None or now - sent >= every:
            held, sent = None, now
            yield frame
        else:
            held = (frame,)
    if held is not None:
        yield held[0]


def is_unchanged(value) -> bool:
    """Whether an output is `gr.update()` with nothing in it: the widget keeps what it shows."""
    return isinstance(value, dict) and value.get("__type__") == "update" and len(value) == 1


def remembering(fn):
    """A streaming handler, paced (`paced`), that also hands to a gr.State what each widget shows after
    each yield (an output left unchanged, `gr.update()`, keeps its earlier value there), so that Stop
    can draw them all again."""
    @functools.wraps(fn)
    def run(*args):
        shown = None
        for outputs in paced(fn(*args)):
            shown = tuple(outputs) if shown is None else tuple(
                old if is_unchanged(new) else new for old, new in zip(shown, outputs))
            yield (*outputs, shown)
    return run


def wire_stop(stop: gr.Button, event, last: gr.State, outputs: list, language) -> None:
    """Stop cancels the run, then redraws its last frame with a status line: a cancelled stream alone
    leaves Gradio's red "Error" marks and wipes the plots."""
    def stopped(shown, lang):
        if shown is None:
            yield tuple(gr.update() for _ in outputs)
            return
        *plots, text = shown
        frame = (*plots, f"{text}\n\n{t('stopped', lang)}")
        yield frame
        # on a loaded server the cancelled stream's own last word ("error") can reach the page after
        # this redraw and mark the plots again: draw the same frame once more when it has
        time.sleep(STOP_SETTLE_S)
        yield frame

    stop.click(None, None, None, cancels=[event], api_visibility="undocumented").then(
        stopped, [last, language], outputs, api_visibility="private")
