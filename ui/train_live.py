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

import tempfile
import time
from pathlib import Path

import gradio as gr
import pandas as pd

from gan import limits
from gan.live import run as live
from gan.serving import media
from gan.serving.validate import InputError
from gan.serving.visitor_models import MAX_UPLOAD_BYTES, add_model, unpack_upload, with_visitor_models
from gan.weights.hub import resolve_repo
from ui.samples import model_choices

MAX_RUNS = 2                       # live runs at once on the server; others queue
RUN_QUEUE = "live-training"        # concurrency_id shared by the train event
LOSSES = [("non-saturating: max log D(G(z)) (the paper's choice)", "nonsaturating"),
          ("minimax: min log(1 - D(G(z))) (eq. 1)", "minimax"),
          ("Wasserstein critic + gradient penalty", "wasserstein")]
PLOT_EVERY_S = 1.0                 # the plots redraw at most this often (the browser needs the time)
LOSS_SERIES = {"d_loss": "D loss", "g_loss": "G loss"}
D_SERIES = {"d_real": "mean D(x)", "d_fake": "mean D(G(z))"}
INTRO = ("Train a GAN here and watch it. **Figure 1** (1-D): black dotted p_data, green p_g, blue dashed "
         "D(x), orange the best D for this G, D\\* = p_data/(p_data+p_g); below, where G sends each z. "
         "**2-D**: black real points, green G's points, D's map (blue: D says real, red: fake). **MNIST**: "
         "G's digits from the same fixed noise, sharpening as it learns. At the optimum p_g = p_data and "
         f"D = 1/2 everywhere. Each run stops after its steps or {live.MAX_SECONDS:g} s; then its weights "
         "download as config.json + model.safetensors (try `python -m gan.sample --model FOLDER`).")


def empty_plot() -> None:
    """No data: None, not an empty table (an empty table leaves Gradio 6.31's plot lines colourless)."""
    return None


def plot_frames(points: list, series: dict, half_line: bool = False) -> pd.DataFrame | None:
    """Long-format table (step, value, series) for gr.LinePlot from a frame's (or outcome's) history."""
    if not points:
        return empty_plot()
    steps = [p["step"] for p in points]
    parts = [pd.DataFrame({"step": steps, "value": [p[k] for p in points], "series": name})
             for k, name in series.items()]
    if half_line:
        parts.append(pd.DataFrame({"step": [steps[0], steps[-1]], "value": [0.5, 0.5], "series": "1/2"}))
    return pd.concat(parts, ignore_index=True)


def plot_tables(history) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    return plot_frames(history, LOSS_SERIES), plot_frames(history, D_SERIES, half_line=True)


def picture_file(frame: live.LiveFrame) -> str:
    """The frame's picture as a PNG file: a 256-colour palette for the drawn figures (a third of the
    bytes, and of the time Gradio's own encoder takes, which the training waits for); digits stay grey."""
    return str(media.write_png(frame.image(), stem="live", colours=256))


def status_text(frame: live.LiveFrame, settings: live.LiveSettings) -> str:
    parts = [f"step **{frame.step}** / {settings.steps}", f"{frame.steps_per_s:.1f} steps/s",
             f"{frame.seconds:.1f} s of {settings.max_seconds:g} s"]
    if frame.mode_metrics:
        m = frame.mode_metrics
        parts += [f"modes covered **{m['modes_covered']}/{m['n_modes']}**",
                  f"high-quality samples {100 * m['high_quality']:.0f}%"]
    text = " · ".join(parts)
    if frame.done:
        text += f"\n\n**{'Diverged' if frame.diverged else 'Finished'}:** {frame.message}. Weights ready below."
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


def train(data, loss, k, lr_d, lr_g, batch_size, seed, steps, previous_run=None):
    """Validate, then stream (run, picture, loss plot, D plot, status, weights) a few times a second."""
    if previous_run is not None:
        previous_run.close()               # one set of downloadable files per visitor at a time
    try:
        refuse_empty(data, k, lr_d, lr_g, batch_size, seed, steps)
        settings = live.check_settings(data, loss, k, lr_d, lr_g, batch_size, seed, steps)
    except InputError as e:
        raise gr.Error(str(e), print_exception=False) from e
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
            yield (run, picture_file(frame), *plots, status_text(frame, settings),
                   str(frame.download) if frame.download else None)
    finally:
        frames.close()                     # cancelled or tab closed: export the weights, free the nets


