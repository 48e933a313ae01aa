"""Shared wiring of "The paper, piece by piece": texts that follow the language switch, input checks for
real-valued fields, error handling for streaming handlers, and the conversions of results to what the
widgets show (images of digits, long-format tables for Gradio's native plots)."""
from __future__ import annotations

import functools
import math
import numbers

import gradio as gr
import numpy as np
import pandas as pd

from gan.validate import InputError
from ui.i18n import t

PIXEL_SCALE = 5          # a 28x28 digit is shown at 140x140


class Texts:
    """Markdown values and widget labels registered under an i18n key; `updates(language)` gives the
    gr.update list that re-labels all of them (outputs: `components`)."""

    def __init__(self):
        self.items: list[tuple[gr.components.Component, str, str]] = []

    def markdown(self, key: str, **kwargs) -> gr.Markdown:
        return self.follow(gr.Markdown(t(key), **kwargs), key, "value")

    def follow(self, component, key: str, attr: str = "label"):
        self.items.append((component, key, attr))
        return component

    @property
    def components(self) -> list:
        return [c for c, _, _ in self.items]

    def updates(self, language: str) -> list:
        return [gr.update(**{attr: t(key, language)}) for _, key, attr in self.items]


def real(value, field: str, low: float, high: float) -> float:
    """A finite number in [low, high], or an InputError naming the field and its range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise InputError(field, f"{field} must be a number from {low:g} to {high:g}, got {value!r}")
    if not low <= float(value) <= high:
        raise InputError(field, f"{field} must be a number from {low:g} to {high:g}, got {value}")
    return float(value)


def stream_errors(fn):
    """Like ui.errors.user_errors, for generator handlers: a ValueError raised while streaming reaches
    the visitor as gr.Error(message) and ends the stream."""
    @functools.wraps(fn)
    def handler(*args, **kwargs):
        try:
            yield from fn(*args, **kwargs)
        except gr.Error:
            raise
        except ValueError as e:
            raise gr.Error(str(e), print_exception=False) from e
    return handler


def digit_image(pixels, scale: int = PIXEL_SCALE) -> np.ndarray:
    """(28, 28) float in [0, 1] -> uint8 (28*scale, 28*scale), white digit on black as in MNIST."""
    a = (np.clip(np.asarray(pixels, dtype=np.float32), 0, 1) * 255 + 0.5).astype(np.uint8)
    return np.repeat(np.repeat(a, scale, axis=0), scale, axis=1)


def perturbation_image(delta, epsilon: float, scale: int = PIXEL_SCALE) -> np.ndarray:
    """A signed change as RGB: red where a pixel got brighter, blue where darker, white where unchanged;
    full colour at |change| = epsilon (so the picture is amplified 1/epsilon times)."""
    d = np.asarray(delta, dtype=np.float32) / max(float(epsilon), 1e-8)
    d = np.clip(d, -1, 1)
    pos, neg = np.clip(d, 0, 1), np.clip(-d, 0, 1)
    rgb = np.stack([1 - neg, 1 - pos - neg, 1 - pos], axis=-1)
    rgb = (np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8)
    return np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)


def long_frame(x, series: dict, x_name: str = "x") -> pd.DataFrame:
    """{name: values over x} -> a long table (x, value, series) for gr.LinePlot(color="series")."""
    x = np.asarray(x, dtype=np.float64)
    parts = [pd.DataFrame({x_name: x, "value": np.asarray(v, dtype=np.float64), "series": name})
             for name, v in series.items()]
    return pd.concat(parts, ignore_index=True)
