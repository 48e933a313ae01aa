"""The Draw tab in Chromium: draw with the mouse and see the classifier's reading and D's verdicts; pick a
test digit and find it in G, the attempt streaming in. Screenshot: artifacts/screenshots/13-draw.png."""
import re


def test_draw_judge_and_find_it_in_g(browser_page, screenshot_dir):
    page = browser_page
    page.get_by_role("tab", name="Draw").click()
    canvas = page.locator("#draw-pad canvas").last
    canvas.wait_for()
    page.wait_for_timeout(500)             # the tab picks the brush (no "select the draw tool" step)
    box = canvas.bounding_box()
    x0, y0, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x0 + 0.5 * w, y0 + 0.2 * h)       # a "1": one stroke down the middle
    page.mouse.down()
    for i in range(1, 21):
        page.mouse.move(x0 + 0.5 * w, y0 + (0.2 + 0.6 * i / 20) * h)
    page.mouse.up()
    page.locator("#draw-verdicts").get_by_text("How real does each D think").wait_for(timeout=30_000)
    page.locator("#draw-seen img").wait_for(timeout=30_000)
    assert page.locator("#draw-reading").inner_text().strip()

    page.locator("#draw-index input").fill("3")
    page.locator("#draw-use-test").click()
    page.locator("#draw-reading").get_by_text("0").first.wait_for(timeout=30_000)   # test digit 3 is a 0
    page.locator("#draw-find").click()
    page.locator("#draw-found").get_by_text(re.compile(r"Step 150 .*pixel distance")).wait_for(timeout=90_000)
    page.locator("#draw-attempt img").wait_for()
    page.screenshot(path=str(screenshot_dir / "13-draw.png"), full_page=True)


def test_walk_from_your_digit_in_interpolate(browser_page, screenshot_dir):
    """Find a test digit in G, then "Walk from your digit": Interpolate opens and walks from that z."""
    page = browser_page
    page.get_by_role("tab", name="Draw").click()
    page.locator("#draw-walk").click()                        # nothing found yet: said, nothing else
    page.locator("#draw-message").get_by_text("find your digit in G first").wait_for()
    page.locator("#draw-index input").fill("3")
    page.locator("#draw-use-test").click()
    page.locator("#draw-reading").get_by_text("0").first.wait_for(timeout=30_000)
    page.locator("#draw-find").click()
    page.locator("#draw-found").get_by_text(re.compile(r"Step 150 .*pixel distance")).wait_for(timeout=90_000)
    page.locator("#draw-walk").click()
    page.locator("#interpolate-start").get_by_text("A is your digit").wait_for(timeout=30_000)
    page.wait_for_function("() => { const i = document.querySelector('#interpolate-strip img'); "
                           "return i && i.complete && i.naturalWidth > 0; }", timeout=30_000)
    page.locator("#interpolate-file").get_by_text(re.compile(r"\.gif")).first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('#interpolate-strip .wrap:not(.hide)')", timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "13-draw-walk.png"), full_page=True)
    page.locator("#interpolate-forget").click()
    page.locator("#interpolate-start").wait_for(state="hidden")
