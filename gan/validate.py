"""Checks on what visitors and API clients send, shared by the UI and the API.

Every check returns the cleaned value or raises :class:`InputError`, whose message names the field, its
allowed range and what was received (for example ``seed must be an integer from 0 to 9223372036854775807,
got 1.5``). The UI turns these into ``gr.Error`` pop-ups; API clients receive the same message.
"""
from __future__ import annotations

import math
import numbers
import re

from .sampling import MAX_SEED

MAX_GRID_SIDE = 16        # rows and columns of a sample grid
MIN_FRAMES, MAX_FRAMES = 2, 120
MAX_INTERPOLATION_ROWS = 8
MAX_WALK_SEEDS = 8        # seeds in one latent walk (A, B and the extra ones)
PATHS = ("linear", "spherical")
N_DIGITS = 10             # MNIST's classes: the digit field's range, even where a model ignores it


class InputError(ValueError):
    """A value outside what a field accepts; `field` names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def integer(value, field: str, low: int, high: int) -> int:
    """An int in [low, high]. Integral floats (42.0, as JSON and browsers send numbers) pass; NaN,
    infinities, fractions, booleans, text and None are refused."""
    expected = f"{field} must be an integer from {low} to {high}"
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        raise InputError(field, f"{expected}, got {_shown(value)}")
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real):
        value = float(value)
        if not math.isfinite(value) or not value.is_integer():
            raise InputError(field, f"{expected}, got {_shown(value)}")
        number = int(value)
    else:
        raise InputError(field, f"{expected}, got {_shown(value)}")
    if not low <= number <= high:
        raise InputError(field, f"{expected}, got {_shown(number)}")
    return number


def number(value, field: str, low: float, high: float, low_open: bool = False) -> float:
    """A finite real in [low, high] (in (low, high] when `low_open`). NaN, infinities, booleans, text and
    None are refused."""
    lower = f"greater than {low:g}" if low_open else f"at least {low:g}"
    expected = f"{field} must be a number {lower} and at most {high:g}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise InputError(field, f"{expected}, got {_shown(value)}")
    x = float(value)
    if x < low or (low_open and x == low) or x > high:
        raise InputError(field, f"{expected}, got {_shown(value)}")
    return x


def learning_rate(value, field: str, high: float) -> float:
    """A learning rate in (0, high]: 0, negative, NaN and huge rates (1e9) are refused before training."""
    return number(value, field, 0.0, high, low_open=True)


def seed(value, field: str = "seed") -> int:
    """A seed for `gan.sampling.latents`: an integer from 0 to 2**63 - 1."""
    return integer(value, field, 0, MAX_SEED)


def choice(value, field: str, options) -> str:
    """One of a fixed set of strings."""
    options = list(options)
    if value not in options:
        raise InputError(field, f"{field} must be one of {', '.join(map(str, options))}; got {_shown(value)}")
    return value


def model_name(value, names, field: str = "model") -> str:
    """The name of a loaded model."""
    if not names:
        raise InputError(field, "no model is loaded on this server")
    return choice(value, field, names)


def digit(value, n_classes: int, field: str = "digit", allow_mixed: bool = False):
    """The class label for a conditional model (0 .. n_classes-1; -1 means "one digit per column" when
    `allow_mixed`). Unconditional models (n_classes == 0) ignore the field (the result is None), but a
    value that is no digit at all (99, 1.5, text) is still refused rather than silently dropped."""
    low = -1 if allow_mixed else 0
    if n_classes == 0:
        if value is not None:
            integer(value, f"{field} (used by the conditional model only)", low, N_DIGITS - 1)
        return None
    return integer(value, field, low, n_classes - 1)


def integer_list(text, field: str, low: int, high: int, max_count: int) -> list[int]:
    """Integers typed as text ("7, 12 99"): comma- or space-separated, each in [low, high], at most
    `max_count` of them; empty text gives []."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return []
    expected = f"{field} must be integers from {low} to {high} separated by commas"
    if not isinstance(text, str):
        raise InputError(field, f"{expected}, got {_shown(text)}")
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    if len(parts) > max_count:
        raise InputError(field, f"{field}: at most {max_count} values, got {len(parts)}")
    for part in parts:
        if not re.fullmatch(r"\d+", part):
            raise InputError(field, f"{expected}, got {part!r}")
    return [integer(int(p), field, low, high) for p in parts]


def seed_list(text, field: str = "walk seeds", max_count: int = MAX_WALK_SEEDS - 2) -> list[int]:
    """Extra seeds for a latent walk, typed as text ("7, 12, 99")."""
    return integer_list(text, field, 0, MAX_SEED, max_count)
