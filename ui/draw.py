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
from ui.errors import kept_on_refusal, user_errors
from ui.links import tab_context
from ui.i18n import DEFAULT_LANGUAGE, Texts, t
from ui.samples import is_conditional, model_choices, model_label
from ui.widgets import Slider, message_slot
from ui import widgets

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


def judgement_text(scores: dict, lang=DEFAULT_LANGUAGE) -> str:
    rows = "\n".join(f"| {model_label(n, lang)} | {s:.2f} | {t('real' if s >= 0.5 else 'fake', lang)} |"
                     for n, s in scores.items())
    return t("draw_judgement", lang) + "\n\n" + rows


# Gradio's sketchpad opens with no tool chosen ("select the draw tool to start"): opening the tab picks
# the brush, so a visitor can draw at once
def pick_brush(elem_id: str) -> str:
    """JavaScript that picks the brush of the sketchpad `elem_id` once it is shown."""
    return """() => { let tries = 0; const pick = () => {
    const b = document.querySelector('#%s button[aria-label="Brush"]');
    if (b && b.offsetParent !== null) { if (!b.dataset.picked) { b.click(); b.dataset.picked = '1'; } }
    else if (tries++ < 30) setTimeout(pick, 100); }; setTimeout(pick, 100); }""" % elem_id


PICK_BRUSH = pick_brush("draw-pad")


