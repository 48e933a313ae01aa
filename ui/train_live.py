"""The Train live tab: Algorithm 1 of Goodfellow et al. (2014) running in the page.

Widgets for the data (Figure 1's Gaussian, the 2-D ring and grid, MNIST) and the knobs (G's loss, k,
learning rates, batch size, seed, steps); Start streams `gan.live.run` frames into a picture (Figure 1 /
points over D's map / digits from fixed noise), two native line plots (D and G losses; mean D(x) and
D(G(z)) beside the 1/2 of the optimum) and a status line. Stop and Reset cancel the stream; a run ends
(done, capped, diverged, stopped, tab closed) with its weights zipped for download.

API: `/train` (data, loss, k, lr_d, lr_g, batch_size, seed, steps) streams (picture, loss plot, D plot,
status, weights zip). Runs at once are capped (`MAX_RUNS`); further visitors wait in the queue.
"""
from __future__ import annotations

import time

import gradio as gr
import numpy as np
import pandas as pd

from gan import limits
from gan.live import run as live
from gan.serving import media
from gan.serving.validate import InputError
from ui import replay
from ui.own_models import load_own_model, use_model
from ui.links import tab_context
from ui.i18n import DEFAULT_LANGUAGE, Texts, reason, t
from ui.widgets import Slider
from ui import widgets

MAX_RUNS = 2                       # live runs at once on the server; others queue
RUN_QUEUE = "live-training"        # concurrency_id shared by the train event
LOSSES = [("non-saturating: max log D(G(z)) (the paper's choice)", "nonsaturating"),   # labels: ui/strings_app.py
          ("minimax: min log(1 - D(G(z))) (eq. 1)", "minimax"),
          ("Wasserstein critic + gradient penalty", "wasserstein")]
# D(x) blue, D(G(z)) orange, the optimum's 1/2 a light grey drawn first (under the other two)
REPLAY_SERIES = "▶"                # the replayed step, a grey vertical line on both plots
D_COLOURS = {"1/2": "#c8c8c8", "D(x)": "#1f77b4", "D(G(z))": "#ff7f0e", REPLAY_SERIES: "#7f7f7f"}
LOSS_COLOURS = {"D": "#1f77b4", "G": "#ff7f0e", REPLAY_SERIES: "#7f7f7f"}
PLOT_EVERY_S = 1.0                 # the plots redraw at most this often (the browser needs the time)
# Series are named by symbols, the same in both languages (a renamed series would leave Gradio's plot
# with a stale legend and no line); the plots' titles say what they are.
LOSS_SERIES = {"d_loss": "D", "g_loss": "G"}
D_SERIES = {"d_real": "D(x)", "d_fake": "D(G(z))"}


def empty_plot() -> None:
    """No data: None, not an empty table (an empty table leaves Gradio 6.31's plot lines colourless)."""
    return None


def plot_frames(points: list, series: dict, half_line: bool = False, marker: int | None = None) -> pd.DataFrame | None:
    """Long-format table (step, value, series) for gr.LinePlot from a frame's (or outcome's) history.
    The replay's "▶" series is a vertical line at step `marker`; without one, a single point (drawn as
    nothing), present from the first table on, as Gradio's plot only ever draws its first table's series."""
    if not points:
        return empty_plot()
    steps = [p["step"] for p in points]
    parts = [pd.DataFrame({"step": steps, "value": [p[k] for p in points], "series": name})
             for k, name in series.items()]
    if half_line:
        # first, so that the lines of D(x) and D(G(z)) are drawn over it
        parts.insert(0, pd.DataFrame({"step": [steps[0], steps[-1]], "value": [0.5, 0.5], "series": "1/2"}))
    table = pd.concat(parts, ignore_index=True)
    finite = table["value"][np.isfinite(table["value"])]
    lo, hi = (0.0, 1.0) if half_line or not len(finite) else (float(finite.min()), float(finite.max()))
    where = [steps[0]] if marker is None else [marker, marker]
    values = [lo] if marker is None else [lo, hi]
    return pd.concat([table, pd.DataFrame({"step": where, "value": values, "series": REPLAY_SERIES})],
                     ignore_index=True)


def plot_tables(history, marker: int | None = None) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    return plot_frames(history, LOSS_SERIES, marker=marker), plot_frames(history, D_SERIES, half_line=True, marker=marker)


