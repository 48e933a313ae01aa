"""A live run's replay (gan.live.replay): every frame kept (thinned evenly past MAX_FRAMES), scrubbable,
exported as GIF and MP4 (gan.serving.media.write_mp4, PyAV's libx264)."""
import av
import numpy as np
import pytest
from PIL import Image

from gan.live.replay import Replay
from gan.live.run import LiveRun, check_settings
from gan.serving import media

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def test_frames_round_trip_and_thin_evenly_keeping_the_last():
    replay = Replay(max_frames=10)
    pictures = {}
    for step in range(0, 250, 10):
        pictures[step] = np.full((12, 14), step % 256, np.uint8)
        replay.add(step, pictures[step])
    assert len(replay) <= 10 and replay.steps[-1] == 240 and replay.steps == sorted(replay.steps)
    gaps = np.diff(replay.steps)
    assert gaps.max() <= 2 * gaps.min()                      # an even sample of the whole run
    step, picture = replay.frame(3)
    assert np.array_equal(picture, pictures[step])           # grey pictures come back exactly
    assert replay.steps[replay.nearest(101)] in (80, 120)
    replay.add(240, np.zeros((12, 14), np.uint8))            # the same step again replaces it
    assert replay.steps.count(240) == 1 and replay.frame(len(replay) - 1)[1].max() == 0
    with pytest.raises(ValueError, match="from 0 to"):
        replay.frame(len(replay))
    with pytest.raises(ValueError, match="no frames"):
        Replay().frame(0)


def test_the_pictures_bytes_are_capped_too():
    replay = Replay(max_frames=1000, max_bytes=200_000)
    noise = np.random.default_rng(0)
    for step in range(60):                                  # incompressible pictures, ~16 KB each
        replay.add(step, noise.integers(0, 256, (128, 128), dtype=np.uint8))
    assert replay.nbytes <= 200_000 + 20_000 and replay.steps[-1] == 59 and len(replay) >= 5


def test_a_live_run_keeps_every_frame_it_streamed_and_exports_gif_and_mp4():
    run = LiveRun(check_settings("ring", steps=600))
    streamed = [frame.step for frame in run.frames(frame_interval=0.05)]
    assert run.replay.steps[0] == 0 and run.replay.steps[-1] == 600
    assert set(run.replay.steps) <= set(streamed) and len(run.replay) >= min(len(set(streamed)), 100) - 1
    step, picture = run.replay.frame(len(run.replay) // 2)
    assert picture.shape == (420, 420, 3) and 0 < step < 600
    gif, mp4 = run.replay.export()
    with Image.open(gif) as im:
        assert im.n_frames == len(run.replay)
    with av.open(str(mp4)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == len(run.replay) and frames[0].shape == (420, 420, 3)
    run.close()


def test_a_frame_is_encoded_once_for_the_page_and_the_replay(monkeypatch):
    """The page's picture file and the replay hold the same PNG bytes, encoded once per frame."""
    encoded = []
    real = media.png_bytes
    monkeypatch.setattr(media, "png_bytes", lambda *a, **k: encoded.append(1) or real(*a, **k))
    run = LiveRun(check_settings("ring", steps=200))
    frames = list(run.frames(frame_interval=0.05))
    page_files = [media.write_png(frame.png(), stem="live") for frame in frames]   # as ui.train_live does
    assert len(encoded) == len(frames)
    last = len(run.replay) - 1
    assert run.replay.steps[last] == frames[-1].step
    assert run.replay._pngs[last] == page_files[-1].read_bytes() == frames[-1].png()
    with Image.open(page_files[-1]) as im:
        assert np.array_equal(np.asarray(im.convert("RGB")), run.replay.frame(last)[1])
    run.close()


def test_mp4_pads_odd_sides_and_keeps_the_picture():
    frames = [np.full((61, 45, 3), (40 * i, 100, 200), np.uint8) for i in range(5)]
    path = media.write_mp4(frames, fps=4)
    with av.open(str(path)) as container:
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(decoded) == 5 and decoded[0].shape == (62, 46, 3)
    assert np.abs(decoded[3][:61, :45].astype(int) - frames[3]).mean() < 6   # H.264 at crf 20: close
    with pytest.raises(ValueError, match="at least one frame"):
        media.write_mp4([])
