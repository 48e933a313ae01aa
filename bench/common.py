"""What the benchmark's sections share: percentiles and interleaved timings, steps per second of a
metrics stream, and starting a server on a free port."""
from __future__ import annotations

import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request

STARTUP_DEADLINE_S = 120.0   # seconds a started server has to answer


def percentile(values, q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between order statistics."""
    v = sorted(values)
    if not v:
        return float("nan")
    pos = (len(v) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def timings_ms(fn, repeats: int, warmup: int = 1) -> dict:
    """Call fn() warmup + repeats times; median and 95th percentile of the timed calls, in ms."""
    return alternating_timings_ms({"fn": fn}, repeats, block=repeats, warmup=warmup)["fn"]


def alternating_timings_ms(fns: dict, repeats: int, block: int = 5, warmup: int = 2) -> dict:
    """Like timings_ms for several functions at once, interleaved: each is warmed up, then they take
    turns in blocks of `block` calls (the order rotating each round) until each has `repeats` timed
    calls, so a machine whose speed drifts over minutes hits them all alike. name -> timings."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    names, times = list(fns), {name: [] for name in fns}
    turn = 0
    while any(len(t) < repeats for t in times.values()):
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            for _ in range(min(block, repeats - len(times[name]))):
                t = time.perf_counter()
                fns[name]()
                times[name].append((time.perf_counter() - t) * 1000)
        turn += 1
    return {name: {"median_ms": statistics.median(t), "p95_ms": percentile(t, 95), "n": len(t), "times_ms": t}
            for name, t in times.items()}


def share_under(timings: dict, limit_ms: float) -> float:
    return sum(t < limit_ms for t in timings["times_ms"]) / len(timings["times_ms"])


def steps_per_second(metrics_stream, seconds: float, warmup_steps: int = 5) -> dict:
    """Drain a stream of per-step metrics dicts for `seconds` after `warmup_steps`; steps counted by
    the dicts' 'step' field (the last one seen), so streams that skip steps are counted right."""
    first = last = None
    start = None
    for m in metrics_stream:
        step = m.get("step") if isinstance(m, dict) else None
        if step is None:
            continue
        if first is None and step >= warmup_steps:
            first, start = step, time.perf_counter()
        last = step
        if start is not None and time.perf_counter() - start >= seconds:
            break
    elapsed = time.perf_counter() - start if start is not None else float("nan")
    steps = (last - first) if first is not None else 0
    return {"steps": steps, "seconds": round(elapsed, 2), "steps_per_s": steps / elapsed if steps else 0.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until_up(proc: subprocess.Popen, url: str, log=None) -> None:
    """Return once / and /config answer 200; raise (with the log's tail) if the process exits or is late."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < STARTUP_DEADLINE_S:
        if proc.poll() is not None:
            tail = ""
            if log is not None:
                log.seek(0)
                tail = log.read()[-2000:]
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}: {tail}")
        if answers(url + "/") and answers(url + "/config"):
            return
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{proc.args} did not answer on {url} within {STARTUP_DEADLINE_S:.0f} s")
