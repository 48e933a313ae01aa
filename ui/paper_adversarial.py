"""Piece 1 of the paper tab: adversarial examples against the shipped classifier and against a GAN's
discriminator (`gan.paper.adversarial`). API endpoints: /paper_attack_classifier, /paper_attack_discriminator."""
from __future__ import annotations

import random

import gradio as gr

from gan.paper import adversarial
from gan import limits
from gan.serving import validate
from gan.sampling import generate
from ui.errors import user_errors
from ui.i18n import Texts, t
from ui.samples import model_choices
from ui.paper_common import digit_image, perturbation_image
from ui import widgets

METHOD_CHOICES = [("FGSM", "fgsm"), ("BIM / PGD", "iterative")]
TARGET_CHOICES = [("none", -1)] + [(str(d), d) for d in range(10)]
GOAL_CHOICES = [("real digit → look fake", "fake"), ("generated digit → look real", "real")]   # labels: ui/strings_paper.py
N_SUBSET = 10_000


def _common(index, epsilon, method, steps):
    return (validate.integer(index, "digit index", 0, N_SUBSET - 1), limits.EPSILON.check(epsilon),
            validate.choice(method, "attack", adversarial.METHODS), limits.ADV_STEPS.check(steps))


def attack_classifier(index=0, epsilon=0.1, method="fgsm", target=-1, steps=10, language="English"):
    """-> (original, perturbation, perturbed digit, result table)."""
    index, epsilon, method, steps = _common(index, epsilon, method, steps)
    target = validate.integer(target, "target class", -1, 9)
    image, label = adversarial.subset_digit(index)
    r = adversarial.attack_classifier(adversarial.shared_classifier(), image, label, epsilon=epsilon,
                                      method=method, target=None if target < 0 else target, steps=steps)
    before, after = int(r.before.argmax()), int(r.after.argmax())
    fooled = after != label if target < 0 else after == target
    text = t("adv_result", language, label=label, before=before, before_p=float(r.before.max()),
             true_before=float(r.before[label]), after=after, after_p=float(r.after.max()),
             true_after=float(r.after[label]), linf=r.linf, l2=r.l2, eps=epsilon,
             verdict=t("adv_fooled" if fooled else "adv_not_fooled", language))
    return (digit_image(r.original), perturbation_image(r.perturbation, epsilon),
            digit_image(r.adversarial), text)


def attack_discriminator(zoo, model, goal="fake", index=0, seed=0, epsilon=0.1, method="iterative", steps=10,
                         language="English"):
    """Make a real digit (subset[index]) look fake, or a generated one (from seed) look real, to D.
    The conditional model's D is given the real digit's label, and makes its fake of that digit."""
    gan = zoo.get(validate.model_name(model, zoo.names))
    goal = validate.choice(goal, "goal", ("fake", "real"))
    index, epsilon, method, steps = _common(index, epsilon, method, steps)
    image, label = adversarial.subset_digit(index)
    if goal == "real":
        image = generate(gan, 1, validate.seed(seed, limit=limits.BROWSER_SEED), digit=label if gan.conditional else None)
    r = adversarial.attack_discriminator(gan, image, make=goal, epsilon=epsilon, method=method, steps=steps,
                                         label=label if gan.conditional else None)
    text = t("adv_d_result", language, before=float(r.before), after=float(r.after), linf=r.linf, l2=r.l2)
    return (digit_image(r.original), perturbation_image(r.perturbation, epsilon),
            digit_image(r.adversarial), text)


def _images(texts: Texts, prefix: str):
    with gr.Row():
        out = [texts.follow(widgets.Image(label=t(key), type="numpy", format="png", interactive=False, height=170,
                                          elem_id=f"{prefix}-{key}", elem_classes="gan-picture"), key)
               for key in ("adv_original", "adv_perturbation", "adv_adversarial")]
    return out


def build(zoo, texts: Texts, language: gr.Radio) -> None:
    with gr.Row():
        with gr.Column(scale=3):
            texts.markdown("adv_classifier_header")
            with gr.Row():
                index = texts.follow(gr.Number(7, label=t("adv_index"), precision=0, elem_id="adv-index"), "adv_index")
                pick = texts.follow(gr.Button(t("adv_random"), size="sm"), "adv_random", "value")
            epsilon = texts.follow(gr.Slider(0, adversarial.EPSILON_MAX, value=0.1, step=0.01,
                                             label=t("adv_epsilon"), elem_id="adv-epsilon"), "adv_epsilon")
            with gr.Row():
                method = texts.follow(gr.Radio(METHOD_CHOICES, value="fgsm", label=t("adv_method")), "adv_method")
                target = texts.follow(gr.Dropdown(TARGET_CHOICES, value=-1, label=t("adv_target")), label="adv_target", choices="adv_target_choices")
                steps = texts.follow(gr.Slider(limits.ADV_STEPS.low, limits.ADV_STEPS.high, value=10, step=1, label=t("adv_steps")), "adv_steps")
            run = texts.follow(gr.Button(t("adv_run"), variant="primary", elem_id="adv-run"), "adv_run", "value")
            clf_out = _images(texts, "adv")
            clf_text = gr.Markdown(elem_id="adv-result")
        with gr.Column(scale=2):
            texts.markdown("adv_explain", elem_id="adv-explain")
            with texts.follow(gr.Accordion(t("how"), open=False), "how"):
                texts.markdown("adv_how")
    texts.markdown("adv_d_header")
    names = [n for n in zoo.names]
    with gr.Row():
        d_model = texts.follow_with(
            gr.Dropdown(model_choices(zoo), value="mnist-dcgan" if "mnist-dcgan" in names else (names[0] if names else None),
                        label=t("adv_d_model")),
            lambda lang: gr.update(label=t("adv_d_model", lang), choices=model_choices(zoo, lang)))
        goal = texts.follow(gr.Radio(GOAL_CHOICES, value="fake", label=t("adv_d_make")), label="adv_d_make", choices="adv_goal_choices")
        d_seed = texts.follow(gr.Number(0, label=t("adv_d_seed"), precision=0), "adv_d_seed")
        d_run = texts.follow(gr.Button(t("adv_d_run"), variant="primary", elem_id="adv-d-run"), "adv_d_run", "value")
    d_out = _images(texts, "adv-d")
    d_text = gr.Markdown(elem_id="adv-d-result")

    clf_inputs = [index, epsilon, method, target, steps, language]
    run.click(user_errors(attack_classifier), clf_inputs, [*clf_out, clf_text], api_name="paper_attack_classifier")
    pick.click(lambda: random.randrange(N_SUBSET), None, index, api_visibility="undocumented").then(
        user_errors(attack_classifier), clf_inputs, [*clf_out, clf_text], api_visibility="undocumented")
    @user_errors
    def attack_d(model, goal, index, seed, epsilon, method, steps, language):
        return attack_discriminator(zoo, model, goal, index, seed, epsilon, method, steps, language)

    d_inputs = [d_model, goal, index, d_seed, epsilon, method, steps, language]
    d_run.click(attack_d, d_inputs, [*d_out, d_text], api_name="paper_attack_discriminator")
