"""Live training: Algorithm 1 of Goodfellow et al. (2014) run in the page, a few pictures a second.

A live run is a small preset (``toy1d`` for Figure 1's Gaussian, ``toy2d`` for the ring and the grid,
``mlp-live`` for MNIST from the shipped subset) driven by :meth:`gan.trainer.Trainer.run`. The run
trains without pause and, every ``frame_interval`` seconds, yields a :class:`LiveFrame`: the metric
rows since the previous frame and the current picture (Figure 1 / points over D's map / a digit grid,
see :mod:`gan.live.views`). Each run has a step cap and a time cap; when it ends, however it ends (done,
capped, diverged, stopped, tab closed), its weights are written as config.json + model.safetensors
(loadable by ``python -m gan.sample --model FOLDER``) and zipped for download.
"""
from __future__ import annotations

import shutil
import tempfile
import threading
import time
import weakref
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from gan.device import with_threads
from gan.live.settings import (DATASETS, LIVE_THREADS, MAX_SECONDS, METRICS, LiveSettings,  # noqa: F401
                               build_trainer, check_settings, defaults)
from gan.live.quality import mode_figures
from gan.live.replay import Replay
from gan.live.views import digits_view, draw_figure1, draw_toy2d, figure1_view, real_points, toy2d_view
from gan.serving import media, memory
from gan.weights.pretrained import save_pretrained


@dataclass
class LiveFrame:
    kind: str                     # "1d" | "2d" | "digits"
    step: int                     # G-steps taken so far
    seconds: float                # since the run started
    steps_per_s: float
    rows: list                    # metric dicts (step + METRICS) since the previous frame
    view: object                  # dict (1d, 2d: see gan.live.views) or uint8 image (digits)
    done: bool = False
    message: str = ""             # why the run ended (done, cap, divergence)
    diverged: bool = False
    download: Path | None = None  # zip of config.json + model.safetensors, on the last frame
    mode_metrics: dict | None = field(default=None)
    history: tuple = ()           # one point per frame so far: mean metrics over its steps (the plots)
    run: "LiveRun | None" = field(default=None, repr=False)   # keeps the run, and so its files, alive
    _image: np.ndarray | None = field(default=None, repr=False, compare=False)
    _png: bytes | None = field(default=None, repr=False, compare=False)

    def image(self) -> np.ndarray:
        """The view drawn as a uint8 picture (Figure 1, points over D's map, or the digit grid); drawn
        once, however often it is asked for (the page and the run's replay both want it)."""
        if self._image is None:
            self._image = (draw_figure1(self.view) if self.kind == "1d" else
                           draw_toy2d(self.view) if self.kind == "2d" else self.view)
        return self._image

    def png(self) -> bytes:
        """:meth:`image` encoded as PNG (a 256-colour palette for the drawn figures; digits stay grey),
        once: the page's picture file and the run's replay share these bytes."""
        if self._png is None:
            self._png = media.png_bytes(self.image(), colours=256)
        return self._png


# the MNIST preview's 8 x 8 grid (242 px) drawn twice as large, so it fills the page's 420 px picture
DIGITS_SCALE = 2
# |loss| beyond this is a blow-up, not training: the cross-entropies sit near log 4 = 1.4, and even a
# Wasserstein critic's scores stay in the hundreds on these data sets
BLOW_UP = 1e6


@dataclass(frozen=True)
class LiveOutcome:
    """How a run ended, handed over once by the training side: what a Stop button shows."""
    step: int
    message: str
    download: Path | None         # the weights zip (None if export failed)
    history: tuple                # the plots' points, as on the last frame