def picture_file(frame: live.LiveFrame) -> str:
    """The frame's picture as a PNG file, its bytes encoded once (``LiveFrame.png``: a 256-colour palette
    for the drawn figures, a third of the bytes and of the time Gradio's own encoder takes, which the
    training waits for; digits stay grey) and shared with the run's replay."""
    return str(media.write_png(frame.png(), stem="live"))


def status_text(frame: live.LiveFrame, settings: live.LiveSettings, lang=DEFAULT_LANGUAGE,
                ending: dict | None = None) -> str:
    text = t("train_progress", lang, step=frame.step, steps=settings.steps, speed=frame.steps_per_s,
             seconds=frame.seconds, max_seconds=settings.max_seconds)
    if frame.mode_metrics:
        m = frame.mode_metrics
        text += t("train_modes", lang, covered=m["modes_covered"], n=m["n_modes"], hq=100 * m["high_quality"])
    if frame.done:
        why = ending_text(ending, settings, lang) if ending else frame.message
        text += t("train_diverged" if frame.diverged else "train_finished", lang, why=why)
    return text


def ending_text(ending: dict, settings: live.LiveSettings, lang=DEFAULT_LANGUAGE) -> str:
    """gan.live's LiveRun.ending in the language (in English, the run's own message)."""
    kind = ending["kind"]
    if kind == "diverged":
        return t("end_diverged", lang, detail=ending["detail"])
    text = t("end_capped" if kind == "capped" else "end_done", lang, step=ending["step"],
             max_seconds=settings.max_seconds)
    if ending.get("blow_up"):
        name, value, step = ending["blow_up"]
        text += t("end_blew_up", lang, name=name.replace("_", " "), value=value, step=step)
    return text


def refuse_empty(data, k, lr_d, lr_g, batch_size, seed, steps) -> None:
    """An emptied number box arrives as None, which the library reads as "the data set's default":
    refuse it by name and range instead, so the run never uses a value the fields do not show."""
    max_steps = live.DATASETS[data].max_steps if data in live.DATASETS else 1
    fields = {"k (D-steps per G-step)": (k, limits.K), "D learning rate": (lr_d, limits.LEARNING_RATE),
              "G learning rate": (lr_g, limits.LEARNING_RATE), "batch size": (batch_size, limits.BATCH_SIZE),
              "seed": (seed, limits.BROWSER_SEED), "steps": (steps, limits.Limit("steps", 1, max_steps))}
    for field, (value, limit) in fields.items():
        if value is None:
            limit.check(value, field)


def train(data, loss, k, lr_d, lr_g, batch_size, seed, steps, previous_run=None, lang=DEFAULT_LANGUAGE):
    """Validate, then stream (run, picture, loss plot, D plot, status, weights) a few times a second."""
    if previous_run is not None:
        previous_run.close()               # one set of downloadable files per visitor at a time
    try:
        refuse_empty(data, k, lr_d, lr_g, batch_size, seed, steps)
        settings = live.check_settings(data, loss, k, lr_d, lr_g, batch_size, seed, steps)
    except InputError as e:
        raise gr.Error(reason(e, lang), print_exception=False) from e
    run = live.LiveRun(settings)
    frames, plotted, plots = run.frames(), 0.0, (empty_plot(), empty_plot())
    try:
        for frame in frames:
            if frame.diverged:
                gr.Warning(frame.message)
            # unchanged tables cost nothing to send (Gradio streams diffs); gr.update() would lose the
            # plots' colours in Gradio 6.31
            if frame.done or time.monotonic() - plotted >= PLOT_EVERY_S:
                plots, plotted = plot_tables(frame.history), time.monotonic()
            yield (run, picture_file(frame), *plots, status_text(frame, settings, lang, run.ending),
                   str(frame.download) if frame.download else None)
    finally:
        frames.close()                     # cancelled or tab closed: export the weights, free the nets


def warn_if_running(run, lang=DEFAULT_LANGUAGE):
    """Start while this visitor's run trains would otherwise be ignored without a word; an idle Start
    says at once that the run waits for a free slot until its first frame arrives."""
    if run is not None and not run.ended():
        gr.Warning(t("train_already", lang, step=run.step))
        return gr.update()
    return t("train_waiting", lang)


def stopping(run, lang=DEFAULT_LANGUAGE):
    """Stop's first answer, at once (the stream's cancellation runs beside it)."""
    return t("train_stopping", lang) if run is not None and not run.ended() else gr.update()


