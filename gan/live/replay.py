"""A live run kept for replay: the picture of every frame it streamed, scrubbable afterwards and
exportable as an animation (GIF or MP4), so a visitor can watch Algorithm 1's progress again at any step.

Frames are stored as PNG bytes (a drawn figure is 10-60 KB, a digit grid about 100 KB), at most
MAX_FRAMES of them and MAX_BYTES in all: past either, every other stored frame is dropped and from then
on only every other new one is kept (the newest always), so a long run keeps an even sample of its whole
course in a few MB.
"""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from gan.serving import media

MAX_FRAMES = 120
MAX_BYTES = 6 * 2**20     # and at most this many bytes of pictures per run (a visitor's session keeps them)
REPLAY_FPS = 8


class Replay:
    def __init__(self, max_frames: int = MAX_FRAMES, max_bytes: int = MAX_BYTES):
        self.max_frames, self.max_bytes = max(2, int(max_frames)), int(max_bytes)
        self.steps: list[int] = []
        self._pngs: list[bytes] = []
        self._counts: list[int] = []   # each stored frame's number among all frames added
        self._added, self._stride = 0, 1

    def __len__(self) -> int:
        return len(self.steps)

    def add(self, step: int, image) -> None:
        """Keep the picture shown at `step` (a frame at the same step replaces the previous one): a uint8
        array, or its PNG bytes already encoded (``LiveFrame.png()``, the page's own file). Frames are
        kept every `stride`-th (doubling whenever max_frames or max_bytes would be passed), plus the newest."""
        png = bytes(image) if isinstance(image, (bytes, bytearray)) else media.png_bytes(image, colours=256)
        if self.steps and self.steps[-1] == step:
            self._pngs[-1] = png
            return
        if self._counts and self._counts[-1] % self._stride:     # the newest, off the stride: replaced
            self.steps.pop(), self._pngs.pop(), self._counts.pop()
        self.steps.append(int(step))
        self._pngs.append(png)
        self._counts.append(self._added)
        self._added += 1
        while len(self.steps) > self.max_frames or (self.nbytes > self.max_bytes and len(self.steps) > 2):
            # every other frame goes, evenly
            self._stride *= 2
            keep = [i for i, c in enumerate(self._counts) if c % self._stride == 0 or i == len(self._counts) - 1]
            self.steps, self._pngs, self._counts = ([xs[i] for i in keep] for xs in (self.steps, self._pngs, self._counts))

    def frame(self, index: int) -> tuple[int, np.ndarray]:
        """(step, picture) of stored frame `index` (0 = the first)."""
        if not self.steps:
            raise ValueError("this run has no frames to replay")
        if not 0 <= int(index) < len(self.steps):
            raise ValueError(f"replay frame must be an integer from 0 to {len(self.steps) - 1}, got {index}")
        with Image.open(io.BytesIO(self._pngs[int(index)])) as im:
            return self.steps[int(index)], np.asarray(im.convert("RGB") if im.mode == "P" else im)

    def nearest(self, step: int) -> int:
        """The index of the stored frame closest to `step`."""
        return int(np.argmin(np.abs(np.asarray(self.steps) - int(step))))

    def export(self, fps: float = REPLAY_FPS) -> tuple:
        """(GIF, MP4) of every stored frame, in order."""
        frames = [self.frame(i)[1] for i in range(len(self))]
        return media.write_gif(frames, fps=fps, stem="run"), media.write_mp4(frames, fps=fps, stem="run")

    @property
    def nbytes(self) -> int:
        return sum(len(p) for p in self._pngs)
