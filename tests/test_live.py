"""Live training (gan.live.run + the Train live tab's /train endpoint): frames, views, caps, divergence,
downloads, cancellation. Every run here is a few dozen steps with a time cap."""
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest
import torch

from gan.live import run as live
from gan.serving.validate import InputError
from gan.weights.pretrained import load_pretrained

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def collect(**kwargs):
    kwargs.setdefault("max_seconds", 30)
    return list(live.live_training(frame_interval=0.02, **kwargs))


def unzip(zip_path, dest):
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(dest)
        (folder,) = {n.split("/")[0] for n in z.namelist()}
    return dest / folder


def test_figure1_run_streams_every_series_and_d_star(tmp_path):
    frames = collect(data="gaussian1d", steps=60, seed=3)
    rows = [r for f in frames for r in f.rows]
    assert [r["step"] for r in rows] == list(range(1, 61))          # every step reported exactly once
    assert all(set(live.METRICS) <= set(r) and all(np.isfinite(r[k]) for k in live.METRICS) for r in rows)
    assert len(frames) >= 3 and frames[-1].done and not frames[-1].diverged
    assert "done: 60 steps" in frames[-1].message
    view = frames[-1].view
    for key in ("x", "p_data", "p_g", "d", "d_star", "z", "x_of_z"):
        assert np.all(np.isfinite(view[key])), key
    assert len(view["x"]) == len(view["p_data"]) == len(view["p_g"]) == len(view["d"]) == len(view["d_star"])
    live_mass = view["p_data"] + view["p_g"] > 0
    np.testing.assert_allclose(view["d_star"][live_mass],
                               (view["p_data"] / (view["p_data"] + view["p_g"]))[live_mass], rtol=1e-6)
    width = view["x"][1] - view["x"][0]
    assert abs(view["p_g"].sum() * width - 1) < 0.05                 # p_g is a density
    assert np.all((view["d"] >= 0) & (view["d"] <= 1))
    image = frames[-1].image()
    assert image.dtype == np.uint8 and image.ndim == 3 and image.std() > 10   # not blank
    folder = unzip(frames[-1].download, tmp_path)
    assert load_pretrained(folder).config.data_shape == (1,)


def test_2d_run_reports_mode_metrics():
    frames = collect(data="grid", steps=30, batch_size=64)
    m = frames[-1].mode_metrics
    assert m["n_modes"] == 25 and 0 <= m["modes_covered"] <= 25 and 0 <= m["high_quality"] <= 1
    view = frames[-1].view
    assert view["heat"].shape == (48, 48) and view["fake"].shape == (1024, 2) and view["real"].shape[1] == 2
    assert frames[-1].image().shape == (420, 420, 3)


def test_the_status_counts_modes_as_the_benchmark_does():
    """The status once counted modes on the picture's 1024 points (20/25 where the benchmark's 4096
    samples of the same G found 24/25): both now come from gan.live.quality.mode_figures."""
    from gan.live import quality
    run = live.LiveRun(live.check_settings("grid", steps=1500))
    checked = 0
    for frame in run.frames(frame_interval=0.2):
        if run.trainer is not None and not frame.done:          # the run paused at this frame's step
            assert frame.mode_metrics == quality.mode_figures(run.trainer.averaged_gan(), run.toy)
            assert frame.view["fake"].shape == (1024, 2)        # the picture still draws 1024 points
            checked += 1
    assert checked >= 3
    run.close()


def test_divergence_stops_with_message_and_finite_weights(tmp_path):
    run = live.LiveRun(live.check_settings("ring", steps=500, batch_size=32, max_seconds=30))
    frames = run.frames(frame_interval=0.0)
    while run.step < 25:       # past the first snapshot (every 20 steps): last good weights exist
        next(frames)
    with torch.no_grad():
        run.trainer.gan.discriminator.out.weight.fill_(float("nan"))   # what lr 1e9 would do
    last = list(frames)[-1]
    assert last.diverged and last.done and "diverged" in last.message and "restored" in last.message
    gan = load_pretrained(unzip(last.download, tmp_path))               # refuses non-finite tensors
    assert all(torch.isfinite(p).all() for p in gan.parameters())
    assert run.trainer is None and run.finished


