"""GAN Playground: see and play with the first GAN (Goodfellow et al., 2014, arXiv 1406.2661).

`python app.py` starts the app locally (host/port from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT); the
hosted Space runs the same file. Widgets live in `ui/`, compute in `gan/`.
"""
from __future__ import annotations

import os

# Start offline and quietly: no analytics, no telemetry (set before gradio/huggingface_hub import).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# Gradio keeps per-event timings for its analytics page (10,000 by default); 1,000 is plenty here.
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")

import gradio as gr  # noqa: E402
import torch  # noqa: E402

from gan.device import describe as describe_device, set_cpu_threads  # noqa: E402
from gan.serving import memory  # noqa: E402
from gan.serving import validate  # noqa: E402
from gan.serving.visitor_models import with_visitor_models  # noqa: E402
from gan.serving.zoo import ModelZoo  # noqa: E402
from gan.paper.adversarial import shared_classifier  # noqa: E402
from ui import draw, interpolate, paper, playground, samples, train_live  # noqa: E402
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, Texts, label_of, t  # noqa: E402
from ui.links import Link  # noqa: E402
from ui.samples import model_choices, model_label  # noqa: E402
from ui.widgets import HEAD  # noqa: E402

TITLE = "GAN Playground"
# At most 64 visitors wait in line; 2 events run at once by default (a 2-core CPU Space).
QUEUE_SETTINGS = {"max_size": 64, "default_concurrency_limit": 2}
# Gradio's queue looks for new events every 1 ms while idle, and for gr.Progress updates every 10 ms;
# each wake-up takes Python's GIL from a live training run in this process (~25% of a 1-D run's speed
# measured here at 1 ms). New events are looked for every 10 ms (a request waits at most that long) and
# progress every 100 ms (no handler here reports gr.Progress).
QUEUE_POLL_S, PROGRESS_POLL_S = 0.01, 0.1
# Pictures tagged `elem_classes="gan-picture"` keep Gradio's floating label and buttons off the image.
# The system's sans-serif fonts: Gradio's bundled Source Sans Pro drew bold capitals (the "A" of "GAN
# Playground") in a fallback font; a refused input's line (.gan-message) in the theme's error colour.
CSS = (".gan-picture .image-container { padding-top: 2.6rem; }\n"
       ":root, .gradio-container { --font: ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, "
       "'Noto Sans', 'Liberation Sans', 'DejaVu Sans', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif; }\n"
       ".gan-message { color: var(--error-text-color, #b91c1c); }")
LAUNCH_SETTINGS = {"css": CSS, "head": HEAD}


def hub_in_words(notes: list[str], lang=DEFAULT_LANGUAGE) -> str:
    """Why the Hub's copies were not used, said for a visitor; the technical reason stays in a tooltip."""
    detail = "; ".join(notes).replace('"', "'")
    if all("GAN_HUB=off" in n for n in notes):
        words = t("hub_off", lang)
    elif all(("unreachable" in n or "did not answer" in n or "failed" in n) for n in notes):
        words = t("hub_offline", lang)
    else:
        words = t("hub_unusable", lang)
    return f'<span title="{detail}">{words}</span>'


def device_in_words(device, lang=DEFAULT_LANGUAGE) -> str:
    """'CUDA (NVIDIA H200)' or 'CPU (2 threads per request)', in the language (gan.device.describe in English)."""
    if device.type == "cuda":
        return describe_device(device)
    n = torch.get_num_threads()
    return t("device_cpu", lang, n=n, threads="thread" if n == 1 else "threads")


def header(zoo: ModelZoo, lang=DEFAULT_LANGUAGE) -> str:
    """Title, one line on the paper, the device the models run on and where each model's weights came from."""
    def origin(name):   # gan.serving.zoo.describe_origin's words, in the language
        where = zoo.origins.get(name, zoo.sources[name])
        for prefix, key in (("bundled copy ", "origin_bundled"), ("local folder ", "origin_local")):
            if where.startswith(prefix):
                return t(key, lang, where=where[len(prefix):])
        return where
    weights = " · ".join(f"{model_label(n, lang)}: {origin(n)}" for n in zoo.models)
    notes = sorted(set(zoo.notes.values()))
    why = f"<br><small>{hub_in_words(notes, lang)}</small>" if notes else ""
    errors = "".join(f"\n\n> **{model_label(n, lang)} {t('header_not_loaded', lang)}:** {e}"
                     for n, e in zoo.errors.items())
    return (f"# {TITLE}\n{t('header_intro', lang)}\n\n"
            f"**{t('header_device', lang)}:** {device_in_words(zoo.device, lang)} &nbsp;·&nbsp; "
            f"**{t('header_weights', lang)}:** {weights or t('header_none', lang)}{why}{errors}")


def language_on_load(stored: str | None, request: gr.Request) -> str:
    """The visitor's language when the page opens: `?lang=zh` (or en) in the URL, else the one they
    chose last time (kept in their browser), else English."""
    asked = dict(request.query_params).get("lang") if request is not None else None
    for choice in (asked, stored):
        if choice and (choice in LANGUAGES or choice in LANGUAGES.values()):
            return label_of(choice)
    return DEFAULT_LANGUAGE


# The page's <html> carries the language (data-gan-lang) for texts the browser writes (ui.widgets.HEAD).
MARK_LANGUAGE = "(choice) => { document.documentElement.dataset.ganLang = choice === '中文' ? 'zh' : 'en'; }"


