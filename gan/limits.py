"""Every knob's allowed range, defined once. The library checks its arguments against these, the API's
validation (:mod:`gan.serving.validate`) and the app's sliders read the same objects, so a range shown
in the page is the range the library accepts.

A refused value raises :class:`InputError` (a ``ValueError``) whose message names the field, its range
and what came, e.g. ``k (D-steps per G-step) must be an integer from 1 to 20, got 21``.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

MAX_SEED = 2**63 - 1          # seeds of `gan.sampling.latents`: any non-negative int64
TOY_MAX_SEED = 2**31 - 1      # seeds of the paper's toy experiments


class InputError(ValueError):
    """A value outside what a field accepts; `field` names the field. `rule`, when the message follows
    one of this module's checks, holds its parts (so a page can say it in another language):
    ("integer", low, high, got), ("number", low, high, low_open, got) or ("choice", options, got)."""

    def __init__(self, field: str, message: str, rule: tuple | None = None):
        super().__init__(message)
        self.field, self.rule = field, rule


def shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def integer(value, field: str, low: int, high: int) -> int:
    """An int in [low, high]. Integral floats (42.0, as JSON and browsers send numbers) pass; NaN,
    infinities, fractions, booleans, text and None are refused."""
    def refused(got):
        return InputError(field, f"{field} must be an integer from {low} to {high}, got {shown(got)}",
                          ("integer", low, high, shown(got)))
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        raise refused(value)
    if isinstance(value, numbers.Integral):
        number_ = int(value)
    elif isinstance(value, numbers.Real):
        value = float(value)
        if not math.isfinite(value) or not value.is_integer():
            raise refused(value)
        number_ = int(value)
    else:
        raise refused(value)
    if not low <= number_ <= high:
        raise refused(number_)
    return number_


def number(value, field: str, low: float, high: float, low_open: bool = False) -> float:
    """A finite real in [low, high] (in (low, high] when `low_open`). NaN, infinities, booleans, text and
    None are refused."""
    lower = f"greater than {low:g}" if low_open else f"at least {low:g}"
    refused = InputError(field, f"{field} must be a number {lower} and at most {high:g}, got {shown(value)}",
                         ("number", low, high, low_open, shown(value)))
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise refused
    x = float(value)
    if x < low or (low_open and x == low) or x > high:
        raise refused
    return x


def choice(value, field: str, options):
    """One of a fixed set of values."""
    options = list(options)
    if value not in options:
        raise InputError(field, f"{field} must be one of {', '.join(map(str, options))}; got {shown(value)}",
                         ("choice", ", ".join(map(str, options)), shown(value)))
    return value


@dataclass(frozen=True)
class Limit:
    """The range of one knob: integers in [low, high], or reals in [low, high] ((low, high] if low_open)."""
    field: str
    low: float
    high: float
    integer: bool = True
    low_open: bool = False

    def check(self, value, field: str | None = None):
        """The value, cleaned (int or float), or InputError naming `field` (default: this knob's)."""
        if self.integer:
            return integer(value, field or self.field, int(self.low), int(self.high))
        return number(value, field or self.field, self.low, self.high, self.low_open)


# sampling (Samples, Interpolate, the command line)
SEED = Limit("seed", 0, MAX_SEED)
# what the page takes: a browser's numbers are doubles, exact only up to 2**53 - 1 (2**53 + 1 typed in a
# number box arrives as 2**53), so every seed the page accepts means the same digits in the API too
BROWSER_SEED = Limit("seed", 0, 2**53 - 1)
GRID_SIDE = Limit("rows", 1, 16)
FRAMES = Limit("frames", 2, 120)
INTERPOLATION_ROWS = Limit("rows", 1, 8)
STEER_T = Limit("t", 0.0, 1.0, integer=False)   # the Interpolate tab's slider from A (0) to B (1)
WALK_SEEDS = 8                            # seeds in one latent walk (A, B and the extra ones)
FPS = Limit("frames per second", 1, 50)
DIGIT = Limit("digit", 0, 9)

# the Draw tab: latent inversion
INVERT_STEPS = Limit("steps", 10, 500)
TEST_DIGIT = Limit("test digit", 0, 999)

# Algorithm 1's knobs (the trainer, the command line, live training)
K = Limit("k (D-steps per G-step)", 1, 20)
BATCH_SIZE = Limit("batch size", 1, 4096)
LEARNING_RATE = Limit("learning rate", 0.0, 10.0, integer=False, low_open=True)
D_LOSS_SCALE = Limit("d_loss_scale", 0.0, 10.0, integer=False, low_open=True)
EMA_DECAY = Limit("ema_decay", 0.0, 0.99999, integer=False)
INFO_WEIGHT = Limit("info_weight", 0.0, 10.0, integer=False)
CLASS_WEIGHT = Limit("class_weight", 0.0, 10.0, integer=False)
MINIMAX_SHARE = Limit("minimax_share", 0.0, 1.0, integer=False)
G_TOP_K = Limit("g_top_k", 0.0, 1.0, integer=False, low_open=True)
KEEP_TYPICAL = Limit("keep_typical", 0.0, 1.0, integer=False, low_open=True)
TRUNCATION = Limit("truncation", 0.0, 1.0, integer=False, low_open=True)   # GANConfig.truncation (sampling only)

# the paper, piece by piece
TOY_SEED = Limit("seed", 0, TOY_MAX_SEED)
ADV_STEPS = Limit("steps", 1, 50)
EPSILON = Limit("epsilon", 0.0, 0.5, integer=False)
P_G_MEAN = Limit("mean of p_g", -2.0, 8.0, integer=False)
P_G_STD = Limit("std of p_g", 0.1, 3.0, integer=False)
G_STEPS = Limit("G's training steps", 0, 2000)
D_STEPS = Limit("D's training steps", 1, 3000)
MODE_STEPS = Limit("steps", 1, 3000)
VANISHING_STEPS = Limit("steps", 1, 1000)
D_HEAD_START = Limit("D's head start", 0, 500)
PER_DIGIT = Limit("samples per digit", 1, 50)
