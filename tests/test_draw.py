"""The Draw tab's library and API: a drawing made MNIST-like, judged, and found in G by latent inversion."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from conftest import launch_app
from gan.data import mnist_test_subset
from gan.evaluation.classifier import load_classifier
from gan.sampling import generate
from gan.serving import digits
from gan.serving.zoo import ModelZoo
from gan.weights.hub import resolve

gradio_client = pytest.importorskip("gradio_client")
pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def zoo():
    return ModelZoo.load(device="cpu")


@pytest.fixture(scope="module")
def classifier():
    return load_classifier(resolve("mnist-classifier").folder)


def as_drawing(x: np.ndarray, size: int = 280) -> np.ndarray:
    """A test digit as a visitor would draw it: big, dark ink on a white canvas, off-centre."""
    canvas = Image.new("L", (size, size), 255)
    ink = Image.fromarray((255 - x * 255).astype(np.uint8)).resize((size // 2, size // 2))
    canvas.paste(ink, (size // 8, size // 3))
    return np.asarray(canvas)


def test_a_drawing_is_made_mnist_like_and_read_as_its_digit(classifier):
    x, y = mnist_test_subset()
    for i in (0, 333, 999):
        m = digits.mnist_like(as_drawing(x[i, 0].numpy()))
        assert m.shape == (28, 28) and m.dtype == np.float32 and 0 <= m.min() and m.max() <= 1
        ys, xs = np.indices(m.shape)
        assert abs((ys * m).sum() / m.sum() - 13.5) < 1 and abs((xs * m).sum() / m.sum() - 13.5) < 1   # centred
        probs, _ = digits.judge(m, classifier, {})
        assert int(np.argmax(probs)) == int(y[i])
    with pytest.raises(ValueError, match="empty"):
        digits.mnist_like(np.full((280, 280), 255, np.uint8))
    with pytest.raises(ValueError, match="empty"):
        digits.mnist_like(np.zeros((0, 0)))


def test_inverting_a_test_digit_beats_64_random_samples_of_the_same_digit(zoo):
    """The conditional model, asked for the digit's own class: G(z*) is closer to the digit than the
    closest of 64 random samples of that class."""
    cgan = zoo.get("mnist-cdcgan")
    x, y = mnist_test_subset()
    for i in (7, 512):
        target, d = x[i, 0], int(y[i])
        found = list(digits.invert(cgan, target.numpy(), steps=80, digit=d, seed=0))[-1]
        random = generate(cgan, 64, seed=1, digit=d)[:, 0]
        best_random = float(((random - target) ** 2).flatten(1).sum(1).sqrt().min())
        assert found["distance"] < best_random, (i, found["distance"], best_random)
        assert len(found["z"]) == cgan.config.z_dim
        assert np.isclose(found["distance"], float(np.sqrt(((found["image"] - target.numpy()) ** 2).sum())),
                          atol=1e-4)
    with pytest.raises(ValueError, match="needs a digit"):
        next(digits.invert(cgan, x[0, 0].numpy()))


def test_judge_and_invert_through_the_api():
    demo = launch_app()
    client = gradio_client.Client(demo.local_url, verbose=False)
    try:
        x, y = mnist_test_subset()
        drawing = as_drawing(x[3, 0].numpy())
        path = "/tmp/gan-draw-test.png"
        Image.fromarray(drawing).save(path)
        probs, scores = client.predict(gradio_client.handle_file(path), api_name="/judge_digit")
        assert len(probs) == 10 and int(np.argmax(probs)) == int(y[3])
        assert set(scores) == {"mnist-mlp", "mnist-dcgan", "mnist-cdcgan"} and all(0 <= s <= 1 for s in scores.values())
        png, distance, z = client.predict("mnist-cdcgan", gradio_client.handle_file(path), 60, 0, -1,
                                          api_name="/invert")
        assert distance > 0 and len(z) == 100 and np.asarray(Image.open(png)).shape[:2] == (224, 224)
        with pytest.raises(gradio_client.exceptions.AppError, match="steps must be an integer from 10 to 500"):
            client.predict("mnist-mlp", gradio_client.handle_file(path), 5, 0, -1, api_name="/invert")
        blank = "/tmp/gan-draw-blank.png"
        Image.fromarray(np.full((64, 64), 255, np.uint8)).save(blank)
        with pytest.raises(gradio_client.exceptions.AppError, match="empty"):
            client.predict(gradio_client.handle_file(blank), api_name="/judge_digit")
    finally:
        client.close()
        demo.close()