class LiveRun:
    """One visitor's run. `frames()` trains and yields frames; afterwards (or if the consumer closes
    the generator) the weights are exported and the networks freed. `close()` deletes the files."""

    def __init__(self, settings: LiveSettings, device=None):
        self.settings = settings
        self.kind = DATASETS[settings.data].kind
        self.trainer, self.toy = build_trainer(settings, device)
        self.folder = Path(tempfile.mkdtemp(prefix="gan-live-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.folder), True)
        self.download: Path | None = None
        self.message, self.diverged, self.finished = "", False, False
        # how the run ended, as fields a page can word in its language: kind ("done", "capped",
        # "diverged"), step, blow_up (name, value, step) or None, detail (the trainer's own words)
        self.ending: dict = {}
        self.blow_up: tuple | None = None   # (metric, value, step) of the first loss past BLOW_UP
        self.x_range = None
        self.real = real_points(self.toy) if self.kind == "2d" else None
        self.step, self.seconds = 0, 0.0
        self.frame_seconds = 0.0     # time spent on frames (views + the consumer), not on training
        self.history: list[dict] = []  # one point per frame: mean metrics over its steps, at its last step
        self._ended = threading.Event()
        self._outcome: LiveOutcome | None = None
        self.replay = Replay()       # every frame's picture, to scrub through and export once it ends
        self._unrecorded: LiveFrame | None = None

    def ended(self) -> bool:
        """Whether the run has ended and exported its weights (its outcome is ready)."""
        return self._ended.is_set()

    def outcome(self, timeout: float | None = None) -> LiveOutcome | None:
        """How the run ended, waiting up to `timeout` s for it to end (None if it has not)."""
        return self._outcome if self._ended.wait(timeout) else None

    def view(self):
        # the picture shows the G a run exports: the average of its weights where the preset keeps one
        gan, probability = self.trainer.averaged_gan(), self.settings.loss != "wasserstein"
        if self.kind == "1d":
            view = figure1_view(gan, self.toy, x_range=self.x_range, probability=probability)
            self.x_range = view["x_range"]
            return view
        if self.kind == "2d":
            # the status line's modes: measured as the benchmark measures them (4096 samples), not on
            # the picture's 1024 points, which miss thinly drawn modes
            return toy2d_view(gan, self.toy, self.trainer.snapshot(), real=self.real, probability=probability,
                              metrics=mode_figures(gan, self.toy))
        return digits_view(self.trainer.snapshot(), scale=DIGITS_SCALE)

    def _frame(self, rows, **extra) -> LiveFrame:
        if rows:
            self.history.append({"step": rows[-1]["step"],
                                 **{k: sum(r[k] for r in rows) / len(rows) for k in METRICS}})
        view = self.view()
        metrics = view.get("metrics") if isinstance(view, dict) else None
        return LiveFrame(self.kind, self.step, self.seconds, self.step / max(self.seconds, 1e-9), rows, view,
                         mode_metrics=metrics, history=tuple(self.history), run=self, **extra)

    def frames(self, frame_interval: float = 0.4, max_overhead: float = 0.08):
        """Train, yielding a frame every `frame_interval` s or less often: the time a frame costs
        (computing its view, plus whatever the consumer does before asking for the next, such as
        drawing and encoding it) is kept under `max_overhead` of the wall time, so streaming never
        slows training by much more than that, however slow the machine."""
        return with_threads(self._frames(frame_interval, max_overhead), LIVE_THREADS)

    def _frames(self, frame_interval: float, max_overhead: float):
        s, interval = self.settings, frame_interval
        try:
            yield self._shown(self._frame([]))
            self._record()
            rows, last = [], time.perf_counter()
            for m in self.trainer.run(s.steps, max_seconds=s.max_seconds):
                self.step, self.seconds = m["step"], m.get("seconds", self.seconds)
                rows.append({"step": m["step"], **{k: m[k] for k in METRICS}})
                if self.blow_up is None:
                    self.blow_up = next(((k, m[k], m["step"]) for k in ("d_loss", "g_loss")
                                         if abs(m[k]) > BLOW_UP), None)
                if "diverged" in m:
                    self.message, self.diverged = m["diverged"], True
                    self.ending = {"kind": "diverged", "step": self.step, "blow_up": None, "detail": m["diverged"]}
                    break
                started = time.perf_counter()
                if started - last >= interval:
                    yield self._shown(self._frame(rows))
                    self._record()          # after the page drew it: the same picture, no second drawing
                    last = time.perf_counter()
                    self.frame_seconds += last - started
                    interval = min(max(frame_interval, (last - started) / max_overhead), 2.0)
                    rows = []
            if not self.message:
                capped = self.step < s.steps
                self.message = (f"time cap reached ({s.max_seconds:g} s) at step {self.step}" if capped
                                else f"done: {self.step} steps")
                if self.blow_up:
                    name, value, step = self.blow_up
                    self.message += (f", but the losses blew up ({name.replace('_', ' ')} reached {value:.3g} "
                                     f"at step {step}): lower the learning rates")
                    self.diverged = True
                self.ending = {"kind": "capped" if capped else "done", "step": self.step, "blow_up": self.blow_up,
                               "detail": ""}
            final = self._frame(rows, done=True, message=self.message, diverged=self.diverged)
            final.download = self.export()
            self.replay.add(final.step, final.png())
            yield final
        finally:
            self._record()                  # the frame on the page when the run was stopped
            if self.download is None and self.trainer is not None:
                self.message = self.message or f"stopped at step {self.step}"
                self.export()
            self.trainer = self.toy = None      # free the networks, optimisers and data at once
            self.finished = True
            self._outcome = LiveOutcome(self.step, self.message, self.download, tuple(self.history))
            self._ended.set()
            memory.release()                    # the run's batches and activations back to the OS

    def _shown(self, frame: LiveFrame) -> LiveFrame:
        self._unrecorded = frame
        return frame

    def _record(self) -> None:
        frame, self._unrecorded = self._unrecorded, None
        if frame is not None:
            self.replay.add(frame.step, frame.png())

    def export(self) -> Path:
        """config.json + model.safetensors (G and D; the last good weights after a divergence) in a
        folder, and that folder as a zip; returns the zip."""
        tr, s = self.trainer, self.settings
        name = f"gan-live-{s.data}-step{tr.step}"
        meta = {"live": {**asdict(s), "steps_done": tr.step, "seconds": round(self.seconds, 2),
                         "ended": self.message}, "train": tr.config_dict()}
        folder = save_pretrained(tr.gan, self.folder / name, meta=meta)
        zip_path = self.folder / f"{name}.zip"
        # stored, not deflated: float weights shrink by ~7% for ~0.6 s of a shared CPU per MNIST run
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_STORED) as z:
            for f in sorted(folder.iterdir()):
                z.write(f, f"{name}/{f.name}")
        self.download = zip_path
        return zip_path

    def close(self) -> None:
        """Delete this run's files (call when the visitor resets or starts another run)."""
        self._cleanup()


def live_training(data="gaussian1d", loss="nonsaturating", k=1, lr_d=None, lr_g=None, batch_size=None,
                  seed=0, steps=None, max_seconds=None, frame_interval: float = 0.25, device=None):
    """Validate the knobs, then train and yield a :class:`LiveFrame` about every `frame_interval` s."""
    run = LiveRun(check_settings(data, loss, k, lr_d, lr_g, batch_size, seed, steps, max_seconds), device)
    yield from run.frames(frame_interval)


# --- for `python -m bench`: the same training with and without streaming --------------------------
def plain_run(data: str, device=None, seconds: float | None = None):
    """The bare loop: Trainer.run's metrics dicts, no views."""
    settings = check_settings(data, steps=DATASETS[data].max_steps, max_seconds=seconds)
    trainer, _ = build_trainer(settings, device)
    yield from with_threads(trainer.run(settings.steps, max_seconds=settings.max_seconds), LIVE_THREADS)


def stream_metrics(data: str, device=None, seconds: float | None = None, frame_interval: float = 0.25):
    """The streamed loop: each frame's rows, as the app receives them (views computed, drawn and PNG-encoded)."""
    for frame in live_training(data, steps=DATASETS[data].max_steps, max_seconds=seconds,
                               frame_interval=frame_interval, device=device):
        frame.png()
        yield from frame.rows
