"""``python -m bench``: the speeds a visitor of the GAN Playground feels, measured on the machine at hand.

Prints one table (and with ``--out FILE.json`` writes every number):

- **forward**: G(z) for a 64-digit grid with each shipped model, and the grid/GIF pictures the app serves;
- **app**: ``python app.py`` as a subprocess: time to a usable page (HTTP 200 on ``/`` and ``/config``),
  then ``/generate`` (8x8 grid) and ``/interpolate`` (60 frames) through ``gradio_client`` (median and
  95th percentile), a browser's click-to-grid, the app's peak memory, and the floor any Gradio app meets
  through the same clients (:mod:`bench.client_floor`);
- **training**: Algorithm 1's steps per second on each live-training data set, as a plain loop over
  :meth:`gan.trainer.Trainer.run` and as the app streams it (:mod:`gan.live.run`), and their ratio;
- **playground** (:mod:`bench.playground`): the 2-D playground's Play against its bare loop, and one Step;
- **compare** (:mod:`bench.compare`): the project's MNIST training against the tutorial recipe of
  :mod:`bench.baseline`, same wall time: steps/s, the paper's Parzen log-likelihood, recognisable digits.

Targets (a 2-core CPU) are printed beside each number. ``--quick`` shrinks every budget (smoke runs).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time

import torch

from bench.soak import bench_soak
from bench.soak import table as soak_table
from bench.common import share_under, steps_per_second, timings_ms
from bench.playground import bench_playground
from gan.device import describe, pick_device, set_cpu_threads

SECTIONS = ("app", "forward", "training", "compare", "soak", "mlp-speed", "inversion", "live-quality", "playground")
# name -> (limit, "max" | "min") for the targets of issue 5 (2-core CPU)
TARGETS = {
    "generate_8x8_median_ms": (150.0, "max"),
    "interpolate_60_median_ms": (1000.0, "max"),
    "startup_s": (10.0, "max"),
    "streaming_ratio": (0.8, "min"),
    "digit_classes_at_60s": (5, "min"),
}


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def peak_rss_mb() -> float:
    """This process's resident-set high-water mark (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_report(device: torch.device) -> dict:
    out = {"bench_peak_rss_mb": round(peak_rss_mb(), 1)}
    if device.type == "cuda":
        out["cuda_max_allocated_mb"] = round(torch.cuda.max_memory_allocated(device) / 2**20, 1)
    return out


