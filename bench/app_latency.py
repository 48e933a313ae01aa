"""The app as a visitor meets it, for ``python -m bench``: ``python app.py`` started as a subprocess,
timed to a usable page, then called through ``gradio_client`` like any API user (the grid and the latent
walk of the paper's Section 6), and its peak memory read from /proc.
"""
from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from bench.common import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent


def start_app(device: torch.device, port: int, app_dir=None) -> tuple[subprocess.Popen, float]:
    """`python app.py` on 127.0.0.1:port; returns (process, seconds until / and /config both answer 200)."""
    env = {**os.environ, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
           "GAN_DEVICE": str(device), "PYTHONUNBUFFERED": "1"}
    t0 = time.perf_counter()
    log = tempfile.TemporaryFile("w+")     # a file, not a pipe: a chatty app never blocks on a full pipe
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=app_dir or ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_until_up(proc, f"http://127.0.0.1:{port}", log)
    return proc, time.perf_counter() - t0


def stop(proc: subprocess.Popen) -> None:
    """Terminate (then kill) a started server."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM (resident high-water mark) of another process, from /proc (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def http_call(http, base: str, api_name: str, data: list, session_hash: str | None = None) -> None:
    """One call the way a lean client makes it, without gradio_client's 50 ms message polling: POST to
    /gradio_api/call/NAME, read the server-sent events until `complete`, then download each output file.
    Without a session_hash each call is a new Gradio session (set up afresh for every call)."""
    body = {"data": data, **({"session_hash": session_hash} if session_hash else {})}
    r = http.post(f"{base}/gradio_api/call/{api_name.strip('/')}", json=body)
    r.raise_for_status()
    event, payload = None, None
    with http.stream("GET", f"{base}/gradio_api/call/{api_name.strip('/')}/{r.json()['event_id']}") as s:
        for line in s.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                payload = json.loads(line[5:])
                break
    if event != "complete":
        raise RuntimeError(f"{api_name} answered {event}: {payload}")
    for item in payload:
        if isinstance(item, dict) and item.get("url"):
            http.get(item["url"]).raise_for_status()


def api_parameters(client, api_name: str) -> list[str]:
    info = client.view_api(print_info=False, return_format="dict")
    return [p["parameter_name"] for p in info["named_endpoints"][api_name]["parameters"]]


def connect(base: str) -> tuple:
    """(gradio_client as created by default, gradio_client with ssl_verify=False, an HTTP client, base):
    the callers of call_latency."""
    import httpx
    from gradio_client import Client
    return (Client(base, verbose=False, analytics_enabled=False),
            Client(base, verbose=False, analytics_enabled=False, ssl_verify=False), httpx.Client(timeout=60), base)


def call_latency(apps: dict, calls: int, api_name: str, **kwargs) -> dict:
    """Latency of one endpoint on each running app (name -> connect(base)), end to end with output files
    downloaded, four ways, interleaved in blocks (bench.run.alternating_timings_ms): gradio_client as
    created by default; gradio_client with ssl_verify=False; plain HTTP, a new Gradio session per call;
    plain HTTP with a fixed session_hash. gradio_client opens a new HTTP client for the join request,
    the event stream and each file, and by default each loads the TLS certificate bundle (~32 ms apiece
    on a 2-core CPU) even for http:// URLs, where no TLS is used at all; the second way is the same
    protocol without that client-side cost."""
    from bench.common import alternating_timings_ms
    fns = {}
    for name, (client, no_tls_client, http, base) in apps.items():
        data = [kwargs[p] for p in api_parameters(client, api_name)]
        fns[name, "default"] = lambda c=client: c.predict(api_name=api_name, **kwargs)
        fns[name, "no_tls_setup"] = lambda c=no_tls_client: c.predict(api_name=api_name, **kwargs)
        fns[name, "http"] = lambda h=http, b=base, d=data: http_call(h, b, api_name, d)
        fns[name, "http_session"] = lambda h=http, b=base, d=data: http_call(h, b, api_name, d, "gan-bench")
    t = alternating_timings_ms(fns, calls)
    return {name: {**t[name, "default"], **{kind: t[name, kind] for kind in ("no_tls_setup", "http", "http_session")}}
            for name in apps}


STEP_IN_STATUS = re.compile(r"step \*\*(\d+)\*\*")


def streamed_training(client, data: str, seconds: float) -> dict:
    """Steps/s of the app's live training as a client receives it: /train streamed through
    gradio_client, the step read from each update's status line; the run is cancelled afterwards."""
    from gan.live.run import DATASETS, defaults
    knobs = {**defaults(data), "steps": DATASETS[data].max_steps}
    job = client.submit(data=data, loss="nonsaturating", seed=0, api_name="/train", **knobs)
    first = last = None
    try:
        for update in job:
            steps = [int(m.group(1)) for item in update if isinstance(item, str)
                     for m in [STEP_IN_STATUS.search(item)] if m]
            if not steps:
                continue
            now = time.perf_counter()
            if first is None:
                first, last = (steps[0], now), (steps[0], now)
                continue
            last = (steps[0], now)
            if now - first[1] >= seconds:
                break
    finally:
        job.cancel()
    took = last[1] - first[1] if first else 0.0
    return {"steps": last[0] - first[0] if first else 0, "seconds": round(took, 2),
            "steps_per_s": (last[0] - first[0]) / took if took else 0.0}


