"""Pictures and the files the app hands out: small drawing helpers (upscaling, the label font), PNG
images and looping GIF animations of G's samples, written to per-request temporary files that never
collide and are deleted after a while.

Gradio copies each returned file into its own cache before it serves it, so a file here only has to
live a few minutes; each new file first expires the oldest ones past their age, and the folder goes at
exit.
"""
from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

import numpy as np
from PIL import Image, ImageFont

DEFAULT_FPS = 12
MAX_AGE_S = 15 * 60


def upscale(image: np.ndarray, scale: int) -> np.ndarray:
    """Enlarge a (H, W[, C]) picture by an integer factor, pixel by pixel (no smoothing)."""
    return image if scale == 1 else np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)


def label_font(size: int):
    """PIL's default font at `size` points (the fixed bitmap font where Pillow lacks FreeType)."""
    try:
        return ImageFont.load_default(size=size)
    except TypeError:
        return ImageFont.load_default()


class OutputFiles:
    """A private temporary folder; `new(suffix)` gives a fresh unique path in it (mkstemp), and files
    older than `max_age_s` are deleted on each call. The folder goes when the process exits."""

    def __init__(self, prefix: str = "gan-playground-", max_age_s: float = MAX_AGE_S):
        self.prefix, self.max_age_s = prefix, max_age_s
        self._folder: Path | None = None
        self._lock = threading.Lock()
        self._made: deque[Path] = deque()    # the files new() made, oldest first

    @property
    def folder(self) -> Path:
        with self._lock:
            if self._folder is None or not self._folder.is_dir():
                self._folder = Path(tempfile.mkdtemp(prefix=self.prefix))
                atexit.register(shutil.rmtree, self._folder, True)
            return self._folder

    def new(self, suffix: str, stem: str = "") -> Path:
        """A fresh empty file named `<stem>-<random><suffix>`."""
        self._expire_oldest()
        fd, name = tempfile.mkstemp(suffix=suffix, prefix=f"{stem}-" if stem else "tmp", dir=self.folder)
        os.close(fd)
        with self._lock:
            self._made.append(Path(name))
        return Path(name)

    def _expire_oldest(self) -> None:
        """Delete the oldest files while they are older than max_age_s: a stat or two per new file, where
        globbing the folder took 10 ms per 1,000 files (live training writes 2.5 a second)."""
        cutoff = time.time() - self.max_age_s
        with self._lock:
            while self._made:
                try:
                    if self._made[0].stat().st_mtime >= cutoff:
                        return
                    self._made[0].unlink()
                except FileNotFoundError:   # deleted already, or the folder was recreated
                    pass
                self._made.popleft()


OUTPUTS = OutputFiles()


PNG_LEVEL = 1   # zlib level: a PNG's time goes to filtering and deflating; 1 is ~2x faster than 6 (+~25% bytes)


def png_bytes(image: np.ndarray, colours: int | None = None) -> bytes:
    """A uint8 (H, W) or (H, W, 3) image encoded as PNG. `colours`: first reduce a colour picture to a
    palette of at most that many (for drawn figures: a third of the bytes and of the time; a grid of
    digits is written exactly)."""
    picture = Image.fromarray(np.asarray(image, dtype=np.uint8))
    if colours and picture.mode == "RGB":
        picture = picture.quantize(colors=colours, method=Image.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=PNG_LEVEL)
    return buffer.getvalue()


def write_png(image, path=None, stem: str = "grid", files: OutputFiles = OUTPUTS,
              colours: int | None = None) -> Path:
    """An image as PNG at `path` (default: a fresh temporary `<stem>-*.png`): a uint8 array, encoded
    by :func:`png_bytes` with `colours`, or bytes it already gave (written as they are)."""
    data = bytes(image) if isinstance(image, (bytes, bytearray)) else png_bytes(image, colours)
    path = Path(path) if path is not None else files.new(".png", stem)
    path.write_bytes(data)
    return path


def write_gif(frames, path=None, fps: float = DEFAULT_FPS, bounce: bool = False, stem: str = "animation",
              files: OutputFiles = OUTPUTS) -> Path:
    """uint8 frames (all the same shape) as a GIF that loops forever; `bounce` plays them forward then
    backward (A -> B -> A) so the loop has no jump."""
    frames = [np.asarray(f, dtype=np.uint8) for f in frames]
    if not frames:
        raise ValueError("an animation needs at least one frame")
    if bounce and len(frames) > 2:
        frames = frames + frames[-2:0:-1]
    path = Path(path) if path is not None else files.new(".gif", stem)
    images = [Image.fromarray(f) for f in frames]
    images[0].save(path, format="GIF", save_all=True, append_images=images[1:],
                   duration=max(20, round(1000 / fps)), loop=0, disposal=1, optimize=False)
    return path


def write_mp4(frames, path=None, fps: float = DEFAULT_FPS, stem: str = "animation",
              files: OutputFiles = OUTPUTS) -> Path:
    """uint8 frames (all the same shape, grey or RGB) as an H.264 MP4 (PyAV's own libx264, yuv420p, so
    every player shows it); odd sides are padded by one white pixel, as yuv420p needs even ones."""
    import av   # PyAV ships FFmpeg in its wheel: nothing to download at run time
    frames = [np.asarray(f, dtype=np.uint8) for f in frames]
    if not frames:
        raise ValueError("an animation needs at least one frame")
    frames = [np.repeat(f[..., None], 3, axis=2) if f.ndim == 2 else f for f in frames]
    h, w = frames[0].shape[:2]
    H, W = h + h % 2, w + w % 2
    path = Path(path) if path is not None else files.new(".mp4", stem)
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=max(1, round(fps)), options={"crf": "20", "preset": "veryfast"})
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        for f in frames:
            canvas = np.full((H, W, 3), 255, np.uint8)
            canvas[:h, :w] = f
            for packet in stream.encode(av.VideoFrame.from_ndarray(canvas, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