def stop(run, lang=DEFAULT_LANGUAGE, wait_s: float = 10.0):
    """After Stop cancelled the stream: wait for the run to export its weights, then offer them."""
    # answering for the picture and plots clears their "cancelled" mark
    if run is None:
        return (t("train_nothing", lang), None, gr.update(), empty_plot(), empty_plot())
    outcome = run.outcome(timeout=wait_s)
    if outcome is None or outcome.download is None:
        return (t("train_stopped", lang), None, gr.update(),
                *(plot_tables(outcome.history) if outcome else (empty_plot(),) * 2))
    return (t("train_stopped_at", lang, step=outcome.step), str(outcome.download), gr.update(),
            *plot_tables(outcome.history))


def relabel_status(run, lang=DEFAULT_LANGUAGE):
    """The status line in a new language: Ready, or how the visitor's last run ended (a running run's
    stream re-words it at its next frame)."""
    if run is None:
        return t("train_ready", lang)
    if not run.ended():
        return gr.update()
    if not run.ending:                      # stopped by the visitor
        return t("train_stopped_at", lang, step=run.step)
    frame = live.LiveFrame(run.kind, run.step, run.seconds, run.step / max(run.seconds, 1e-9), [], None,
                           done=True, message=run.message, diverged=run.diverged)
    return status_text(frame, run.settings, lang, run.ending)


def reset(run, data, lang=DEFAULT_LANGUAGE):
    if run is not None:
        run.close()
    d = live.defaults(data)
    return (None, None, empty_plot(), empty_plot(), t("train_ready", lang), None, d["k"], d["lr_d"], d["lr_g"],
            d["batch_size"], 0, d["steps"])


def on_data_change(data):
    d = live.defaults(data)
    return d["k"], d["lr_d"], d["lr_g"], d["batch_size"], d["steps"]


def close_run(run) -> None:
    if run is not None:
        run.close()