def streamed_vs_plain(client, data: str, seconds: float, rounds: int, device: torch.device) -> dict:
    """The app's streamed training against the same loop without UI (gan.live.run.plain_run, here in the
    benchmark's process while the app idles): `rounds` alternating measurements of `seconds` each
    (plain, app, app, plain, ...), so drifting machine speed hits both alike; medians compared."""
    from bench.common import steps_per_second
    from gan.live.run import plain_run
    runs: dict[str, list] = {"app": [], "plain": []}
    for r in range(rounds):
        for kind in (("plain", "app") if r % 2 == 0 else ("app", "plain")):
            if kind == "app":
                runs["app"].append(streamed_training(client, data, seconds)["steps_per_s"])
            else:
                stream = plain_run(data, device=device)
                runs["plain"].append(steps_per_second(stream, seconds)["steps_per_s"])
                stream.close()
    app, plain = statistics.median(runs["app"]), statistics.median(runs["plain"])
    return {"steps_per_s": app, "plain_steps_per_s": plain, "ratio": app / plain if plain else float("nan"),
            "seconds_each": seconds, "runs": runs}


def bench_app(device: torch.device, calls: int = 20, model: str = "mnist-mlp", train_seconds: float = 5.0,
              datasets=None, rounds: int = 6) -> dict:
    """Start-up time, /generate and /interpolate latency, streamed training speed, the browser's click to
    grid, and peak memory; /generate is timed alongside a bare Gradio app (bench.client_floor), the floor."""
    from gradio_client import Client

    from bench.client_floor import browser_click_latency, browser_pad_latency, browser_steer_latency, start_bare_app
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc, startup = start_app(device, port)
    out = {"startup_s": startup}
    bare = None
    try:
        bare, bare_base = start_bare_app()
        apps = {"app": connect(base), "floor": connect(bare_base)}
        # 3x the calls: through gradio_client a call's time is bimodal (its result is polled every 50 ms)
        both = call_latency(apps, 3 * calls, "/generate", model=model, seed=1, rows=8, cols=8, digit=0)
        out["generate"], out["generate_floor"] = both["app"], both["floor"]
        stop(bare)
        bare = None
        out["interpolate"] = call_latency({"app": apps["app"]}, calls, "/interpolate", model=model, seed_a=1,
                                          seed_b=2, frames=60, path="linear", digit_a=0, digit_b=1)["app"]
        # A visitor's browser fetches and decodes each frame's picture on its own machine; a client on
        # this same small machine downloading every frame would steal the training's CPU, so the
        # streaming client takes the updates (metrics, plot rows, file references) without the files.
        streaming_client = Client(base, verbose=False, analytics_enabled=False, download_files=False)
        for data in datasets or ():
            out.setdefault("train_stream", {})[data] = streamed_vs_plain(streaming_client, data, train_seconds,
                                                                          rounds, device)
        out["browser_generate"] = browser_click_latency(base, calls)
        out["browser_steer"] = browser_steer_latency(base, calls)
        out["browser_pad"] = browser_pad_latency(base, calls)
        out["peak_rss_mb"] = peak_rss_mb(proc.pid)
    finally:
        stop(proc)
        if bare is not None:
            stop(bare)
    return out
