"""The Interpolate tab: walking from z_A to z_B (and on through more seeds) and watching G(z) change
smoothly, the paper's Figure 3 check that G has learned a continuous map rather than a lookup table.

Also defines the `/interpolate` API endpoint
(model, seed_a, seed_b, frames, path, digit_a, digit_b) -> (GIF file, strip image).
"""
from __future__ import annotations

import random

import gradio as gr

from gan.serving import media
from gan.serving import render
from gan import limits
from gan.serving import validate
from ui.errors import user_errors
from gan.serving.visitor_models import with_visitor_models
from ui.samples import RANDOM_SEED_BELOW, is_conditional, model_choices

DIGITS = [(str(d), d) for d in range(10)]


def walk(zoo, model, seed_a, seed_b, frames, path, digit_a, digit_b, rows=1, extra_seeds="",
         extra_digits="", fps=media.DEFAULT_FPS, bounce=True, seed_limit: limits.Limit = limits.SEED):
    """Validate every field (seeds within `seed_limit`: the page passes BROWSER_SEED), draw the walk,
    write its GIF; returns (gif path, strip image)."""
    gan = zoo.get(validate.model_name(model, zoo.names))
    seeds = [validate.seed(seed_a, "seed A", seed_limit), validate.seed(seed_b, "seed B", seed_limit),
             *validate.seed_list(extra_seeds, "walk seeds", limit=seed_limit)]
    digits = None
    if gan.conditional:
        n = gan.config.n_classes
        # digits typed for stops that are not there (no extra seeds) are left alone, not refused
        more = validate.integer_list(extra_digits, "walk digits", 0, n - 1, limits.WALK_SEEDS - 2)
        more = more[:len(seeds) - 2]
        digits = [validate.digit(digit_a, n, "digit A"), validate.digit(digit_b, n, "digit B"), *more]
        digits += [digits[-1]] * (len(seeds) - len(digits))   # stops without a digit keep the last one
    else:   # ignored by an unconditional model, but a value that is no digit at all is still refused
        validate.digit(digit_a, 0, "digit A")
        validate.digit(digit_b, 0, "digit B")
    result = render.render_interpolation(
        gan, seeds, limits.FRAMES.check(frames),
        validate.choice(path, "path", validate.PATHS), digits,
        limits.INTERPOLATION_ROWS.check(rows))
    gif = media.write_gif(result.frames, fps=limits.FPS.check(fps), bounce=bool(bounce),
                          stem=f"{model}-walk-" + "-".join(map(str, seeds)))
    return str(gif), result.strip


