"""The app in a real browser (Debian's Chromium through Playwright): load the page, make a grid with the
overlays, interpolate. Screenshots go to artifacts/screenshots/ (gitignored)."""
import re

GRID_IMG = "#samples-grid img"


def image_src(page, selector: str) -> str:
    return page.locator(selector).first.get_attribute("src") or ""


def wait_for_new_image(page, selector: str, old_src: str, timeout_ms: int = 30_000) -> str:
    """Wait until the image under `selector` shows a different, fully loaded file."""
    page.wait_for_function(
        """([sel, old]) => { const img = document.querySelector(sel);
             return img && img.src && img.src !== old && img.complete && img.naturalWidth > 0; }""",
        arg=[selector, old_src], timeout=timeout_ms)
    return image_src(page, selector)


def wait_for_image(page, selector: str, timeout_ms: int = 30_000) -> None:
    """Wait until the image under `selector` shows a fully loaded file."""
    page.wait_for_function("sel => { const i = document.querySelector(sel); "
                           "return i && i.complete && i.naturalWidth > 0; }", arg=selector, timeout=timeout_ms)


def natural_size(page, selector: str) -> tuple[int, int]:
    return tuple(page.locator(selector).first.evaluate("img => [img.naturalWidth, img.naturalHeight]"))


def test_page_loads_with_header_and_a_first_grid(browser_page, screenshot_dir):
    page = browser_page
    header = page.locator("#header")
    assert "GAN Playground" in header.inner_text()
    assert re.search(r"Device:\s*(CPU|CUDA)", header.inner_text())
    assert "Weights:" in header.inner_text()
    wait_for_image(page, GRID_IMG)
    assert natural_size(page, GRID_IMG) == (8 * 60 + 4, 8 * 60 + 4)
    page.screenshot(path=str(screenshot_dir / "01-page.png"), full_page=True)


def test_make_a_grid_with_overlays(browser_page, screenshot_dir):
    page = browser_page
    wait_for_image(page, GRID_IMG)
    first = image_src(page, GRID_IMG)
    page.get_by_role("button", name="Next ▶").click()
    after_next = wait_for_new_image(page, GRID_IMG, first)
    assert page.locator("#samples-seed input").input_value() == "43"
    page.get_by_label("Show D's score under each sample (D(x) = sigmoid of its logit)").check()
    with_scores = wait_for_new_image(page, GRID_IMG, after_next)
    page.get_by_label("Show the nearest training digit beside each sample (Figure 2)").check()
    wait_for_new_image(page, GRID_IMG, with_scores)
    width, height = natural_size(page, GRID_IMG)
    assert width > height     # each cell now holds the sample and its nearest training digit side by side
    assert "judged real" in page.locator("#samples-caption").inner_text()
    assert "nearest training digit" in page.locator("#samples-caption").inner_text()
    page.locator("#samples-grid").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "02-samples-overlays.png"), full_page=True)


def test_a_refused_input_keeps_the_grid_and_says_why_beside_the_controls(browser_page, screenshot_dir):
    """A refused seed once erased the grid and left a big "Error" badge over the caption."""
    page = browser_page
    wait_for_image(page, GRID_IMG)
    before = image_src(page, GRID_IMG)
    seed = page.locator("#samples-seed input")
    seed.fill("-5")
    seed.press("Enter")
    page.locator("#samples-message").get_by_text(re.compile(r"seed must be an integer from 0 to")).wait_for()
    assert image_src(page, GRID_IMG) == before and natural_size(page, GRID_IMG)[0] > 0
    assert page.locator("#samples-grid .error, #samples-caption .error").count() == 0
    assert "judged real" in page.locator("#samples-caption").inner_text()
    page.screenshot(path=str(screenshot_dir / "03-refused-seed.png"), full_page=True)
    seed.fill("7")
    seed.press("Enter")
    wait_for_new_image(page, GRID_IMG, before)
    assert page.locator("#samples-message").inner_text().strip() == ""      # a good input clears the line
    # the same in Interpolate
    page.get_by_role("tab", name="Interpolate").click()
    wait_for_image(page, "#interpolate-strip img")
    strip = image_src(page, "#interpolate-strip img")
    box = page.get_by_label("Seed B")
    box.fill("-1")
    box.press("Enter")
    page.locator("#interpolate-message").get_by_text("seed B").wait_for()
    assert image_src(page, "#interpolate-strip img") == strip


def test_enter_in_a_slider_box_applies_it_and_out_of_range_is_named(browser_page):
    """The number box beside a slider applied only on blur, so the controls could say 16 x 16 over a
    16 x 8 grid; 17 got Gradio's nameless "Value 17 is greater than maximum value 16."."""
    page = browser_page
    wait_for_image(page, GRID_IMG)
    before = image_src(page, GRID_IMG)
    rows = page.locator("#samples-rows input[type=number]")
    rows.fill("4")
    rows.press("Enter")                    # the box keeps the focus: Enter alone must apply it
    after = wait_for_new_image(page, GRID_IMG, before)
    assert natural_size(page, GRID_IMG) == (8 * 60 + 4, 4 * 60 + 4)
    rows.fill("17")
    rows.press("Enter")
    page.locator("#samples-message").get_by_text("rows must be an integer from 1 to 16, got 17").wait_for()
    assert page.get_by_text("greater than maximum").count() == 0
    page.wait_for_function("() => document.querySelector('#samples-rows input[type=number]').value === '4'")
    assert image_src(page, GRID_IMG) == after        # the grid and the slider still agree: 4 rows


