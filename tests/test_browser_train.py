"""The Train live tab in a real browser (Debian's Chromium through Playwright): start the 1-D training,
see the picture, the plots and the status move on, stop it, get the weights. Screenshots go to
artifacts/screenshots/ (gitignored)."""
import io
import re

import numpy as np
from PIL import Image

VIEW_IMG = "#train-view img"


def step_shown(page) -> int:
    match = re.search(r"step (\d+)", page.locator("#train-status").inner_text())
    return int(match.group(1)) if match else -1


def test_train_live_1d_updates_and_stops(browser_page, screenshot_dir):
    page = browser_page
    page.get_by_role("tab", name="Train live").click()
    page.locator("#train-start").wait_for()
    steps = page.get_by_label("steps (G-steps; capped per data set)")
    steps.fill("50000")
    page.locator("#train-start").click()
    page.wait_for_function("sel => { const i = document.querySelector(sel); return i && i.naturalWidth > 0; }",
                           arg=VIEW_IMG, timeout=60_000)
    page.wait_for_function("() => /step \\d+/.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    first_step, first_src = step_shown(page), page.locator(VIEW_IMG).get_attribute("src")
    page.wait_for_timeout(1500)
    first_plot = page.locator("#train-d-plot").screenshot()
    page.wait_for_function("([old, sel, src]) => { const s = document.querySelector('#train-status').innerText;"
                           " const m = s.match(/step (\\d+)/); const i = document.querySelector(sel);"
                           " return m && +m[1] > old + 50 && i && i.src !== src; }",
                           arg=[first_step, VIEW_IMG, first_src], timeout=60_000)
    for plot in ("#train-d-plot", "#train-loss-plot"):     # lines drawn, not just axes
        page.wait_for_function("sel => [...document.querySelectorAll(sel + ' .mark-line path')]"
                               ".filter(p => (p.getAttribute('d') || '').length > 40).length >= 2",
                               arg=plot, timeout=30_000)
    page.wait_for_timeout(2500)             # the plots redraw once a second (ui.train_live.PLOT_EVERY_S)
    page.locator("#train-view").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "10-train-live-running.png"), full_page=True)
    assert step_shown(page) > first_step + 50
    assert page.locator(VIEW_IMG).get_attribute("src") != first_src            # the picture changed
    assert page.locator("#train-d-plot").screenshot() != first_plot            # the plot grew
    for plot in ("#train-d-plot", "#train-loss-plot"):                          # lines in colour, not blank
        pixels = np.asarray(Image.open(io.BytesIO(page.locator(plot).screenshot())).convert("RGB")).astype(int)
        assert ((pixels.max(axis=2) - pixels.min(axis=2)) > 60).sum() > 300, plot
    assert page.locator("#train-loss-plot canvas, #train-loss-plot svg").count() > 0
    page.locator("#train-stop").click()
    page.wait_for_function("() => document.querySelector('#train-status').innerText.includes('Stopped at step')",
                           timeout=30_000)
    stopped_at = step_shown(page)
    page.wait_for_function("() => [...document.querySelectorAll('#train-weights a')]"
                           ".some(a => /gan-live-gaussian1d-step\\d+\\.zip/.test(a.href))", timeout=30_000)
    page.wait_for_timeout(1000)
    assert step_shown(page) == stopped_at                                      # nothing runs any more
    page.screenshot(path=str(screenshot_dir / "11-train-live-stopped.png"), full_page=True)


def test_start_during_a_run_says_a_run_is_going(browser_page):
    page = browser_page
    page.get_by_role("tab", name="Train live").click()
    page.get_by_label("steps (G-steps; capped per data set)").fill("50000")
    page.locator("#train-start").click()
    page.wait_for_function("() => /step \\d+/.test(document.querySelector('#train-status').innerText)",
                           timeout=60_000)
    page.locator("#train-start").click()
    page.get_by_text(re.compile(r"A run is already training \(step \d+\): press Stop first")).first.wait_for(
        timeout=15_000)
    page.locator("#train-stop").click()
    page.locator("#train-status").get_by_text("Stopped").wait_for(timeout=30_000)


def test_use_this_model_puts_the_visitor_s_run_in_samples_and_interpolate(browser_page, screenshot_dir,
                                                                         chromium_browser, app_server):
    page = browser_page
    page.get_by_role("tab", name="Train live").click()
    page.get_by_text("MNIST digits (10,000-digit subset)").click()
    steps = page.get_by_label("steps (G-steps; capped per data set)")
    page.wait_for_function("el => el.value === '5000'", arg=steps.element_handle(), timeout=15_000)  # MNIST's
    steps.fill("60")
    steps.press("Tab")
    page.locator("#train-start").click()
    page.locator("#train-status").get_by_text("Finished").wait_for(timeout=90_000)
    page.locator("#train-use").click()
    page.locator("#train-own-status").get_by_text("is now in the model pickers").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Samples").click()
    picker = page.get_by_label("Model").first
    assert "Your run: MNIST, step 60" in picker.input_value()
    page.wait_for_function("sel => { const i = document.querySelector(sel); return i && i.complete && "
                           "i.naturalWidth > 0 && /Your run/.test(decodeURIComponent(i.src)); }",
                           arg="#samples-grid img", timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "12-samples-your-model.png"), full_page=True)
    # another visitor never sees it
    other = chromium_browser.new_page()
    try:
        other.goto(app_server)
        other.locator("#samples-grid img").wait_for(timeout=30_000)
        other.get_by_label("Model").first.click()
        options = other.get_by_role("option").all_inner_texts()
        assert options and not any("Your run" in o for o in options)
    finally:
        other.close()


def test_load_a_model_of_your_own_by_upload(browser_page, tmp_path):
    import zipfile

    from gan.weights.hub import BUNDLED
    page = browser_page
    page.get_by_role("tab", name="Train live").click()
    page.get_by_text("Load a model of your own (for you only)").click()
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("pytorch_model.bin", b"not weights")
    page.locator("#train-upload input[type=file]").set_input_files(str(evil))
    page.locator("#train-load").click()
    page.locator("#train-own-status").get_by_text(re.compile("Not loaded:.*pickles are never loaded")).wait_for(
        timeout=30_000)
    assert page.get_by_text("Error", exact=True).count() == 0       # the reason beside the button, no badges
    page.reload()
    page.get_by_role("tab", name="Train live").click()
    page.get_by_text("Load a model of your own (for you only)").click()
    page.locator("#train-upload input[type=file]").set_input_files(
        [str(BUNDLED / "mnist-mlp" / "config.json"), str(BUNDLED / "mnist-mlp" / "model.safetensors")])
    page.locator("#train-load").click()
    page.locator("#train-own-status").get_by_text("is now in the model pickers").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Interpolate").click()
    assert page.get_by_label("Model").first.input_value().startswith("Uploaded")
