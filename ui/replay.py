"""Train live's replay: once a run ends (or is stopped), a timeline slider scrubs through its frames,
showing the picture at that step and a "▶" line at that step on both plots; "Download the run" exports
every frame as a GIF and an MP4 (gan.live.replay). Widgets only; the frames live in the visitor's run."""
from __future__ import annotations

import gradio as gr

from ui.i18n import DEFAULT_LANGUAGE, Texts, t


def replay_of(run):
    replay = getattr(run, "replay", None)
    return replay if run is not None and run.ended() and replay is not None and len(replay) else None


def offer(run, lang=DEFAULT_LANGUAGE):
    """After a run: the timeline at its last frame (hidden while nothing can be replayed)."""
    replay = replay_of(run)
    if replay is None:
        return gr.update(visible=False), gr.update(), ""
    last = len(replay) - 1
    return (gr.update(visible=True), gr.update(minimum=0, maximum=max(last, 1), value=last, step=1),
            t("replay_at", lang, step=replay.steps[last], i=last + 1, n=len(replay)))


def scrub(run, index, lang=DEFAULT_LANGUAGE, tables=None):
    """(picture, loss plot, D plot, caption) at the replay's frame `index`; `tables(history, marker=step)`
    gives the plots (Train live's)."""
    replay = replay_of(run)
    if replay is None:
        return gr.update(), gr.update(), gr.update(), t("replay_none", lang)
    index = min(max(int(index or 0), 0), len(replay) - 1)
    step, picture = replay.frame(index)
    outcome = run.outcome(timeout=0)
    plots = tables(outcome.history, marker=step) if outcome and tables else (gr.update(), gr.update())
    return picture, *plots, t("replay_at", lang, step=step, i=index + 1, n=len(replay))


def download(run, lang=DEFAULT_LANGUAGE):
    replay = replay_of(run)
    if replay is None:
        return None, t("replay_none", lang)
    gif, mp4 = replay.export()
    return [str(gif), str(mp4)], t("replay_exported", lang, n=len(replay))


def build(run_state, picture, loss_plot, d_plot, texts: Texts, language, tables):
    """The replay row (hidden until a run ends); returns (the function that chains the offer after a
    run's end, the handler that hides the row, its outputs). `tables`: the plots of a history."""
    follow = texts.follow
    with gr.Column(visible=False, elem_id="train-replay-box") as box:
        timeline = follow(gr.Slider(0, 1, value=0, step=1, label=t("replay_label"), elem_id="train-replay"),
                          "replay_label")
        caption = gr.Markdown("", elem_id="train-replay-caption")
        with gr.Row():
            export_btn = follow(gr.Button(t("replay_download"), elem_id="train-replay-download"), value="replay_download")
        files = follow(gr.File(label=t("replay_files"), file_count="multiple", elem_id="train-replay-files"),
                       "replay_files")
    private = {"api_visibility": "private"}
    timeline.release(lambda run, i, lang: scrub(run, i, lang, tables), [run_state, timeline, language],
                     [picture, loss_plot, d_plot, caption],
                     trigger_mode="always_last", show_progress="hidden", **private)
    export_btn.click(download, [run_state, language], [files, caption], **private)

    def train_replay(run):
        """The frames of this session's last /train run, as [GIF, MP4] (the run must have ended)."""
        replay = replay_of(run)
        if replay is None:
            raise gr.Error("no finished run in this session to replay: call /train first, and let it end",
                           print_exception=False)
        return [str(path) for path in replay.export()]

    gr.on([], train_replay, run_state, gr.File(file_count="multiple", visible=False, label="run"),
          api_name="train_replay")

    def after(event):
        """Chain the offer after `event` (a run's end, a Stop)."""
        return event.then(offer, [run_state, language], [box, timeline, caption], **private)

    def hide():
        return gr.update(visible=False), None

    return after, hide, [box, files]