def test_mnist_weights_load_with_gan_sample(tmp_path):
    frames = collect(data="mnist", steps=3, batch_size=8)
    assert frames[-1].view.shape == (2 * (8 * 30 + 2), 2 * (8 * 30 + 2))  # 8x8 grid from fixed noise, x2
    folder = unzip(frames[-1].download, tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "model.safetensors"]
    out = tmp_path / "s.npz"
    r = subprocess.run([sys.executable, "-m", "gan.sample", "--model", str(folder), "--n", "4", "--seed", "1",
                        "--out", str(out), "--device", "cpu"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    images = np.load(out)["images"]
    assert images.shape == (4, 28, 28) and 0 <= images.min() and images.max() <= 1


def test_closing_the_stream_exports_frees_and_close_deletes():
    run = live.LiveRun(live.check_settings("gaussian1d", steps=50_000, max_seconds=30))
    frames = run.frames(frame_interval=0.0)
    for _ in range(5):
        next(frames)
    frames.close()                         # what Stop, job.cancel() and a closed tab do
    assert run.finished and run.trainer is None and run.download.is_file()
    assert "stopped at step" in run.message
    folder = run.folder
    run.close()
    assert not folder.exists()


def test_time_cap_ends_the_run():
    frames = collect(data="gaussian1d", steps=50_000, max_seconds=1.0)
    assert frames[-1].done and "time cap" in frames[-1].message and frames[-1].seconds < 5


@pytest.mark.parametrize("kwargs, field", [
    ({"lr_d": 0}, "D learning rate"), ({"lr_g": -1e-3}, "G learning rate"), ({"lr_d": 1e9}, "D learning rate"),
    ({"lr_g": float("nan")}, "G learning rate"), ({"lr_d": "fast"}, "D learning rate"),
    ({"batch_size": 0}, "batch size"), ({"batch_size": 1_000_000}, "batch size"), ({"batch_size": 2.5}, "batch size"),
    ({"k": 0}, "k"), ({"k": 21}, "k"), ({"steps": 0}, "steps"), ({"steps": 10**9}, "steps"),
    ({"seed": -1}, "seed"), ({"data": "cifar"}, "data"), ({"loss": "hinge"}, "G loss"),
    ({"data": "mnist", "batch_size": 1}, "batch size"),
])
def test_bad_settings_name_the_field_and_range(kwargs, field):
    with pytest.raises(InputError) as e:
        live.check_settings(**kwargs)
    assert str(e.value).startswith(field) and e.value.field.startswith(field.split()[0])


# --- through the running app ------------------------------------------------------------------------
TRAIN_1D = ("gaussian1d", "nonsaturating", 1, 1e-3, 1e-3, 256, 0)


@pytest.fixture(scope="module")
def client(app_server):
    from gradio_client import Client
    return Client(app_server, verbose=False)


def test_api_streams_a_training_run(client):
    job = client.submit(*TRAIN_1D, 600, api_name="/train")   # long enough (seconds) for frames 0.4 s apart
    updates = list(job)
    assert len(updates) >= 3                                            # streamed, not one answer
    picture, loss_plot, d_plot, status, weights = job.outputs()[-1]
    series = {row[2] for row in d_plot["data"]}
    assert series == {"D(x)", "D(G(z))", "1/2", "▶"}   # symbols: the same in both languages (▶: the replay)
    assert {row[2] for row in loss_plot["data"]} == {"D", "G", "▶"}    # ▶: the replay's mark, always there
    assert max(row[0] for row in loss_plot["data"]) == 600
    assert "done: 600 steps" in status and weights.endswith(".zip")
    assert picture.endswith(".png")


def test_api_replay_of_the_sessions_last_run_as_gif_and_mp4(client):
    import av
    import gradio_client
    from PIL import Image
    fresh = gradio_client.Client(client.src, verbose=False)       # a session with no run yet
    try:
        with pytest.raises(Exception, match="no finished run in this session"):
            fresh.predict(api_name="/train_replay")
        job = fresh.submit(*TRAIN_1D, 600, api_name="/train")
        streamed = len(list(job))
        gif, mp4 = sorted(fresh.predict(api_name="/train_replay"), key=lambda p: p.endswith(".mp4"))
        with Image.open(gif) as im:
            frames = im.n_frames
        assert 3 <= frames <= streamed + 1
        with av.open(mp4) as container:
            assert sum(1 for _ in container.decode(video=0)) == frames
    finally:
        fresh.close()


def test_api_bad_input_is_a_clear_error_and_server_carries_on(client):
    from gradio_client.exceptions import AppError
    with pytest.raises(AppError, match=r"batch size must be an integer from 1 to 4096"):
        client.predict("ring", "nonsaturating", 1, 1e-3, 1e-3, 0, 0, 10, api_name="/train")
    assert "done: 5 steps" in client.predict(*TRAIN_1D, 5, api_name="/train")[3]


def test_api_cancel_ends_the_run(client):
    from gradio_client.utils import Status
    job = client.submit("ring", "nonsaturating", 1, 1e-3, 1e-3, 64, 0, 50_000, api_name="/train")
    deadline = time.monotonic() + 30
    while len(job.outputs()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(job.outputs()) >= 2
    job.cancel()
    deadline = time.monotonic() + 10
    while not job.done() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job.status().code == Status.CANCELLED
    assert "done: 5 steps" in client.predict(*TRAIN_1D, 5, api_name="/train")[3]   # slot freed


def test_a_run_whose_losses_blow_up_is_flagged_though_nothing_became_nan():
    """lr = 10 sends the 1-D run's losses to ~1e11 without a NaN: the run must not end as plain "done"."""
    frames = list(live.live_training(data="gaussian1d", lr_d=10, lr_g=10, steps=300, max_seconds=30))
    last = frames[-1]
    assert last.done and last.diverged
    assert "the losses blew up" in last.message and "lower the learning rates" in last.message
    calm = list(live.live_training(data="gaussian1d", steps=50, max_seconds=30))[-1]
    assert not calm.diverged and calm.message == "done: 50 steps"


def test_the_mnist_preview_fills_the_picture():
    """The 8 x 8 digit grid once sat at 242 px inside the page's 420 px picture."""
    frame = collect(data="mnist", steps=2, batch_size=8)[-1]
    assert frame.image().shape == (2 * (8 * 30 + 2), 2 * (8 * 30 + 2))
