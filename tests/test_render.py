"""The renderer (gan.serving.render), the files it hands out (gan.serving.media) and the input checks (gan.serving.validate)."""
import os
import threading
import time

import numpy as np
import pytest
import torch
from PIL import Image

from gan.serving import media
from gan.serving import render
from gan.serving import validate
from gan.data import load_mnist
from gan.sampling import MAX_SEED
from gan.serving.zoo import ModelZoo


@pytest.fixture(scope="module")
def zoo():
    return ModelZoo.load(device="cpu")


def test_plain_grid_shape_and_same_seed_same_grid(zoo):
    gan = zoo.get("mnist-mlp")
    a = render.render_grid(gan, 7, 3, 5)
    assert a.image.dtype == np.uint8 and a.image.shape == (3 * 60 + 4, 5 * 60 + 4)
    assert a.scores.shape == (15,) and ((a.scores > 0) & (a.scores < 1)).all()
    assert np.array_equal(a.image, render.render_grid(gan, 7, 3, 5).image)
    assert not np.array_equal(a.image, render.render_grid(gan, 8, 3, 5).image)
    assert a.image.std() > 20   # digits on black, not a blank or grey canvas
    assert render.render_grid(gan, 7, 3, 5, with_scores=False).scores is None


def test_d_scores_are_sigmoid_of_the_shipped_discriminator(zoo):
    gan = zoo.get("mnist-dcgan")
    images = torch.rand(4, 1, 28, 28)
    expected = torch.sigmoid(gan.discriminator(images)).detach().numpy()
    assert np.allclose(render.discriminator_scores(gan, images), expected, atol=1e-6)


def test_nearest_training_digit_finds_an_exact_copy():
    images, _ = load_mnist("train", "subset")
    picks = [3, 4242, 9999]
    copies = torch.from_numpy(images[picks].astype(np.float32) / 255).unsqueeze(1)
    index, distance = render.nearest_training(copies)
    assert list(index) == picks
    assert np.allclose(distance, 0, atol=1e-2)


def test_overlays_put_scores_and_nearest_digit_beside_each_sample(zoo):
    result = render.render_grid(zoo.get("mnist-mlp"), 1, 2, 3, show_scores=True, show_nearest=True)
    assert result.image.ndim == 3 and result.image.shape[2] == 3
    cell_w, cell_h, pad = 2 * 56 + 4, 56 + 14, 8      # sample + gap + nearest digit; sample + caption
    assert result.image.shape[:2] == (2 * (cell_h + pad) + pad, 3 * (cell_w + pad) + pad)
    assert result.nearest_index.shape == (6,) and (result.nearest_distance > 0).all()
    amber = (result.image[..., 0] > 150) & (result.image[..., 2] < 100)
    assert amber.sum() > 100   # the nearest training digits are drawn in amber


def test_conditional_grid_the_ten_digits_in_turn(zoo):
    gan = zoo.get("mnist-cdcgan")
    mixed = render.render_grid(gan, 3, 2, 10, digit=-1)
    assert mixed.image.shape == (2 * 60 + 4, 10 * 60 + 4)
    assert render.grid_digits(-1, 2, 3) == [0, 1, 2, 3, 4, 5]              # reading order
    assert render.grid_digits(-1, 2, 10) == list(range(10)) * 2             # one per column at 10 columns
    assert sorted(set(render.grid_digits(-1, 8, 8))) == list(range(10))     # all ten in the default 8 x 8
    assert not np.array_equal(render.render_grid(gan, 3, 1, 1, 4).image, render.render_grid(gan, 3, 1, 1, 5).image)


def test_interpolation_strip_and_frames(zoo):
    gan = zoo.get("mnist-mlp")
    result = render.render_interpolation(gan, [1, 2], 30, "spherical", rows=2)
    assert len(result.frames) == 30
    assert result.frames[0].shape == ((28 + 2 + 2) * 4, (2 * (28 + 2) + 2) * 4)   # rows side by side, x4
    assert result.strip.shape == (2 * 60 + 4, 16 * 60 + 4)
    assert not np.array_equal(result.frames[0], result.frames[-1])
    walk = render.render_interpolation(gan, [1, 2, 3], 5)
    assert len(walk.frames) == 9                      # 5 + 4: the middle seed is shared
    assert render.even_indices(30, 16)[0] == 0 and render.even_indices(30, 16)[-1] == 29


def test_gif_loops_and_bounces(tmp_path):
    frames = [np.full((8, 8), v, np.uint8) for v in (0, 100, 200)]
    path = media.write_gif(frames, tmp_path / "a.gif", fps=10, bounce=True)
    with Image.open(path) as im:
        assert im.format == "GIF" and im.n_frames == 4 and im.info["loop"] == 0
        assert im.info["duration"] == 100
    with pytest.raises(ValueError):
        media.write_gif([])


def test_png_round_trip(tmp_path):
    image = np.arange(64, dtype=np.uint8).reshape(8, 8)
    with Image.open(media.write_png(image, tmp_path / "g.png")) as im:
        assert im.format == "PNG" and np.array_equal(np.asarray(im), image)


