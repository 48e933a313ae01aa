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
        raise InputError(field, f"{expected}, got {number}")
    return number


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
    `allow_mixed`). Unconditional models (n_classes == 0) ignore the field: the result is None."""
    if n_classes == 0:
        return None
    low = -1 if allow_mixed else 0
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