def warn_if_running(run) -> None:
    """Start while this visitor's run trains would otherwise be ignored without a word."""
    if run is not None and not run.ended():
        gr.Warning(f"A run is already training (step {run.step}): press Stop first to start another.")


def stopping(run):
    """Stop's first answer, at once (the stream's cancellation runs beside it)."""
    return "Stopping..." if run is not None and not run.ended() else gr.update()


def stop(run, wait_s: float = 10.0):
    """After Stop cancelled the stream: wait for the run to export its weights, then offer them."""
    # answering for the picture and plots clears their "cancelled" mark
    if run is None:
        return ("Nothing is running.", None, gr.update(), empty_plot(), empty_plot())
    outcome = run.outcome(timeout=wait_s)
    if outcome is None or outcome.download is None:
        return ("Stopped.", None, gr.update(), *(plot_tables(outcome.history) if outcome else (empty_plot(),) * 2))
    return (f"**Stopped** at step {outcome.step}. Weights ready below.", str(outcome.download), gr.update(),
            *plot_tables(outcome.history))


def reset(run, data):
    if run is not None:
        run.close()
    d = live.defaults(data)
    return (None, None, empty_plot(), empty_plot(), "Ready.", None, 1, d["lr_d"], d["lr_g"], d["batch_size"],
            0, d["steps"])


def on_data_change(data):
    d = live.defaults(data)
    return d["lr_d"], d["lr_g"], d["batch_size"], d["steps"]


def close_run(run) -> None:
    if run is not None:
        run.close()


def own_model_added(mine, name, zoo, n_pickers: int) -> tuple:
    """(the session's models, the message, each picker's update) once `name` is among them."""
    choices = model_choices(with_visitor_models(zoo, mine))
    return (mine, f"**{name}** is now in the model pickers of Samples and Interpolate (for you only).",
            *[gr.update(choices=choices, value=name) for _ in range(n_pickers)])


def own_model_refused(mine, message: str, n_pickers: int) -> tuple:
    """The session's models unchanged, the reason shown beside the button (no error badges)."""
    return (mine, f"**Not loaded:** {message}", *[gr.update() for _ in range(n_pickers)])


def use_model(run, mine, zoo, n_pickers: int):
    """The visitor's finished MNIST run as a model of their own in Samples and Interpolate."""
    outcome = run.outcome(timeout=0) if run is not None else None
    if outcome is None or outcome.download is None:
        return own_model_refused(mine, "train a model first (MNIST), and let it finish or press Stop.", n_pickers)
    if run.settings.data != "mnist":
        return own_model_refused(mine, "only an MNIST run draws digits for Samples and Interpolate.", n_pickers)
    name = f"Your run: MNIST, step {outcome.step}"
    try:
        mine = add_model(mine or {}, outcome.download.with_suffix(""), name, zoo.device)
    except (ValueError, OSError) as e:
        return own_model_refused(mine, f"that run's weights could not be loaded: {e}", n_pickers)
    return own_model_added(mine, name, zoo, n_pickers)


def load_own_model(files, repo, mine, zoo, n_pickers: int):
    """Weights a visitor uploads (a zip as this tab exports it, or config.json + model.safetensors), or
    a Hub repo id, as a model of their own in Samples and Interpolate; every check of
    gan.serving.visitor_models and gan.weights applies, and nothing else is touched on a refusal."""
    paths = [getattr(f, "name", f) for f in (files if isinstance(files, list) else [files] if files else [])]
    repo = (repo or "").strip()
    try:
        if paths:
            with tempfile.TemporaryDirectory(prefix="gan-upload-") as tmp:
                folder = unpack_upload(paths, tmp)
                name = f"Uploaded: {Path(paths[0]).stem if len(paths) == 1 else 'your weights'}"
                mine = add_model(mine or {}, folder, name, zoo.device)
        elif repo:
            name = f"Hub: {repo}"
            mine = add_model(mine or {}, resolve_repo(repo).folder, name, zoo.device)
        else:
            raise InputError("weights", "choose a weights zip (or its two files), or type a Hub repo id")
    except (ValueError, OSError) as e:
        return own_model_refused(mine, str(e), n_pickers)
    return own_model_added(mine, name, zoo, n_pickers)