def test_output_files_never_collide_and_old_ones_expire(tmp_path):
    files = media.OutputFiles(prefix="gan-test-", max_age_s=60)
    paths = []
    threads = [threading.Thread(target=lambda: paths.append(files.new(".gif"))) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(paths)) == 20 and all(p.parent == files.folder for p in paths)
    recent = files.new(".gif")
    old = time.time() - 120
    for p in paths:
        os.utime(p, (old, old))
    fresh = files.new(".gif")                      # each new file expires the old ones first
    assert not any(p.exists() for p in paths) and recent.exists() and fresh.exists()


@pytest.mark.parametrize("value", [-1, 1.5, float("nan"), float("inf"), "12", "abc", None, True, MAX_SEED + 1])
def test_seed_rejects_with_field_and_range(value):
    with pytest.raises(validate.InputError, match=r"seed must be an integer from 0 to 9223372036854775807"):
        validate.seed(value)


def test_validation_accepts_and_names_fields():
    assert validate.seed(MAX_SEED) == MAX_SEED and validate.seed(5.0) == 5
    assert validate.digit(3, 10) == 3 and validate.digit(3, 0) is None and validate.digit(-1, 10, allow_mixed=True) == -1
    assert validate.seed_list("7, 12 99") == [7, 12, 99] and validate.seed_list(" ") == []
    for call, field in [(lambda: validate.digit(10, 10), "digit"), (lambda: validate.choice("x", "path", validate.PATHS), "path"),
                        (lambda: validate.seed_list("1, two"), "walk seeds"),
                        (lambda: validate.integer(0, "frames", 2, 120), "frames")]:
        with pytest.raises(validate.InputError) as err:
            call()
        assert err.value.field == field and str(err.value).startswith(field)


def test_ui_walk_through_extra_seeds_and_digits(zoo):
    from ui.interpolate import walk
    gif, strip = walk(zoo, "mnist-cdcgan", 1, 2, 4, "linear", 0, 1, rows=2, extra_seeds="3, 4", extra_digits="2")
    with Image.open(gif) as im:
        assert im.n_frames == 2 * 10 - 2            # 4 + 3 + 3 frames, forth and back
    assert strip.shape == (2 * 60 + 4, 10 * 60 + 4)
    with pytest.raises(validate.InputError, match="walk seeds"):
        walk(zoo, "mnist-mlp", 1, 2, 4, "linear", 0, 0, extra_seeds="3, -4")


def test_walk_digits_without_extra_seeds_are_left_alone(zoo):
    """Digits typed for the extra stops of a walk, with no extra seeds, once refused the whole walk
    ("walk digits: at most 0 values, got 2"); they only apply to stops that exist."""
    from ui.interpolate import walk
    gif, strip = walk(zoo, "mnist-cdcgan", 1, 2, 4, "linear", 3, 8, rows=1, extra_seeds="", extra_digits="5, 0")
    assert gif and strip.shape == (64, 4 * 60 + 4)
    with pytest.raises(ValueError, match="walk digits"):
        walk(zoo, "mnist-cdcgan", 1, 2, 4, "linear", 3, 8, extra_seeds="7", extra_digits="5, x")


def test_the_latent_plane_passes_through_its_three_seeds():
    """The 2-D pad's point (u, v): (0, 0) is G(z_A), (1, 0) is G(z_B), (0, 1) is G(z_C), and the pad's
    pixels map back to (u, v)."""
    import torch
    from gan.models import GAN
    from gan.serving import render
    gan = GAN.from_folder("weights/mnist-mlp").eval()
    with torch.no_grad():
        for (u, v), (seed_b, t) in (((0, 0), (2, 0.0)), ((1, 0), (2, 1.0)), ((0, 1), (3, 1.0))):
            assert (render.render_latent_plane(gan, (1, 2, 3), u, v) ==
                    render.render_latent_point(gan, 1, seed_b, t)).all()
        middle = render.render_latent_plane(gan, (1, 2, 3), 0.5, 0.5)
        assert not (middle == render.render_latent_plane(gan, (1, 2, 3), 0, 0)).all()
    size = render.PAD_SIZE
    assert render.pad_point(0, size - 1) == (0.0, 0.0) and render.pad_point(size - 1, 0) == (1.0, 1.0)
    assert render.pad_point(*render.pad_pixel(0.25, 0.75)) == pytest.approx((0.25, 0.75))
    assert render.pad_point(-40, 10_000) == (0.0, 0.0)               # clicks beyond the pad: its edge


def test_requests_run_with_the_app_s_thread_count_in_any_worker_thread(monkeypatch):
    """torch's thread count is per OS thread: a server's worker threads started with one per core, so
    grids were drawn with 1 or 2 threads depending on the worker, and a pixel could round the other way
    (seed 1003, 3 x 3, 4 pixels off by one grey level). Rendering now sets the app's count itself."""
    import threading
    import torch
    from gan import device
    from gan.serving import render
    monkeypatch.setattr(device, "REQUEST_THREADS", 1)
    seen = {}

    def worker():
        torch.set_num_threads(2)                            # a fresh worker's default on 2 cores
        seen["inside"] = render.request_threads(torch.get_num_threads)()
        seen["after"] = torch.get_num_threads()
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == {"inside": 1, "after": 2}
