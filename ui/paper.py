"""The tab "The paper, piece by piece": every idea of Goodfellow et al. (2014) as something to try, each
with a short explanation (and its equation) beside it, in English or Chinese.

Sub-tabs, one module each: adversarial examples (ui/paper_adversarial.py), the optimal discriminator and
the equilibrium (ui/paper_equilibrium.py), vanishing gradients (ui/paper_vanishing.py), mode collapse and
the conditional model (ui/paper_modes.py). Texts live in ui/strings_paper.py; the app's language switch
re-labels every registered text (see ui/i18n.py).
"""
from __future__ import annotations

import gradio as gr

from ui import paper_adversarial, paper_equilibrium, paper_modes, paper_vanishing
from ui.i18n import Texts, t
from ui.links import tab_context

PIECES = (("tab_adversarial", "paper-adversarial", paper_adversarial),
          ("tab_optimal", "paper-optimal", paper_equilibrium),
          ("tab_vanishing", "paper-vanishing", paper_vanishing),
          ("tab_modes", "paper-modes", paper_modes))


def build(zoo, texts: Texts | None = None, language=None) -> None:
    """The tab; `texts` / `language`: the app's language switch (at the top of the page)."""
    texts, language, _ = tab_context(texts, language)
    texts.markdown("intro", elem_id="paper-intro")
    with gr.Tabs():
        for key, tab_id, piece in PIECES:
            with texts.follow(gr.Tab(t(key), id=tab_id, elem_id=f"{tab_id}-tab"), key):
                piece.build(zoo, texts, language)
