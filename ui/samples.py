"""The Samples tab: x = G(z) for z ~ p_z, a seeded grid from each pretrained generator, with D's score
for each sample and the paper's Figure 2 check (nearest training digit) as optional overlays.

Also defines the `/generate` API endpoint (model, seed, rows, cols, digit) -> grid image.
"""
from __future__ import annotations

import random

import gradio as gr

from gan.serving import media
from gan.serving import render
from gan import limits
from gan.serving import validate
from gan.serving.visitor_models import with_visitor_models
from gan.serving.zoo import LABELS
from ui.errors import user_errors
from ui.links import tab_context
from ui.i18n import DEFAULT_LANGUAGE, STRINGS, Texts, reason, t
from ui.widgets import Slider, message_slot
from ui import widgets

DEFAULT_SEED, DEFAULT_SIDE = 42, 8
RANDOM_SEED_BELOW = 2**31   # the dice stay in a range a browser's numbers hold exactly
DIGIT_CHOICES = [(str(d), d) for d in range(10)] + [("0-9 in turn", -1)]   # labels: ui/strings_app.py


def model_label(name: str, lang=DEFAULT_LANGUAGE) -> str:
    """A shipped model's label in the language; a visitor's own model is labelled by its name."""
    key = f"model_{name}"
    return t(key, lang) if key in STRINGS else LABELS.get(name, name)