def build(zoo, tab=None, my_models: gr.State | None = None):
    """The tab's widgets; with `tab`, the default walk is drawn when the visitor first opens it; with
    `my_models`, the model picker offers the session's own models too. Returns the model picker."""
    names = zoo.names
    if not names:
        gr.Markdown("No model could be loaded, so there is nothing to interpolate.")
        return None
    my_models = my_models if my_models is not None else gr.State({})
    first = names[0]
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            model = gr.Dropdown(model_choices(zoo), value=first, label="Model")
            with gr.Row():
                seed_a = gr.Number(1, label="Seed A", min_width=100)
                seed_b = gr.Number(2, label="Seed B", min_width=100)
            with gr.Row(visible=is_conditional(zoo, first)) as digit_row:
                digit_a = gr.Dropdown(DIGITS, value=3, label="Digit A", min_width=100)
                digit_b = gr.Dropdown(DIGITS, value=8, label="Digit B", min_width=100)
            shuffle = gr.Button("Random seeds", size="sm")
            frames = gr.Slider(limits.FRAMES.low, limits.FRAMES.high, value=24, step=1,
                               label="Frames from A to B (each leg of a walk)")
            path = gr.Radio(list(validate.PATHS), value="linear", label="Path through z-space",
                            info="spherical follows the great circle (Slerp), keeping |z| typical")
            rows = gr.Slider(limits.INTERPOLATION_ROWS.low, limits.INTERPOLATION_ROWS.high, value=3, step=1, label="Rows",
                             info="each row walks between its own z drawn from the same seeds")
            with gr.Accordion("Walk through more seeds, playback", open=False):
                extra_seeds = gr.Textbox(label="More seeds after B (a walk A -> B -> C ...)",
                                         placeholder="e.g. 7, 99, 1234", max_lines=1)
                extra_digits = gr.Textbox(label="Their digits (conditional model; default: digit B)",
                                          placeholder="e.g. 5, 0", max_lines=1,
                                          visible=is_conditional(zoo, first))
                fps = gr.Slider(limits.FPS.low, limits.FPS.high, value=media.DEFAULT_FPS, step=1, label="Frames per second")
                bounce = gr.Checkbox(True, label="Play forth and back (no jump when the loop restarts)")
            go = gr.Button("Interpolate", variant="primary", elem_id="interpolate-go")
        with gr.Column(scale=2):
            animation = gr.Image(label="Animation (looping GIF)", type="filepath", interactive=False,
                                 buttons=["download", "fullscreen"], elem_id="interpolate-animation",
                                 elem_classes="gan-picture")
            strip = gr.Image(label="Strip: the walk from left to right (download: PNG)", format="png",
                             type="numpy", interactive=False, buttons=["download", "fullscreen"],
                             elem_id="interpolate-strip", elem_classes="gan-picture")
            gif_file = gr.File(label="Download the animation (GIF)", interactive=False,
                               elem_id="interpolate-file")
            with gr.Row():
                steer_t = gr.Slider(0, 1, value=0.5, step=0.01, label="Steer: t from A (0) to B (1)",
                                    info="drag: G redraws the digit at that point of the path", elem_id="steer-t")
                steered = gr.Image(label="G at t", format="png", type="numpy", interactive=False, height=240,
                                   elem_id="steer-image", elem_classes="gan-picture")
    gr.Markdown("Linear interpolation is what the paper shows (Figure 3: 'digits obtained by linearly "
                "interpolating between coordinates in z space'); a smooth morph means nearby z give "
                "similar digits.")

    @user_errors
    def show(model, seed_a, seed_b, frames, path, digit_a, digit_b, rows, extra_seeds, extra_digits, fps, bounce,
             mine):
        gif, image = walk(with_visitor_models(zoo, mine), model, seed_a, seed_b, frames, path, digit_a, digit_b, rows, extra_seeds,
                          extra_digits, fps, bounce, seed_limit=limits.BROWSER_SEED)
        return gif, image, gif

    @user_errors
    def steer(model, seed_a, seed_b, t, path, digit_a, digit_b, mine):
        seen = with_visitor_models(zoo, mine)
        gan = seen.get(validate.model_name(model, seen.names))
        digits = None
        if gan.conditional:
            n = gan.config.n_classes
            digits = (validate.digit(digit_a, n, "digit A"), validate.digit(digit_b, n, "digit B"))
        return render.render_latent_point(
            gan, validate.seed(seed_a, "seed A", limits.BROWSER_SEED), validate.seed(seed_b, "seed B", limits.BROWSER_SEED),
            limits.STEER_T.check(t), validate.choice(path, "path", validate.PATHS), digits)

    def conditional_fields(model, mine):
        visible = is_conditional(with_visitor_models(zoo, mine), model)
        return gr.update(visible=visible), gr.update(visible=visible)

    private = {"api_visibility": "private"}
    inputs = [model, seed_a, seed_b, frames, path, digit_a, digit_b, rows, extra_seeds, extra_digits, fps, bounce,
              my_models]
    outputs = [animation, strip, gif_file]
    model.change(conditional_fields, [model, my_models], [digit_row, extra_digits], queue=False, **private)
    shuffle.click(lambda: (random.randrange(RANDOM_SEED_BELOW), random.randrange(RANDOM_SEED_BELOW)),
                  None, [seed_a, seed_b], queue=False, **private).then(show, inputs, outputs, **private)
    gr.on([go.click, seed_a.submit, seed_b.submit, extra_seeds.submit, extra_digits.submit], show, inputs,
          outputs, trigger_mode="always_last", **private)
    # a redraw per position; while one is drawn, only the latest position waits (the rest are dropped)
    steer_inputs = [model, seed_a, seed_b, steer_t, path, digit_a, digit_b, my_models]
    steer_t.input(steer, steer_inputs, steered, trigger_mode="always_last", concurrency_limit=None,
                  show_progress="hidden", **private)
    steer_t.release(steer, steer_inputs, steered, trigger_mode="always_last", concurrency_limit=None,
                    show_progress="hidden", **private)
    if tab is not None:   # opening the tab draws the walk its fields describe, unless one is shown already
        def show_if_empty(shown, *values):
            return show(*values) if not shown else (gr.update(), gr.update(), gr.update())
        tab.select(show_if_empty, [animation, *inputs], outputs, **private)

    # The API: own hidden inputs so every bad value reaches our checks (field names and ranges).
    with gr.Group(visible=False):
        api_inputs = [gr.Textbox(first, label="model"), gr.Number(1, label="seed_a"),
                      gr.Number(2, label="seed_b"), gr.Number(24, label="frames"),
                      gr.Textbox("linear", label="path"), gr.Number(0, label="digit_a"),
                      gr.Number(1, label="digit_b")]
        api_outputs = [gr.File(label="animation"), gr.Image(label="strip", format="png", type="numpy")]

    @user_errors
    def interpolate(model, seed_a, seed_b, frames, path, digit_a, digit_b):
        """A walk from seed A to seed B in `frames` steps along a 'linear' or 'spherical' path; digits
        (0-9) are used by the conditional model only. Returns (looping GIF file, strip image PNG)."""
        return walk(zoo, model, seed_a, seed_b, frames, path, digit_a, digit_b)

    gr.on([], interpolate, api_inputs, api_outputs, api_name="interpolate")
    return model