def build(zoo=None, my_models: gr.State | None = None, pickers: list | None = None, texts: Texts | None = None,
          language=None, link=None) -> None:
    """The tab; with `my_models` and the other tabs' model `pickers`, "Use this model" puts a finished
    MNIST run into those pickers for this visitor; `texts` / `language`: the app's language switch."""
    texts, language, link = tab_context(texts, language, link)
    follow = texts.follow
    texts.markdown("train_intro")
    run_state = gr.State(None, time_to_live=3600, delete_callback=close_run)
    first = live.defaults("gaussian1d")
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            data = follow(gr.Radio([(e.label, key) for key, e in live.DATASETS.items()], value="gaussian1d",
                                   label=t("train_data"), elem_id="train-data"), label="train_data", choices="train_data_choices")
            loss = follow(gr.Radio(LOSSES, value="nonsaturating", label=t("train_loss"), elem_id="train-loss"),
                          label="train_loss", choices="train_loss_choices")
            k = follow(Slider(1, limits.K.high, value=first["k"], step=1, label=t("train_k"), elem_id="train-k"), "train_k")
            with gr.Row():
                lr_d = follow(gr.Number(first["lr_d"], label=t("train_lr_d")), "train_lr_d")
                lr_g = follow(gr.Number(first["lr_g"], label=t("train_lr_g")), "train_lr_g")
            with gr.Row():
                batch = follow(gr.Number(first["batch_size"], precision=0, label=t("train_batch")), "train_batch")
                seed = follow(gr.Number(0, precision=0, label=t("train_seed")), "train_seed")
            steps = follow(gr.Number(first["steps"], precision=0, label=t("train_steps"), elem_id="train-steps"),
                           "train_steps")
            with gr.Row():
                start_btn = follow(gr.Button(t("train_start"), variant="primary", elem_id="train-start"), value="train_start")
                stop_btn = follow(gr.Button(t("stop"), variant="stop", elem_id="train-stop"), value="stop")
                reset_btn = follow(gr.Button(t("train_reset"), elem_id="train-reset"), value="train_reset")
            # re-worded by relabel_status on a language switch (re-setting it would wipe a run's status)
            status = gr.Markdown(t("train_ready"), elem_id="train-status")
            weights = follow(gr.File(label=t("train_weights"), elem_id="train-weights"), "train_weights")
            own = zoo is not None and my_models is not None and bool(pickers)
            use_btn = follow(gr.Button(t("own_use"), elem_id="train-use", visible=own), value="own_use")
            with follow(gr.Accordion(t("own_load_header"), open=False, visible=own), "own_load_header"):
                upload = follow(gr.File(label=t("own_upload"), file_count="multiple",
                                        file_types=[".zip", ".json", ".safetensors"], elem_id="train-upload"),
                                "own_upload")
                repo = follow(gr.Textbox(label=t("own_repo"), max_lines=1), "own_repo")
                load_btn = follow(gr.Button(t("own_load"), elem_id="train-load"), value="own_load")
            own_status = gr.Markdown("", elem_id="train-own-status")
        with gr.Column(scale=2):
            picture = follow(widgets.Image(label=t("train_picture"), format="png", type="numpy", interactive=False,
                                           elem_id="train-view", elem_classes=["gan-picture", "gan-pixelated"], height=420,
                                           buttons=["download", "fullscreen"]), "train_picture")
            with gr.Row():
                plot_titles = {"x_title": "plot_step", "y_title": "plot_value", "color_title": "plot_series"}
                loss_plot = follow(gr.LinePlot(None, x="step", y="value", color="series", title=t("train_loss_plot"),
                                               x_title=t("plot_step"), y_title=t("plot_value"),
                                               color_title=t("plot_series"), height=260, elem_id="train-loss-plot",
                                               color_map=LOSS_COLOURS),
                                   title="train_loss_plot", **plot_titles)
                d_plot = follow(gr.LinePlot(None, x="step", y="value", color="series", y_lim=[0, 1],
                                            title=t("train_d_plot"), x_title=t("plot_step"), y_title=t("plot_value"),
                                            color_title=t("plot_series"), height=260, elem_id="train-d-plot",
                                            color_map=D_COLOURS),
                                title="train_d_plot", **plot_titles)
            after_run, hide_replay, replay_outputs = replay.build(run_state, picture, loss_plot, d_plot, texts,
                                                                  language, plot_tables)
    knobs = [data, loss, k, lr_d, lr_g, batch, seed, steps]
    outputs = [run_state, picture, loss_plot, d_plot, status, weights]
    link.add_all([("data", data), ("loss", loss), ("k", k), ("lr_d", lr_d, limits.LEARNING_RATE),
                  ("lr_g", lr_g, limits.LEARNING_RATE), ("batch", batch, limits.BATCH_SIZE),
                  ("train_seed", seed, limits.BROWSER_SEED), ("steps", steps, limits.Limit("steps", 1, 50_000))])
    private = {"api_visibility": "private"}
    data.change(on_data_change, data, [k, lr_d, lr_g, batch, steps], **private)
    # preprocess=False: values reach live.check_settings as sent, so a fractional batch size is refused
    # (not rounded) and every bad value gets a message naming its field and range (not Gradio's own).
    run_settings = {"concurrency_limit": MAX_RUNS, "concurrency_id": RUN_QUEUE, "show_progress": "minimal",
                    "preprocess": False}
    start_btn.click(warn_if_running, [run_state, language], status, concurrency_limit=None, **private)
    start_btn.click(hide_replay, None, replay_outputs, **private)
    train_event = start_btn.click(train, knobs + [run_state, language], outputs, api_name="train_in_page",
                                  **run_settings, **private)
    after_run(train_event)
    # the API's /train: the same run, its texts in English
    gr.on([], train, knobs + [run_state], outputs, api_name="train", **run_settings)
    after_run(stop_btn.click(stopping, [run_state, language], status, cancels=[train_event], **private).then(
        stop, [run_state, language], [status, weights, picture, loss_plot, d_plot], **private))
    if own:
        use_btn.click(lambda run, mine, lang: use_model(run, mine, zoo, len(pickers), lang),
                      [run_state, my_models, language], [my_models, own_status, *pickers], **private)
        load_btn.click(lambda files, name, mine, lang: load_own_model(files, name, mine, zoo, len(pickers), lang),
                       [upload, repo, my_models, language], [my_models, own_status, *pickers], **private)
    language.change(relabel_status, [run_state, language], status, show_progress="hidden", **private)
    reset_btn.click(reset, [run_state, data, language], outputs + [k, lr_d, lr_g, batch, seed, steps],
                    cancels=[train_event], **private)
