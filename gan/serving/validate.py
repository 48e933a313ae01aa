"""Checks on what visitors and API clients send, shared by the UI and the API.

The ranges themselves live in :mod:`gan.limits`. Every check returns the cleaned value or raises
:class:`gan.limits.InputError`, whose message names the field, its
allowed range and what was received (for example ``seed must be an integer from 0 to 9223372036854775807,
got 1.5``). The UI turns these into ``gr.Error`` pop-ups; API clients receive the same message.
"""
from __future__ import annotations

import re

from gan import limits
from gan.limits import MAX_SEED, InputError, choice, integer, number  # noqa: F401 - the checks of the API
from gan.limits import shown as _shown

PATHS = ("linear", "spherical")
N_DIGITS = 10             # MNIST's classes: the digit field's range, even where a model ignores it


def seed(value, field: str = "seed", limit: limits.Limit = limits.SEED) -> int:
    """A seed for `gan.sampling.latents`: an integer from 0 to 2**63 - 1 (`limit`: the page's range)."""
    return limit.check(value, field)


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


def seed_list(text, field: str = "walk seeds", max_count: int = limits.WALK_SEEDS - 2,
              limit: limits.Limit = limits.SEED) -> list[int]:
    """Extra seeds for a latent walk, typed as text ("7, 12, 99")."""
    return integer_list(text, field, 0, int(limit.high), max_count)
