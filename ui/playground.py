"""The 2-D playground tab: GAN Lab's controls over Algorithm 1, with the paper's quantities beside them.

Widgets only set arguments of :class:`gan.live.playground.Playground` (the visitor's game, kept in their
session): the data (the ring, the grid, or a drawing), G's loss, k, each network's learning rate and
optimiser, the speed; Play / Pause / Step (one D update, one G update, one iteration); knobs changed
during a game apply at the next update and are marked on the plots. The picture: real points, G's
points with the gradient arrows D gives them, G's manifold, over D's map.

API: `/playground_new` (data, drawing, loss, k, lr_d, lr_g, optimizer_d, optimizer_g, seed) starts a paused
game for the client's session; `/train_step` (kind: "d", "g" or "iteration") advances it by one update
and returns (picture, metrics).
"""
from __future__ import annotations

import time

import gradio as gr
import pandas as pd

from gan import limits
from gan.live import playground as lab
from gan.serving import media
from ui.draw import drawing_array, pick_brush
from ui.links import tab_context
from ui.i18n import DEFAULT_LANGUAGE, Texts, reason, t
from ui.train_live import D_COLOURS, LOSSES
from ui.widgets import Slider
from ui import widgets

PLAY_QUEUE, MAX_PLAYS = "playground", 2     # games playing at once on the server; others queue
PLOT_EVERY_S = 1.0
MARKERS = 4                                  # the last edits marked on the plots
LOSS_SERIES, D_SERIES, DIVERGENCE_SERIES = ({"d_loss": "D", "g_loss": "G"}, {"d_real": "D(x)", "d_fake": "D(G(z))"},
                                            {"kl": "KL(p_data‖p_g)", "js": "JSD(p_data‖p_g)"})
SPEED_CHOICES = list(lab.SPEEDS)
# the edits' marks all one light purple (numbered in the legend and the status line)
MARK_COLOURS = {f"✎{slot}": "#b39ddb" for slot in range(1, MARKERS + 1)}
COLOURS = {"loss": {"D": "#1f77b4", "G": "#ff7f0e", **MARK_COLOURS}, "d": {k: v for k, v in {**D_COLOURS, **MARK_COLOURS}.items() if k != "▶"},
           "divergence": {"KL(p_data‖p_g)": "#1f77b4", "JSD(p_data‖p_g)": "#ff7f0e", **MARK_COLOURS}}


def plot_table(frame: lab.PlaygroundFrame, series: dict, half_line: bool = False) -> pd.DataFrame | None:
    """(update, value, series) rows for gr.LinePlot, with a vertical segment "✎1".."✎4" at each of the
    last MARKERS edits (numbered as in the status line). Every series is in every table, one with no
    value yet as a single point (drawn as nothing): Gradio's plot keeps the series of its first table
    and would never draw one that appears later."""
    points = list(frame.history)
    if not points:
        return None
    x = [p["update"] for p in points]
    parts = [pd.DataFrame({"update": x, "value": [p[k] for p in points], "series": name}).dropna()
             for k, name in series.items()]
    values = pd.concat(parts)["value"]
    lo, hi = (0.0, 1.0) if half_line else ((float(values.min()), float(values.max())) if len(values) else (0.0, 1.0))
    if half_line:
        parts.insert(0, pd.DataFrame({"update": [x[0], x[-1]], "value": [0.5, 0.5], "series": "1/2"}))
    for slot, (update, _) in zip(range(1, MARKERS + 1), marked(frame)):
        parts.append(pd.DataFrame({"update": [update, update], "value": [lo, hi], "series": f"✎{slot}"}))
    names = list(series.values()) + [f"✎{slot}" for slot in range(1, MARKERS + 1)]
    present = {part["series"].iloc[0] for part in parts if len(part)}
    parts += [pd.DataFrame({"update": [x[0]], "value": [lo], "series": name}) for name in names if name not in present]
    return pd.concat(parts, ignore_index=True)


def marked(frame: lab.PlaygroundFrame) -> list:
    """The edits the plots mark: the last MARKERS within the plotted updates, oldest first."""
    first = frame.history[0]["update"] if frame.history else 0
    return [c for c in frame.changes if c[0] >= first][-MARKERS:]


