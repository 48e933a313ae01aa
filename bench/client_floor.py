"""The caller's side of the app's latency, for ``python -m bench``: how much of ``/generate``'s time
belongs to the client and to Gradio rather than to the GAN, and what a visitor's browser sees.

- **floor**: a bare Gradio app (the app's queue settings, the same five inputs and PNG output) whose
  function hands back an 8x8 grid drawn once at start-up, called through the same clients as the real
  app. Whatever a client spends on it is the least any Gradio app pays on this machine through that client.
- **browser**: Chromium (through Playwright, when both are installed) on the app's page: the seed typed,
  then the time from clicking "Generate" to the new grid decoded and painted, measured in the page.

``python -m bench.client_floor PORT`` serves the bare app (the benchmark starts it as a subprocess).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parent.parent

# Resolves with the ms from acting on `target` (a click, or with `value` a slider set to it) to the
# picture under `grid` showing a new, decoded file (and the browser's next frame after it), so the
# figure covers the request, the download and the paint.
ACTION_TO_PICTURE_JS = """async ([grid, target, value]) => {
  const box = document.querySelector(grid);
  const old = box.querySelector('img')?.src;
  const t0 = performance.now();
  return await new Promise((resolve, reject) => {
    let settled = false;
    const check = async () => {
      const img = box.querySelector('img');
      if (settled || !img || !img.src || img.src === old) return;
      settled = true; observer.disconnect(); clearTimeout(timer);
      try { await img.decode(); } catch (e) { reject(e); return; }
      requestAnimationFrame(() => resolve(performance.now() - t0));
    };
    const observer = new MutationObserver(check);
    observer.observe(box, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no new picture in 30 s')); }, 30000);
    const el = document.querySelector(target);
    if (value === undefined || value === null) { el.click(); return; }
    if (value === 'armed') return;           // the caller acts (a real mouse click) right after
    el.value = value;
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
  });
}"""


def serve_bare_app(port: int) -> None:
    """The floor app: /generate(model, seed, rows, cols, digit) -> the same PNG every time, no compute."""
    import gradio as gr

    from app import with_queue
    from gan.serving import media
    from gan.serving.zoo import ModelZoo
    from ui.samples import sample_grid
    ready = str(media.write_png(sample_grid(ModelZoo.load(), "mnist-mlp", 1, 8, 8, 0, with_scores=False).image))

    def generate(model, seed, rows, cols, digit):
        return ready

    with gr.Blocks() as demo:
        inputs = [gr.Textbox(label="model"), gr.Number(label="seed"), gr.Number(label="rows"),
                  gr.Number(label="cols"), gr.Number(label="digit")]
        gr.on([], generate, inputs, gr.Image(label="image", format="png", type="numpy"), api_name="generate")
    with_queue(demo).launch(server_name="127.0.0.1", server_port=port, quiet=True)


def start_bare_app() -> tuple[subprocess.Popen, str]:
    """The floor app as a subprocess on a free port; returns (process, base URL) once it answers."""
    from bench.common import free_port, wait_until_up
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen([sys.executable, "-m", "bench.client_floor", str(port)], cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)
    wait_until_up(proc, base, log)
    return proc, base


def steer_timings(browser, base: str, moves: int = 20, warmup: int = 2) -> dict:
    """Median and p95 ms from moving the Interpolate tab's t slider to G's new digit on screen."""
    from bench.common import percentile
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    try:
        page = context.new_page()
        page.goto(base, timeout=60_000)
        page.get_by_role("tab", name="Interpolate").click()
        page.locator("#steer-t input[type=range]").wait_for(timeout=60_000)
        page.wait_for_function("() => { const i = document.querySelector('#steer-image img'); "
                               "return i && i.complete && i.naturalWidth > 0; }", timeout=60_000)   # drawn on open
        times = []
        for i in range(warmup + moves):
            time.sleep(0.05)
            ms = page.evaluate(ACTION_TO_PICTURE_JS, ["#steer-image", "#steer-t input[type=range]",
                                                     f"{(i * 37 % 100) / 100:.2f}"])
            if i >= warmup:
                times.append(ms)
    finally:
        context.close()
    return {"median_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "n": len(times)}


def pad_timings(browser, base: str, clicks: int = 20, warmup: int = 2) -> dict:
    """Median and p95 ms from a click on Interpolate's 2-D pad to G's digit at that point on screen."""
    from bench.common import percentile
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    try:
        page = context.new_page()
        page.goto(base, timeout=60_000)
        page.get_by_role("tab", name="Interpolate").click()
        page.locator("#plane").get_by_text("Steer in 2-D").click()
        pad = page.locator("#plane-pad img")
        pad.wait_for(timeout=60_000)
        pad.scroll_into_view_if_needed()
        times = []
        for i in range(warmup + clicks):
            time.sleep(0.05)
            box = pad.bounding_box()     # read each time: the accordion may still be opening (CI missed one)
            # armed in the page first (its clock starts), then a real click on the pad (Playwright waits
            # until the pad is still and would receive it): the timing includes the click's own
            # delivery, so it errs long
            page.evaluate("args => { window.__ganPad = (%s)(args); }" % ACTION_TO_PICTURE_JS,
                          ["#plane-image", "#plane-pad img", "armed"])
            pad.click(position={"x": (0.05 + 0.9 * (i * 37 % 100) / 100) * box["width"],
                                "y": (0.05 + 0.9 * (i * 61 % 100) / 100) * box["height"]}, timeout=30_000)
            ms = page.evaluate("() => window.__ganPad")
            if i >= warmup:
                times.append(ms)
    finally:
        context.close()
    return {"median_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "n": len(times)}


def browser_pad_latency(base: str, clicks: int, browser=None) -> dict:
    """Median and p95 ms from a click on Interpolate's 2-D pad to G's new digit on screen, in Chromium."""
    return in_chromium(lambda b: pad_timings(b, base, clicks), browser)


def browser_click_latency(base: str, clicks: int, warmup: int = 2, browser=None) -> dict:
    """Median and p95 ms from clicking "Generate" on the Samples tab to the new grid on screen (a new
    seed each click), in Chromium (`browser`: a Playwright browser to use, else one is launched);
    {"skipped": why} when Chromium or Playwright is missing."""
    return in_chromium(lambda b: click_timings(b, base, clicks, warmup), browser)


def browser_steer_latency(base: str, moves: int, browser=None) -> dict:
    """Median and p95 ms from moving Interpolate's t slider to G's new digit on screen, in Chromium."""
    return in_chromium(lambda b: steer_timings(b, base, moves), browser)


def in_chromium(work, browser=None) -> dict:
    """work(browser) in the given Playwright browser, else in a Chromium launched for it."""
    if browser is not None:
        return work(browser)
    if not Path(CHROMIUM).is_file():
        return {"skipped": f"{CHROMIUM} is not installed"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed (pip install -r requirements-dev.txt)"}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return work(browser)
        finally:
            browser.close()


def click_timings(browser, base: str, clicks: int, warmup: int) -> dict:
    from bench.common import percentile
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        page.goto(base, timeout=60_000)
        page.wait_for_function("() => { const i = document.querySelector('#samples-grid img');"
                               " return i && i.complete && i.naturalWidth > 0; }", timeout=60_000)
        seed, times = page.locator("#samples-seed input"), []
        for i in range(warmup + clicks):
            seed.fill(str(1000 + i))
            time.sleep(0.05)            # let the page settle, as a visitor's pause would
            ms = page.evaluate(ACTION_TO_PICTURE_JS, ["#samples-grid", "#samples-generate", None])
            if i >= warmup:
                times.append(ms)
    finally:
        context.close()
    return {"median_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "n": len(times)}


if __name__ == "__main__":
    serve_bare_app(int(sys.argv[1]))
