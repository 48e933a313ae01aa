"""``python -m bench --only playground``: the 2-D playground's speed, as a visitor's game runs in the app.

- **streaming**: iterations per second of Play at full speed with the gradient arrows and G's manifold
  on, every frame drawn, encoded and tabled as the page receives it (:func:`ui.playground.shown`),
  against the bare loop of the same iterations with no frames; alternating rounds, medians, their
  ratio (target: at least 80%);
- **step latency**: one "Step: iteration" as the page's button runs it (the update, the frame's numbers,
  the picture, its PNG, the plots' tables), median and 95th percentile.
Both on one CPU thread, as the app gives each event on a 2-core machine.
"""
from __future__ import annotations

import statistics
import time

import torch

from bench.common import timings_ms


def bare_rate(data: str, seconds: float) -> float:
    from gan.live.playground import Playground
    game = Playground(data)
    for _ in range(5):
        game.step()
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        game.step()
        n += 1
    return n / (time.perf_counter() - start)


def streamed_rate(data: str, seconds: float) -> float:
    from gan.live.playground import Playground
    from ui.playground import plot_tables, shown
    game = Playground(data)
    for _ in range(5):
        game.step()
    start, first, last = time.perf_counter(), game.trainer.step, game.trainer.step
    tables, plotted = None, 0.0
    for frame in game.play("max", seconds=seconds, arrows=True, lines=True):
        if time.monotonic() - plotted >= 1.0:                 # as ui.playground.play: plots once a second
            plotted, tables = time.monotonic(), plot_tables(frame)
        shown(frame, tables=tables)
        last = frame.iteration
    return (last - first) / (time.perf_counter() - start)


def bench_playground(seconds: float = 6.0, rounds: int = 4, steps: int = 40) -> dict:
    from gan.live.playground import Playground
    from ui.playground import step
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        out = {}
        for data in ("ring", "grid"):
            runs = {"bare": [], "streamed": []}
            for r in range(rounds):
                for kind in (("bare", "streamed") if r % 2 == 0 else ("streamed", "bare")):
                    rate = bare_rate if kind == "bare" else streamed_rate
                    runs[kind].append(round(rate(data, seconds / rounds), 1))
            bare, streamed = statistics.median(runs["bare"]), statistics.median(runs["streamed"])
            out[data] = {"bare_its_per_s": bare, "streamed_its_per_s": streamed, "ratio": streamed / bare,
                         "runs": runs}
        game = Playground("ring")
        out["step_iteration"] = timings_ms(lambda: step("iteration", True, True, game, "English"), steps, warmup=3)
        return out
    finally:
        torch.set_num_threads(threads)


def rows(results: dict) -> list[tuple[str, str, str]]:
    """The printed table's rows for this section."""
    out = []
    for data in ("ring", "grid"):
        if data in results:
            r = results[data]
            out.append((f"2-D playground {data}: Play (arrows + manifold on) / bare loop",
                        f"{r['streamed_its_per_s']:.0f} / {r['bare_its_per_s']:.0f} iterations/s "
                        f"({100 * r['ratio']:.0f}%)", "ok (>= 0.8)" if r["ratio"] >= 0.8 else "MISSED (>= 0.8)"))
    if "step_iteration" in results:
        r = results["step_iteration"]
        out.append(("2-D playground: Step (one iteration, picture, PNG, plots)",
                    f"median {r['median_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms", ""))
    return out
