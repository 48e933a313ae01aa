"""Piece 2 of the paper tab: freeze G, train D, and watch D approach D* = p_data / (p_data + p_g) and
V(D, G) approach -log 4 + 2 JSD (`gan.paper.equilibrium`). API endpoint: /paper_optimal_d (streams)."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import gradio as gr

from gan.paper import equilibrium
from gan import limits
from gan.serving import validate
from ui.errors import user_errors
from ui.i18n import Texts, t
from ui.paper_common import long_frame, remembering, wire_stop

if TYPE_CHECKING:
    import pandas as pd

G_KINDS = ("gaussian", "trained")
# the colours of the paper's Figure 1: data black, p_g green, D blue; D* red
# (series are named by symbols, the same in both languages)
FIGURE_COLORS = {"p_data": "#222222", "p_g": "#2ca02c", "D": "#1f77b4", "D* = p_data / (p_data + p_g)": "#d62728"}
STOP_ID = "opt-stop"
CURVE_SERIES = "V(D*, G), p_g = N(m, std²)"
MAX_SECONDS = 20.0
# Figure 1 draws every 4th point of the 400-point grid D is scored on: Chromium, redrawing 4 x 400 points
# twice a second, was busy 97% of the time (a click on Stop waited seconds); 4 x 100 points: 35%
FIGURE_THINNING = 4


def freeze_g(kind, mean, std, g_steps, seed):
    kind = validate.choice(kind, "frozen G", G_KINDS)
    if kind == "gaussian":
        return equilibrium.gaussian_pg(mean, std, seed=seed)
    return equilibrium.trained_pg(g_steps, seed=seed)


def value_curve_frame(p_g) -> "pd.DataFrame":
    std = p_g.std if p_g.std is not None else max(float(p_g.samples.std()), 0.1)
    curve = equilibrium.value_curve(std)
    means = [m for m, _ in curve]
    # the series names stay the same on every run: a renamed series kept its old legend entry and lost
    # its line in the browser's plot (the std is in the plot's label instead)
    return long_frame(means, {CURVE_SERIES: [v for _, v in curve], "−log 4": [-math.log(4)] * len(means)},
                      x_name="mean of p_g")


def optimal_d(kind="gaussian", mean=1.0, std=1.0, g_steps=200, d_steps=600, seed=0, language="English"):
    """Streams (Figure 1 plot, V-curve plot, result table) while D trains against the frozen G."""
    d_steps = limits.D_STEPS.check(d_steps)
    p_g = freeze_g(kind, mean, std, g_steps, seed)
    curve = value_curve_frame(p_g)       # the same on every frame: sent with the first only
    every = slice(None, None, FIGURE_THINNING)
    for i, r in enumerate(equilibrium.train_discriminator(p_g, steps=d_steps, seed=int(seed), report_every=50,
                                             max_seconds=MAX_SECONDS)):
        figure = long_frame(r["x"][every], {"p_data": r["p_data"][every], "p_g": r["p_g"][every],
                                            "D": r["d"][every], "D* = p_data / (p_data + p_g)": r["d_star"][every]})
        fields = {k: r[k] for k in ("step", "seconds", "mae", "v_estimate", "v_star", "v_from_jsd", "jsd")}
        yield figure, curve if i == 0 else gr.update(), f"p_g: {p_g.label}. " + t("opt_result", language, **fields)


def build(zoo, texts: Texts, language: gr.Radio) -> None:
    with gr.Row():
        with gr.Column(scale=3):
            with gr.Row():
                kind = texts.follow(gr.Radio([(t("opt_gaussian"), "gaussian"), (t("opt_trained"), "trained")],
                                             value="gaussian", label=t("opt_g_kind"), elem_id="opt-kind"),
                                    label="opt_g_kind", choices="opt_kind_choices")
                seed = texts.follow(gr.Number(0, label=t("seed"), precision=0), "seed")
            with gr.Row():
                mean = texts.follow(gr.Slider(limits.P_G_MEAN.low, limits.P_G_MEAN.high, value=1.0, step=0.1, label=t("opt_mean")), "opt_mean")
                std = texts.follow(gr.Slider(limits.P_G_STD.low, limits.P_G_STD.high, value=1.0, step=0.05, label=t("opt_std")), "opt_std")
            with gr.Row():
                g_steps = texts.follow(gr.Slider(limits.G_STEPS.low, limits.G_STEPS.high, value=200, step=10, label=t("opt_g_steps")), "opt_g_steps")
                d_steps = texts.follow(gr.Slider(50, limits.D_STEPS.high, value=600, step=50, label=t("opt_d_steps"),
                                                 elem_id="opt-d-steps"), "opt_d_steps")
            with gr.Row():
                run = texts.follow(gr.Button(t("opt_run"), variant="primary", elem_id="opt-run"), "opt_run", "value")
                stop = texts.follow(gr.Button(t("stop"), elem_id=STOP_ID), "stop", "value")
            figure = texts.follow(gr.LinePlot(x="x", y="value", color="series", label=t("opt_plot"),
                                              color_map=FIGURE_COLORS, y_title=t("plot_value"),
                                              color_title=t("plot_series"), elem_id="opt-figure"),
                                  label="opt_plot", y_title="plot_value", color_title="plot_series")
            result = gr.Markdown(elem_id="opt-result")
            curve = texts.follow(gr.LinePlot(x="mean of p_g", y="value", color="series", label=t("opt_curve"),
                                             y_lim=[-1.45, 0.05], x_title=t("axis_mean_pg"), y_title=t("plot_value"),
                                             color_title=t("plot_series"), elem_id="opt-curve"),
                                 label="opt_curve", x_title="axis_mean_pg", y_title="plot_value",
                                 color_title="plot_series")
        with gr.Column(scale=2):
            texts.markdown("opt_explain", elem_id="opt-explain")
            with texts.follow(gr.Accordion(t("how"), open=False), "how"):
                texts.markdown("opt_how")
    last = gr.State(None)
    event = run.click(remembering(user_errors(optimal_d)), [kind, mean, std, g_steps, d_steps, seed, language],
                      [figure, curve, result, last], api_name="paper_optimal_d", concurrency_limit=1,
                      concurrency_id="paper-optimal-d")
    wire_stop(stop, event, last, [figure, curve, result], language)
