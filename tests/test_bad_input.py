"""Bad input, through the running app's API (gradio_client and hand-written HTTP) and through the library:
every refused value gets a message naming the field and its allowed range (gan/serving/validate.py), and the
server answers the next good request exactly as before. `pytest -s` prints how many were tried."""
from collections import Counter

import numpy as np
import pytest
import torch
from PIL import Image

from gan.weights import hub
from gan import limits
from gan.live import run as live
from gan.serving import validate
from gan.sampling import MAX_SEED, generate
from gan.weights.pretrained import WeightsError
from gan.serving.zoo import ModelZoo

gradio_client = pytest.importorskip("gradio_client")
from gradio_client.exceptions import AppError  # noqa: E402

TRIED = Counter()          # bad inputs tried, by route
SEED_RANGE = f"seed must be an integer from 0 to {MAX_SEED}"
PAGE_SEED_RANGE = f"seed must be an integer from 0 to {2**53 - 1}"   # /train and the page: what a browser holds
MODELS = "model must be one of mnist-mlp, mnist-dcgan, mnist-cdcgan"
GOOD_GENERATE = ("mnist-mlp", 42, 1, 1, 0)
GOOD_INTERPOLATE = ("mnist-mlp", 1, 2, 3, "linear", 0, 0)
GOOD_TRAIN = ("gaussian1d", "nonsaturating", 1, 1e-3, 1e-3, 64, 0, 3)


@pytest.fixture(scope="module", autouse=True)
def summary():
    yield
    print(f"\n[bad input] tried {sum(TRIED.values())} bad inputs ({dict(TRIED)}); every one refused with "
          f"its field and range, and the good /generate after each answered the same grid")


@pytest.fixture(scope="module")
def client(app_server):
    c = gradio_client.Client(app_server, verbose=False)
    yield c
    c.close()


def read(path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("L"))


@pytest.fixture(scope="module")
def reference_grid(client):
    return read(client.predict(*GOOD_GENERATE, api_name="/generate"))


def still_serving(client, reference_grid):
    """The next good request is answered, with the same picture as before the bad one."""
    assert np.array_equal(read(client.predict(*GOOD_GENERATE, api_name="/generate")), reference_grid)


def with_value(args, index, value):
    args = list(args)
    args[index] = value
    return args


def refused(client, api_name, args, *expected):
    with pytest.raises(AppError) as err:
        client.predict(*args, api_name=api_name)
    message = str(err.value)
    for text in expected:
        assert text in message, f"{text!r} not in {message!r}"
    assert len(message) < 400            # a message, not a dump of the value or a traceback
    TRIED[api_name] += 1


# --- /generate (model, seed, rows, cols, digit) -----------------------------------------------------------
@pytest.mark.parametrize("index, value, expected", [
    (1, -1, SEED_RANGE), (1, 2**63, SEED_RANGE), (1, 1e300, SEED_RANGE), (1, 1.5, SEED_RANGE),
    (1, "7", SEED_RANGE), (1, None, SEED_RANGE), (1, True, SEED_RANGE),
    (2, 0, "rows must be an integer from 1 to 16"), (2, 17, "rows must be an integer from 1 to 16"),
    (2, 2.5, "rows must be an integer from 1 to 16"),
    (3, -3, "cols must be an integer from 1 to 16"), (3, "x", "cols must be an integer from 1 to 16"),
    (0, "nope", MODELS), (0, "gan-playground/mnist-mlp", MODELS), (0, "../weights/mnist-mlp", MODELS),
    (4, 99, "digit (used by the conditional model only) must be an integer from -1 to 9"),
    (4, "seven", "digit (used by the conditional model only) must be an integer from -1 to 9"),
])
def test_generate_refuses(client, reference_grid, index, value, expected):
    refused(client, "/generate", with_value(GOOD_GENERATE, index, value), expected)
    still_serving(client, reference_grid)


@pytest.mark.parametrize("digit", [10, 1.5, None])
def test_generate_conditional_digit_out_of_range(client, reference_grid, digit):
    refused(client, "/generate", ("mnist-cdcgan", 1, 1, 1, digit), "digit must be an integer from -1 to 9")
    still_serving(client, reference_grid)


def test_huge_seeds_are_exact_not_rounded_through_floats(client):
    """2**53 + 1 is no float: the API must use the integer as sent (same grid as the library)."""
    from gan.serving.render import render_grid
    from ui.samples import sample_grid
    zoo = ModelZoo.load({"mnist-mlp": str(hub.BUNDLED / "mnist-mlp")}, device="cpu")
    for seed in (2**53 + 1, MAX_SEED):
        api = read(client.predict("mnist-mlp", seed, 2, 2, 0, api_name="/generate"))
        assert np.array_equal(api, sample_grid(zoo, "mnist-mlp", seed, 2, 2, 0, with_scores=False).image)
    neighbour = render_grid(zoo.get("mnist-mlp"), 2**53, 2, 2, with_scores=False).image
    assert not np.array_equal(read(client.predict("mnist-mlp", 2**53 + 1, 2, 2, 0, api_name="/generate")),
                              neighbour)


