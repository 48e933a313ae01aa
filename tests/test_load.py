"""Many visitors at once: 20 API clients (each its own gradio_client.Client, in threads) asking for grids
and walks all get exactly the single-request answer; with the live-training cap reached a further visitor
is queued and told its place, and a cancelled run frees its slot and its memory; memory returns after
100 library runs and a series of API runs; files written per request never collide and get swept.
`pytest -s` prints the figures (requests served, latencies, memory)."""
import gc
import os
import shutil
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gan.weights import hub
from gan.live import run as live
from gan.serving import media
from conftest import live_run_trainers
from gan.serving.zoo import ModelZoo
from ui.interpolate import walk
from ui.samples import sample_grid

gradio_client = pytest.importorskip("gradio_client")
from gradio_client.utils import Status  # noqa: E402

CLIENTS = 20
MODELS = ("mnist-mlp", "mnist-dcgan", "mnist-cdcgan")
TRAIN_1D = ("gaussian1d", "nonsaturating", 1, 1e-3, 1e-3, 64)
FIGURES: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def summary():
    yield
    print("\n" + "\n".join(f"[load] {line}" for line in FIGURES))


@pytest.fixture(scope="module")
def zoo():
    """The same weights the app serves (bundled copies, read locally: no Hub probe)."""
    return ModelZoo.load({name: str(hub.BUNDLED / name) for name in MODELS}, device="cpu")


def rss_mb() -> float:
    """Resident memory after a full collection, with freed heap pages handed back to the OS."""
    gc.collect()
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.fixture
def run_folders(monkeypatch):
    """The folders of the live runs started during a test (each run writes its weights and zip there)."""
    folders, original = [], live.LiveRun.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        folders.append(self.folder)

    monkeypatch.setattr(live.LiveRun, "__init__", recording)
    return folders


def pixels(path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("L"))


def gif_frames(path) -> list[np.ndarray]:
    with Image.open(path) as im:
        frames = []
        for i in range(im.n_frames):
            im.seek(i)
            frames.append(np.asarray(im.convert("L")))
        return frames


def visitor_request(i: int):
    """What visitor i asks for: its own model, seeds and digits."""
    model = MODELS[i % 3]
    return (model, 1000 + i, 3, 3, i % 10), (model, i, i + 50, 4, ("linear", "spherical")[i % 2], i % 10, (i + 3) % 10)


def test_twenty_clients_at_once_get_exactly_the_single_request_answers(app_server, zoo):
    results, errors, latencies = {}, [], []
    start_line = threading.Barrier(CLIENTS)

    def visitor(i):
        try:
            # httpx's own 5 s default would time out a file download on this shared 2-core machine
            client = gradio_client.Client(app_server, verbose=False, httpx_kwargs={"timeout": 120})
            grid_args, walk_args = visitor_request(i)
            start_line.wait(timeout=120)
            t0 = time.perf_counter()
            grid = client.predict(*grid_args, api_name="/generate")
            t1 = time.perf_counter()
            gif, strip = client.predict(*walk_args, api_name="/interpolate")
            latencies.extend([t1 - t0, time.perf_counter() - t1])
            results[i] = (pixels(grid), gif_frames(gif), pixels(strip))
            client.close()
        except BaseException as e:   # noqa: BLE001 - reported below
            import traceback
            errors.append(f"visitor {i}: {type(e).__name__}: {e}\n{traceback.format_exc()[-1500:]}")

    started = time.perf_counter()
    threads = [threading.Thread(target=visitor, args=(i,), daemon=True) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=150)
    wall = time.perf_counter() - started
    assert not errors, errors
    assert sorted(results) == list(range(CLIENTS))
    alone = gradio_client.Client(app_server, verbose=False, httpx_kwargs={"timeout": 120})
    for i, (grid, frames, strip) in results.items():        # the answer one request alone gets
        grid_args, walk_args = visitor_request(i)
        assert np.array_equal(grid, pixels(alone.predict(*grid_args, api_name="/generate"))), f"grid {i}"
        gif, expected_strip = alone.predict(*walk_args, api_name="/interpolate")
        assert np.array_equal(strip, pixels(expected_strip)), f"strip {i}"
        expected_frames = gif_frames(gif)
        assert len(frames) == len(expected_frames) and all(
            np.array_equal(a, b) for a, b in zip(frames, expected_frames)), f"animation {i}"
        # and the library's own answer in this process, up to one grey level: a float32 sum over other
        # CPU threads can round a pixel the other way
        library = sample_grid(zoo, *grid_args, with_scores=False).image
        assert np.abs(grid.astype(int) - library).max() <= 1, f"grid {i} vs the library"
        _, library_strip = walk(zoo, *walk_args)
        assert np.abs(strip.astype(int) - library_strip).max() <= 1, f"strip {i} vs the library"
    alone.close()
    distinct = {r[0].tobytes() for r in results.values()}
    assert len(distinct) == CLIENTS                          # nobody got somebody else's grid
    FIGURES.append(f"{CLIENTS} clients at once: {2 * CLIENTS} requests (/generate 3x3 + /interpolate 4 frames) "
                   f"all served and correct in {wall:.1f} s; latency median {np.median(latencies):.2f} s, "
                   f"max {max(latencies):.2f} s; 0 errors, 0 wrong answers")


