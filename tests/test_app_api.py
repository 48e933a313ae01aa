"""The running app's named API endpoints, driven through gradio_client as a user of the Space would."""
import numpy as np
import pytest
from PIL import Image

from conftest import launch_app

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture(scope="module")
def client():
    demo = launch_app()
    c = gradio_client.Client(demo.local_url, verbose=False)
    yield c
    c.close()
    demo.close()


def read(path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("L"))


def generate(client, model="mnist-mlp", seed=42, rows=3, cols=4, digit=0):
    return client.predict(model, seed, rows, cols, digit, api_name="/generate")


def test_api_lists_both_endpoints_with_their_argument_order(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert [p["parameter_name"] for p in endpoints["/generate"]["parameters"]] == \
        ["model", "seed", "rows", "cols", "digit"]
    assert [p["parameter_name"] for p in endpoints["/interpolate"]["parameters"]] == \
        ["model", "seed_a", "seed_b", "frames", "path", "digit_a", "digit_b"]


def test_generate_grid_shape_png_and_same_seed_same_grid(client):
    path = generate(client, rows=3, cols=4)
    assert str(path).endswith(".png")
    grid = read(path)
    assert grid.shape == (3 * 60 + 4, 4 * 60 + 4)          # (28 + 2 pad) x 2 scale per cell, + outer pad
    assert grid.std() > 20                                 # digits, not a blank canvas
    assert np.array_equal(grid, read(generate(client, rows=3, cols=4)))
    assert not np.array_equal(grid, read(generate(client, seed=43, rows=3, cols=4)))


def test_generate_every_model_and_the_conditional_digit_matters(client):
    for model in ("mnist-mlp", "mnist-dcgan", "mnist-cdcgan"):
        assert read(generate(client, model=model, rows=1, cols=1)).shape == (64, 64)
    threes = read(generate(client, model="mnist-cdcgan", digit=3))
    sevens = read(generate(client, model="mnist-cdcgan", digit=7))
    assert not np.array_equal(threes, sevens)
    # unconditional models ignore the digit
    assert np.array_equal(read(generate(client, digit=3)), read(generate(client, digit=7)))


@pytest.mark.parametrize("args, field", [
    ({"seed": -1}, "seed"), ({"seed": 1.5}, "seed"), ({"seed": "abc"}, "seed"), ({"seed": 2**63}, "seed"),
    ({"rows": 0}, "rows"), ({"cols": 17}, "cols"), ({"model": "nope"}, "model"),
    ({"model": "mnist-cdcgan", "digit": 10}, "digit"),
])
def test_generate_bad_input_names_the_field_and_server_keeps_answering(client, args, field):
    with pytest.raises(Exception) as err:
        generate(client, **args)
    assert field in str(err.value)
    assert read(generate(client, rows=1, cols=1)).shape == (64, 64)


def test_generate_rejects_nan_seed_sent_over_raw_http(client):
    """gradio_client cannot even encode NaN; a hand-written request can (Python's json reads it)."""
    import httpx
    base = client.src.rstrip("/") + "/gradio_api/call/generate"
    body = '{"data": ["mnist-mlp", NaN, 2, 2, 0]}'
    event = httpx.post(base, content=body, headers={"Content-Type": "application/json"}, timeout=30).json()
    stream = httpx.get(f"{base}/{event['event_id']}", timeout=30).text
    assert "event: error" in stream and "seed must be an integer" in stream
    assert read(generate(client, rows=1, cols=1)).shape == (64, 64)


def test_interpolate_gif_and_strip(client):
    gif, strip = client.predict("mnist-mlp", 1, 2, 10, "spherical", 0, 0, api_name="/interpolate")
    with Image.open(gif) as im:
        assert im.format == "GIF" and im.n_frames == 2 * 10 - 2   # forth and back, ends once
        assert im.info.get("loop") == 0
    strip = read(strip)
    assert strip.shape == (1 * 60 + 4, 10 * 60 + 4)
    again = read(client.predict("mnist-mlp", 1, 2, 10, "spherical", 0, 0, api_name="/interpolate")[1])
    assert np.array_equal(strip, again)


def test_interpolate_video_is_the_same_walk_as_an_mp4(client):
    import av
    video = client.predict("mnist-mlp", 1, 2, 10, "spherical", 0, 0, api_name="/interpolate_video")
    with av.open(video) as container:
        frames = [f.to_ndarray(format="gray") for f in container.decode(video=0)]
    assert len(frames) == 2 * 10 - 2                              # forth and back, as the GIF
    gif, _ = client.predict("mnist-mlp", 1, 2, 10, "spherical", 0, 0, api_name="/interpolate")
    with Image.open(gif) as im:
        im.seek(4)
        fourth = np.asarray(im.convert("L"), dtype=float)
    assert np.abs(frames[4][:fourth.shape[0], :fourth.shape[1]] - fourth).mean() < 8   # the same picture
    with pytest.raises(Exception, match="frames must be an integer from 2 to 120"):
        client.predict("mnist-mlp", 1, 2, 500, "linear", 0, 0, api_name="/interpolate_video")


def test_interpolate_conditional_digits_and_errors(client):
    _, strip = client.predict("mnist-cdcgan", 5, 5, 2, "linear", 1, 7, api_name="/interpolate")
    ends = read(strip)
    assert not np.array_equal(ends[:, :64], ends[:, 60:124])   # same z, digit 1 -> digit 7
    for args, field in [((1, 2, 121, "linear", 0, 0), "frames"), ((1, 2, 10, "curved", 0, 0), "path"),
                        ((-5, 2, 10, "linear", 0, 0), "seed A")]:
        with pytest.raises(Exception) as err:
            client.predict("mnist-mlp", *args, api_name="/interpolate")
        assert field in str(err.value)


def test_app_queue_polls_slowly_enough_for_live_training():
    """Gradio 6.31 polls its queue every 1 ms (a GIL tax on live training in the same process): the app's
    queue waits QUEUE_POLL_S. Fails if a Gradio upgrade renames the setting and the tuning silently lapses."""
    import gradio as gr

    import app
    with gr.Blocks() as demo:
        gr.Markdown("x")
    queue = app.with_queue(demo)._queue
    assert queue.sleep_when_free == app.QUEUE_POLL_S
    assert queue.progress_update_sleep_when_free == app.PROGRESS_POLL_S
    assert queue.max_size == app.QUEUE_SETTINGS["max_size"]


def test_mixed_digits_show_all_ten_digits_in_the_default_8x8_grid(client):
    """digit -1 draws the ten digits in turn, so an 8 x 8 grid (8 columns) shows every digit, as the
    shipped classifier reads them."""
    import torch

    from gan.evaluation.classifier import load_classifier, predict
    from gan.weights.hub import resolve
    cells = read(generate(client, model="mnist-cdcgan", seed=5, rows=8, cols=8, digit=-1))
    digits = torch.tensor(np.stack([cells[2 + 60 * r + 2: 2 + 60 * r + 58: 2, 2 + 60 * c + 2: 2 + 60 * c + 58: 2]
                                    for r in range(8) for c in range(8)]) / 255.0, dtype=torch.float32)
    read_as = predict(load_classifier(resolve("mnist-classifier").folder), digits[:, None]).argmax(1).tolist()
    expected = [i % 10 for i in range(64)]
    assert set(read_as) == set(range(10))
    assert sum(a == b for a, b in zip(read_as, expected)) >= 58


def test_downloaded_grids_are_named_after_what_they_hold(client):
    from pathlib import Path
    assert Path(generate(client, seed=42, rows=3, cols=4)).name.startswith("mnist-mlp-seed42-3x4")
    assert Path(generate(client, model="mnist-cdcgan", seed=7, rows=2, cols=5, digit=3)).name.startswith(
        "mnist-cdcgan-seed7-2x5-digit3")