# --- /interpolate (model, seed_a, seed_b, frames, path, digit_a, digit_b) --------------------------------
@pytest.mark.parametrize("args, expected", [
    (with_value(GOOD_INTERPOLATE, 3, 1), "frames must be an integer from 2 to 120"),
    (with_value(GOOD_INTERPOLATE, 3, 121), "frames must be an integer from 2 to 120"),
    (with_value(GOOD_INTERPOLATE, 3, 2.5), "frames must be an integer from 2 to 120"),
    (with_value(GOOD_INTERPOLATE, 3, "many"), "frames must be an integer from 2 to 120"),
    (with_value(GOOD_INTERPOLATE, 1, -5), "seed A must be an integer from 0 to"),
    (with_value(GOOD_INTERPOLATE, 2, 2**64), "seed B must be an integer from 0 to"),
    (with_value(GOOD_INTERPOLATE, 2, "x"), "seed B must be an integer from 0 to"),
    (with_value(GOOD_INTERPOLATE, 4, "curved"), "path must be one of linear, spherical"),
    (with_value(GOOD_INTERPOLATE, 0, "nope"), MODELS),
    (with_value(GOOD_INTERPOLATE, 5, 42), "digit A (used by the conditional model only) must be an integer"),
    (("mnist-cdcgan", 1, 2, 3, "linear", 10, 0), "digit A must be an integer from 0 to 9"),
    (("mnist-cdcgan", 1, 2, 3, "linear", 0, -1), "digit B must be an integer from 0 to 9"),
])
def test_interpolate_refuses(client, reference_grid, args, expected):
    refused(client, "/interpolate", args, expected)
    still_serving(client, reference_grid)


# --- /train (data, loss, k, lr_d, lr_g, batch_size, seed, steps) ------------------------------------------
LR = "learning rate must be a number greater than 0 and at most 10"
BATCH = "batch size must be an integer from 1 to 4096"


@pytest.mark.parametrize("index, value, expected", [
    (3, 0, "D " + LR), (3, -1e-3, "D " + LR), (3, 1e9, "D " + LR), (3, "fast", "D " + LR),
    (4, 0, "G " + LR), (4, 1e9, "G " + LR),
    (5, 0, BATCH), (5, 1_000_000, BATCH), (5, 2.5, BATCH), (5, "abc", BATCH),
    (2, 0, "k (D-steps per G-step) must be an integer from 1 to 20"),
    (2, 21, "k (D-steps per G-step) must be an integer from 1 to 20"),
    (2, "abc", "k (D-steps per G-step) must be an integer from 1 to 20"),
    (7, 0, "steps must be an integer from 1 to 50000"), (7, 10**9, "steps must be an integer from 1 to 50000"),
    (7, 2.5, "steps must be an integer from 1 to 50000"),
    (6, -1, PAGE_SEED_RANGE), (6, 1.5, PAGE_SEED_RANGE), (6, "x", PAGE_SEED_RANGE), (6, 2**53, PAGE_SEED_RANGE),
    # an emptied box (None): refused by name, never run with the data set's default
    (3, None, "D " + LR), (4, None, "G " + LR), (5, None, BATCH), (7, None, "steps must be an integer from 1"),
    (2, None, "k (D-steps per G-step) must be an integer from 1 to 20"), (6, None, PAGE_SEED_RANGE),
    (0, "cifar", "data must be one of gaussian1d, ring, grid, mnist"),
    (1, "hinge", "G loss must be one of nonsaturating, minimax, wasserstein"),
])
def test_train_refuses(client, reference_grid, index, value, expected):
    refused(client, "/train", with_value(GOOD_TRAIN, index, value), expected)
    still_serving(client, reference_grid)


def test_train_mnist_needs_two_samples_per_batch_and_good_runs_still_run(client, reference_grid):
    refused(client, "/train", ("mnist", "nonsaturating", 1, 1e-3, 1e-3, 1, 0, 3),
            "batch size must be an integer from 2 to 4096")
    assert "done: 3 steps" in client.predict(*GOOD_TRAIN, api_name="/train")[3]
    still_serving(client, reference_grid)


# --- what gradio_client cannot even send: NaN and infinities in hand-written JSON --------------------------
@pytest.mark.parametrize("api, body, expected", [
    ("generate", '["mnist-mlp", NaN, 1, 1, 0]', SEED_RANGE),
    ("generate", '["mnist-mlp", 1, Infinity, 1, 0]', "rows must be an integer from 1 to 16"),
    ("interpolate", '["mnist-mlp", 1, 2, -Infinity, "linear", 0, 0]', "frames must be an integer from 2 to 120"),
    ("train", '["gaussian1d", "nonsaturating", 1, NaN, 0.001, 64, 0, 3]', "D " + LR),
    ("train", '["gaussian1d", "nonsaturating", 1, 0.001, Infinity, 64, 0, 3]', "G " + LR),
    ("train", '["gaussian1d", "nonsaturating", 1, 0.001, 0.001, NaN, 0, 3]', BATCH),
    ("train", '["gaussian1d", "nonsaturating", NaN, 0.001, 0.001, 64, 0, 3]', "k (D-steps per G-step)"),
])
def test_non_finite_numbers_over_raw_http(client, reference_grid, api, body, expected):
    import httpx
    url = client.src.rstrip("/") + f"/gradio_api/call/{api}"
    event = httpx.post(url, content='{"data": %s}' % body, headers={"Content-Type": "application/json"},
                       timeout=30).json()
    stream = httpx.get(f"{url}/{event['event_id']}", timeout=60).text
    assert "event: error" in stream and expected in stream, stream[:500]
    TRIED["raw HTTP"] += 1
    still_serving(client, reference_grid)


