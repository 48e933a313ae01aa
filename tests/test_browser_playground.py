"""The 2-D playground in Chromium: single moves, Play with an edit while it runs (marked on the plots),
Pause keeping every picture, a drawn p_data learnt, the trained start. Screenshots:
artifacts/screenshots/15-playground.png, 16-playground-drawn.png, 17-playground-trained.png."""
import math
import re


def status(page):
    return page.locator("#lab-status")


def test_steps_play_edit_and_pause(browser_page, screenshot_dir):
    page = browser_page
    page.get_by_role("tab", name="2-D playground").click()
    status(page).get_by_text("A new game, paused").wait_for()           # the tab opens on a game
    page.locator("#lab-view img").wait_for()
    page.locator("#lab-step-d").click()
    status(page).get_by_text(re.compile(r"iteration 0 · update 1 ")).wait_for()
    page.locator("#lab-step-g").click()
    status(page).get_by_text(re.compile(r"iteration 0 · update 2 ")).wait_for()
    page.locator("#lab-step-iteration").click()
    status(page).get_by_text(re.compile(r"iteration 1 · update 4 ")).wait_for()
    page.locator("#lab-play").click()
    status(page).get_by_text("iterations/s").wait_for()
    page.wait_for_timeout(2000)
    page.locator("#lab-lr-d input").fill("0.003")
    page.locator("#lab-lr-d input").press("Enter")
    status(page).get_by_text(re.compile(r"✎1 at update \d+: lr_d 0.001 -> 0.003")).wait_for()
    page.locator("#lab-opt-g").get_by_text("SGD").click()
    status(page).get_by_text(re.compile(r"✎2 at update \d+: optimizer_g adam -> sgd")).wait_for()
    page.wait_for_timeout(2500)                                         # the plots redraw once a second
    page.locator("#lab-pause").click()
    status(page).get_by_text(re.compile(r"Paused at iteration \d+")).wait_for()
    played = int(re.search(r"iteration (\d+)", status(page).inner_text()).group(1))
    assert played > 100
    page.locator("#lab-loss-plot").get_by_text("✎2").wait_for()         # the edits marked on the plots
    page.locator("#lab-divergence-plot").get_by_text("JSD(p_data‖p_g)").wait_for()
    assert page.get_by_text("Error", exact=True).count() == 0            # Pause keeps every picture
    page.locator("#lab-view img").wait_for()
    page.screenshot(path=str(screenshot_dir / "15-playground.png"), full_page=True)
    page.locator("#lab-step-g").click()                                 # paused: single moves again
    status(page).get_by_text(re.compile(rf"iteration {played} · update \d+ ")).wait_for()


def test_a_drawn_p_data_is_learnt_and_an_empty_drawing_refused(browser_page, screenshot_dir):
    page = browser_page
    page.get_by_role("tab", name="2-D playground").click()
    status(page).get_by_text("A new game, paused").wait_for()
    page.locator("#lab-data").get_by_text("your drawing").click()
    canvas = page.locator("#lab-pad canvas").last
    canvas.wait_for()
    page.wait_for_timeout(1500)                                         # the tab picks the brush
    page.locator("#lab-new").click()
    status(page).get_by_text("the drawing is empty").wait_for()
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x0 + 0.2 * w, y0 + 0.55 * h)                        # an arch, then a line under it
    page.mouse.down()
    for i in range(1, 31):
        page.mouse.move(x0 + (0.2 + 0.6 * i / 30) * w, y0 + (0.55 - 0.3 * math.sin(math.pi * i / 30)) * h)
    page.mouse.up()
    page.mouse.move(x0 + 0.3 * w, y0 + 0.8 * h)
    page.mouse.down()
    page.mouse.move(x0 + 0.7 * w, y0 + 0.8 * h, steps=10)
    page.mouse.up()
    page.wait_for_timeout(500)
    page.locator("#lab-new").click()
    status(page).get_by_text("A new game, paused").wait_for()
    first_js = float(re.search(r"JSD ([\d.]+)", status(page).inner_text()).group(1))
    page.locator("#lab-play").click()
    status(page).get_by_text("iterations/s").wait_for()
    page.wait_for_timeout(8000)
    page.locator("#lab-pause").click()
    status(page).get_by_text("Paused at").wait_for()
    js = float(re.search(r"JSD ([\d.]+)", status(page).inner_text()).group(1))
    assert js < first_js - 0.2, (first_js, js)
    page.screenshot(path=str(screenshot_dir / "16-playground-drawn.png"), full_page=True)


def test_trained_start_shows_a_converged_game(browser_page, screenshot_dir):
    page = browser_page
    page.get_by_role("tab", name="2-D playground").click()
    status(page).get_by_text("A new game, paused").wait_for()
    page.locator("#lab-data").get_by_text("grid of 25 Gaussians").click()
    page.locator("#lab-trained").click()
    status(page).get_by_text("trained G and D loaded").wait_for()
    covered = int(re.search(r"modes covered (\d+)/25", status(page).inner_text()).group(1))
    assert covered >= 24
    page.locator("#lab-view").screenshot(path=str(screenshot_dir / "17-playground-trained.png"))
