"""Piece 4 of the paper tab: mode collapse on the 2-D ring and grid, the non-saturating loss against
WGAN-GP (`gan.paper.mode_collapse.mode_runs`), and what the conditional model changes (`conditional_check`).
API endpoints: /paper_modes (streams), /paper_conditional."""
from __future__ import annotations

import gradio as gr
import numpy as np
import pandas as pd

from gan.paper import adversarial
from gan.paper import mode_collapse
from gan import limits
from gan.serving import validate
from gan.serving.media import upscale
from gan.sampling import make_grid
from ui.errors import user_errors
from ui.i18n import Texts, t
from ui.paper_common import remembering, wire_stop
from ui import widgets

TOY_CHOICES = [("ring: 8 modes", "ring"), ("grid: 25 modes", "grid")]   # labels: ui/strings_paper.py
# the runs by their G loss's equation and WGAN-GP's name: the same series names in both languages
RUN_NAMES = {"nonsaturating": "−log D(G(z))", "wasserstein": "WGAN-GP"}
VIEW = {"ring": 3.0, "grid": 6.0}          # half-width of the scatter plots' square view
STOP_ID = "modes-stop"
MAX_SECONDS = 60.0
UNCONDITIONAL, CONDITIONAL = "mnist-dcgan", "mnist-cdcgan"


def scatter_frame(samples, modes, half: float) -> pd.DataFrame:
    s = np.clip(samples.numpy(), -half, half)
    m = modes.numpy()
    return pd.concat([pd.DataFrame({"x": s[:, 0], "y": s[:, 1], "series": "G(z)"}),    # modes last: drawn on top
                      pd.DataFrame({"x": m[:, 0], "y": m[:, 1], "series": "p_data"})], ignore_index=True)


def mode_collapse_runs(toy="ring", steps=600, seed=0, language="English"):
    """Streams (non-saturating scatter, Wasserstein scatter, coverage plot, summary)."""
    toy = validate.choice(toy, "2-D data", list(VIEW))
    history = []
    for r in mode_collapse.mode_runs(toy, steps=steps, seed=seed, report_every=25, max_seconds=MAX_SECONDS):
        ns, wg = r["runs"]["nonsaturating"], r["runs"]["wasserstein"]
        history += [{"step": r["step"], "run": RUN_NAMES["nonsaturating"], "modes covered": ns["modes_covered"]},
                    {"step": r["step"], "run": RUN_NAMES["wasserstein"], "modes covered": wg["modes_covered"]}]
        text = t("modes_result", language, step=r["step"], seconds=r["seconds"], ns=ns["modes_covered"],
                 wg=wg["modes_covered"], n=ns["n_modes"], ns_hq=ns["high_quality"], wg_hq=wg["high_quality"])
        yield (scatter_frame(ns["samples"], r["modes"], VIEW[toy]), scatter_frame(wg["samples"], r["modes"], VIEW[toy]),
               pd.DataFrame(history), text)


def conditional(zoo, per_digit=20, seed=0, language="English"):
    """-> (unconditional digit shares, conditional accuracy per digit, grid of conditional samples, summary)."""
    per_digit = limits.PER_DIGIT.check(per_digit)
    seed = validate.seed(seed, limit=limits.BROWSER_SEED)
    for name in (UNCONDITIONAL, CONDITIONAL):
        validate.model_name(name, zoo.names)
    report = mode_collapse.conditional_check(zoo.get(UNCONDITIONAL), zoo.get(CONDITIONAL),
                                             adversarial.shared_classifier(), per_digit=per_digit, seed=seed)
    u, c = report["unconditional"], report["conditional"]
    digits = [str(d) for d in range(10)]
    shares = pd.DataFrame({"digit": digits, "share of samples": u["digit_shares"]})
    accuracy = pd.DataFrame({"digit": digits, "read as asked": c["asked_digit_accuracy_per_digit"]})
    per = np.asarray(c["asked_digit_accuracy_per_digit"])
    samples = c["samples"]                                  # asked i % 10: reorder to one row per digit
    cols = min(per_digit, 10)
    order = [d + 10 * j for d in range(10) for j in range(cols)]
    grid = upscale(make_grid(samples[order], 10, cols), 2)
    text = t("cond_result", language, umin=u["min_share"], umax=u["max_share"], acc=c["asked_digit_accuracy"],
             worst=int(per.argmin()), worst_acc=float(per.min()))
    return shares, accuracy, grid, text