def test_malformed_requests_are_refused_and_the_server_carries_on(client, reference_grid):
    import httpx
    url = client.src.rstrip("/") + "/gradio_api/call/generate"
    for body in ('{"data": ["mnist-mlp", 1]}', '{"data": "not a list"}', "{not json", '{"data": ' + "[" * 500):
        r = httpx.post(url, content=body, headers={"Content-Type": "application/json"}, timeout=30)
        if r.status_code < 400:      # accepted as an event: it must end in an error, not hang
            stream = httpx.get(f"{url}/{r.json()['event_id']}", timeout=60).text
            assert "event: error" in stream
        TRIED["raw HTTP"] += 1
        still_serving(client, reference_grid)


# --- the library: the same checks, without a server --------------------------------------------------------
@pytest.mark.parametrize("check, value, expected", [
    (lambda v: validate.seed(v), float("nan"), SEED_RANGE),
    (lambda v: validate.seed(v), float("inf"), SEED_RANGE),
    (lambda v: validate.seed(v), -0.5, SEED_RANGE),
    (lambda v: validate.seed(v), 10**400, SEED_RANGE),
    (lambda v: validate.integer(v, "rows", 1, 16), np.float64(2.5), "rows must be an integer from 1 to 16"),
    (lambda v: limits.LEARNING_RATE.check(v, "D learning rate"), 1e9, "D " + LR),
    (lambda v: limits.LEARNING_RATE.check(v, "D learning rate"), np.float32("nan"), "D " + LR),
    (lambda v: validate.number(v, "epsilon", 0, 0.5), 0.6, "epsilon must be a number at least 0 and at most 0.5"),
    (lambda v: validate.digit(v, 0, "digit"), 12, "digit (used by the conditional model only)"),
    (lambda v: validate.seed_list(v), "1, two, 3", "walk seeds must be integers from 0 to"),
    (lambda v: validate.seed_list(v), ",".join(["1"] * 50), "walk seeds: at most 6 values"),
    (lambda v: live.check_settings(lr_d=v), 1e9, "D " + LR),
    (lambda v: live.check_settings(batch_size=v), 10**6, BATCH),
    (lambda v: live.check_settings(data="mnist", batch_size=v), 0, "batch size must be an integer from 2 to 4096"),
])
def test_library_checks_name_field_and_range(check, value, expected):
    with pytest.raises(validate.InputError) as err:
        check(value)
    assert expected in str(err.value) and len(str(err.value)) < 300
    TRIED["library"] += 1


def test_library_generate_and_hub_refuse_with_clear_messages():
    mlp, _ = hub.load_model(str(hub.BUNDLED / "mnist-mlp"))
    cgan, _ = hub.load_model(str(hub.BUNDLED / "mnist-cdcgan"))
    cases = [(lambda: generate(mlp, 2, seed=0, digit=7), ValueError, "digit is only for the conditional model"),
             (lambda: generate(cgan, 2, seed=0), ValueError, "choose a digit 0-9"),
             (lambda: generate(cgan, 2, seed=0, digit=10), ValueError, "digit must be 0-9"),
             (lambda: hub.load_model("mnist-nope"), WeightsError, "unknown model 'mnist-nope'"),
             (lambda: ModelZoo.load({"x": str(hub.BUNDLED / "mnist-mlp")}).get("nope"), ValueError, "unknown model 'nope'")]
    for call, kind, expected in cases:
        with pytest.raises(kind, match=expected):
            call()
        TRIED["library"] += 1
    assert torch.isfinite(generate(mlp, 2, seed=0)).all()        # the models are untouched


def test_ui_handlers_turn_input_errors_into_gradio_errors():
    """The UI's handlers (ui.errors.user_errors) show the same message in a gr.Error pop-up."""
    import gradio as gr
    from ui.errors import user_errors
    from ui.samples import sample_grid
    zoo = ModelZoo.load({"mnist-mlp": str(hub.BUNDLED / "mnist-mlp")}, device="cpu")
    handler = user_errors(lambda seed: sample_grid(zoo, "mnist-mlp", seed, 2, 2, 0))
    with pytest.raises(gr.Error, match="seed must be an integer from 0 to"):
        handler(-1)
    TRIED["UI handler"] += 1
    assert handler(3).image.shape[:2] == (2 * 60 + 4, 2 * 60 + 4)