def model_choices(zoo, lang=DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
    """(label, name) of every model `zoo` holds."""
    return [(model_label(name, lang), name) for name in zoo.names]


def is_conditional(zoo, name) -> bool:
    return name in zoo.models and zoo.get(name).conditional


def sample_grid(zoo, model, seed, rows, cols, digit, show_scores=False, show_nearest=False,
                with_scores=True, seed_limit: limits.Limit = limits.SEED) -> render.GridResult:
    """Validate every field (seeds within `seed_limit`: the page passes BROWSER_SEED), then draw the grid."""
    gan = zoo.get(validate.model_name(model, zoo.names))
    return render.render_grid(
        gan, validate.seed(seed, limit=seed_limit), limits.GRID_SIDE.check(rows, "rows"),
        limits.GRID_SIDE.check(cols, "cols"),
        validate.digit(digit, gan.config.n_classes, allow_mixed=True),
        show_scores=bool(show_scores), show_nearest=bool(show_nearest), with_scores=with_scores)


def grid_name(model, seed, rows, cols, digit=None) -> str:
    """What a downloaded grid is called: model, seed, size (and the conditional model's digit), e.g.
    mnist-mlp-seed42-8x8 (arguments already validated)."""
    name = f"{model}-seed{int(seed)}-{int(rows)}x{int(cols)}"
    return name + ("" if digit is None else "-digits0-9" if int(digit) < 0 else f"-digit{int(digit)}")


def describe(result: render.GridResult, show_nearest: bool, lang=DEFAULT_LANGUAGE) -> str:
    """A one-line reading of the grid for learners."""
    real = float((result.scores >= 0.5).mean()) * 100
    text = t("samples_caption", lang, mean=result.scores.mean(), real=real)
    if show_nearest and result.nearest_distance is not None:
        text += t("samples_caption_nearest", lang, distance=result.nearest_distance.mean())
    return text


def build(zoo, my_models: gr.State | None = None, texts: Texts | None = None, language=None, link=None):
    """The tab's widgets; with `my_models` (a session's own models, see gan.serving.visitor_models)
    the model picker offers them too; `texts` / `language`: the app's language switch. Returns the
    model picker (None when no model loaded)."""
    texts, language, link = tab_context(texts, language, link)
    names = zoo.names
    if not names:
        texts.markdown("samples_none")
        return None
    my_models = my_models if my_models is not None else gr.State({})
    first = names[0]
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            model = gr.Dropdown(model_choices(zoo), value=first, label=t("model"), elem_id="samples-model")
            texts.follow(model, "model")
            digit = texts.follow(gr.Dropdown(DIGIT_CHOICES, value=0, label=t("samples_digit"),
                                             visible=is_conditional(zoo, first)),
                                 label="samples_digit", choices="samples_digit_choices")
            seed = texts.follow(gr.Number(DEFAULT_SEED, label=t("samples_seed"), elem_id="samples-seed"),
                                "samples_seed")
            with gr.Row():
                previous_seed = texts.follow(gr.Button(t("previous"), size="sm", min_width=60), value="previous")
                random_seed = texts.follow(gr.Button(t("random_seed"), size="sm", min_width=60), value="random_seed")
                next_seed = texts.follow(gr.Button(t("next"), size="sm", min_width=60), value="next")
            rows = texts.follow(Slider(limits.GRID_SIDE.low, limits.GRID_SIDE.high, value=DEFAULT_SIDE, step=1,
                                       label=t("rows"), elem_id="samples-rows"), "rows")
            cols = texts.follow(Slider(limits.GRID_SIDE.low, limits.GRID_SIDE.high, value=DEFAULT_SIDE, step=1,
                                       label=t("cols"), elem_id="samples-cols"), "cols")
            show_scores = texts.follow(gr.Checkbox(False, label=t("samples_show_scores")), "samples_show_scores")
            show_nearest = texts.follow(gr.Checkbox(False, label=t("samples_show_nearest")), "samples_show_nearest")
            draw = texts.follow(gr.Button(t("generate"), variant="primary", elem_id="samples-generate"),
                                value="generate")
            message = message_slot("samples-message")
        with gr.Column(scale=2):
            first_grid = sample_grid(zoo, first, DEFAULT_SEED, DEFAULT_SIDE, DEFAULT_SIDE, 0)
            grid = texts.follow(widgets.Image(first_grid.image, label=t("samples_grid"), format="png",
                                            type="numpy", interactive=False, buttons=["download", "fullscreen"],
                                            elem_id="samples-grid", elem_classes="gan-picture"), "samples_grid")
            caption = gr.Markdown(describe(first_grid, False), elem_id="samples-caption")
    texts.markdown("samples_note")

    def show(model, seed, rows, cols, digit, show_scores, show_nearest, mine, shown_size, lang):
        """(grid, caption, its size, rows, cols, message); a refused input keeps the grid and sets the
        sliders back to the size it has (a slider's box shows its bound, not the refused value)."""
        seen = with_visitor_models(zoo, mine)
        try:
            result = sample_grid(seen, model, seed, rows, cols, digit, show_scores, show_nearest,
                                 seed_limit=limits.BROWSER_SEED)
        except ValueError as e:
            return (gr.update(), gr.update(), shown_size, *shown_size, t("refused", lang, reason=reason(e, lang)))
        stem = grid_name(model, seed, rows, cols, digit if is_conditional(seen, model) else None)
        return (str(media.write_png(result.image, stem=stem)), describe(result, show_nearest, lang),
                (int(rows), int(cols)), gr.update(), gr.update(), "")

    @user_errors
    def step_seed(seed, step):
        return min(max(validate.seed(seed, limit=limits.BROWSER_SEED) + step, 0), int(limits.BROWSER_SEED.high))

    def digit_picker(model, mine):
        return gr.update(visible=is_conditional(with_visitor_models(zoo, mine), model))

    shown_size = gr.State((DEFAULT_SIDE, DEFAULT_SIDE))     # rows and columns of the grid on show
    inputs = [model, seed, rows, cols, digit, show_scores, show_nearest, my_models, shown_size, language]
    outputs = [grid, caption, shown_size, rows, cols, message]
    link.add_all([("model", model), ("seed", seed, limits.BROWSER_SEED), ("rows", rows), ("cols", cols),
                  ("digit", digit), ("scores", show_scores), ("nearest", show_nearest)])
    private = {"api_visibility": "private"}
    model.change(digit_picker, [model, my_models], digit, queue=False, **private)
    for button, step in ((previous_seed, -1), (next_seed, 1)):
        button.click(lambda s, step=step: step_seed(s, step), seed, seed, queue=False, **private).success(
            show, inputs, outputs, **private)
    random_seed.click(lambda: random.randrange(RANDOM_SEED_BELOW), None, seed, queue=False, **private).then(
        show, inputs, outputs, **private)
    gr.on([draw.click, seed.submit, model.change, digit.change, rows.release, cols.release,
           show_scores.change, show_nearest.change, language.change], show, inputs, outputs,
          trigger_mode="always_last", **private)
    link.redraw(["model", "seed", "rows", "cols", "digit", "scores", "nearest"], "samples-generate")

    # The API: (model, seed, rows, cols, digit) -> plain grid. Own hidden inputs, so a client's bad value
    # reaches our checks (with field names and ranges) rather than the sliders' generic bounds message.
    with gr.Group(visible=False):
        api_inputs = [gr.Textbox(first, label="model"), gr.Number(DEFAULT_SEED, label="seed"),
                      gr.Number(DEFAULT_SIDE, label="rows"), gr.Number(DEFAULT_SIDE, label="cols"),
                      gr.Number(0, label="digit")]
        api_image = widgets.Image(label="image", format="png", type="numpy")

    @user_errors
    def generate(model, seed, rows, cols, digit):
        """A rows x cols grid of samples (PNG) from `model` with `seed`; `digit` (0-9, or -1 for the ten
        digits in turn) is used by the conditional model only."""
        result = sample_grid(zoo, model, seed, rows, cols, digit, with_scores=False)
        conditional_digit = digit if is_conditional(zoo, model) else None
        return str(media.write_png(result.image, stem=grid_name(model, seed, rows, cols, conditional_digit)))

    gr.on([], generate, api_inputs, api_image, api_name="generate")
    return model
