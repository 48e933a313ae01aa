"""Whether a host answers, decided fast: a TCP probe of the host (or its proxy) with a deadline, its verdict
cached per host for :data:`PROBE_TTL` seconds, and a runner that gives up waiting on a call at a deadline.
huggingface_hub alone retries an unreachable host for ~24 s; :mod:`gan.weights.hub` asks here first."""
from __future__ import annotations

import socket
import threading
import time
import urllib.request
from urllib.parse import urlsplit

PROBE_TTL = 60.0               # seconds a probe's (or a failed download's) verdict on a host is kept

_host_state: dict[tuple[str, int], tuple[float, str]] = {}   # (host, port) -> (time, "" if up else reason)
_lock = threading.Lock()


def forget() -> None:
    """Forget every cached verdict."""
    with _lock:
        _host_state.clear()


def run_with_deadline(fn, seconds: float):
    """(finished, result, exception) of fn() run in a daemon thread, waiting at most `seconds`.
    A thread still running at the deadline is left to finish (or fail) on its own."""
    box: dict = {}

    def target():
        try:
            box["result"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box["error"] = e

    t = threading.Thread(target=target, daemon=True, name="gan-hub")
    t.start()
    t.join(seconds)
    if t.is_alive():
        return False, None, None
    return True, box.get("result"), box.get("error")


def probe_target(url: str) -> tuple[str, int]:
    """The host and port a request to `url` connects to first: its proxy, if one applies."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        p = urlsplit(proxy if "://" in proxy else "http://" + proxy)
        return p.hostname or host, p.port or 80
    return host, port


def mark_down(url: str, reason: str) -> None:
    with _lock:
        _host_state[probe_target(url)] = (time.monotonic(), reason)


def reachable(url: str, seconds: float = 1.0) -> str:
    """'' when a TCP connection to `url`'s host (or proxy) opens within `seconds`, else the reason.
    Verdicts are cached for PROBE_TTL seconds per host."""
    target = probe_target(url)
    with _lock:
        seen = _host_state.get(target)
    if seen and time.monotonic() - seen[0] < PROBE_TTL:
        return seen[1]

    def connect():
        socket.create_connection(target, timeout=seconds).close()

    done, _, err = run_with_deadline(connect, seconds)  # DNS has no timeout of its own
    reason = "" if done and err is None else \
        f"{target[0]}:{target[1]} unreachable ({err or f'no answer within {seconds:g} s'})"
    with _lock:
        _host_state[target] = (time.monotonic(), reason)
    return reason