def status_text(frame: lab.PlaygroundFrame, lang=DEFAULT_LANGUAGE, note: str = "") -> str:
    v = frame.view
    text = t("lab_progress", lang, iteration=frame.iteration, update=frame.update, kl=v["kl"], js=v["js"])
    if frame.playing:
        text += t("lab_speed", lang, speed=frame.steps_per_s)
    if v.get("metrics"):
        m = v["metrics"]
        text += t("train_modes", lang, covered=m["modes_covered"], n=m["n_modes"], hq=100 * m["high_quality"])
    for slot, (update, what) in enumerate(marked(frame), 1):
        text += t("lab_change_line", lang, slot=slot, update=update, what=what)
    return text + (f"\n\n{note}" if note else "")


def plot_tables(frame: lab.PlaygroundFrame) -> tuple:
    return (plot_table(frame, LOSS_SERIES), plot_table(frame, D_SERIES, half_line=True),
            plot_table(frame, DIVERGENCE_SERIES))


def shown(frame: lab.PlaygroundFrame, lang=DEFAULT_LANGUAGE, note: str = "", tables: tuple | None = None) -> tuple:
    """(picture, loss plot, D plot, divergence plot, status) of a frame (`tables`: plots made before;
    resending an unchanged table costs nothing, as Gradio streams diffs)."""
    picture = str(media.write_png(frame.image(), stem="playground", colours=256))
    return (picture, *(tables or plot_tables(frame)), status_text(frame, lang, note))


def new_game(data, drawing, loss, k, lr_d, lr_g, opt_d, opt_g, seed) -> lab.Playground:
    points = None
    if data == "drawn":
        image = drawing_array(drawing)
        points = lab.points_from_drawing(image) if image is not None else []
    knobs = lab.Knobs(loss, k, lr_d, lr_g, opt_d, opt_g)
    for field, value in (("k", k), ("D learning rate", lr_d), ("G learning rate", lr_g), ("seed", seed)):
        if value is None:
            raise limits.InputError(field, f"{field} is empty: enter a value")
    return lab.Playground(data, points=points, knobs=knobs, seed=seed)


def refused(game, e: ValueError, lang) -> tuple:
    return (game, *[gr.update()] * 4, t("lab_refused", lang, reason=reason(e, lang)))


def start(data, drawing, loss, k, lr_d, lr_g, opt_d, opt_g, seed, pretrained, arrows, lines, game, lang):
    """A new paused game from the fields (from trained G and D when `pretrained`)."""
    try:
        game = new_game(data, drawing, loss, k, lr_d, lr_g, opt_d, opt_g, seed)
        if pretrained:
            game.pretrained()
    except ValueError as e:
        return refused(game, e, lang)
    return (game, *shown(game.frame(arrows=arrows, lines=lines), lang, t("lab_ready", lang)))


def step(kind, arrows, lines, game, lang):
    if game is None:
        return refused(game, ValueError(t("lab_no_game", lang)), lang)
    if game.playing:
        return refused(game, ValueError(t("lab_pause_first", lang)), lang)
    game.step(kind)
    return (game, *shown(game.frame(arrows=arrows, lines=lines), lang))


def play(speed, arrows, lines, game, lang):
    if game is None:
        yield refused(game, ValueError(t("lab_no_game", lang)), lang)
        return
    if game.playing:
        yield refused(game, ValueError(t("lab_already", lang)), lang)
        return
    plotted, tables = 0.0, None
    for frame in game.play(speed, arrows=arrows, lines=lines):
        if time.monotonic() - plotted >= PLOT_EVERY_S:
            plotted, tables = time.monotonic(), plot_tables(frame)
        yield (game, *shown(frame, lang, tables=tables))
    if not game.pause_asked:                 # Pause answers for itself
        yield (game, *shown(game.frame(arrows=arrows, lines=lines), lang, t("lab_time_up", lang)))


def paused(arrows, lines, game, lang):
    """After Pause: once the Play has stopped (so no late frame or cancelled mark follows), the game now."""
    if game is None:
        return (game, *[gr.update()] * 5)
    game.pause()
    frame = game.frame(arrows=arrows, lines=lines)
    return (game, *shown(frame, lang, t("lab_paused", lang, iteration=frame.iteration)))


def edit(loss, k, lr_d, lr_g, opt_d, opt_g, game, lang):
    """A knob changed: apply it to the game at its next update (playing or paused)."""
    if game is None:
        return gr.update()
    try:
        done = game.edit(loss=loss, k=k, lr_d=lr_d, lr_g=lr_g, optimizer_d=opt_d, optimizer_g=opt_g)
    except ValueError as e:
        return t("lab_refused", lang, reason=reason(e, lang))
    return t("lab_changed", lang, update=game.trainer.updates, what=", ".join(done)) if done else gr.update()