# the URL keeps the language as ?lang=en / zh (ui.links keeps the tab and the settings)
SET_LANGUAGE_PARAM = """(choice) => { const p = new URLSearchParams(location.search);
  p.set('lang', choice === '中文' ? 'zh' : 'en'); history.replaceState(null, '', location.pathname + '?' + p.toString()); }"""


def with_queue(demo: gr.Blocks) -> gr.Blocks:
    """The app's queue: QUEUE_SETTINGS, polled every QUEUE_POLL_S / PROGRESS_POLL_S (private Gradio
    settings, left alone if a Gradio version lacks them)."""
    demo.queue(**QUEUE_SETTINGS)
    queue = getattr(demo, "_queue", None)
    for name, seconds in (("sleep_when_free", QUEUE_POLL_S), ("progress_update_sleep_when_free", PROGRESS_POLL_S)):
        if isinstance(getattr(queue, name, None), (int, float)):
            setattr(queue, name, max(getattr(queue, name), seconds))
    return demo


def shared_classifier_or_none():
    """The shipped classifier (shared, read-only), or None when its weights cannot be loaded."""
    try:
        return shared_classifier()
    except (ValueError, OSError):
        return None


def build_demo(zoo: ModelZoo | None = None) -> gr.Blocks:
    # A Space runs for days: keep the allocator from holding every worker thread's peak (gan.serving.memory).
    memory.bound_allocator()
    # Each of the events running at once gets its share of the cores (oversubscribed CPU threads spin).
    set_cpu_threads(QUEUE_SETTINGS["default_concurrency_limit"])
    zoo = zoo or ModelZoo.load()
    texts = Texts()      # every text that follows the language switch, from every tab
    # Gradio's own copies of served files (grids, GIFs) are deleted after 30 minutes, checked every 10.
    with gr.Blocks(title=TITLE, delete_cache=(600, 1800)) as demo:
        with gr.Row(equal_height=True):
            with gr.Column(scale=6):
                top = gr.Markdown(header(zoo), elem_id="header")
            with gr.Column(scale=1, min_width=180):
                language = texts.follow(gr.Radio(list(LANGUAGES), value=DEFAULT_LANGUAGE, label=t("language"),
                                                 elem_id="language"), "language")
                copy_link = texts.follow(gr.Button(t("copy_link"), size="sm", elem_id="copy-link"), value="copy_link")
                copied = texts.follow(gr.Textbox(label=t("link_box"), max_lines=1, elem_id="link-box",
                                                 buttons=["copy"], visible=False), "link_box")
        link_note = gr.Markdown("", visible=False, elem_id="link-note")
        link = Link()        # every tab's settings in the page's URL (ui/links.py)
        remembered = gr.BrowserState(DEFAULT_LANGUAGE, storage_key="gan-playground-language")
        # each visitor's own models (finished live MNIST runs, uploads), for their session only
        my_models = gr.State({}, time_to_live=3600)
        walk_start = gr.State(None, time_to_live=3600)     # a z found in G on Draw, where Interpolate walks from
        with gr.Tabs() as tabs:
            with texts.follow(link.tab("samples", gr.Tab(t("tab_samples"), id="samples")), "tab_samples"):
                samples_picker = samples.build(zoo, my_models, texts, language, link)
            with texts.follow(link.tab("interpolate", gr.Tab(t("tab_interpolate"), id="interpolate")), "tab_interpolate") as interpolate_tab:
                interpolate_picker = interpolate.build(zoo, interpolate_tab, my_models, texts, language, walk_start,
                                                       link)
            with texts.follow(link.tab("draw", gr.Tab(t("tab_draw"), id="draw")), "tab_draw") as draw_tab:
                draw_picker = draw.build(zoo, shared_classifier_or_none(), my_models, draw_tab, texts, language,
                                         walk_start, tabs, link)
            pickers = [p for p in (samples_picker, interpolate_picker, draw_picker) if p is not None]
            with texts.follow(link.tab("train", gr.Tab(t("tab_train"), id="train")), "tab_train"):
                train_live.build(zoo, my_models, pickers, texts, language, link)
            with texts.follow(link.tab("playground", gr.Tab(t("tab_playground"), id="playground")), "tab_playground") as playground_tab:
                playground.build(texts, language, playground_tab, link)
            with texts.follow(link.tab("paper", gr.Tab(t("tab_paper"), id="paper")), "tab_paper"):
                paper.build(zoo, texts, language)

        def switch_language(choice, mine):
            lang = validate.choice(choice, "language", list(LANGUAGES))
            choices = model_choices(with_visitor_models(zoo, mine), lang)
            return (lang, header(zoo, lang), *[gr.update(choices=choices) for _ in pickers], *texts.updates(lang))

        # the API's /language: a language -> every text that follows it (header, pickers, then `texts`)
        language.change(switch_language, [language, my_models], [remembered, top, *pickers, *texts.components],
                        api_name="language").then(None, language, None, js=MARK_LANGUAGE, api_visibility="private")
        demo.load(language_on_load, remembered, language, api_visibility="private")
        link.wire(demo, link_note, copy_link, copied)
        language.change(None, language, None, js=SET_LANGUAGE_PARAM, api_visibility="private")
    return demo


if __name__ == "__main__":
    with_queue(build_demo()).launch(**LAUNCH_SETTINGS)