def wait_for(condition, seconds: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def test_training_cap_queues_the_next_visitor_and_cancel_frees_slot_and_memory(app_server):
    from ui.train_live import MAX_RUNS
    clients = [gradio_client.Client(app_server, verbose=False) for _ in range(MAX_RUNS + 2)]
    clients[-1].predict(*TRAIN_1D, 0, 2, api_name="/train")      # warm-up: the first run's one-off costs
    rss_before = rss_mb()
    long_runs = [c.submit(*TRAIN_1D, i, 50_000, api_name="/train") for i, c in enumerate(clients[:MAX_RUNS])]
    assert wait_for(lambda: all(len(j.outputs()) >= 1 for j in long_runs), 60), "the capped runs never started"
    queued = clients[MAX_RUNS].submit(*TRAIN_1D, 7, 5, api_name="/train")
    assert wait_for(lambda: queued.status().code == Status.IN_QUEUE, 20)
    time.sleep(1.5)                                       # it stays queued (not refused, not started) ...
    status = queued.status()
    assert status.code == Status.IN_QUEUE and status.rank is not None and not queued.done()
    FIGURES.append(f"training cap {MAX_RUNS} reached: the next visitor is told IN_QUEUE, rank {status.rank}, "
                   f"queue size {status.queue_size}")
    t0 = time.perf_counter()                              # ... while the rest of the app keeps answering
    assert pixels(clients[-1].predict("mnist-mlp", 5, 2, 2, 0, api_name="/generate")).shape == (124, 124)
    generate_latency = time.perf_counter() - t0

    long_runs[0].cancel()                                 # a cancelled run frees its slot: the queued one runs
    t0 = time.perf_counter()
    assert wait_for(queued.done, 60), "the queued run did not start after a slot was freed"
    assert "done: 5 steps" in queued.outputs()[-1][3]
    freed_after = time.perf_counter() - t0
    for job in long_runs[1:]:
        job.cancel()
    assert wait_for(lambda: all(j.done() for j in long_runs), 30)
    assert all(j.status().code == Status.CANCELLED for j in long_runs)
    assert wait_for(lambda: live_run_trainers() == 0, 20), "a cancelled run kept its networks"
    for c in clients:
        c.close()
    growth = rss_mb() - rss_before
    FIGURES.append(f"/generate while {MAX_RUNS} runs train: {generate_latency:.2f} s; queued run finished "
                   f"{freed_after:.1f} s after a cancel; live trainers after cancels: 0; RSS change {growth:+.1f} MB")
    assert growth < 25             # the bound of the 100-run test below; 4 networks here


def test_memory_returns_after_100_library_runs(run_folders):
    """100 short runs through gan.live.run's generator (every 5th on MNIST). A leaked MNIST run alone holds
    about 4 MB (G, D, Adam's two moments, the last-good copy), so 20 leaked MNIST runs would add ~80 MB;
    the bound, 25 MB, leaves room for allocator noise yet catches a leak of even a third of them. No Trainer may survive, and each
    run's folder (weights, zip) goes with it."""
    plan = [("mnist" if i % 5 == 4 else ("gaussian1d", "ring", "grid")[i % 3]) for i in range(100)]
    for data in ("gaussian1d", "ring", "grid", "mnist"):          # warm-up: imports, caches, allocator pools
        list(live.live_training(data=data, steps=2, batch_size=8, max_seconds=10))
    before, started = rss_mb(), time.perf_counter()
    for i, data in enumerate(plan):
        frames = list(live.live_training(data=data, steps=2, batch_size=8, seed=i, max_seconds=10))
        assert frames[-1].done and frames[-1].download.is_file()
    del frames
    after, seconds = rss_mb(), time.perf_counter() - started
    FIGURES.append(f"100 library runs (80 toy, 20 MNIST) in {seconds:.1f} s: RSS {before:.0f} -> {after:.0f} MB "
                   f"({after - before:+.1f} MB, bound 25), trainers alive: {live_run_trainers()}")
    assert live_run_trainers() == 0
    assert len(run_folders) == 104 and not any(f.exists() for f in run_folders), "runs left their files behind"
    assert after - before < 25


def test_memory_and_files_after_api_runs(app_server, run_folders):
    """Runs through /train: one visitor's next run deletes its previous run's files; networks never stay."""
    client = gradio_client.Client(app_server, verbose=False)
    datas = ("gaussian1d", "ring", "mnist")
    for data in datas:         # warm-up: one-off costs (MNIST subset cache of 31 MB, kernels, thread pools)
        client.predict(data, "nonsaturating", 1, 1e-3, 1e-3, 8, 0, 2, api_name="/train")
    before, runs = rss_mb(), 12
    for i in range(runs):
        data = datas[i % 3]
        status = client.predict(data, "nonsaturating", 1, 1e-3, 1e-3, 8, i, 2, api_name="/train")[3]
        assert "done: 2 steps" in status
    after = rss_mb()
    left = [f for f in run_folders if f.exists()]
    client.close()
    FIGURES.append(f"{runs} API runs: RSS {before:.0f} -> {after:.0f} MB ({after - before:+.1f} MB, bound 25); "
                   f"run folders left: {len(left)} (the last run's, for its download)")
    assert wait_for(lambda: live_run_trainers() == 0, 10)
    assert len(run_folders) == runs + len(datas) and left == run_folders[-1:]
    assert after - before < 25


def test_twenty_concurrent_walks_write_distinct_files_with_their_own_content(zoo):
    results, errors = {}, []

    def one(i):
        try:
            results[i] = walk(zoo, "mnist-mlp", i, i + 1, 3, "linear", 0, 0)
        except BaseException as e:   # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    files = {Path(gif) for gif, _ in results.values()}
    assert len(files) == CLIENTS and all(f.parent == media.OUTPUTS.folder for f in files)
    contents = set()
    for i, (gif, strip) in results.items():            # each file holds its own walk, written whole
        again_gif, again_strip = walk(zoo, "mnist-mlp", i, i + 1, 3, "linear", 0, 0)
        assert again_gif != gif and np.array_equal(again_strip, strip)
        mine, alone = gif_frames(gif), gif_frames(again_gif)
        assert len(mine) == len(alone) and all(np.array_equal(a, b) for a, b in zip(mine, alone))
        contents.add(Path(gif).read_bytes())
    assert len(contents) == CLIENTS
    FIGURES.append(f"{CLIENTS} concurrent walks: {len(files)} distinct files, each with its own walk")


def test_old_files_expire_and_expiry_races_are_harmless():
    files = media.OutputFiles(prefix="gan-expiry-test-", max_age_s=60)
    old = [media.write_png(np.zeros((4, 4)), files=files) for _ in range(5)]
    for f in old:
        os.utime(f, (time.time() - 120, time.time() - 120))      # written two minutes ago
    errors = []

    def writer():
        try:
            for _ in range(10):
                media.write_gif([np.zeros((4, 4)), np.ones((4, 4))], files=files)   # each write expires old files too
        except BaseException as e:   # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and not any(f.exists() for f in old)
    assert len(list(files.folder.glob("*.gif"))) == 40            # recent files stay, none collided
    for f in files.folder.glob("*.gif"):
        os.utime(f, (time.time() - 61, time.time() - 61))
    media.write_png(np.zeros((4, 4)), files=files)
    assert not list(files.folder.glob("*.gif"))                   # and go once they are old
    shutil.rmtree(files.folder)
