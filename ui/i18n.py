"""The app's two languages: every visible text of every tab in English and Chinese.

`t(key, lang, **fields)` returns a text ("en" / "zh", or the switch's label); `Texts` registers the
widgets whose label, value, info, placeholder, choices or plot titles follow the language switch at the
top of the app, and `Texts.updates(lang)` re-labels all of them. The strings live in ui/strings_app.py
(header, Samples, Interpolate, Draw, Train live) and ui/strings_paper.py (the paper's pieces).
"""
from __future__ import annotations

import gradio as gr

from ui.strings_app import APP_STRINGS, FIELD_NAMES_ZH
from ui.strings_paper import PAPER_STRINGS
from ui.strings_playground import PLAYGROUND_STRINGS

LANGUAGES = {"English": "en", "中文": "zh"}
DEFAULT_LANGUAGE = "English"
STRINGS: dict[str, dict] = {**PAPER_STRINGS, **APP_STRINGS, **PLAYGROUND_STRINGS}


def code(language: str | None) -> str:
    """'en' or 'zh' from the switch's label (or a code); unknown values fall back to English."""
    if language in LANGUAGES.values():
        return language
    return LANGUAGES.get(language or DEFAULT_LANGUAGE, "en")


def label_of(language: str | None) -> str:
    """The switch's label for a language code or label ('zh' -> '中文'); unknown: the default."""
    return next(label for label, c in LANGUAGES.items() if c == code(language))


def t(key: str, language: str | None = DEFAULT_LANGUAGE, **fields):
    """The text of `key` in the language, formatted with `fields` if any (lists of choices as they are)."""
    text = STRINGS[key][code(language)]
    return text.format(**fields) if fields else text


class Texts:
    """Widgets whose texts follow the language: `follow(widget, label="key", info="key2", ...)` (or the
    short `follow(widget, "key")` for a label); `updates(lang)` gives one gr.update per widget
    (outputs: `components`). A "choices" key holds a list of labels; the values stay the widget's own."""

    ATTRS = ("label", "value", "info", "placeholder", "choices", "title", "x_title", "y_title", "color_title")

    def __init__(self):
        self.items: list[tuple[gr.components.Component, dict[str, str], list | None]] = []

    def markdown(self, key: str, **kwargs) -> gr.Markdown:
        return self.follow(gr.Markdown(t(key), **kwargs), value=key)

    def follow(self, component, key: str | None = None, attr: str = "label", **keys):
        if key is not None:
            keys[attr] = key
        unknown = set(keys) - set(self.ATTRS)
        if unknown:
            raise ValueError(f"cannot translate {sorted(unknown)}")
        missing = [k for k in keys.values() if k not in STRINGS]
        if missing:
            raise KeyError(f"no text for {missing}")
        values = None
        if "choices" in keys:
            values = [value for _, value in component.choices]
            if len(values) != len(STRINGS[keys["choices"]]["en"]):
                raise ValueError(f"{keys['choices']}: {len(values)} choices but other labels")
        self.items.append((component, keys, values))
        return component

    def follow_with(self, component, relabel):
        """A widget whose texts `relabel(lang)` computes (a gr.update), e.g. choices made at build time."""
        self.items.append((component, {}, relabel))
        return component

    @property
    def components(self) -> list:
        return [c for c, _, _ in self.items]

    def updates(self, language: str | None) -> list:
        out = []
        for _, keys, values in self.items:
            if callable(values):
                out.append(values(language))
                continue
            change = {}
            for attr, key in keys.items():
                text = t(key, language)
                change[attr] = list(zip(text, values)) if attr == "choices" else text
            out.append(gr.update(**change))
        return out


def reason(error: Exception, language: str | None = DEFAULT_LANGUAGE) -> str:
    """Why a value was refused, in the language: the library's own words in English; in Chinese, its
    range, number and choice checks (gan.limits.InputError.rule) re-worded, other messages as they are."""
    rule = getattr(error, "rule", None)
    if code(language) != "zh" or not rule:
        return str(error)
    field = FIELD_NAMES_ZH.get(getattr(error, "field", ""), getattr(error, "field", ""))
    kind, *parts = rule
    if kind == "integer":
        low, high, got = parts
        return f"{field}必须是 {low} 到 {high} 之间的整数，收到的是 {got}"
    if kind == "number":
        low, high, low_open, got = parts
        lower = f"大于 {low:g}" if low_open else f"不小于 {low:g}"
        return f"{field}必须是{lower} 且不超过 {high:g} 的数，收到的是 {got}"
    if kind == "choice":
        options, got = parts
        return f"{field}必须是以下之一：{options}；收到的是 {got}"
    if kind == "drawing":      # gan.live.drawn_data
        what, *values = parts
        drawing = {"empty": "画出的数据是空的：请先为 p_data 画一些笔画或点",
                   "one": "一个点不是可以学习的分布：请至少画 2 个点",
                   "many": "画出的数据最多只能有 {} 个点，收到的是 {} 个：请画得更细或更少",
                   "finite": "画出的数据中的点必须是有限的数",
                   "off": "点 {} 在视图之外（两个坐标轴都须在 -{:g} 到 {:g} 之间）：p_data 必须画在视图内"}
        if what == "off":
            values = [values[0], values[1], values[1]]
        return drawing[what].format(*values) if what in drawing else str(error)
    return str(error)
