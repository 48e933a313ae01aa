"""Piece 3 of the paper tab: the minimax and the non-saturating G loss trained side by side from the same
seed, with G's gradient norm plotted (`gan.paper.vanishing`). API endpoint: /paper_vanishing (streams)."""
from __future__ import annotations

import math

import gradio as gr
import pandas as pd

from gan import limits
from gan.serving import validate
from gan.paper import vanishing
from ui.i18n import Texts, t
from ui.errors import user_errors
from ui.paper_common import remembering, wire_stop

TOY_CHOICES = [("1-D Gaussian (Figure 1)", "gaussian1d"), ("2-D ring", "ring")]   # labels: ui/strings_paper.py
# the losses by their equations: the same series names in both languages
LOSS_NAMES = {"minimax": "log(1 − D(G(z)))", "nonsaturating": "−log D(G(z))"}
STOP_ID = "van-stop"
MAX_SECONDS = 30.0


def vanishing_gradients(toy="gaussian1d", steps=200, d_warmup=100, seed=0, language="English"):
    """Streams (gradient-norm plot, progress plot, summary) while both runs train."""
    toy = validate.choice(toy, "toy data", [v for _, v in TOY_CHOICES])
    rows, first = [], None
    progress_key = "g_mean" if toy == "gaussian1d" else "high_quality"   # the progress plot's "value"
    for report in vanishing.compare_g_losses(toy, steps=steps, d_warmup=d_warmup, seed=seed,
                                             max_seconds=MAX_SECONDS, report_every=5):
        for r in report:
            rows.append({"step": r["step"], "loss": LOSS_NAMES[r["loss"]],
                         "log10 grad norm": math.log10(max(r["g_grad_norm"], 1e-12)),
                         "value": r[progress_key], "D(G(z))": r["d_fake"]})
        by_loss = {r["loss"]: r for r in report}
        first = first or by_loss
        mm0, ns0 = first["minimax"]["g_grad_norm"], first["nonsaturating"]["g_grad_norm"]
        text = t("van_result", language, step=report[0]["step"], mm0=mm0, ns0=ns0, ratio=ns0 / max(mm0, 1e-12),
                 d0=first["minimax"]["d_fake"], mm=by_loss["minimax"]["g_grad_norm"],
                 ns=by_loss["nonsaturating"]["g_grad_norm"])
        frame = pd.DataFrame(rows)
        yield frame[["step", "loss", "log10 grad norm"]], frame[["step", "loss", "value"]], text


def build(zoo, texts: Texts, language: gr.Radio) -> None:
    with gr.Row():
        with gr.Column(scale=3):
            with gr.Row():
                toy = texts.follow(gr.Radio(TOY_CHOICES, value="gaussian1d", label=t("van_toy")), label="van_toy", choices="van_toy_choices")
                seed = texts.follow(gr.Number(0, label=t("seed"), precision=0), "seed")
            with gr.Row():
                steps = texts.follow(gr.Slider(10, limits.VANISHING_STEPS.high, value=200, step=10, label=t("van_steps"),
                                               elem_id="van-steps"), "van_steps")
                warmup = texts.follow(gr.Slider(limits.D_HEAD_START.low, limits.D_HEAD_START.high, value=100, step=10, label=t("van_warmup")), "van_warmup")
            with gr.Row():
                run = texts.follow(gr.Button(t("van_run"), variant="primary", elem_id="van-run"), "van_run", "value")
                stop = texts.follow(gr.Button(t("stop"), elem_id=STOP_ID), "stop", "value")
            result = gr.Markdown(elem_id="van-result")
            grads = texts.follow(gr.LinePlot(x="step", y="log10 grad norm", color="loss", label=t("van_plot"),
                                            x_title=t("plot_step"), y_title=t("axis_log_grad"),
                                            color_title=t("axis_loss"), elem_id="van-grads"),
                                 label="van_plot", x_title="plot_step", y_title="axis_log_grad", color_title="axis_loss")
            progress = texts.follow(gr.LinePlot(x="step", y="value", color="loss", label=t("van_plot_progress"),
                                                x_title=t("plot_step"), y_title=t("axis_progress"),
                                                color_title=t("axis_loss"), elem_id="van-progress"),
                                    label="van_plot_progress", x_title="plot_step", y_title="axis_progress",
                                    color_title="axis_loss")
        with gr.Column(scale=2):
            texts.markdown("van_explain", elem_id="van-explain")
            with texts.follow(gr.Accordion(t("how"), open=False), "how"):
                texts.markdown("van_how")
    last = gr.State(None)
    event = run.click(remembering(user_errors(vanishing_gradients)), [toy, steps, warmup, seed, language],
                      [grads, progress, result, last], api_name="paper_vanishing", concurrency_limit=1,
                      concurrency_id="paper-vanishing")
    wire_stop(stop, event, last, [grads, progress, result], language)