def build(zoo, classifier, my_models: gr.State | None = None, tab=None, texts: Texts | None = None,
          language=None, walk_start: gr.State | None = None, tabs=None, link=None):
    """The tab; returns its model picker (None when the tab is unavailable). With `walk_start` (the
    session's start of a walk) and the app's `tabs`, "Walk from your digit" hands the z found in G to
    the Interpolate tab and opens it."""
    texts, language, link = tab_context(texts, language, link)
    if classifier is None or not zoo.names:
        texts.markdown("draw_unavailable")
        return None
    my_models = my_models if my_models is not None else gr.State({})
    follow = texts.follow
    texts.markdown("draw_intro")
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            pad = follow(gr.Sketchpad(label=t("draw_pad"), type="numpy", image_mode="RGBA", canvas_size=(280, 280),
                                      elem_id="draw-pad"), "draw_pad")
            with gr.Row():
                index = follow(gr.Number(0, label=t("draw_index"), precision=0, elem_id="draw-index"), "draw_index")
                use_test = follow(gr.Button(t("draw_use_test"), elem_id="draw-use-test"), value="draw_use_test")
        with gr.Column(scale=1, min_width=300):
            seen = follow(widgets.Image(label=t("draw_seen"), format="png", type="numpy", interactive=False,
                                        elem_id="draw-seen", elem_classes="gan-picture"), "draw_seen")
            reading = follow(gr.Label(num_top_classes=3, label=t("draw_reading"), elem_id="draw-reading"),
                             "draw_reading")
            verdicts = gr.Markdown(elem_id="draw-verdicts")
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            model = follow(gr.Dropdown(model_choices(zoo), value=zoo.names[0], label=t("draw_model"),
                                       elem_id="draw-model"), "draw_model")
            digit = follow(gr.Dropdown([("the one the classifier reads", AUTO)] + [(str(d), d) for d in range(10)],
                                       value=AUTO, label=t("samples_digit"), elem_id="draw-digit",
                                       visible=is_conditional(zoo, zoo.names[0])),
                           label="samples_digit", choices="draw_digit_choices")
            steps = follow(Slider(limits.INVERT_STEPS.low, limits.INVERT_STEPS.high, value=150, step=10,
                                  label=t("draw_steps"), elem_id="draw-steps"), "draw_steps")
            seed = follow(gr.Number(0, label=t("draw_seed"), precision=0), "draw_seed")
            find = follow(gr.Button(t("draw_find"), variant="primary", elem_id="draw-find"), value="draw_find")
            message = message_slot("draw-message")
        with gr.Column(scale=1, min_width=300):
            attempt = follow(widgets.Image(label=t("draw_attempt"), format="png", type="numpy", interactive=False,
                                           elem_id="draw-attempt", elem_classes="gan-picture"), "draw_attempt")
            found = gr.Markdown(elem_id="draw-found")
            walk_btn = follow(gr.Button(t("draw_walk"), elem_id="draw-walk", visible=walk_start is not None),
                              value="draw_walk")
    last_found = gr.State(None)         # {"model", "z", "digit"} of G's closest digit, for the walk
    current = gr.State(None)            # the MNIST-like digit being judged (28 x 28 floats)

    def judged(x, lang):
        probs, scores = digits.judge(x, classifier, zoo.models)
        return x, picture(x), {str(d): p for d, p in enumerate(probs)}, judgement_text(scores, lang)

    @kept_on_refusal(4)
    def from_pad(value, lang):
        drawn = drawing_array(value)
        if drawn is None:
            return None, None, None, ""
        try:
            return judged(digits.mnist_like(drawn), lang)
        except ValueError:              # an empty canvas (cleared): nothing to judge yet
            return None, None, None, t("draw_empty", lang)

    @kept_on_refusal(4)
    def from_test(i, lang):
        return judged(test_digit(i), lang)

    def model_and_digit(x, name, wanted, mine=None):
        """The model to invert with, and the digit to ask a conditional one for (AUTO: the reading)."""
        seen = with_visitor_models(zoo, mine)
        gan = seen.get(validate.model_name(name, seen.names))
        if not gan.conditional:
            return gan, None
        wanted = limits.integer(wanted, "digit", AUTO, 9)
        return gan, int(np.argmax(digits.judge(x, classifier, {})[0])) if wanted == AUTO else wanted

    @kept_on_refusal(3)
    def search(x, name, wanted, n_steps, start_seed, mine, lang):
        if x is None:
            raise limits.InputError("digit", t("draw_first", lang))
        gan, target = model_and_digit(x, name, wanted, mine)
        for r in digits.invert(gan, x, steps=limits.INVERT_STEPS.check(n_steps), digit=target,
                               seed=validate.seed(start_seed, limit=limits.BROWSER_SEED)):
            _, d_scores = digits.judge(r["image"], classifier, {name: gan})
            yield (picture(r["image"]), (t("draw_step", lang, step=r["step"], seconds=r["seconds"],
                                           distance=r["distance"], d=d_scores[name])
                                         + (t("draw_asked", lang, digit=target) if target is not None else "")),
                   {"model": name, "z": r["z"], "digit": target})

    def rejudge(x, lang):     # the verdicts in the new language
        return judged(x, lang)[3] if x is not None else gr.update()

    link.add_all([("test_digit", index, limits.TEST_DIGIT), ("d_model", model), ("d_digit", digit),
                  ("d_steps", steps), ("d_seed", seed, limits.BROWSER_SEED)])
    private = {"api_visibility": "private"}
    if tab is not None:
        tab.select(None, None, None, js=PICK_BRUSH, **private)
    judged_outputs = [current, seen, reading, verdicts, message]
    pad.change(from_pad, [pad, language], judged_outputs, trigger_mode="always_last", **private)
    use_test.click(from_test, [index, language], judged_outputs, **private)
    index.submit(from_test, [index, language], judged_outputs, **private)
    language.change(rejudge, [current, language], verdicts, **private)
    find.click(search, [current, model, digit, steps, seed, my_models, language],
               [attempt, found, last_found, message], concurrency_limit=2, concurrency_id="inversion", **private)
    if walk_start is not None and tabs is not None:
        def hand_over(found_z, lang):
            if found_z is None:
                return gr.update(), gr.update(), t("refused", lang, reason=t("draw_find_first", lang))
            return found_z, gr.Tabs(selected="interpolate"), ""
        walk_btn.click(hand_over, [last_found, language], [walk_start, tabs, message], **private)
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
    return model
