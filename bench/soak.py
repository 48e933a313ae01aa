"""``python -m bench --only soak --minutes 30``: hours of traffic compressed into minutes, to see whether
the app's memory stays flat.

The app runs as a subprocess (``python app.py``); several ``gradio_client`` clients send a mix of what
visitors send: grids of random sizes from ``mnist-mlp`` and ``mnist-dcgan``, interpolations of 2-60
frames, live runs of the three toy data sets and MNIST started and cancelled after 0.5-3 s, and bad
seeds and sizes that must be refused. The app's resident memory is sampled every 30 s. Reported: the
RSS series, its peak, its growth from minute 5 to the end, answers by kind, unexpected answers, and
whether the same seed still gives the same grid after the soak as before it.
"""
from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import numpy as np

from gan.serving.memory import rss_mb

LIVE_DATA = ("gaussian1d", "ring", "grid", "mnist")
CHECK = ("mnist-mlp", 42, 8, 8, 0)          # the grid compared before and after the soak


def pixels(path) -> np.ndarray:
    from PIL import Image
    return np.asarray(Image.open(path))


class Tally:
    def __init__(self):
        self.lock, self.answers, self.unexpected = threading.Lock(), {}, []

    def add(self, kind: str, problem: str | None = None) -> None:
        with self.lock:
            self.answers[kind] = self.answers.get(kind, 0) + 1
            if problem:
                self.unexpected.append(f"{kind}: {problem}")


def one_request(client, rng: random.Random, tally: Tally, live_client=None) -> None:
    """One visitor action, chosen at random; each answer is checked to be what that action expects.
    Live runs go through `live_client` (default `client`): gradio_client's job.cancel() can close its
    client's event stream while that client's next request waits in the queue, and Gradio then drops
    every event of that session (seen 4 times in 2,533 cancels), which no browser does."""
    from gradio_client.exceptions import AppError
    kind = rng.choices(["grid", "walk", "live", "bad"], weights=[5, 2, 2, 1])[0]
    try:
        if kind == "grid":
            model = rng.choice(["mnist-mlp", "mnist-dcgan"])
            rows, cols = rng.randint(1, 16), rng.randint(1, 16)
            shape = pixels(client.predict(model, rng.randrange(2**31), rows, cols, 0, api_name="/generate")).shape
            tally.add(kind, None if shape[:2] == (60 * rows + 4, 60 * cols + 4) else f"shape {shape}")
        elif kind == "walk":
            frames = rng.randint(2, 60)
            gif, strip = client.predict("mnist-mlp", rng.randrange(1000), rng.randrange(1000), frames, "linear",
                                        0, 1, api_name="/interpolate")
            tally.add(kind, None if Path(gif).stat().st_size > 0 and Path(strip).is_file() else "no files")
        elif kind == "live":
            data = rng.choice(LIVE_DATA)
            job = (live_client or client).submit(data, "nonsaturating", 1, 1e-3, 1e-3, 64, rng.randrange(1000), 20_000,
                                api_name="/train")
            time.sleep(rng.uniform(0.5, 3.0))
            job.cancel()
            tally.add(kind)
        else:
            bad = rng.choice([(-1, 8), (1.5, 8), (0, 17), (0, 0)])
            try:
                client.predict("mnist-mlp", bad[0], bad[1], 8, 0, api_name="/generate")
                tally.add(kind, f"{bad} was accepted")
            except AppError as e:
                tally.add(kind, None if "must be" in str(e) else f"{bad}: {e}")
    except Exception as e:  # noqa: BLE001 - every failure is counted, none stops the soak
        tally.add(kind, f"{type(e).__name__}: {e}"[:200])


def bench_soak(device, minutes: float = 30.0, clients: int = 6, sample_every: float = 30.0, seed: int = 0,
               app_dir=None) -> dict:
    """The soak described above; `app_dir`: the checkout whose app.py to run (default this one)."""
    from gradio_client import Client

    from bench.app_latency import start_app, stop
    from bench.common import free_port
    port = free_port()
    proc, startup = start_app(device, port, app_dir)
    url = f"http://127.0.0.1:{port}/"
    try:
        connect = dict(verbose=False, ssl_verify=False, httpx_kwargs={"timeout": 120})
        probe = Client(url, **connect)
        before = pixels(probe.predict(*CHECK, api_name="/generate"))
        tally, stop_at = Tally(), time.monotonic() + 60 * minutes
        series = [(0.0, rss_mb(proc.pid))]

        def visitor(i: int) -> None:
            rng, client, live_client = random.Random(seed * 1000 + i), Client(url, **connect), Client(url, **connect)
            while time.monotonic() < stop_at:
                one_request(client, rng, tally, live_client)

        threads = [threading.Thread(target=visitor, args=(i,), daemon=True) for i in range(clients)]
        start = time.monotonic()
        for t in threads:
            t.start()
        while time.monotonic() < stop_at:
            time.sleep(min(sample_every, max(0.0, stop_at - time.monotonic())))
            series.append((round((time.monotonic() - start) / 60, 2), rss_mb(proc.pid)))
            print(f"  soak {series[-1][0]:5.1f} min: RSS {series[-1][1]:.0f} MB, answers {sum(tally.answers.values())}",
                  flush=True)
        for t in threads:
            t.join(timeout=180)
        after = pixels(probe.predict(*CHECK, api_name="/generate"))
    finally:
        stop(proc)
    from_minute = min(5.0, minutes / 2)
    at5 = next((mb for m, mb in series if m >= from_minute), series[0][1])
    return {"minutes": minutes, "clients": clients, "startup_s": round(startup, 1),
            "rss_mb": [(m, round(mb, 1)) for m, mb in series], "peak_rss_mb": round(max(mb for _, mb in series), 1),
            "growth_from_minute": from_minute, "growth_mb": round(series[-1][1] - at5, 1), "answers": dict(sorted(tally.answers.items())),
            "unexpected": len(tally.unexpected), "unexpected_examples": tally.unexpected[:10],
            "same_grid_after": bool(np.array_equal(before, after))}


def table(r: dict) -> str:
    trend = ", ".join(f"{m:g}: {mb:.0f}" for m, mb in r["rss_mb"])
    return "\n".join([
        f"soak: {r['minutes']:g} min, {r['clients']} clients; RSS (minute: MB) {trend}",
        f"  peak RSS {r['peak_rss_mb']:.0f} MB (target < 1000); growth from minute {r['growth_from_minute']:g} "
        f"to the end {r['growth_mb']:+.0f} MB (target < 50)",
        f"  answers {r['answers']}; unexpected {r['unexpected']} (target 0); same grid after: {r['same_grid_after']}",
        *(f"    {e}" for e in r["unexpected_examples"])])
