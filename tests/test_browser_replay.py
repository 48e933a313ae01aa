"""Train live's replay in Chromium: after a run, the timeline scrubs its frames (the picture changes, a
"▶" line marks the step on both plots) and "Download the run" gives a GIF and an MP4.
Screenshot: artifacts/screenshots/12-train-replay.png."""
import re

from gan.live.settings import DATASETS


def test_replay_scrubs_a_finished_run_and_exports_it(browser_page, screenshot_dir):
    page = browser_page
    page.get_by_role("tab", name="Train live").click()
    assert not page.locator("#train-replay").is_visible()           # nothing to replay before a run
    page.locator("#train-data").get_by_text("2-D ring").click()
    # picking a data set puts its default steps in the box: wait for that answer before typing, or (on
    # a loaded machine) it lands after the typed 1200 and the run trains 4000 steps
    page.wait_for_function("(n) => document.querySelector('#train-steps input').value === String(n)",
                           arg=DATASETS["ring"].default_steps)
    page.locator("#train-steps input").fill("1200")
    page.locator("#train-start").click()
    page.locator("#train-status").get_by_text("Finished").wait_for(timeout=90_000)
    caption = page.locator("#train-replay-caption")
    caption.get_by_text(re.compile(r"Replaying step 1200 \(frame (\d+) of \1\)")).wait_for()
    last_picture = page.locator("#train-view img").get_attribute("src")
    timeline = page.locator("#train-replay input[type=range]")
    timeline.fill("1")
    timeline.dispatch_event("pointerup")
    timeline.dispatch_event("mouseup")
    caption.get_by_text(re.compile(r"Replaying step (\d+) \(frame 2 of")).wait_for()
    step = int(re.search(r"step (\d+)", caption.inner_text()).group(1))
    assert 0 < step < 1200
    page.wait_for_function("(src) => document.querySelector('#train-view img').src !== src", arg=last_picture)
    page.locator("#train-loss-plot").get_by_text("▶").wait_for()
    page.locator("#train-replay-download").click()
    files = page.locator("#train-replay-files")
    files.get_by_text(re.compile(r"\.gif")).wait_for()
    files.get_by_text(re.compile(r"\.mp4")).wait_for()
    page.screenshot(path=str(screenshot_dir / "12-train-replay.png"), full_page=True)
