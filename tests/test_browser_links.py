"""Links that share a set-up, in Chromium: the URL follows the tab and every changed setting; Copy link
gives that link; opening it restores the tab and the settings; a bad value in a link is ignored with a
note, never an error page. Screenshot: artifacts/screenshots/18-link-opened.png."""
import re

from conftest import open_app


def test_copy_link_and_open_it_elsewhere(chromium_browser, app_server, screenshot_dir):
    context, page = open_app(chromium_browser, app_server)
    try:
        rows = page.locator("#samples-rows input[type=number]")
        rows.fill("3")
        rows.press("Enter")
        page.wait_for_function("() => location.search.includes('rows=3')")
        page.get_by_role("tab", name="Train live").click()
        page.locator("#train-data").get_by_text("2-D ring").click()
        page.wait_for_function("() => location.search.includes('data=ring') && location.search.includes('tab=train')")
        assert "seed=" not in page.url                      # settings left at their defaults stay out
        assert not page.locator("#link-box").is_visible()   # no empty box before there is a link
        page.locator("#copy-link").click()
        box = page.locator("#link-box textarea, #link-box input").first
        page.wait_for_function("() => { const b = document.querySelector('#link-box textarea, #link-box input');"
                               " return b && b.value !== ''; }")             # shown once it holds the link
        link = box.input_value()
        assert link.startswith(app_server.rstrip("/")) and "rows=3" in link and "data=ring" in link
    finally:
        context.close()
    context, page = open_app(chromium_browser, link)        # another visitor opens the link
    try:
        page.wait_for_function("() => document.querySelector('button[role=tab][aria-selected=true]')"
                               ".textContent.trim() === 'Train live'")
        page.locator("#train-data input[value=ring]").wait_for(state="attached")
        page.wait_for_function("() => document.querySelector('#train-data input[value=ring]').checked")
        page.get_by_role("tab", name="Samples").click()
        page.wait_for_function("() => document.querySelector('#samples-rows input[type=number]').value === '3'")
        # and the grid is the link's: 3 rows of 60-pixel cells (+ 4 px border), not the default 8
        page.wait_for_function("() => { const i = document.querySelector('#samples-grid img');"
                               " return i && i.complete && i.naturalHeight === 3 * 60 + 4; }")
        page.screenshot(path=str(screenshot_dir / "18-link-opened.png"), full_page=True)
    finally:
        context.close()


def test_a_bad_value_in_a_link_is_ignored_with_a_note(chromium_browser, app_server):
    context, page = open_app(chromium_browser, app_server.rstrip("/") + "/?tab=interpolate&seed_a=7&frames=999&path=x")
    try:
        note = page.locator("#link-note")
        note.get_by_text(re.compile(r"ignored: frames must be from 2 to 120, got 999; path must be one of")).wait_for()
        page.wait_for_function("() => document.querySelector('button[role=tab][aria-selected=true]')"
                               ".textContent.trim() === 'Interpolate'")
        page.locator("#interpolate-animation img").wait_for()           # the tab drew its walk as opened
        assert page.get_by_label("Seed A").input_value() == "7"
    finally:
        context.close()