def api_new(data, drawing, loss, k, lr_d, lr_g, opt_d, opt_g, seed):
    try:
        game = new_game(data, drawing, loss, k, lr_d, lr_g, opt_d, opt_g, seed)
    except ValueError as e:
        raise gr.Error(str(e), print_exception=False) from e
    return game, metrics_of(game.frame())


def api_step(kind, game):
    if game is None:
        raise gr.Error("no game in this session: call /playground_new first", print_exception=False)
    if game.playing:
        raise gr.Error("the game is playing: pause it first", print_exception=False)
    try:
        game.step(kind)
    except ValueError as e:
        raise gr.Error(str(e), print_exception=False) from e
    frame = game.frame()
    return game, str(media.write_png(frame.image(), stem="playground", colours=256)), metrics_of(frame)


def metrics_of(frame: lab.PlaygroundFrame) -> dict:
    last = frame.history[-1] if frame.history else {}
    return {"update": frame.update, "iteration": frame.iteration, "kl": frame.view["kl"], "js": frame.view["js"],
            "modes": frame.view.get("metrics"), **{k: last.get(k) for k in lab.METRICS}}


def close_game(game) -> None:
    if game is not None:
        game.close()


def opened(data, drawing, loss, k, lr_d, lr_g, opt_d, opt_g, seed, arrows, lines, game, lang):
    """The tab shown for the first time: a game of the fields' set-up, so the tab never opens blank."""
    if game is not None:
        return (game, *[gr.update()] * 5)
    return start(data, drawing, loss, k, lr_d, lr_g, opt_d, opt_g, seed, False, arrows, lines, game, lang)


