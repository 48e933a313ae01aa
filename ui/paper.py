"""The tab "The paper, piece by piece": every idea of Goodfellow et al. (2014) as something to try, each
with a short explanation (and its equation) beside it, in English or Chinese.

Sub-tabs, one module each: adversarial examples (ui/paper_adversarial.py), the optimal discriminator and
the equilibrium (ui/paper_equilibrium.py), vanishing gradients (ui/paper_vanishing.py), mode collapse and
the conditional model (ui/paper_modes.py). Texts live in ui/i18n.py; the language switch at the top
re-labels every registered text. API endpoint: /paper_language (language -> every text, in order).
"""
from __future__ import annotations

import gradio as gr

from gan.serving import validate
from ui import paper_adversarial, paper_equilibrium, paper_modes, paper_vanishing
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from ui.paper_common import Texts

PIECES = (("tab_adversarial", "paper-adversarial", paper_adversarial),
          ("tab_optimal", "paper-optimal", paper_equilibrium),
          ("tab_vanishing", "paper-vanishing", paper_vanishing),
          ("tab_modes", "paper-modes", paper_modes))


def build(zoo) -> None:
    texts = Texts()
    with gr.Row(equal_height=True):
        with gr.Column(scale=4):
            texts.markdown("intro", elem_id="paper-intro")
        with gr.Column(scale=1, min_width=200):
            language = texts.follow(gr.Radio(list(LANGUAGES), value=DEFAULT_LANGUAGE, label=t("language"),
                                             elem_id="paper-language"), "language")
    with gr.Tabs():
        for key, tab_id, piece in PIECES:
            with texts.follow(gr.Tab(t(key), id=tab_id, elem_id=f"{tab_id}-tab"), key):
                piece.build(zoo, texts, language)

    def switch_language(choice):
        return texts.updates(validate.choice(choice, "language", list(LANGUAGES)))

    language.change(switch_language, language, texts.components, api_name="paper_language")
