"""The Draw tab: a visitor's own digit, drawn or picked from the shipped MNIST test digits, made
MNIST-like, read by the classifier, judged by each model's D, and found in G (latent inversion, streamed
as G's attempt converges). Compute: gan.serving.digits. API: /judge_digit, /invert."""
from __future__ import annotations

import gradio as gr
import numpy as np

from gan import limits
from gan.data import mnist_test_subset
from gan.serving import digits, validate
from gan.serving.media import upscale, write_png
from gan.serving.visitor_models import with_visitor_models
from gan.serving.zoo import LABELS
from ui.errors import user_errors
from ui.samples import is_conditional, model_choices

SCALE = 8                               # a 28 x 28 digit shown at 224 x 224
AUTO = -1                               # the digit to invert for: the one the classifier reads


def picture(x: np.ndarray) -> np.ndarray:
    return upscale((np.clip(x, 0, 1) * 255 + 0.5).astype(np.uint8), SCALE)


def drawing_array(value):
    """The sketchpad's picture (its composite) or a plain image, as an array; None when nothing is drawn."""
    if isinstance(value, dict):
        value = value.get("composite")
    return None if value is None else np.asarray(value)


def test_digit(index) -> np.ndarray:
    return mnist_test_subset()[0][limits.TEST_DIGIT.check(index)][0].numpy()


def judgement_text(scores: dict) -> str:
    rows = "\n".join(f"| {LABELS.get(n, n)} | {s:.2f} | {'real' if s >= 0.5 else 'fake'} |" for n, s in scores.items())
    return ("How real does each D think your digit is? D(x) = sigmoid(D's logit), 1 = surely real.\n\n"
            "| model | D(x) | verdict |\n| --- | --- | --- |\n" + rows)


# Gradio's sketchpad opens with no tool chosen ("select the draw tool to start"): opening the tab picks
# the brush, so a visitor can draw at once
PICK_BRUSH = """() => { let tries = 0; const pick = () => {
    const b = document.querySelector('#draw-pad button[aria-label="Brush"]');
    if (b && b.offsetParent !== null) { if (!b.dataset.picked) { b.click(); b.dataset.picked = '1'; } }
    else if (tries++ < 30) setTimeout(pick, 100); }; setTimeout(pick, 100); }"""


