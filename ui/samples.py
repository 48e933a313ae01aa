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

DEFAULT_SEED, DEFAULT_SIDE = 42, 8
RANDOM_SEED_BELOW = 2**31   # the dice stay in a range a browser's numbers hold exactly
DIGIT_CHOICES = [(str(d), d) for d in range(10)] + [("0-9 in turn", -1)]


def model_choices(zoo) -> list[tuple[str, str]]:
    """(label, name) of every model `zoo` holds (a visitor's own models are labelled by their name)."""
    return [(LABELS.get(name, name), name) for name in zoo.names]


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


def describe(result: render.GridResult, show_nearest: bool) -> str:
    """A one-line reading of the grid for learners."""
    real = float((result.scores >= 0.5).mean()) * 100
    text = (f"D's mean score on these samples: **{result.scores.mean():.2f}** ({real:.0f}% judged real, "
            "D > 0.5). At the game's end D would say 0.5 everywhere.")
    if show_nearest and result.nearest_distance is not None:
        text += (f" Mean L2 distance to the nearest training digit (amber, from a 10,000-digit subset): "
                 f"**{result.nearest_distance.mean():.1f}**; a memorised copy would be near 0.")
    return text


def build(zoo, my_models: gr.State | None = None):
    """The tab's widgets; with `my_models` (a session's own models, see gan.serving.visitor_models)
    the model picker offers them too. Returns the model picker (None when no model loaded)."""
    names = zoo.names
    if not names:
        gr.Markdown("No model could be loaded, so there is nothing to sample from.")
        return None
    my_models = my_models if my_models is not None else gr.State({})
    first = names[0]
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            model = gr.Dropdown(model_choices(zoo), value=first, label="Model")
            digit = gr.Dropdown(DIGIT_CHOICES, value=0, label="Digit (conditional model)",
                                visible=is_conditional(zoo, first))
            seed = gr.Number(DEFAULT_SEED, label="Seed (0 to 2^53-1; Enter to draw)", elem_id="samples-seed")
            with gr.Row():
                previous_seed = gr.Button("◀ Previous", size="sm", min_width=60)
                random_seed = gr.Button("Random seed", size="sm", min_width=60)
                next_seed = gr.Button("Next ▶", size="sm", min_width=60)
            rows = gr.Slider(limits.GRID_SIDE.low, limits.GRID_SIDE.high, value=DEFAULT_SIDE, step=1, label="Rows")
            cols = gr.Slider(limits.GRID_SIDE.low, limits.GRID_SIDE.high, value=DEFAULT_SIDE, step=1, label="Columns")
            show_scores = gr.Checkbox(False, label="Show D's score under each sample (D(x) = sigmoid of its logit)")
            show_nearest = gr.Checkbox(False, label="Show the nearest training digit beside each sample (Figure 2)")
            draw = gr.Button("Generate", variant="primary", elem_id="samples-generate")
        with gr.Column(scale=2):
            first_grid = sample_grid(zoo, first, DEFAULT_SEED, DEFAULT_SIDE, DEFAULT_SIDE, 0)
            grid = gr.Image(first_grid.image, label="Samples G(z) (download: PNG)", format="png",
                            type="numpy", interactive=False, buttons=["download", "fullscreen"],
                            elem_id="samples-grid", elem_classes="gan-picture")
            caption = gr.Markdown(describe(first_grid, False), elem_id="samples-caption")
    gr.Markdown("Same seed, same grid: z comes from a seeded CPU generator, so a seed pins down the digits "
                "on every machine. The amber digits are the closest training images in pixel space, the "
                "paper's check (Figure 2) that G makes new digits rather than copying its training set.")

    @user_errors
    def show(model, seed, rows, cols, digit, show_scores, show_nearest, mine):
        seen = with_visitor_models(zoo, mine)
        result = sample_grid(seen, model, seed, rows, cols, digit, show_scores, show_nearest,
                             seed_limit=limits.BROWSER_SEED)
        stem = grid_name(model, seed, rows, cols, digit if is_conditional(seen, model) else None)
        return str(media.write_png(result.image, stem=stem)), describe(result, show_nearest)

    @user_errors
    def step_seed(seed, step):
        return min(max(validate.seed(seed, limit=limits.BROWSER_SEED) + step, 0), int(limits.BROWSER_SEED.high))

    def digit_picker(model, mine):
        return gr.update(visible=is_conditional(with_visitor_models(zoo, mine), model))

    inputs = [model, seed, rows, cols, digit, show_scores, show_nearest, my_models]
    private = {"api_visibility": "private"}
    model.change(digit_picker, [model, my_models], digit, queue=False, **private)
    for button, step in ((previous_seed, -1), (next_seed, 1)):
        button.click(lambda s, step=step: step_seed(s, step), seed, seed, queue=False, **private).success(
            show, inputs, [grid, caption], **private)
    random_seed.click(lambda: random.randrange(RANDOM_SEED_BELOW), None, seed, queue=False, **private).then(
        show, inputs, [grid, caption], **private)
    gr.on([draw.click, seed.submit, model.change, digit.change, rows.release, cols.release,
           show_scores.change, show_nearest.change], show, inputs, [grid, caption],
          trigger_mode="always_last", **private)

    # The API: (model, seed, rows, cols, digit) -> plain grid. Own hidden inputs, so a client's bad value
    # reaches our checks (with field names and ranges) rather than the sliders' generic bounds message.
    with gr.Group(visible=False):
        api_inputs = [gr.Textbox(first, label="model"), gr.Number(DEFAULT_SEED, label="seed"),
                      gr.Number(DEFAULT_SIDE, label="rows"), gr.Number(DEFAULT_SIDE, label="cols"),
                      gr.Number(0, label="digit")]
        api_image = gr.Image(label="image", format="png", type="numpy")

    @user_errors
    def generate(model, seed, rows, cols, digit):
        """A rows x cols grid of samples (PNG) from `model` with `seed`; `digit` (0-9, or -1 for the ten
        digits in turn) is used by the conditional model only."""
        result = sample_grid(zoo, model, seed, rows, cols, digit, with_scores=False)
        conditional_digit = digit if is_conditional(zoo, model) else None
        return str(media.write_png(result.image, stem=grid_name(model, seed, rows, cols, conditional_digit)))

    gr.on([], generate, api_inputs, api_image, api_name="generate")
    return model
