"""Links that share a set-up: every tab's settings live in the page's URL (its query string), as in
TensorFlow Playground, and "Copy link" gives a link that opens the app on the same tab with the same
settings.

Each tab registers its widgets under a query name (`Link.add("seed", seed_box, limit)`); the app wires
them once (`Link.wire`): a change of any registered widget, or a tab opened, rewrites the URL in the
browser (no request); opening the app reads the URL, checks every value as the widget's own field would
(a Limit, the slider's range, the radio's or dropdown's choices) and sets the good ones; a bad value is
ignored and named in a note at the top, never an error page. Then the tab the link names is opened,
as a click would (so the tab draws what its settings describe).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from urllib.parse import parse_qs

import gradio as gr

from gan import limits
from ui.i18n import DEFAULT_LANGUAGE, Texts, t

MAX_TEXT = 200          # characters of a text setting taken from a link


@dataclass
class Setting:
    name: str
    component: gr.components.Component
    limit: limits.Limit | None = None

    def parse(self, text: str):
        """The widget's value from the link's text, or InputError (ValueError) naming the setting."""
        c = self.component
        choices = getattr(c, "choices", None)
        if isinstance(c, gr.Checkbox):
            if text.lower() not in ("true", "false", "1", "0"):
                raise limits.InputError(self.name, f"{self.name} must be true or false, got {text!r}")
            return text.lower() in ("true", "1")
        if choices:
            values = [v for _, v in choices]
            for v in values:
                if str(v) == text:
                    return v
            raise limits.InputError(self.name, f"{self.name} must be one of {', '.join(map(str, values))}, got {text!r}")
        if isinstance(c, (gr.Number, gr.Slider)):
            try:
                number = float(text)
            except ValueError:
                raise limits.InputError(self.name, f"{self.name} must be a number, got {text!r}") from None
            if not math.isfinite(number):
                raise limits.InputError(self.name, f"{self.name} must be a finite number, got {text!r}")
            if self.limit is not None:
                return self.limit.check(int(number) if number.is_integer() and self.limit.integer else number,
                                        self.name)
            if isinstance(c, gr.Slider):
                low, high = c.minimum, c.maximum
                if not low <= number <= high:
                    raise limits.InputError(self.name, f"{self.name} must be from {low:g} to {high:g}, got {text}")
            return int(number) if number.is_integer() else number
        if len(text) > MAX_TEXT:
            raise limits.InputError(self.name, f"{self.name} may have at most {MAX_TEXT} characters")
        return text


class Link:
    def __init__(self):
        self.settings: list[Setting] = []
        self.tabs: dict[str, gr.Tab] = {}
        self._redraws: list = []

    def add(self, name: str, component, limit: limits.Limit | None = None):
        if any(s.name == name for s in self.settings):
            raise ValueError(f"the link already has a setting {name!r}")
        self.settings.append(Setting(name, component, limit))
        return component

    def add_all(self, settings) -> None:
        """`settings`: (name, component) or (name, component, limit) tuples."""
        for setting in settings:
            self.add(*setting)

    def redraw(self, names, button_id: str) -> None:
        """After a link is applied that sets any of `names`, press the button `button_id` (a tab whose
        picture is drawn before the link arrives, such as Samples' grid, redraws it from the link)."""
        self._redraws.append([sorted(names), button_id])

    def tab(self, tab_id: str, tab: gr.Tab) -> gr.Tab:
        self.tabs[tab_id] = tab
        return tab

    def read(self, query: dict, lang=DEFAULT_LANGUAGE) -> tuple[list, str | None, str]:
        """(one gr.update per setting, the tab to open or None, the note on what was ignored)."""
        updates, ignored = [], []
        for s in self.settings:
            if s.name not in query:
                updates.append(gr.update())
                continue
            try:
                updates.append(gr.update(value=s.parse(str(query[s.name]))))
            except ValueError as e:
                updates.append(gr.update())
                ignored.append(str(e))
        # lang is the app's own (app.language_on_load); names no setting knows are left alone
        tab = query.get("tab")
        if tab is not None and tab not in self.tabs:
            ignored.append(f"tab must be one of {', '.join(self.tabs)}, got {tab!r}")
            tab = None
        note = t("link_ignored", lang, reasons="; ".join(ignored)) if ignored else ""
        return updates, tab, note

    def names_js(self) -> str:
        return json.dumps([s.name for s in self.settings])

    def wire(self, demo: gr.Blocks, note: gr.Markdown, copy_button: gr.Button, copied: gr.Textbox) -> None:
        """The URL follows every setting and tab; opening a link applies it; Copy link copies it. Call
        inside `demo`, after every tab has registered its settings."""
        components = [s.component for s in self.settings]
        private = {"api_visibility": "private"}
        names, defaults = self.names_js(), json.dumps([jsonable(s.component.value) for s in self.settings])
        gr.on([c.change for c in components], None, components, None, js=WRITE_URL % (names, defaults), **private)
        for tab_id, tab in self.tabs.items():
            tab.select(None, None, None, js=SET_TAB % json.dumps(tab_id), **private)

        def opened(search: str | None):
            query = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?"), keep_blank_values=True).items()}
            lang = query.get("lang") if query.get("lang") in ("en", "zh", "English", "中文") else DEFAULT_LANGUAGE
            updates, _, text = self.read(query, lang)
            return (*updates, gr.update(value=text, visible=bool(text)))

        # the query string the page was opened with (ui.widgets.HEAD keeps it before the page rewrites it)
        search = gr.Textbox(visible=False)
        demo.load(opened, search, [*components, note], js="() => [window.ganOpenedWith || '']",
                  show_progress="hidden", **private).then(
            None, None, None, js=OPEN_TAB.replace("REDRAWS", json.dumps(self._redraws)), **private)
        # the box shows once there is a link in it
        copy_button.click(None, components, copied, js=COPY_LINK % (names, defaults), **private).then(
            lambda: gr.update(visible=True), None, copied, show_progress="hidden", **private)


def tab_context(texts: Texts | None = None, language=None, link: Link | None = None):
    """(texts, language, link) for a tab's build: the app's own (texts that follow the language switch,
    the visitor's language State, the link registry), or fresh ones when a tab is built alone."""
    return (texts if texts is not None else Texts(),
            language if language is not None else gr.State(DEFAULT_LANGUAGE),
            link if link is not None else Link())


def jsonable(value):
    return value if isinstance(value, (int, float, str, bool)) or value is None else None


# the URL's query string: the registered settings that differ from their defaults (and the tab, kept by
# SET_TAB); the same for Copy link, which also puts the link in the clipboard and the box
QUERY = """const names = %s, defaults = %s; const p = new URLSearchParams(location.search);
  names.forEach((n, i) => { const v = values[i];
    if (v === null || v === undefined || v === '' || typeof v === 'object' || String(v) === String(defaults[i]))
      p.delete(n); else p.set(n, String(v)); });"""
WRITE_URL = "(...values) => { " + QUERY + """
  history.replaceState(null, '', location.pathname + (p.toString() ? '?' + p.toString() : '')); }"""
SET_TAB = """() => { const p = new URLSearchParams(location.search); p.set('tab', %s);
  history.replaceState(null, '', location.pathname + '?' + p.toString()); }"""
COPY_LINK = "(...values) => { " + QUERY + """
  const url = location.origin + location.pathname + (p.toString() ? '?' + p.toString() : '');
  history.replaceState(null, '', url);
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
  return url; }"""
# after a link is applied: press the redraw buttons of the tabs it set, and open the tab it names as a click
# would, so the tab's own "opened" handlers run
OPEN_TAB = """() => { const asked = new URLSearchParams(window.ganOpenedWith || '');
  for (const [names, button] of REDRAWS) {      // pictures drawn before the link came: drawn again from it
    if (names.some(n => asked.has(n))) document.getElementById(button)?.click(); }
  const tab = asked.get('tab');
  if (!tab) return; let tries = 0; const open = () => {
  const b = document.querySelector('button[role=tab][data-tab-id="' + CSS.escape(tab) + '"]');
  if (b) b.click(); else if (tries++ < 30) setTimeout(open, 100); }; open(); }"""
