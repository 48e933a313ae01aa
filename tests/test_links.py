"""Links that share a set-up (ui.links): a link's values are checked as the widgets' own fields would
check them; good ones are set, bad ones ignored and named in the note."""
import gradio as gr

from gan import limits
from ui.links import Link


def a_link():
    link = Link()
    with gr.Blocks():
        with gr.Tab("A") as tab:
            link.add_all([("seed", gr.Number(0), limits.BROWSER_SEED),
                          ("rows", gr.Slider(1, 16, value=8, step=1)),
                          ("path", gr.Radio([("linear", "linear"), ("spherical", "spherical")], value="linear")),
                          ("digit", gr.Dropdown([("the one read", -1)] + [(str(d), d) for d in range(10)], value=-1)),
                          ("bounce", gr.Checkbox(True)), ("lr", gr.Number(0.001), limits.LEARNING_RATE),
                          ("text", gr.Textbox(""))])
        link.tab("a", tab)
    return link


def values(updates):
    return [u.get("value", "unchanged") for u in updates]


def test_good_values_are_set_and_missing_ones_left_alone():
    updates, tab, note = a_link().read({"seed": "9007199254740991", "rows": "3", "path": "spherical", "digit": "7",
                                        "bounce": "false", "lr": "0.02", "tab": "a", "lang": "zh", "utm": "x"})
    assert values(updates) == [2**53 - 1, 3, "spherical", 7, False, 0.02, "unchanged"]
    assert tab == "a" and note == ""


def test_bad_values_are_ignored_and_named_never_raised():
    link = a_link()
    updates, tab, note = link.read({"seed": "-5", "rows": "17", "path": "curved", "digit": "x", "bounce": "maybe",
                                    "lr": "nan", "text": "y" * 500, "tab": "nowhere"})
    assert values(updates) == ["unchanged"] * 7 and tab is None
    for words in ("seed must be an integer from 0 to 9007199254740991, got -5", "rows must be from 1 to 16, got 17",
                  "path must be one of linear, spherical, got 'curved'", "digit must be one of -1, 0, 1",
                  "bounce must be true or false", "lr must be a finite number", "at most 200 characters",
                  "tab must be one of a, got 'nowhere'"):
        assert words in note, (words, note)
    assert link.read({"seed": "2.5"})[2].count("seed must be an integer") == 1
    assert "链接中的部分设置已被忽略" in link.read({"rows": "0"}, "zh")[2]

