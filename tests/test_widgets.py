"""ui.widgets.Image: a picture drawn again must never rewrite, in place, the cached copy a browser is
fetching (Gradio's own gr.Image does, and the page then got less than the declared Content-Length and
showed no image: a walk redrawn with the seeds it opened with)."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import gradio as gr
from gradio import processing_utils
from PIL import Image as PILImage

from ui import widgets


def cached_path(component, value) -> Path:
    """What the page is sent for `value`: the component's postprocess, then Gradio's move into its cache."""
    data = processing_utils.move_files_to_cache(component.postprocess(value).model_dump(), component,
                                                postprocess=True)
    return Path(data["path"])


def short_reads_while_redrawn(component, redraws: int = 150) -> int:
    """Read the first copy over and over while the same picture is drawn again `redraws` times; count
    the reads that came back shorter than the file was."""
    picture = (np.random.default_rng(0).random((400, 600)) * 255).astype(np.uint8)
    path = cached_path(component, picture)
    size, short, stop = path.stat().st_size, [0], threading.Event()

    def read():
        while not stop.is_set():
            short[0] += len(path.read_bytes()) != size

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(redraws):
            cached_path(component, picture)
    finally:
        stop.set()
        reader.join()
    return short[0]


def test_a_redrawn_picture_never_rewrites_the_copy_being_read():
    assert short_reads_while_redrawn(widgets.Image(format="png", type="numpy")) == 0


def test_gradios_image_does_rewrite_it_so_the_test_above_can_fail():
    assert short_reads_while_redrawn(gr.Image(format="png", type="numpy")) > 0


def test_the_picture_is_the_array_exactly_and_the_page_draws_it_with_gradios_image():
    component = widgets.Image(format="png", type="numpy", elem_id="strip")
    picture = np.arange(6 * 7 * 3, dtype=np.uint8).reshape(6, 7, 3)
    path = cached_path(component, picture)
    assert path.suffix == ".png" and path.name.startswith("strip-")
    assert np.array_equal(np.asarray(PILImage.open(path)), picture)
    assert component.get_block_name() == "image"
