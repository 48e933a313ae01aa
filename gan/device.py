"""The one place that decides where models run (CUDA when present, else the CPU) and with how many CPU
threads a request or a streamed run computes."""
from __future__ import annotations

import functools
import os

import torch


def pick_device(name: str | None = None) -> torch.device:
    """`name` ("cpu", "cuda", "cuda:1"), else $GAN_DEVICE, else CUDA when available, else CPU."""
    name = name or os.environ.get("GAN_DEVICE") or ("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {name!r} asked for, but CUDA is not available here")
    return device


def bf16_autocast_supported(device: torch.device) -> bool:
    """Whether bf16 autocast runs natively on `device`: a CUDA GPU with bf16, or a CPU with AVX-512 BF16
    (elsewhere the CPU would emulate bf16 matmuls, slower than float32)."""
    if device.type == "cuda":
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported(including_emulation=False)
    if device.type == "cpu":
        check = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
        return bool(check and check())
    return False


REQUEST_THREADS: int | None = None     # set by set_cpu_threads; what `request_threads` gives each request


def request_threads(fn):
    """Run `fn` with REQUEST_THREADS CPU threads in whichever thread calls it (torch's thread count is
    a per-thread setting: a web server's worker threads start with one thread per core), restoring that
    thread's setting after. The same count everywhere also keeps float sums, and so pixels, the same
    whichever worker answers."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        if REQUEST_THREADS is None:
            return fn(*args, **kwargs)
        previous = torch.get_num_threads()
        torch.set_num_threads(REQUEST_THREADS)
        try:
            return fn(*args, **kwargs)
        finally:
            torch.set_num_threads(previous)
    return run


def set_cpu_threads(concurrent_jobs: int = 1) -> int:
    """Give each of `concurrent_jobs` CPU jobs its share of the cores: torch's intra-op threads =
    cores // jobs (at least 1), or $GAN_CPU_THREADS. Returns the thread count set.

    More OpenMP threads than free cores spin-wait on each other: on the shared 2-core machine a 64-digit
    grid took 120-250 ms with 2 threads and 19 ms with 1 (``python -m bench``, README "Performance")."""
    env = os.environ.get("GAN_CPU_THREADS")
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"GAN_CPU_THREADS must be a whole number >= 1, got {env!r}")
        threads = int(env)
    else:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        threads = max(1, cores // max(1, int(concurrent_jobs)))
    global REQUEST_THREADS
    torch.set_num_threads(threads)
    REQUEST_THREADS = threads
    return threads


def describe(device: torch.device) -> str:
    """A human label for the header: 'CUDA (NVIDIA H100 ...)' or 'CPU (2 threads)'."""
    if device.type == "cuda":
        return f"CUDA ({torch.cuda.get_device_name(device)})"
    n = torch.get_num_threads()
    return f"CPU ({n} thread{'s' if n != 1 else ''} per request)"


def with_threads(gen, n: int):
    """Drive `gen` with `n` CPU threads in whichever thread resumes it (a web server hands each resume
    to a worker thread), restoring that thread's setting before each yield; closing closes `gen`."""
    try:
        while True:
            previous = torch.get_num_threads()
            torch.set_num_threads(n)
            try:
                item = next(gen)
            except StopIteration:
                return
            finally:
                torch.set_num_threads(previous)
            yield item
    finally:
        gen.close()