def build(texts: Texts | None = None, language=None, tab=None, link=None) -> None:
    texts, language, link = tab_context(texts, language, link)
    follow = texts.follow
    texts.markdown("lab_intro")
    game = gr.State(None, time_to_live=3600, delete_callback=close_game)
    knobs = lab.Knobs()
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            data = follow(gr.Radio(list(zip(t("lab_data_choices"), lab.DATA)), value="ring",
                                   label=t("lab_data"), elem_id="lab-data"), label="lab_data", choices="lab_data_choices")
            pad = follow(gr.Sketchpad(label=t("lab_pad"), type="numpy", image_mode="RGBA", canvas_size=(300, 300),
                                      brush=gr.Brush(default_size=8, colors=["#000000"], color_mode="fixed"),
                                      elem_id="lab-pad", visible=False), "lab_pad")
            loss = follow(gr.Radio(LOSSES, value=knobs.loss, label=t("train_loss"), elem_id="lab-loss"),
                          label="train_loss", choices="train_loss_choices")
            k = follow(Slider(1, limits.K.high, value=knobs.k, step=1, label=t("train_k"), elem_id="lab-k"), "train_k")
            with gr.Row():
                lr_d = follow(gr.Number(knobs.lr_d, label=t("train_lr_d"), elem_id="lab-lr-d"), "train_lr_d")
                lr_g = follow(gr.Number(knobs.lr_g, label=t("train_lr_g"), elem_id="lab-lr-g"), "train_lr_g")
            with gr.Row():
                optimizers = list(zip(t("lab_opt_choices"), lab.OPTIMIZERS))
                opt_d = gr.Radio(optimizers, value=knobs.optimizer_d, label=t("lab_opt_d"), elem_id="lab-opt-d")
                opt_g = gr.Radio(optimizers, value=knobs.optimizer_g, label=t("lab_opt_g"), elem_id="lab-opt-g")
                follow(opt_d, label="lab_opt_d", choices="lab_opt_choices")
                follow(opt_g, label="lab_opt_g", choices="lab_opt_choices")
            seed = follow(gr.Number(0, precision=0, label=t("train_seed"), elem_id="lab-seed"), "train_seed")
            speed = follow(gr.Radio(list(zip(t("lab_speed_choices"), SPEED_CHOICES)), value="max", label=t("lab_speed_label"),
                                    elem_id="lab-speed"), label="lab_speed_label", choices="lab_speed_choices")
            with gr.Row():
                arrows = follow(gr.Checkbox(True, label=t("lab_arrows"), elem_id="lab-arrows"), "lab_arrows")
                lines = follow(gr.Checkbox(True, label=t("lab_manifold"), elem_id="lab-manifold"), "lab_manifold")
            with gr.Row():
                new_btn = follow(gr.Button(t("lab_new"), elem_id="lab-new"), value="lab_new")
                trained_btn = follow(gr.Button(t("lab_trained"), elem_id="lab-trained"), value="lab_trained")
            with gr.Row():
                play_btn = follow(gr.Button(t("lab_play"), variant="primary", elem_id="lab-play"), value="lab_play")
                pause_btn = follow(gr.Button(t("lab_pause"), variant="stop", elem_id="lab-pause"), value="lab_pause")
            with gr.Row():
                step_btns = {kind: follow(gr.Button(t(f"lab_step_{kind}"), size="sm", elem_id=f"lab-step-{kind}"),
                                          value=f"lab_step_{kind}") for kind in lab.STEP_KINDS}
            # not re-set by the language switch (it would wipe the game's status); opening the tab writes it
            status = gr.Markdown(t("lab_start_hint"), elem_id="lab-status")
        with gr.Column(scale=2):
            picture = follow(widgets.Image(label=t("lab_picture"), format="png", type="numpy", interactive=False,
                                           elem_id="lab-view", elem_classes=["gan-picture"], height=420,
                                           buttons=["download", "fullscreen"]), "lab_picture")
            plot_titles = {"x_title": "lab_update", "y_title": "plot_value", "color_title": "plot_series"}
            plots = []
            for row in ((("train_loss_plot", "lab-loss-plot", {"color_map": COLOURS["loss"]}),
                         ("train_d_plot", "lab-d-plot", {"y_lim": [0, 1], "color_map": COLOURS["d"]})),
                        (("lab_divergence_plot", "lab-divergence-plot", {"color_map": COLOURS["divergence"]}),)):
                with gr.Row():
                    for key, elem, extra in row:
                        plots.append(follow(gr.LinePlot(None, x="update", y="value", color="series", title=t(key),
                                                        x_title=t("lab_update"), y_title=t("plot_value"),
                                                        color_title=t("plot_series"), height=240, elem_id=elem,
                                                        **extra), title=key, **plot_titles))
            metrics = gr.JSON(visible=False)
    link.add_all([("p_data", data), ("p_loss", loss), ("p_k", k), ("p_lr_d", lr_d, limits.LEARNING_RATE),
                  ("p_lr_g", lr_g, limits.LEARNING_RATE), ("opt_d", opt_d), ("opt_g", opt_g),
                  ("p_seed", seed, limits.SEED), ("speed", speed), ("arrows", arrows), ("manifold", lines)])
    private = {"api_visibility": "private"}
    fields = [data, pad, loss, k, lr_d, lr_g, opt_d, opt_g, seed]
    views = [arrows, lines]
    outputs = [game, picture, *plots, status]
    data.change(lambda d: gr.update(visible=d == "drawn"), data, pad, **private).then(
        None, None, None, js=pick_brush("lab-pad"), **private)
    new_btn.click(lambda *a: start(*a[:9], False, *a[9:]), fields + views + [game, language], outputs, **private)
    trained_btn.click(lambda *a: start(*a[:9], True, *a[9:]), fields + views + [game, language], outputs, **private)
    # the language switch re-words the game's status line (what the page shows, in the new language)
    language.change(lambda g, lang: status_text(g.latest, lang) if g is not None and g.latest else gr.update(),
                    [game, language], status, show_progress="hidden", **private)
    if tab is not None:
        tab.select(opened, fields + views + [game, language], outputs, **private)
    play_event = play_btn.click(play, [speed, *views, game, language], outputs, concurrency_id=PLAY_QUEUE,
                                concurrency_limit=MAX_PLAYS, show_progress="minimal", **private)
    # the answer after the cancellation clears the outputs' "cancelled" marks (as Train live's Stop)
    pause_btn.click(lambda g: g is not None and g.pause(timeout=0), game, None, cancels=[play_event],
                    **private).then(paused, [*views, game, language], outputs, **private)
    for kind, btn in step_btns.items():
        btn.click(lambda a, l, g, lang, kind=kind: step(kind, a, l, g, lang), [*views, game, language], outputs,
                  show_progress="hidden", **private)
    knob_inputs = [loss, k, lr_d, lr_g, opt_d, opt_g, game, language]
    gr.on([loss.input, k.release, opt_d.input, opt_g.input, lr_d.submit, lr_d.blur, lr_g.submit, lr_g.blur],
          edit, knob_inputs, status, show_progress="hidden", trigger_mode="always_last", **private)
    gr.on([], api_new, fields, [game, metrics], api_name="playground_new")
    api_kind = gr.Textbox(visible=False)
    gr.on([], api_step, [api_kind, game], [game, picture, metrics], api_name="train_step")
