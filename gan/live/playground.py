"""The 2-D playground: Algorithm 1 of Goodfellow et al. (2014) one update at a time, GAN Lab's controls.

A :class:`Playground` holds one visitor's game on a 2-D p_data (the ring, the grid, or points they
drew) and lets them drive it: :meth:`Playground.step` takes one D update ("d": ascend V on D), one G
update ("g": descend G's loss) or one iteration of Algorithm 1 ("iteration": k D updates, then one G
update); :meth:`Playground.play` runs iterations at a chosen speed, yielding frames; :meth:`Playground.edit`
changes G's loss, k, either learning rate or either optimiser (SGD or Adam) between two updates,
without restarting, and records where. Every frame carries the picture's numbers (points over D's map,
the gradient arrows and G's manifold of :mod:`gan.live.lab_view`) and the divergences of
:mod:`gan.live.divergence`. :meth:`Playground.pretrained` starts from a G and D trained on the chosen
data (shipped in weights/playground-*, trained by :mod:`gan.live.playground_start`), a converged game
to perturb.
"""
from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch

from gan import limits, presets
from gan.device import pick_device
from gan.live.divergence import divergences
from gan.live.drawn_data import DRAWN_HALF, MAX_POINTS, SHAPES, drawn_distribution, points_from_drawing  # noqa: F401
from gan.live.lab_view import gradient_arrows, manifold, overlay
from gan.live.playground_knobs import OPTIMIZERS, Knobs, optimizer  # noqa: F401  (OPTIMIZERS: ui.playground)
from gan.live.views import VIEW_SEED, draw_toy2d, real_points, toy2d_view
from gan.models import GAN, evaluating
from gan.sampling import latents
from gan.toy import ToyDistribution, make_toy
from gan.weights.hub import BUNDLED

PRESET = "toy2d-lab"
DATA = ("ring", "grid", "line", "regions", "drawn")
MODES = ("ring", "grid")    # the data sets whose modes are counted (the others: KL and JSD only)
STEP_KINDS = ("d", "g", "iteration")
SPEEDS = {"1": 1.0, "10": 10.0, "100": 100.0, "max": None}      # iterations per second (None: flat out)
MAX_HISTORY = 2000        # points of the plots kept (older ones thinned)
PLAY_SECONDS = 120.0      # one Play runs at most this long
VIEW_POINTS = 512         # G's points drawn (and given arrows)
METRICS = ("d_loss", "g_loss", "d_real", "d_fake")


def pretrained_folder(data: str):
    return BUNDLED / f"playground-{data}"


@dataclass
class PlaygroundFrame:
    update: int                   # optimiser updates so far (D and G together): the plots' x
    iteration: int                # G updates so far
    view: dict                    # gan.live.views.toy2d_view's numbers, plus arrows / lines / kl / js
    history: tuple                # the plots' points: update, METRICS, kl, js
    changes: tuple                # (update, what changed) of every edit
    steps_per_s: float = 0.0      # iterations per second of the last Play
    playing: bool = False

    def image(self) -> np.ndarray:
        half = self.view["extent"]
        return overlay(draw_toy2d(self.view), half, arrows=self.view.get("arrows"), lines=self.view.get("lines"))