def test_interpolate_opens_with_its_default_walk_drawn(browser_page):
    page = browser_page
    page.get_by_role("tab", name="Interpolate").click()
    page.wait_for_function(
        """() => ['#interpolate-animation img', '#interpolate-strip img', '#steer-image img'].every(sel => {
             const i = document.querySelector(sel); return i && i.complete && i.naturalWidth > 0; })""",
        timeout=30_000)
    assert natural_size(page, "#interpolate-strip img") == (16 * 60 + 4, 3 * 60 + 4)


def test_interpolate(browser_page, screenshot_dir):
    page = browser_page
    page.get_by_role("tab", name="Interpolate").click()
    go = page.locator("#interpolate-go")
    go.wait_for(state="visible")
    go.click()
    page.wait_for_function(   # 60 s: under a loaded full suite the first animation once took over 30 s
        """() => ['#interpolate-animation img', '#interpolate-strip img'].every(sel => {
             const i = document.querySelector(sel); return i && i.complete && i.naturalWidth > 0; })""",
        timeout=60_000)
    assert image_src(page, "#interpolate-animation img").split("?")[0].endswith(".gif")
    strip_w, strip_h = natural_size(page, "#interpolate-strip img")
    assert (strip_w, strip_h) == (16 * 60 + 4, 3 * 60 + 4)   # 3 rows, 16 of the 24 frames
    page.locator("#interpolate-file").get_by_text(re.compile(r"\.gif")).first.wait_for()
    page.screenshot(path=str(screenshot_dir / "03-interpolate.png"), full_page=True)


def test_seeds_beyond_what_a_browser_holds_exactly_are_refused_not_rounded(browser_page):
    """2**53 + 1 typed in the seed box reaches the server as 2**53 (a JavaScript number): it must be
    refused with the page's range, never silently drawn as another seed; 2**53 - 1 draws."""
    page = browser_page
    wait_for_image(page, GRID_IMG)
    seed = page.locator("#samples-seed input")
    seed.fill(str(2**53 + 1))
    seed.press("Enter")
    page.get_by_text(re.compile(r"seed must be an integer from 0 to 9007199254740991")).first.wait_for(timeout=15_000)
    before = image_src(page, GRID_IMG)
    seed.fill(str(2**53 - 1))
    seed.press("Enter")
    wait_for_new_image(page, GRID_IMG, before)


def test_steer_the_latent_with_the_t_slider(browser_page, screenshot_dir):
    """Dragging t from A to B redraws G's digit at that point of the path; t = 0 is seed A's digit and
    t = 1 seed B's, as in the strip's first and last columns."""
    page = browser_page
    page.get_by_role("tab", name="Interpolate").click()
    slider = page.locator("#steer-t input[type=range]")
    slider.wait_for()
    wait_for_image(page, "#steer-image img")     # t = 0.5, drawn on open
    seen = set()
    for value in ("0", "0.3", "0.7", "1"):
        old = page.evaluate("() => { const i = document.querySelector('#steer-image img'); return i ? i.src : ''; }")
        slider.fill(value)
        page.wait_for_function(
            """([sel, old]) => { const i = document.querySelector(sel);
                 return i && i.src && i.src !== old && i.complete && i.naturalWidth > 0; }""",
            arg=["#steer-image img", old], timeout=30_000)
        seen.add(image_src(page, "#steer-image img"))
        assert natural_size(page, "#steer-image img") == (224, 224)
    assert len(seen) == 4
    page.locator("#steer-image").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "04-interpolate-steer.png"), full_page=True)


def open_pad(page, u: float, v: float) -> dict:
    """Interpolate's "Steer in 2-D" opened and its pad clicked at (u, v) of its box, the digit drawn;
    returns the pad's bounding box."""
    page.get_by_role("tab", name="Interpolate").click()
    page.locator("#plane").get_by_text("Steer in 2-D").click()
    pad = page.locator("#plane-pad img")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    # a click at a point of the image, once it is still (the accordion may still be opening)
    pad.click(position={"x": u * box["width"], "y": v * box["height"]})
    wait_for_image(page, "#plane-image img", timeout_ms=60_000)   # 30 s ran out once beside a training run
    return pad.bounding_box()


def test_steer_in_2d_with_the_pad(browser_page, screenshot_dir):
    """A click on the pad draws G at A + u (B - A) + v (C - A); another click, another digit."""
    page = browser_page
    box = open_pad(page, 0.8, 0.2)
    first = image_src(page, "#plane-image img")
    pad_first = image_src(page, "#plane-pad img")
    page.locator("#plane-pad img").click(position={"x": 0.1 * box["width"], "y": 0.9 * box["height"]})
    wait_for_new_image(page, "#plane-image img", first)
    assert image_src(page, "#plane-pad img") != pad_first          # the ring moved to the new point
    assert natural_size(page, "#plane-image img") == (28 * 8, 28 * 8)
    page.locator("#plane").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "03-interpolate-plane.png"), full_page=True)


def test_the_pad_follows_a_drag_before_the_button_is_released(browser_page):
    """Dragging on the pad redraws G along the way: new digits arrive while the button is still down."""
    page = browser_page
    box = open_pad(page, 0.2, 0.8)
    seen = {image_src(page, "#plane-image img")}
    page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + 0.8 * box["height"])
    page.mouse.down()
    for i in range(1, 13):                        # a drag up and to the right, the button held down
        page.mouse.move(box["x"] + (0.2 + 0.05 * i) * box["width"], box["y"] + (0.8 - 0.05 * i) * box["height"])
        page.wait_for_timeout(120)
        seen.add(image_src(page, "#plane-image img"))
    page.wait_for_timeout(500)
    seen.add(image_src(page, "#plane-image img"))
    page.mouse.up()
    assert len(seen) >= 3, "the pad did not follow the drag"
