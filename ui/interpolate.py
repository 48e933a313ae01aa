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
from ui.errors import kept_on_refusal, user_errors
from ui.links import tab_context
from ui.i18n import Texts, reason, t
from ui.widgets import Slider, message_slot
from gan.serving.visitor_models import with_visitor_models
from ui.samples import RANDOM_SEED_BELOW, is_conditional, model_choices
from ui import widgets

DIGITS = [(str(d), d) for d in range(10)]
PATH_CHOICES = [(p, p) for p in validate.PATHS]   # labels: ui/strings_app.py


def walk(zoo, model, seed_a, seed_b, frames, path, digit_a, digit_b, rows=1, extra_seeds="",
         extra_digits="", fps=media.DEFAULT_FPS, bounce=True, seed_limit: limits.Limit = limits.SEED, start=None):
    """Validate every field (seeds within `seed_limit`: the page passes BROWSER_SEED), draw the walk,
    write its GIF; returns (gif path, strip image). `start`: a latent that replaces seed A's (the
    visitor's digit found in G, from the Draw tab)."""
    gif, _, strip = walk_files(zoo, model, seed_a, seed_b, frames, path, digit_a, digit_b, rows, extra_seeds,
                               extra_digits, fps, bounce, seed_limit, start, formats=("gif",))
    return gif, strip


def walk_files(zoo, model, seed_a, seed_b, frames, path, digit_a, digit_b, rows=1, extra_seeds="",
               extra_digits="", fps=media.DEFAULT_FPS, bounce=True, seed_limit: limits.Limit = limits.SEED,
               start=None, formats=("gif", "mp4")) -> tuple:
    """As :func:`walk`, written in each of `formats`: (gif path or None, mp4 path or None, strip image)."""
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
        limits.INTERPOLATION_ROWS.check(rows), start=start)
    fps, stem = limits.FPS.check(fps), f"{model}-walk-" + "-".join(map(str, seeds))
    gif = media.write_gif(result.frames, fps=fps, bounce=bool(bounce), stem=stem) if "gif" in formats else None
    mp4 = None
    if "mp4" in formats:
        frames = list(result.frames)
        frames = frames + frames[-2:0:-1] if bounce and len(frames) > 2 else frames   # as the GIF loops
        mp4 = media.write_mp4(frames, fps=fps, stem=stem)
    return (str(gif) if gif else None), (str(mp4) if mp4 else None), result.strip


