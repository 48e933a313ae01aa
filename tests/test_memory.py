"""Nothing a request makes outlives it (counted, not timed): after grids, finished live runs and live
runs cancelled mid-way, through the API, no network, trainer or tensor is left in the server process
beyond what the shared models and caches already held, Gradio's event table is empty, and each
visitor's session keeps at most its latest run (its outcome and files, no networks)."""
from __future__ import annotations

import gc
import time

import gradio_client
import pytest
import torch

from gan.live.run import LiveRun
from gan.serving import memory
from conftest import live_run_trainers


def alive(kind) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture(scope="module")
def client(app_server):
    c = gradio_client.Client(app_server, verbose=False, ssl_verify=False, httpx_kwargs={"timeout": 120})
    yield c
    c.close()


def test_grid_requests_leave_no_tensors_behind(client):
    for model in ("mnist-mlp", "mnist-dcgan", "mnist-cdcgan"):       # warm-up: the caches of the nearest digits
        client.predict(model, 0, 16, 16, -1, api_name="/generate")
    tensors, parameters = alive(torch.Tensor), alive(torch.nn.Parameter)
    for i in range(12):
        client.predict(("mnist-mlp", "mnist-dcgan", "mnist-cdcgan")[i % 3], i, 1 + i, 16 - i, -1, api_name="/generate")
    assert alive(torch.Tensor) <= tensors and alive(torch.nn.Parameter) == parameters


def test_finished_and_cancelled_live_runs_leave_no_networks_behind(client, app_server):
    client.predict("mnist", "nonsaturating", 1, 1e-3, 1e-3, 8, 0, 2, api_name="/train")   # warm-up: subset cache
    assert wait_for(lambda: live_run_trainers() == 0, 10)
    tensors, parameters, runs = alive(torch.Tensor), alive(torch.nn.Parameter), alive(LiveRun)
    for i, data in enumerate(("gaussian1d", "ring", "grid", "mnist") * 2):
        job = client.submit(data, "nonsaturating", 1, 1e-3, 1e-3, 32, i, 20_000, api_name="/train")
        assert wait_for(lambda: len(job.outputs()) >= 2, 60), "the run never streamed"
        job.cancel()
        assert wait_for(lambda: live_run_trainers() == 0, 15), "a cancelled run kept its trainer"
        status = client.predict(data, "nonsaturating", 1, 1e-3, 1e-3, 8, i, 3, api_name="/train")[3]
        assert "done: 3 steps" in status
        assert wait_for(lambda: live_run_trainers() == 0, 15), "a finished run kept its trainer"
    assert alive(torch.nn.Parameter) == parameters
    assert alive(torch.Tensor) <= tensors
    assert alive(LiveRun) <= runs + 1     # the session keeps its latest run (and the one a cancel left)
    assert all(r.trainer is None for r in gc.get_objects() if isinstance(r, LiveRun))


def test_the_allocator_is_bounded_on_glibc():
    import ctypes.util
    if memory._LIBC is None:
        pytest.skip(f"not glibc ({ctypes.util.find_library('c')})")
    assert memory.bound_allocator() is True
    before = memory.rss_mb()
    block = torch.ones(64, 1024, 1024)      # 256 MB, served by mmap under the bound, so freeing returns it
    peak = memory.rss_mb()
    del block
    memory.release()
    assert peak - before > 200 and memory.rss_mb() - before < 20