def build(zoo, texts: Texts, language: gr.Radio) -> None:
    with gr.Row():
        with gr.Column(scale=3):
            with gr.Row():
                toy = texts.follow(gr.Radio(TOY_CHOICES, value="ring", label=t("modes_toy")), label="modes_toy", choices="modes_toy_choices")
                steps = texts.follow(gr.Slider(50, limits.MODE_STEPS.high, value=600, step=50, label=t("modes_steps"),
                                               elem_id="modes-steps"), "modes_steps")
                seed = texts.follow(gr.Number(0, label=t("seed"), precision=0), "seed")
            with gr.Row():
                run = texts.follow(gr.Button(t("modes_run"), variant="primary", elem_id="modes-run"), "modes_run", "value")
                stop = texts.follow(gr.Button(t("stop"), elem_id=STOP_ID), "stop", "value")
            result = gr.Markdown(elem_id="modes-result")
            with gr.Row():
                plots = [texts.follow(gr.ScatterPlot(x="x", y="y", color="series", label=t(key),
                                                     x_lim=[-VIEW["ring"], VIEW["ring"]], y_lim=[-VIEW["ring"], VIEW["ring"]],
                                                     color_title=t("plot_series"), elem_id=f"modes-{key}"),
                                      label=key, color_title="plot_series")
                         for key in ("modes_ns", "modes_wgan")]
            coverage = texts.follow(gr.LinePlot(x="step", y="modes covered", color="run", label=t("modes_plot"),
                                                x_title=t("plot_step"), y_title=t("axis_modes"),
                                                color_title=t("axis_run"), elem_id="modes-coverage"),
                                    label="modes_plot", x_title="plot_step", y_title="axis_modes", color_title="axis_run")
        with gr.Column(scale=2):
            texts.markdown("modes_explain", elem_id="modes-explain")
            with texts.follow(gr.Accordion(t("how"), open=False), "how"):
                texts.markdown("modes_how")
    texts.markdown("cond_header")
    with gr.Row():
        per_digit = texts.follow(gr.Slider(5, limits.PER_DIGIT.high, value=20, step=5, label=t("cond_per_digit")), "cond_per_digit")
        cond_seed = texts.follow(gr.Number(0, label=t("seed"), precision=0), "seed")
        cond_run = texts.follow(gr.Button(t("cond_run"), variant="primary", elem_id="cond-run"), "cond_run", "value")
    cond_text = gr.Markdown(elem_id="cond-result")
    with gr.Row():
        shares = texts.follow(gr.BarPlot(x="digit", y="share of samples", label=t("cond_shares"),
                                         y_lim=[0, 1], sort="x", x_title=t("axis_digit"), y_title=t("axis_share"),
                                         elem_id="cond-shares"),
                              label="cond_shares", x_title="axis_digit", y_title="axis_share")
        accuracy = texts.follow(gr.BarPlot(x="digit", y="read as asked", label=t("cond_accuracy"),
                                           y_lim=[0, 1], sort="x", x_title=t("axis_digit"), y_title=t("axis_read"),
                                           elem_id="cond-accuracy"),
                                label="cond_accuracy", x_title="axis_digit", y_title="axis_read")
        grid = texts.follow(widgets.Image(label=t("cond_grid"), type="numpy", format="png", interactive=False,
                                          height=300, elem_classes="gan-picture", elem_id="cond-grid"), "cond_grid")

    last = gr.State(None)
    event = run.click(remembering(user_errors(mode_collapse_runs)), [toy, steps, seed, language],
                      [*plots, coverage, result, last], api_name="paper_modes", concurrency_limit=1,
                      concurrency_id="paper-modes")
    wire_stop(stop, event, last, [*plots, coverage, result], language)
    toy.change(lambda name: [gr.update(x_lim=[-VIEW[name], VIEW[name]], y_lim=[-VIEW[name], VIEW[name]])] * 2,
               toy, plots, api_visibility="undocumented")

    @user_errors
    def check_digits(per_digit, seed, language):
        return conditional(zoo, per_digit, seed, language)

    cond_run.click(check_digits, [per_digit, cond_seed, language], [shares, accuracy, grid, cond_text],
                   api_name="paper_conditional")