def build(zoo=None, my_models: gr.State | None = None, pickers: list | None = None) -> None:
    """The tab; with `my_models` and the other tabs' model `pickers`, "Use this model" puts a finished
    MNIST run into those pickers for this visitor."""
    gr.Markdown(INTRO)
    run_state = gr.State(None, time_to_live=3600, delete_callback=close_run)
    first = live.defaults("gaussian1d")
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            data = gr.Radio([(e.label, key) for key, e in live.DATASETS.items()], value="gaussian1d",
                            label="Data p_data")
            loss = gr.Radio(LOSSES, value="nonsaturating", label="G's loss")
            k = gr.Slider(1, limits.K.high, value=1, step=1, label="k: D-steps per G-step (Algorithm 1)")
            with gr.Row():
                lr_d = gr.Number(first["lr_d"], label=f"D learning rate (0, {limits.LEARNING_RATE.high:g}]")
                lr_g = gr.Number(first["lr_g"], label=f"G learning rate (0, {limits.LEARNING_RATE.high:g}]")
            with gr.Row():
                batch = gr.Number(first["batch_size"], precision=0, label=f"batch size m (1-{limits.BATCH_SIZE.high})")
                seed = gr.Number(0, precision=0, label="seed")
            steps = gr.Number(first["steps"], precision=0, label="steps (G-steps; capped per data set)")
            with gr.Row():
                start_btn = gr.Button("Start", variant="primary", elem_id="train-start")
                stop_btn = gr.Button("Stop", variant="stop", elem_id="train-stop")
                reset_btn = gr.Button("Reset", elem_id="train-reset")
            status = gr.Markdown("Ready.", elem_id="train-status")
            weights = gr.File(label="Trained weights (zip: config.json + model.safetensors)",
                              elem_id="train-weights")
            own = zoo is not None and my_models is not None and bool(pickers)
            use_btn = gr.Button("Use this model in Samples and Interpolate", elem_id="train-use", visible=own)
            with gr.Accordion("Load a model of your own (for you only)", open=False, visible=own):
                upload = gr.File(label=f"A weights zip as exported above, or config.json + model.safetensors "
                                       f"(at most {MAX_UPLOAD_BYTES // 2**20} MB; never pickles)",
                                 file_count="multiple", file_types=[".zip", ".json", ".safetensors"],
                                 elem_id="train-upload")
                repo = gr.Textbox(label="or a Hugging Face Hub repo id (owner/name)", max_lines=1)
                load_btn = gr.Button("Load it into Samples and Interpolate", elem_id="train-load")
            own_status = gr.Markdown("", elem_id="train-own-status")
        with gr.Column(scale=2):
            picture = gr.Image(label="G and D now", format="png", type="numpy", interactive=False,
                               elem_id="train-view", elem_classes=["gan-picture", "gan-pixelated"], height=420,
                               buttons=["download", "fullscreen"])
            with gr.Row():
                loss_plot = gr.LinePlot(None, x="step", y="value", color="series", title="D and G loss",
                                        height=260, elem_id="train-loss-plot")
                d_plot = gr.LinePlot(None, x="step", y="value", color="series", y_lim=[0, 1],
                                     title="mean D(x) and D(G(z)); 1/2 at the optimum", height=260,
                                     elem_id="train-d-plot")
    knobs = [data, loss, k, lr_d, lr_g, batch, seed, steps]
    outputs = [run_state, picture, loss_plot, d_plot, status, weights]
    data.change(on_data_change, data, [lr_d, lr_g, batch, steps], api_visibility="private")
    # preprocess=False: API values reach live.check_settings as sent, so a fractional batch size is refused
    # (not rounded) and every bad value gets a message naming its field and range (not Gradio's own).
    train_event = start_btn.click(train, knobs + [run_state], outputs, api_name="train",
                                  concurrency_limit=MAX_RUNS, concurrency_id=RUN_QUEUE,
                                  show_progress="minimal", preprocess=False)
    start_btn.click(warn_if_running, run_state, None, concurrency_limit=None, api_visibility="private")
    stop_btn.click(stopping, run_state, status, cancels=[train_event], api_visibility="private").then(
        stop, run_state, [status, weights, picture, loss_plot, d_plot], api_visibility="private")
    if own:
        use_btn.click(lambda run, mine: use_model(run, mine, zoo, len(pickers)), [run_state, my_models],
                      [my_models, own_status, *pickers], api_visibility="private")
        load_btn.click(lambda files, name, mine: load_own_model(files, name, mine, zoo, len(pickers)),
                       [upload, repo, my_models], [my_models, own_status, *pickers], api_visibility="private")
    reset_btn.click(reset, [run_state, data], outputs + [k, lr_d, lr_g, batch, seed, steps],
                    cancels=[train_event], api_visibility="private")
