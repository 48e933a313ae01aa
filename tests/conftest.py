import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture(scope="session")
def mnist_path():
    """The full MNIST npz ($GAN_MNIST or ../shared/data/mnist.npz); tests needing it skip without it."""
    p = os.environ.get("GAN_MNIST") or str(ROOT.parent / "shared" / "data" / "mnist.npz")
    if not Path(p).is_file():
        pytest.skip("full MNIST npz not available")
    return p


def small_mnist_npz(path, train: int, valid: int, test: int) -> str:
    """An npz in the full MNIST file's layout from the shipped subset's first train + valid + test digits."""
    import numpy as np

    from gan.data import SUBSET_PATH
    with np.load(SUBSET_PATH) as f:
        x, y = f["x_train"], f["y_train"]
    cuts = {"train": (0, train), "valid": (train, train + valid), "test": (train + valid, train + valid + test)}
    np.savez(path, **{f"{k}_{split}": a[lo:hi] for split, (lo, hi) in cuts.items() for k, a in (("x", x), ("y", y))})
    return str(path)


# --- The running app and a real browser, shared by the app/browser tests (tests/test_browser*.py). ---
from bench.client_floor import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one launch recipe for tests and bench)
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (asked of the OS, so parallel runs never collide)."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_app(**build_kwargs):
    """build_demo() served on 127.0.0.1 at a free port with the app's own queue settings; returns the
    launched Blocks (its `.local_url` is the page; call `.close()` when done)."""
    import app
    demo = app.build_demo(**build_kwargs)
    app.with_queue(demo).launch(**app.LAUNCH_SETTINGS, server_name="127.0.0.1",
                                server_port=free_port(), prevent_thread_lock=True, quiet=True)
    return demo


@pytest.fixture(scope="session")
def app_server():
    """URL of a running GAN Playground (one in-process server for the whole session)."""
    demo = launch_app()
    yield demo.local_url
    demo.close()


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium driven by Playwright (sync API); skips when either is missing."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_app(browser, url: str, first_tab: str = "Samples", **context):
    """(context, page): a fresh browser context (`context`: Playwright's options, e.g. locale) with the
    app at `url` loaded and its tab `first_tab` rendered. Close the context when done."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000}, **context)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_role("tab", name=first_tab).wait_for()
    return ctx, page


@pytest.fixture
def browser_page(chromium_browser, app_server):
    """A fresh browser tab (own context) with the app loaded and its tabs rendered."""
    context, page = open_app(chromium_browser, app_server)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    """artifacts/screenshots/ (gitignored): where browser tests save what they saw."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def one_torch_thread():
    """Tiny nets: two intra-op threads only add contention on a shared 2-core machine. Modules opt in
    with `pytestmark = pytest.mark.usefixtures("one_torch_thread")`."""
    import torch
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def live_run_trainers() -> int:
    """Trainers alive in this process, less those of 2-D playground games still held by a visitor's
    session (the browser tests' sessions outlive their tests): what live runs left behind."""
    import gc
    from gan.live.playground import Playground
    from gan.trainer import Trainer
    gc.collect()
    objects = gc.get_objects()
    games = {id(o.trainer) for o in objects if isinstance(o, Playground) and o.trainer is not None}
    return sum(1 for o in objects if isinstance(o, Trainer) and id(o) not in games)
