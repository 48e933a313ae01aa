"""The paper tab in a real browser: open each piece, run it, switch the language; screenshots go to
artifacts/screenshots/paper-*.png (look at them: blank plots or cut-off labels are bugs)."""
import re


def set_number(page, elem_id, value):
    box = page.locator(f"#{elem_id} input[type=number]")
    box.fill(str(value))
    box.press("Enter")


def open_paper(page):
    page.get_by_role("tab", name="The paper, piece by piece").click()
    page.locator("#paper-intro").wait_for()


def test_each_piece_runs_in_the_browser(browser_page, screenshot_dir):
    page = browser_page
    open_paper(page)

    page.locator("#adv-epsilon input[type=number]").fill("0.2")
    page.locator("#adv-run").click()
    page.locator("#adv-result").get_by_text("Perturbation").wait_for()
    assert page.locator("#adv-adv_adversarial img").count() == 1
    page.locator("#adv-d-run").click()
    page.locator("#adv-d-result").get_by_text("D(x) before").wait_for()
    page.screenshot(path=str(screenshot_dir / "paper-1-adversarial.png"), full_page=True)

    page.get_by_role("tab", name="2 · Optimal D and equilibrium").click()
    set_number(page, "opt-d-steps", 150)
    page.locator("#opt-run").click()
    page.locator("#opt-result").get_by_text("D step 150").wait_for(timeout=60_000)
    page.locator("#opt-figure canvas, #opt-figure svg").first.wait_for()
    page.screenshot(path=str(screenshot_dir / "paper-2-optimal-d.png"), full_page=True)

    page.get_by_role("tab", name="3 · Vanishing gradients").click()
    set_number(page, "van-steps", 60)
    page.locator("#van-run").click()
    page.locator("#van-result").get_by_text("Step 60").wait_for(timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "paper-3-vanishing.png"), full_page=True)

    page.get_by_role("tab", name="4 · Mode collapse").click()
    page.locator("#cond-run").click()
    page.locator("#cond-result").get_by_text("Conditional model").wait_for(timeout=60_000)
    set_number(page, "modes-steps", 100)
    page.locator("#modes-run").click()
    page.locator("#modes-result").get_by_text("Step 100").wait_for(timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "paper-4-modes.png"), full_page=True)


def test_language_switch(browser_page, screenshot_dir):
    page = browser_page
    open_paper(page)
    page.locator("#language").get_by_text("中文").click()
    page.locator("#paper-intro").get_by_text("动手试").wait_for()
    page.get_by_role("tab", name="逐段读论文").click()
    page.get_by_role("tab", name="2 · 最优判别器与均衡").click()
    page.locator("#opt-explain").get_by_text("固定 G，只训练 D").wait_for()
    page.screenshot(path=str(screenshot_dir / "paper-zh.png"), full_page=True)
    page.locator("#language").get_by_text("English").click()
    page.locator("#paper-intro").get_by_text("Each piece below").wait_for()


def test_stop_keeps_what_was_drawn(browser_page, screenshot_dir):
    """Stop in pieces 2-4 once wiped every plot and left red "Error" badges: it must keep the last
    frame with a status line."""
    page = browser_page
    open_paper(page)
    for tab, steps_id, steps, run_id, stop_id, result_id, plot_id in (
            ("2 · Optimal D and equilibrium", "opt-d-steps", 3000, "opt-run", "opt-stop", "opt-result", "opt-figure"),
            ("3 · Vanishing gradients", "van-steps", 1000, "van-run", "van-stop", "van-result", "van-result"),
            ("4 · Mode collapse", "modes-steps", 3000, "modes-run", "modes-stop", "modes-result", "modes-result")):
        page.get_by_role("tab", name=tab).click()
        set_number(page, steps_id, steps)
        page.locator(f"#{run_id}").click()
        page.locator(f"#{result_id}").get_by_text("tep").first.wait_for(timeout=60_000)   # a frame arrived
        # force: while frames stream, the plots below change height and, near the page's end, the
        # browser's scroll clamping moves the button by a pixel each frame (Playwright waits for it to
        # stand still; a visitor's click lands anyway)
        page.locator(f"#{stop_id}").click(force=True)
        page.locator(f"#{result_id}").get_by_text("Stopped.").wait_for(timeout=30_000)
        assert page.locator(f"#{result_id}").get_by_text(re.compile(r"[Ss]tep \d+")).count() >= 1
        if plot_id == "opt-figure":
            page.locator("#opt-figure canvas, #opt-figure svg").first.wait_for()
        page.wait_for_timeout(1500)          # Stop redraws the frame again after 1 s (STOP_SETTLE_S)
        errors = page.locator(".error:visible, [data-testid='error']:visible")
        where = [errors.nth(i).evaluate("e => (e.closest('[id]') || {}).id + ': ' + e.innerText.slice(0, 80)")
                 for i in range(errors.count())]
        assert not where, (tab, where)
        badges = page.get_by_text("Error", exact=True)
        said = [badges.nth(i).evaluate("e => (e.closest('[id]') || {}).id + ' | ' + e.parentElement.parentElement.parentElement.innerText.slice(0, 300) + ' | ' + "
                                       "(e.closest('.toast-body, .block') || e).innerText.slice(0, 200)")
                for i in range(badges.count())]
        assert not said, (tab, said)
    page.screenshot(path=str(screenshot_dir / "paper-stopped.png"), full_page=True)