def build(zoo, tab=None, my_models: gr.State | None = None, texts: Texts | None = None, language=None,
          walk_start: gr.State | None = None, link=None):
    """The tab's widgets; with `tab`, the default walk is drawn when the visitor first opens it; with
    `my_models`, the model picker offers the session's own models too; `texts` / `language`: the app's
    language switch. Returns the model picker."""
    texts, language, link = tab_context(texts, language, link)
    names = zoo.names
    if not names:
        texts.markdown("interp_none")
        return None
    my_models = my_models if my_models is not None else gr.State({})
    first = names[0]
    follow = texts.follow
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            model = follow(gr.Dropdown(model_choices(zoo), value=first, label=t("model"), elem_id="interpolate-model"),
                           "model")
            with gr.Row():
                seed_a = follow(gr.Number(1, label=t("seed_a"), min_width=100), "seed_a")
                seed_b = follow(gr.Number(2, label=t("seed_b"), min_width=100), "seed_b")
            with gr.Row(visible=is_conditional(zoo, first)) as digit_row:
                digit_a = follow(gr.Dropdown(DIGITS, value=3, label=t("digit_a"), min_width=100), "digit_a")
                digit_b = follow(gr.Dropdown(DIGITS, value=8, label=t("digit_b"), min_width=100), "digit_b")
            shuffle = follow(gr.Button(t("random_seeds"), size="sm"), value="random_seeds")
            frames = follow(Slider(limits.FRAMES.low, limits.FRAMES.high, value=24, step=1, label=t("frames"),
                                   elem_id="interpolate-frames"), "frames")
            path = follow(gr.Radio(PATH_CHOICES, value="linear", label=t("path"), info=t("path_info")),
                          label="path", info="path_info", choices="path_choices")
            rows = follow(Slider(limits.INTERPOLATION_ROWS.low, limits.INTERPOLATION_ROWS.high, value=3, step=1,
                                 label=t("rows"), info=t("interp_rows_info"), elem_id="interpolate-rows"),
                          label="rows", info="interp_rows_info")
            with follow(gr.Accordion(t("more_seeds_header"), open=False), "more_seeds_header"):
                extra_seeds = follow(gr.Textbox(label=t("more_seeds"), placeholder=t("more_seeds_example"),
                                                max_lines=1), label="more_seeds", placeholder="more_seeds_example")
                extra_digits = follow(gr.Textbox(label=t("more_digits"), placeholder=t("more_digits_example"),
                                                 max_lines=1, visible=is_conditional(zoo, first)),
                                      label="more_digits", placeholder="more_digits_example")
                fps = follow(Slider(limits.FPS.low, limits.FPS.high, value=media.DEFAULT_FPS, step=1, label=t("fps")),
                             "fps")
                bounce = follow(gr.Checkbox(True, label=t("bounce")), "bounce")
            walk_start = walk_start if walk_start is not None else gr.State(None)
            with gr.Row(visible=False) as start_row:
                start_note = gr.Markdown(elem_id="interpolate-start")
                forget = follow(gr.Button(t("walk_forget"), size="sm", elem_id="interpolate-forget"), value="walk_forget")
            go = follow(gr.Button(t("interpolate"), variant="primary", elem_id="interpolate-go"), value="interpolate")
            message = message_slot("interpolate-message")
        with gr.Column(scale=2):
            animation = follow(gr.Image(label=t("animation"), type="filepath", interactive=False,
                                        buttons=["download", "fullscreen"], elem_id="interpolate-animation",
                                        elem_classes="gan-picture"), "animation")
            strip = follow(widgets.Image(label=t("strip"), format="png", type="numpy", interactive=False,
                                         buttons=["download", "fullscreen"], elem_id="interpolate-strip",
                                         elem_classes="gan-picture"), "strip")
            gif_file = follow(gr.File(label=t("gif_file"), interactive=False, file_count="multiple",
                                      elem_id="interpolate-file"), "gif_file")
            with gr.Row():
                steer_t = follow(Slider(0, 1, value=0.5, step=0.01, label=t("steer"), info=t("steer_info"),
                                        elem_id="steer-t"), label="steer", info="steer_info")
                steered = follow(widgets.Image(label=t("steered"), format="png", type="numpy", interactive=False,
                                               height=240, elem_id="steer-image", elem_classes="gan-picture"), "steered")
            with follow(gr.Accordion(t("plane_header"), open=False, elem_id="plane"), "plane_header"):
                with gr.Row():
                    seed_c = follow(gr.Number(3, label=t("seed_c"), precision=0, elem_id="plane-seed-c"), "seed_c")
                    digit_c = follow(gr.Dropdown(DIGITS, value=5, label=t("digit_c"), visible=is_conditional(zoo, first)),
                                     "digit_c")
                with gr.Row():
                    pad = follow(widgets.Image(render.plane_pad(0.5, 0.5), label=t("plane_pad"), format="png",
                                               type="numpy", interactive=False, height=render.PAD_SIZE + 50,
                                               elem_id="plane-pad", elem_classes="gan-picture", buttons=[]),
                                 "plane_pad")
                    planed = follow(widgets.Image(label=t("plane_image"), format="png", type="numpy", interactive=False,
                                                  height=render.PAD_SIZE + 50, elem_id="plane-image",
                                                  elem_classes="gan-picture"), "plane_image")
                point = gr.State((0.5, 0.5))
    texts.markdown("interp_note")

    @kept_on_refusal(3)
    def show(model, seed_a, seed_b, frames, path, digit_a, digit_b, rows, extra_seeds, extra_digits, fps, bounce,
             mine, start, lang):
        start_z = start["z"] if start and start.get("model") == model else None
        gif, mp4, image = walk_files(with_visitor_models(zoo, mine), model, seed_a, seed_b, frames, path, digit_a,
                                     digit_b, rows, extra_seeds, extra_digits, fps, bounce,
                                     seed_limit=limits.BROWSER_SEED, start=start_z)
        return gif, image, [gif, mp4]

    @kept_on_refusal(1)
    def steer(model, seed_a, seed_b, t, path, digit_a, digit_b, mine, lang):
        seen = with_visitor_models(zoo, mine)
        gan = seen.get(validate.model_name(model, seen.names))
        digits = None
        if gan.conditional:
            n = gan.config.n_classes
            digits = (validate.digit(digit_a, n, "digit A"), validate.digit(digit_b, n, "digit B"))
        return render.render_latent_point(
            gan, validate.seed(seed_a, "seed A", limits.BROWSER_SEED), validate.seed(seed_b, "seed B", limits.BROWSER_SEED),
            limits.STEER_T.check(t), validate.choice(path, "path", validate.PATHS), digits)

    def steer_plane(model, seed_a, seed_b, seed_c, digit_a, digit_b, digit_c, mine, uv, lang,
                    evt: gr.SelectData = None):
        """A click on the pad (or new seeds): (pad, G at za + u (zb - za) + v (zc - za), (u, v), message)."""
        if evt is not None and isinstance(evt.index, (list, tuple)) and len(evt.index) == 2:
            uv = render.pad_point(*evt.index)
        try:
            return (*plane_point(model, seed_a, seed_b, seed_c, digit_a, digit_b, digit_c, mine, uv), "")
        except ValueError as e:
            return gr.update(), gr.update(), gr.update(), t("refused", lang, reason=reason(e, lang))

    def plane_point(model, seed_a, seed_b, seed_c, digit_a, digit_b, digit_c, mine, uv):
        seen = with_visitor_models(zoo, mine)
        gan = seen.get(validate.model_name(model, seen.names))
        seeds = [validate.seed(s, name, limits.BROWSER_SEED)
                 for s, name in ((seed_a, "seed A"), (seed_b, "seed B"), (seed_c, "seed C"))]
        digits = None
        if gan.conditional:
            n = gan.config.n_classes
            digits = [validate.digit(d, n, name) for d, name in ((digit_a, "digit A"), (digit_b, "digit B"),
                                                               (digit_c, "digit C"))]
        return render.plane_pad(*uv), render.render_latent_plane(gan, seeds, *uv, digits), uv

    def conditional_fields(model, mine):
        visible = is_conditional(with_visitor_models(zoo, mine), model)
        return gr.update(visible=visible), gr.update(visible=visible), gr.update(visible=visible)

    link.add_all([("i_model", model), ("seed_a", seed_a, limits.BROWSER_SEED), ("seed_b", seed_b, limits.BROWSER_SEED),
                  ("digit_a", digit_a), ("digit_b", digit_b), ("frames", frames), ("path", path), ("i_rows", rows),
                  ("more_seeds", extra_seeds), ("more_digits", extra_digits), ("fps", fps), ("bounce", bounce),
                  ("seed_c", seed_c, limits.BROWSER_SEED), ("digit_c", digit_c)])
    private = {"api_visibility": "private"}
    inputs = [model, seed_a, seed_b, frames, path, digit_a, digit_b, rows, extra_seeds, extra_digits, fps, bounce,
              my_models, walk_start, language]
    outputs = [animation, strip, gif_file, message]
    model.change(conditional_fields, [model, my_models], [digit_row, extra_digits, digit_c], queue=False, **private)
    shuffle.click(lambda: (random.randrange(RANDOM_SEED_BELOW), random.randrange(RANDOM_SEED_BELOW)),
                  None, [seed_a, seed_b], queue=False, **private).then(show, inputs, outputs, **private)
    gr.on([go.click, seed_a.submit, seed_b.submit, extra_seeds.submit, extra_digits.submit], show, inputs,
          outputs, trigger_mode="always_last", **private)
    # a redraw per position; while one is drawn, only the latest position waits (the rest are dropped)
    steer_inputs = [model, seed_a, seed_b, steer_t, path, digit_a, digit_b, my_models, language]
    steer_t.input(steer, steer_inputs, [steered, message], trigger_mode="always_last", concurrency_limit=None,
                  show_progress="hidden", **private)
    steer_t.release(steer, steer_inputs, [steered, message], trigger_mode="always_last", concurrency_limit=None,
                    show_progress="hidden", **private)
    # the 2-D pad: a click redraws G at that point of the plane through A, B and C; only the latest waits
    plane_inputs = [model, seed_a, seed_b, seed_c, digit_a, digit_b, digit_c, my_models, point, language]
    plane_outputs = [pad, planed, point, message]
    pad.select(steer_plane, plane_inputs, plane_outputs, trigger_mode="always_last", concurrency_limit=None,
               show_progress="hidden", **private)
    gr.on([seed_c.submit, digit_c.change], steer_plane, plane_inputs, plane_outputs, trigger_mode="always_last",
          concurrency_limit=None, show_progress="hidden", **private)
    # a walk from the visitor's digit (Draw tab): the model it was found in, its digit as A, then drawn
    def started(start, lang):
        if not start:
            return gr.update(visible=False), "", gr.update(), gr.update()
        digit = start.get("digit")
        return (gr.update(visible=True), t("walk_from_digit", lang), start["model"],
                gr.update(value=digit) if digit is not None else gr.update())
    walk_start.change(started, [walk_start, language], [start_row, start_note, model, digit_a], **private).then(
        show, inputs, outputs, **private)
    forget.click(lambda: None, None, walk_start, **private)
    if tab is not None:   # opening the tab draws the walk its fields describe, unless one is shown already
        def show_if_empty(shown, *values):
            return show(*values) if not shown else tuple(gr.update() for _ in outputs)
        tab.select(show_if_empty, [animation, *inputs], outputs, **private)

        def steer_if_empty(shown, *values):        # and the digit at the slider's t
            return steer(*values) if shown is None else (gr.update(), gr.update())
        tab.select(steer_if_empty, [steered, *steer_inputs], [steered, message], show_progress="hidden", **private)

    # The API: own hidden inputs so every bad value reaches our checks (field names and ranges).
    with gr.Group(visible=False):
        api_inputs = [gr.Textbox(first, label="model"), gr.Number(1, label="seed_a"),
                      gr.Number(2, label="seed_b"), gr.Number(24, label="frames"),
                      gr.Textbox("linear", label="path"), gr.Number(0, label="digit_a"),
                      gr.Number(1, label="digit_b")]
        api_outputs = [gr.File(label="animation"), widgets.Image(label="strip", format="png", type="numpy")]

    @user_errors
    def interpolate(model, seed_a, seed_b, frames, path, digit_a, digit_b):
        """A walk from seed A to seed B in `frames` steps along a 'linear' or 'spherical' path; digits
        (0-9) are used by the conditional model only. Returns (looping GIF file, strip image PNG)."""
        return walk(zoo, model, seed_a, seed_b, frames, path, digit_a, digit_b)

    gr.on([], interpolate, api_inputs, api_outputs, api_name="interpolate")

    @user_errors
    def interpolate_video(model, seed_a, seed_b, frames, path, digit_a, digit_b):
        """The same walk as /interpolate, as an H.264 MP4 that plays forward and back."""
        return walk_files(zoo, model, seed_a, seed_b, frames, path, digit_a, digit_b, formats=("mp4",))[1]

    gr.on([], interpolate_video, api_inputs, gr.File(label="video", visible=False), api_name="interpolate_video")
    return model
