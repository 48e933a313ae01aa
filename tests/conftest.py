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