def bench_forward(device: torch.device, repeats: int) -> dict:
    """G(z) for 64 digits with each shipped model, then the app's 8x8 PNG grid and 60-frame GIF."""
    from gan.serving.media import write_gif, write_png
    from gan.serving.render import render_grid, render_interpolation
    from gan.sampling import generate
    from gan.serving.zoo import ModelZoo
    zoo = ModelZoo.load(device=device)
    out = {"models": {}, "errors": dict(zoo.errors)}
    for name, gan in zoo.models.items():
        digit = [i % 10 for i in range(64)] if gan.conditional else None

        def forward(gan=gan, digit=digit):
            generate(gan, 64, seed=1, digit=digit)
            sync(device)

        def grid_png(gan=gan):
            write_png(render_grid(gan, 1, 8, 8, digit=0 if gan.conditional else None).image).unlink()

        def gif_60(gan=gan):
            digits = (3, 8) if gan.conditional else None
            write_gif(render_interpolation(gan, (1, 2), 60, digits=digits).frames).unlink()

        out["models"][name] = {"forward_64": timings_ms(forward, repeats, warmup=2),
                               "grid_png_8x8": timings_ms(grid_png, repeats),
                               "gif_60_frames": timings_ms(gif_60, max(1, repeats // 4))}
    return out


def bench_training(device: torch.device, seconds: float, rounds: int = 2, datasets=None) -> dict:
    """Steps/s on each live-training data set: a plain loop over Trainer.run vs the app's live stream
    (gan.live.run: views computed and drawn). `rounds` alternating measurements each (plain, streamed,
    streamed, plain, ...), so drifting machine load hits both alike; the medians are reported."""
    from gan.live import run as live
    out = {}
    for name in datasets or live.DATASETS:
        runs = {"plain": [], "streamed": []}
        for r in range(rounds):
            order = ("plain", "streamed") if r % 2 == 0 else ("streamed", "plain")
            for kind in order:
                stream = live.plain_run(name, device=device) if kind == "plain" else \
                    live.stream_metrics(name, device=device)
                runs[kind].append(steps_per_second(stream, seconds / rounds))
                stream.close()
        plain, streamed = (statistics.median(x["steps_per_s"] for x in runs[k]) for k in ("plain", "streamed"))
        out[name] = {"plain": {"steps_per_s": plain, "runs": runs["plain"]},
                     "streamed": {"steps_per_s": streamed, "runs": runs["streamed"]},
                     "ratio": streamed / plain if plain else float("nan")}
    return out


def bench_mlp_speed(device: torch.device, steps: int = 100) -> dict:
    """The paper MLP's training step (preset mlp, batch 100) on random digits: FLOPs per step (PyTorch's
    FlopCounterMode: 2 per multiply-add) and steps/s, for Algorithm 1's alternating update and the
    authors' simultaneous one, with 1 and 2 CPU threads; and the simultaneous one under bf16 autocast
    (``--amp``) where the device has native bf16 (a CPU with AVX-512 BF16)."""
    from torch.utils.flop_counter import FlopCounterMode

    from gan.data import DatasetSampler
    from gan.device import bf16_autocast_supported
    from gan.presets import build_trainer
    data = DatasetSampler(torch.rand(5000, 1, 28, 28, device=device))
    out, threads_before = {}, torch.get_num_threads()
    runs = [("simultaneous", False), ("alternating", False)]
    runs += [("simultaneous", True)] if bf16_autocast_supported(device) else []
    for update, amp in runs:
        trainer = build_trainer("mlp", data, device=device, update=update, amp=amp)
        trainer.train_step()
        with FlopCounterMode(display=False) as counter:
            trainer.train_step()
        for threads in (1, 2):
            torch.set_num_threads(threads)
            for _ in range(5):
                trainer.train_step()
            sync(device)
            t = time.perf_counter()
            for _ in range(steps):
                trainer.train_step()
            sync(device)
            sps = steps / (time.perf_counter() - t)
            flops = counter.get_total_flops()
            out[f"{update}{'_bf16' if amp else ''}_{threads}_threads"] = {
                "gflop_per_step": round(flops / 1e9, 3), "steps_per_s": round(sps, 1),
                "gflop_per_s": round(flops * sps / 1e9, 1)}
    torch.set_num_threads(threads_before)
    return out


def bench_inversion(device: torch.device, digits_n: int = 5, steps: int = 150) -> dict:
    """The Draw tab's latent inversion (gan.serving.digits.invert, its defaults: 6 restarts, `steps`
    Adam steps) of `digits_n` shipped MNIST test digits with each shipped model: seconds and pixel
    distance (median), beside the closest of 64 random samples (of the same digit, conditional model)."""
    import statistics as st

    from gan.data import mnist_test_subset
    from gan.sampling import generate
    from gan.serving.digits import invert
    from gan.serving.zoo import ModelZoo
    zoo, (x, y) = ModelZoo.load(device=device), mnist_test_subset()
    out = {}
    for name, gan in zoo.models.items():
        times, dists, randoms = [], [], []
        for i in range(digits_n):
            target, d = x[i * 997 % len(x), 0], int(y[i * 997 % len(x)])
            digit = d if gan.conditional else None
            t = time.perf_counter()
            dists.append(list(invert(gan, target.numpy(), steps=steps, digit=digit, report_every=steps))[-1]["distance"])
            times.append(time.perf_counter() - t)
            rnd = generate(gan, 64, seed=1, digit=digit)[:, 0]
            randoms.append(float(((rnd - target) ** 2).flatten(1).sum(1).sqrt().min()))
        out[name] = {"seconds_median": round(st.median(times), 2), "distance_median": round(st.median(dists), 2),
                     "best_of_64_random_median": round(st.median(randoms), 2), "steps": steps}
    return out


def bench_live_quality(seeds=(0, 1, 2), mnist_seconds: float = 20.0, datasets=None) -> dict:
    """Train live's default run of each data set (one CPU thread, as a live run trains), measured by
    gan.live.quality: 1-D total variation, 2-D modes covered, MNIST digits read after `mnist_seconds`."""
    from gan.live.quality import default_run
    from gan.paper.adversarial import shared_classifier
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        out = {}
        for data in datasets or ("gaussian1d", "ring", "grid", "mnist"):
            limit = mnist_seconds if data == "mnist" else None
            out[data] = [default_run(data, seed=s, max_seconds=limit, classifier=shared_classifier())
                         for s in seeds]
        return out
    finally:
        torch.set_num_threads(threads)


def machine() -> dict:
    return {"platform": platform.platform(), "python": platform.python_version(), "torch": torch.__version__,
            "cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def check(name: str, value) -> str:
    if name not in TARGETS or value is None or value != value:
        return ""
    limit, kind = TARGETS[name]
    ok = value <= limit if kind == "max" else value >= limit
    return f"{'ok' if ok else 'MISSED'} ({'<' if kind == 'max' else '>='} {limit:g})"


def table(results: dict) -> str:
    """The printed table: one row per measurement, with its target where the issue sets one."""
    rows = [("measurement", "value", "target")]
    fwd = results.get("forward", {})
    for name, r in fwd.get("models", {}).items():
        rows.append((f"{name}: G forward, 64 digits", f"{r['forward_64']['median_ms']:.1f} ms", ""))
        rows.append((f"{name}: 8x8 grid PNG (forward+draw+encode)", f"{r['grid_png_8x8']['median_ms']:.1f} ms", ""))
        rows.append((f"{name}: 60-frame GIF (forward+draw+encode)", f"{r['gif_60_frames']['median_ms']:.1f} ms", ""))
    app = results.get("app", {})
    if "startup_s" in app:
        rows.append(("python app.py -> usable page", f"{app['startup_s']:.2f} s", check("startup_s", app["startup_s"])))
    for key, label in (("generate", "/generate 8x8 end to end"), ("interpolate", "/interpolate 60 frames end to end")):
        if key in app:
            r = app[key]
            target = check("generate_8x8_median_ms" if key == "generate" else "interpolate_60_median_ms", r["median_ms"])
            share = f", {100 * share_under(r, 150):.0f}% < 150 ms" if key == "generate" else ""
            rows.append((f"{label} (gradio_client)", f"median {r['median_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms"
                         f"{share}", target))
            for sub, how in (("no_tls_setup", "gradio_client, ssl_verify=False"), ("http", "plain HTTP"),
                             ("http_session", "plain HTTP, fixed session_hash")):
                if sub in r:
                    rows.append((f"{label} ({how})", f"median {r[sub]['median_ms']:.0f} ms, "
                                 f"p95 {r[sub]['p95_ms']:.0f} ms", ""))
    floor = app.get("generate_floor")
    if floor:
        rows.append(("/generate 8x8 on a bare Gradio app, ready PNG (the floor): gradio_client / no TLS / "
                     "HTTP / HTTP+session", " / ".join(f"{r['median_ms']:.0f}" for r in (
                         floor, floor["no_tls_setup"], floor["http"], floor["http_session"]))
                     + f" ms median ({100 * share_under(floor, 150):.0f}% < 150 ms)", ""))
    browser = app.get("browser_generate")
    if browser:
        rows.append(("Generate clicked -> grid on screen (Chromium)", browser.get("skipped") or
                     f"median {browser['median_ms']:.0f} ms, p95 {browser['p95_ms']:.0f} ms", ""))
    pad = app.get("browser_pad")
    if pad:
        rows.append(("Interpolate's 2-D pad clicked -> digit on screen (Chromium)", pad.get("skipped") or
                     f"median {pad['median_ms']:.0f} ms, p95 {pad['p95_ms']:.0f} ms", "< 100 ms"))
    steer = app.get("browser_steer")
    if steer:
        rows.append(("Interpolate's t slider moved -> digit on screen (Chromium)", steer.get("skipped") or
                     f"median {steer['median_ms']:.0f} ms, p95 {steer['p95_ms']:.0f} ms", "< 100 ms"))
    for name, r in app.get("train_stream", {}).items():
        rows.append((f"train {name}: app /train to gradio_client / plain", f"{r['steps_per_s']:.1f} / "
                     f"{r['plain_steps_per_s']:.1f} steps/s ({100 * r['ratio']:.0f}%)", check("streaming_ratio", r["ratio"])))
    if "peak_rss_mb" in app:
        rows.append(("app peak memory (RSS high-water mark)", f"{app['peak_rss_mb']:.0f} MB", ""))
    for name, r in results.get("training", {}).items():
        rows.append((f"train {name}: plain / streamed",
                     f"{r['plain']['steps_per_s']:.1f} / {r['streamed']['steps_per_s']:.1f} steps/s "
                     f"({100 * r['ratio']:.0f}%)", check("streaming_ratio", r["ratio"])))
    compare = results.get("compare", {})
    for name, r in compare.get("runs", {}).items():
        digits = r.get("digit_classes")
        judged = r.get("live") and compare["seconds_budget"] >= 60   # the target is "within 60 s"
        rows.append((f"compare {name}: {r['seconds']:.0f} s wall",
                     f"{r['steps_per_s']:.1f} steps/s, Parzen {r['parzen_ll']:.1f} +- {r['parzen_se']:.1f}, "
                     f"{digits} digit classes", check("digit_classes_at_60s", digits) if judged else ""))
    quality = results.get("live-quality", {})
    figures = {"gaussian1d": ("p_g vs p_data total variation", lambda r: f"{r['total_variation']:.3f}", "< 0.1"),
               "ring": ("modes covered", lambda r: f"{r['modes_covered']}/{r['n_modes']}", "8/8"),
               "grid": ("modes covered", lambda r: f"{r['modes_covered']}/{r['n_modes']}", ">= 23/25"),
               "mnist": ("digits read with p >= 0.9 (of 10)",
                         lambda r: f"{r.get('digits_read')} ({100 * r.get('confident_share', 0):.0f}% of samples)",
                         "most of 10")}
    for data, runs in quality.items():
        what, fmt, target = figures[data]
        rows.append((f"Train live default {data}: {what}, after {max(r['seconds'] for r in runs):.0f} s",
                     ", ".join(fmt(r) for r in runs) + f" (seeds {', '.join(str(r['seed']) for r in runs)})", target))
    from bench.playground import rows as playground_rows
    rows += playground_rows(results.get("playground", {}))
    mem = results.get("memory", {})
    for key, value in mem.items():
        rows.append((key.replace("_", " "), f"{value:.0f} MB", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small budgets everywhere (a smoke run, ~2 min)")
    p.add_argument("--device", choices=["cpu", "cuda"], help="default: CUDA when present, else the CPU")
    p.add_argument("--out", help="also write every number as JSON here")
    p.add_argument("--mnist", help="MNIST npz for the comparison (else $GAN_MNIST, else the shipped subset)")
    p.add_argument("--only", default="forward,app,training,compare",
                   help="comma-separated sections to run (forward, app, training, compare, soak, mlp-speed, "
                   "inversion, live-quality, playground); the last five run only when named")
    p.add_argument("--minutes", type=float, default=30.0, help="soak: minutes of mixed traffic (default 30)")
    p.add_argument("--clients", type=int, default=6, help="soak: clients sending at once (default 6)")
    p.add_argument("--app-dir", help="soak: run the app.py of this checkout instead (e.g. an older commit)")
    p.add_argument("--datasets", help="live-training data sets to time and (live-quality) to train "
                   "(default all: gaussian1d,ring,grid,mnist)")
    p.add_argument("--seeds", type=int, help="live-quality: seeds 0 .. N-1 of each default run (default 3, quick 1)")
    p.add_argument("--repeats", type=int, help="timed calls per measurement (default 20, quick 5)")
    p.add_argument("--train-seconds", type=float, help="seconds per training-speed measurement (default 5, quick 1.5)")
    p.add_argument("--compare-seconds", type=float, help="wall time per model in the comparison (default 60)")
    p.add_argument("--compare-samples", type=int, help="Parzen samples and test digits (default 10000)")
    p.add_argument("--presets", help="our presets in the comparison (default mlp-live,mlp,dcgan; quick mlp-live)")
    return p.parse_args(argv)


def check_args(a) -> list[str]:
    """Every bad option, named with its allowed values (checked before minutes of measuring start)."""
    from gan.presets import PRESETS
    errors = []
    unknown = {s.strip() for s in a.only.split(",") if s.strip()} - set(SECTIONS)
    if unknown:
        errors.append(f"--only: unknown sections {sorted(unknown)}; expected some of {', '.join(SECTIONS)}")
    for name, value, low in (("--minutes", a.minutes, 0.1), ("--clients", a.clients, 1), ("--repeats", a.repeats, 1), ("--train-seconds", a.train_seconds, 0.1),
                             ("--compare-seconds", a.compare_seconds, 0.1), ("--compare-samples", a.compare_samples, 10),
                             ("--seeds", a.seeds, 1)):
        if value is not None and not value >= low:
            errors.append(f"{name} must be >= {low}, got {value}")
    mnist_presets = sorted(n for n, (m, _) in PRESETS.items() if m.data_shape == (1, 28, 28) and not m.n_classes)
    for name in (a.presets or "").split(","):
        if name.strip() and name.strip() not in mnist_presets:
            errors.append(f"--presets: unknown or unsuitable preset {name.strip()!r}; expected some of {mnist_presets}")
    from gan.live.run import DATASETS
    for name in (a.datasets or "").split(","):
        if name.strip() and name.strip() not in DATASETS:
            errors.append(f"--datasets: unknown data set {name.strip()!r}; expected some of {list(DATASETS)}")
    return errors


def main(argv=None) -> int:
    a = parse_args(argv)
    sections = [s.strip() for s in a.only.split(",") if s.strip()]
    errors = check_args(a)
    try:
        device = pick_device(a.device)
        if "compare" in sections:
            from bench.compare import mnist_source
            mnist_source(a.mnist)
    except ValueError as e:
        errors.append(f"--device/--mnist: {e}")
    if errors:
        print("\n".join(f"error: {e}" for e in errors), file=sys.stderr)
        return 2
    if device.type == "cpu":
        from app import QUEUE_SETTINGS   # the in-process numbers use the app's CPU threads per event
        set_cpu_threads(QUEUE_SETTINGS["default_concurrency_limit"])
    repeats = a.repeats or (5 if a.quick else 20)
    train_seconds = a.train_seconds or (1.5 if a.quick else 5.0)
    results = {"device": describe(device), "machine": machine(), "quick": a.quick}
    print(f"bench on {results['device']}, {results['machine']['cpus']} CPUs, "
          f"load {results['machine']['load_average']}", flush=True)
    from gan.live.run import DATASETS
    datasets = [d.strip() for d in (a.datasets or ",".join(DATASETS)).split(",") if d.strip()]
    presets = [p.strip() for p in (a.presets or ("mlp-live" if a.quick else "mlp-live,mlp,dcgan")).split(",")]

    def run_app():
        from bench.app_latency import bench_app
        return bench_app(device, calls=repeats, train_seconds=train_seconds, datasets=datasets,
                         rounds=2 if a.quick else 6)

    def run_compare():
        from bench.compare import bench_compare
        return bench_compare(device, mnist=a.mnist, presets=presets,
                             seconds=a.compare_seconds or (10.0 if a.quick else 60.0),
                             n_samples=a.compare_samples or (2000 if a.quick else 10_000))

    runners = {"app": run_app, "forward": lambda: bench_forward(device, repeats),
               "training": lambda: bench_training(device, 2 * train_seconds, rounds=2 if a.quick else 4,
                                                  datasets=datasets),
               "compare": run_compare, "mlp-speed": lambda: bench_mlp_speed(device, steps=20 if a.quick else 100),
               "inversion": lambda: bench_inversion(device, digits_n=2 if a.quick else 5),
               "live-quality": lambda: bench_live_quality(seeds=range(a.seeds or (1 if a.quick else 3)),
                                                           datasets=datasets),
               "playground": lambda: bench_playground(seconds=2.0 if a.quick else 8.0, steps=10 if a.quick else 40),
               "soak": lambda: bench_soak(device, minutes=a.minutes, clients=a.clients,
                                          sample_every=min(30.0, a.minutes * 60 / 4), app_dir=a.app_dir)}
    results["section_seconds"] = {}
    for name in SECTIONS:          # compare last: its Parzen matrices dwarf the rest's memory
        if name not in sections:
            continue
        if name == "compare":
            results["memory"] = memory_report(device)
        print(f"{name} ...", flush=True)
        t = time.perf_counter()
        results[name] = runners[name]()
        results["section_seconds"][name] = round(time.perf_counter() - t, 1)
    if "compare" in sections:
        results["memory"]["bench_peak_rss_with_parzen_mb"] = round(peak_rss_mb(), 1)
    else:
        results["memory"] = memory_report(device)
    print(table(results))
    if "soak" in results:
        print(soak_table(results["soak"]))
    for name, r in results.get("inversion", {}).items():
        print(f"inversion, {name}: {r['seconds_median']} s for {r['steps']} steps, pixel distance "
              f"{r['distance_median']} (closest of 64 random samples: {r['best_of_64_random_median']})")
    for name, r in results.get("mlp-speed", {}).items():
        print(f"mlp step, {name.replace('_', ' ')}: {r['gflop_per_step']} GFLOP, {r['steps_per_s']} steps/s, "
              f"{r['gflop_per_s']} GFLOP/s")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(results, f, indent=2, default=float)
        print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