class Playground:
    def __init__(self, data: str = "ring", *, points=None, knobs: Knobs | None = None, seed: int = 0,
                 device=None):
        data = limits.choice(data, "data", DATA)
        self.data, self.seed = data, int(limits.SEED.check(seed))
        if data in MODES:
            self.toy = make_toy(data)
            self.half = float(self.toy.modes.abs().max()) * 1.5 + 0.5
        else:
            self.toy, self.half = drawn_distribution(SHAPES[data]() if data in SHAPES else points), DRAWN_HALF
        self.knobs = (knobs or Knobs()).checked()
        device = device if isinstance(device, torch.device) else pick_device(device)
        sampler = ToyDistribution(self.toy.name, self.toy.modes, self.toy.std).reseed(self.seed)
        self.trainer = presets.build_trainer(PRESET, sampler, seed=self.seed, device=device,
                                             loss=self.knobs.loss, k=self.knobs.k, lr_d=self.knobs.lr_d,
                                             lr_g=self.knobs.lr_g, batch_size=self.knobs.batch_size)
        self._new_optimizers()
        self.real = real_points(self.toy)
        self.view_z = latents(VIEW_POINTS, 2, VIEW_SEED, "normal", device)
        self.lock = threading.RLock()      # steps, edits and views of one visitor's game, one at a time
        self.history: list[dict] = []
        self.changes: list[tuple[int, str]] = []
        self.last = {k: float("nan") for k in METRICS}
        self._pending: list[dict] = []
        self.steps_per_s = 0.0
        self.latest: PlaygroundFrame | None = None     # the last frame made (what the page shows)
        self.pause_asked = False
        self._stopped = threading.Event()              # clear while a Play runs
        self._stopped.set()

    @property
    def playing(self) -> bool:
        """Whether a Play is running."""
        return not self._stopped.is_set()

    def _new_optimizers(self) -> None:
        tr, kn = self.trainer, self.knobs
        tr.opt_d = optimizer(tr.gan.discriminator, kn.optimizer_d, kn.lr_d)
        tr.opt_g = optimizer(tr.gan.generator, kn.optimizer_g, kn.lr_g)

    @property
    def gan(self) -> GAN:
        return self.trainer.gan

    def pretrained(self) -> "Playground":
        """G and D trained on this data (weights/playground-<data>), fresh optimisers: a converged game."""
        if self.data == "drawn":
            raise limits.InputError("data", "there is no trained GAN for a drawing: choose one of the shipped data sets")
        trained = GAN.from_folder(pretrained_folder(self.data), self.trainer.device)
        with self.lock:
            self.gan.load_state_dict(trained.state_dict())
            self._new_optimizers()
            self.changes.append((self.trainer.updates, "trained G and D loaded"))
        return self

    def edit(self, **changes) -> list[str]:
        """Change knobs (Knobs' fields) between two updates; returns what changed, e.g. 'lr_d 0.001 -> 0.01'."""
        unknown = set(changes) - set(asdict(self.knobs))
        if unknown:
            raise limits.InputError(sorted(unknown)[0], f"cannot change {sorted(unknown)}")
        new = Knobs(**{**asdict(self.knobs), **{k: v for k, v in changes.items() if v is not None}}).checked()
        done = [f"{k} {getattr(self.knobs, k):g} -> {v:g}" if isinstance(v, float) else f"{k} {getattr(self.knobs, k)} -> {v}"
                for k, v in asdict(new).items() if v != getattr(self.knobs, k)]
        if not done:
            return []
        with self.lock:
            old, self.knobs = self.knobs, new
            tr = self.trainer
            tr.cfg.loss, tr.cfg.k, tr.cfg.batch_size = new.loss, new.k, new.batch_size
            if new.optimizer_d != old.optimizer_d:
                tr.opt_d = optimizer(tr.gan.discriminator, new.optimizer_d, new.lr_d)
            if new.optimizer_g != old.optimizer_g:
                tr.opt_g = optimizer(tr.gan.generator, new.optimizer_g, new.lr_g)
            for opt, lr in ((tr.opt_d, new.lr_d), (tr.opt_g, new.lr_g)):
                for group in opt.param_groups:
                    group["lr"] = lr
            self.changes.append((tr.updates, ", ".join(done)))
        return done

    def pause(self, timeout: float = 5.0) -> bool:
        """Ask a Play to stop after its current iteration; True once it has (within `timeout` s)."""
        self.pause_asked = True
        return self._stopped.wait(timeout)

    def close(self) -> None:
        """The visitor's session ended: stop playing and free the networks and optimisers."""
        with self.lock:
            self.trainer = None             # a running Play ends before its next iteration

    def step(self, kind: str = "iteration") -> dict:
        """One D update, one G update, or one iteration of Algorithm 1; the metrics after it."""
        kind = limits.choice(kind, "step", STEP_KINDS)
        with self.lock:
            tr = self.trainer
            if tr is None:
                raise limits.InputError("game", "this game has ended: start a new one")
            tr.gan.train()
            if kind == "d":
                m = tr.d_step()
            elif kind == "g":
                m = tr.g_step()
            else:
                m = tr.train_step()
            self.last.update({k: float(v) for k, v in m.items() if k in METRICS})
            row = {"update": tr.updates, **self.last}
            self._pending.append(row)
            return row

    def frame(self, *, arrows: bool = True, lines: bool = True) -> PlaygroundFrame:
        """The picture's numbers now; the steps since the last frame become one point of the plots."""
        with self.lock:
            gan, tr = self.gan, self.trainer
            points, directions = gradient_arrows(gan, self.view_z, self.knobs.loss)
            probability = self.knobs.loss != "wasserstein"
            view = toy2d_view(gan, self.toy, torch.from_numpy(points), real=self.real, probability=probability,
                              half=self.half)
            view["arrows"] = (points, directions) if arrows else None
            view["lines"] = manifold(gan) if lines else None
            view.update(divergences(self.toy.modes.numpy(), self.toy.std, self._samples(), self.half))
            if self.data not in MODES:
                view["metrics"] = None
            if self._pending:
                rows, self._pending = self._pending, []
                means = {k: _mean([r[k] for r in rows]) for k in METRICS}
                self.history.append({"update": rows[-1]["update"], **means, "kl": view["kl"], "js": view["js"]})
                if len(self.history) > MAX_HISTORY:
                    self.history = self.history[::2]
            self.latest = PlaygroundFrame(tr.updates, tr.step, view, tuple(self.history), tuple(self.changes),
                                          self.steps_per_s, self.playing)
            return self.latest

    @torch.no_grad()
    def _samples(self, n: int = 4096) -> np.ndarray:
        """n samples of G from fixed noise: p_g for the divergence meter."""
        with evaluating(self.gan.generator) as g:
            return g(latents(n, 2, VIEW_SEED + 1, "normal", self.trainer.device)).float().cpu().numpy()

    def play(self, speed: str = "max", *, seconds: float = PLAY_SECONDS, frame_interval: float = 0.25,
             max_overhead: float = 0.1, arrows: bool = True, lines: bool = True):
        """Run iterations until `seconds` pass (or the consumer stops asking), yielding a frame every
        `frame_interval` s (after every iteration in slow motion). Frames cost at most `max_overhead` of
        the wall time at full speed, so the game runs at nearly the bare loop's speed."""
        rate = SPEEDS[limits.choice(speed, "speed", SPEEDS)]
        start = last = time.perf_counter()
        done, interval, self.pause_asked = 0, frame_interval, False
        self._stopped.clear()
        try:
            while time.perf_counter() - start < seconds and self.trainer is not None and not self.pause_asked:
                began = time.perf_counter()
                self.step("iteration")
                done += 1
                now = time.perf_counter()
                self.steps_per_s = done / max(now - start, 1e-9)
                if rate is not None:
                    time.sleep(max(0.0, 1.0 / rate - (now - began)))
                if now - last >= interval or (rate is not None and rate <= 10):
                    made = time.perf_counter()
                    yield self.frame(arrows=arrows, lines=lines)
                    last = time.perf_counter()
                    if rate is None:
                        interval = min(max(frame_interval, (last - made) / max_overhead), 2.0)
        finally:
            self._stopped.set()


def _mean(values: list) -> float:
    """The mean of the finite values (NaN before the network in question has taken a step)."""
    finite = [v for v in values if np.isfinite(v)]
    return float(np.mean(finite)) if finite else float("nan")