def build(zoo, classifier, my_models: gr.State | None = None, tab=None) -> None:
    if classifier is None or not zoo.names:
        gr.Markdown("The classifier or the models could not be loaded, so this tab is unavailable.")
        return
    my_models = my_models if my_models is not None else gr.State({})
    gr.Markdown("Draw a digit (or pick one of 1,000 MNIST test digits): it is cropped, scaled to 20 x 20 and "
                "centred as MNIST's digits were, then read by the classifier and judged by each D. "
                "*Find it in G* searches z so that G(z) looks like it (latent inversion).")
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            pad = gr.Sketchpad(label="Draw a digit", type="numpy", image_mode="RGBA", canvas_size=(280, 280),
                               elem_id="draw-pad")
            with gr.Row():
                index = gr.Number(0, label=f"or an MNIST test digit (0-{int(limits.TEST_DIGIT.high)})", precision=0,
                                  elem_id="draw-index")
                use_test = gr.Button("Use this test digit", elem_id="draw-use-test")
        with gr.Column(scale=1, min_width=300):
            seen = gr.Image(label="Your digit as MNIST sees it (28 x 28)", format="png", type="numpy",
                            interactive=False, elem_id="draw-seen", elem_classes="gan-picture")
            reading = gr.Label(num_top_classes=3, label="The classifier reads", elem_id="draw-reading")
            verdicts = gr.Markdown(elem_id="draw-verdicts")
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            model = gr.Dropdown(model_choices(zoo), value=zoo.names[0], label="Find it in the model")
            digit = gr.Dropdown([("the one the classifier reads", AUTO)] + [(str(d), d) for d in range(10)],
                                value=AUTO, label="Digit (conditional model)")
            steps = gr.Slider(limits.INVERT_STEPS.low, limits.INVERT_STEPS.high, value=150, step=10,
                              label="Adam steps on z")
            seed = gr.Number(0, label="Seed of the starting points", precision=0)
            find = gr.Button("Find it in G", variant="primary", elem_id="draw-find")
        with gr.Column(scale=1, min_width=300):
            attempt = gr.Image(label="G's closest digit G(z)", format="png", type="numpy", interactive=False,
                               elem_id="draw-attempt", elem_classes="gan-picture")
            found = gr.Markdown(elem_id="draw-found")
    current = gr.State(None)            # the MNIST-like digit being judged (28 x 28 floats)

    def judged(x):
        probs, scores = digits.judge(x, classifier, zoo.models)
        return x, picture(x), {str(d): p for d, p in enumerate(probs)}, judgement_text(scores)

    @user_errors
    def from_pad(value):
        drawn = drawing_array(value)
        if drawn is None:
            return None, None, None, ""
        try:
            return judged(digits.mnist_like(drawn))
        except ValueError:              # an empty canvas (cleared): nothing to judge yet
            return None, None, None, "Draw a digit: the canvas is empty."

    @user_errors
    def from_test(i):
        return judged(test_digit(i))

    def model_and_digit(x, name, wanted, mine=None):
        """The model to invert with, and the digit to ask a conditional one for (AUTO: the reading)."""
        seen = with_visitor_models(zoo, mine)
        gan = seen.get(validate.model_name(name, seen.names))
        if not gan.conditional:
            return gan, None
        wanted = limits.integer(wanted, "digit", AUTO, 9)
        return gan, int(np.argmax(digits.judge(x, classifier, {})[0])) if wanted == AUTO else wanted

    @user_errors
    def search(x, name, wanted, n_steps, start_seed, mine):
        if x is None:
            raise limits.InputError("digit", "draw a digit or pick a test digit first")
        gan, target = model_and_digit(x, name, wanted, mine)
        for r in digits.invert(gan, x, steps=limits.INVERT_STEPS.check(n_steps), digit=target,
                               seed=validate.seed(start_seed, limit=limits.BROWSER_SEED)):
            _, d_scores = digits.judge(r["image"], classifier, {name: gan})
            yield picture(r["image"]), (f"Step {r['step']} ({r['seconds']:.1f} s): pixel distance "
                                        f"||G(z) - x|| = **{r['distance']:.2f}**; D(G(z)) = {d_scores[name]:.2f}"
                                        + (f"; asked for a {target}" if target is not None else ""))

    private = {"api_visibility": "private"}
    if tab is not None:
        tab.select(None, None, None, js=PICK_BRUSH, **private)
    pad.change(from_pad, pad, [current, seen, reading, verdicts], trigger_mode="always_last", **private)
    use_test.click(from_test, index, [current, seen, reading, verdicts], **private)
    index.submit(from_test, index, [current, seen, reading, verdicts], **private)
    find.click(search, [current, model, digit, steps, seed, my_models], [attempt, found], concurrency_limit=2,
               concurrency_id="inversion", **private)
    model.change(lambda name, mine: gr.update(visible=is_conditional(with_visitor_models(zoo, mine), name)),
                 [model, my_models], digit,
                 queue=False, **private)

    # The API: plain images in, plain values out
    with gr.Group(visible=False):
        api_image = gr.Image(label="image", type="numpy", image_mode="L")
        api_model, api_steps = gr.Textbox(zoo.names[0], label="model"), gr.Number(150, label="steps")
        api_seed, api_digit = gr.Number(0, label="seed"), gr.Number(AUTO, label="digit")
        api_probs, api_scores = gr.JSON(label="probabilities"), gr.JSON(label="d_scores")
        api_png, api_distance, api_z = gr.File(label="closest"), gr.Number(label="distance"), gr.JSON(label="z")

    @user_errors
    def judge_digit(image):
        """A drawn digit (any size, grey or RGB) -> (the classifier's probabilities for 0-9, D(x) of each model)."""
        if image is None:
            raise limits.InputError("image", "send an image of a digit")
        probs, scores = digits.judge(digits.mnist_like(image), classifier, zoo.models)
        return probs, scores

    @user_errors
    def invert_digit(name, image, n_steps, start_seed, wanted):
        """(model, image, steps, seed, digit) -> (G's closest digit as PNG, pixel distance, z as a list);
        digit -1: the one the classifier reads (conditional model only)."""
        if image is None:
            raise limits.InputError("image", "send an image of a digit")
        x = digits.mnist_like(image)
        gan, target = model_and_digit(x, name, wanted)
        n_steps = limits.INVERT_STEPS.check(n_steps)
        final = list(digits.invert(gan, x, steps=n_steps, digit=target, seed=validate.seed(start_seed),
                                   report_every=n_steps))[-1]
        return str(write_png(picture(final["image"]), stem=f"{name}-inverted")), final["distance"], final["z"]

    gr.on([], judge_digit, api_image, [api_probs, api_scores], api_name="judge_digit")
    gr.on([], invert_digit, [api_model, api_image, api_steps, api_seed, api_digit], [api_png, api_distance, api_z],
          api_name="invert", concurrency_limit=2, concurrency_id="inversion")
