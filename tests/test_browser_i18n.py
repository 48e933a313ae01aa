"""Both languages in a real browser: one switch at the top re-labels every tab; `?lang=zh` opens the app
in Chinese and the choice is remembered. Screenshots of every tab in English and Chinese go to
artifacts/screenshots/lang-*.png (look at them: text left in the other language is a bug)."""
import re

import pytest

from conftest import open_app

TABS = {"en": ["Samples", "Interpolate", "Draw", "Train live", "2-D playground", "The paper, piece by piece"],
        "zh": ["样本", "插值", "手写", "现场训练", "二维游乐场", "逐段读论文"]}
PIECES = {"en": ["1 · Adversarial examples", "2 · Optimal D and equilibrium", "3 · Vanishing gradients",
                 "4 · Mode collapse"],
          "zh": ["1 · 对抗样本", "2 · 最优判别器与均衡", "3 · 梯度消失", "4 · 模式崩溃"]}

# What stays in Latin letters in Chinese: names (of the paper's authors, models, methods, file formats,
# software), symbols of the equations, units, the English option of the language switch, and file or
# folder names. Words of Gradio's own chrome that its zh-CN translation leaves English are listed last.
ALLOWED = set("""
GAN GANs Playground Goodfellow Szegedy Shlens MNIST MLP DCGAN cGAN WGAN GP CPU CUDA PNG GIF MP4 MP ZIP zip Hub
Hugging Face API Adam SGD FGSM BIM PGD Slerp Wasserstein Parzen JSD KL Jensen Shannon Lab KaTeX
log max min sigmoid logit clip sign std exp tanh ReLU
data p_data p_g
English Language
GAN_HUB off weights mnist mlp dcgan cdcgan classifier config json safetensors FOLDER python gan sample
model seed out npz live gaussian1d ring grid step walk png gif
KB MB ms
Gradio Runs Layer
""".split())

VISIBLE_TEXT = """() => {
  const out = [];
  const walk = (n) => {
    if (n.nodeType === 1) {
      const st = getComputedStyle(n);
      if (st.display === 'none' || st.visibility === 'hidden') return;
      if (n.matches('.katex, .katex-display, code, pre, script, style')) return;   // equations, commands
    }
    if (n.nodeType === 3) {
      if (n.parentElement && n.parentElement.offsetParent !== null && n.nodeValue.trim()) out.push(n.nodeValue);
      return;
    }
    for (const c of n.childNodes) walk(c);
  };
  walk(document.querySelector('.gradio-container') || document.body);
  document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(i => {
    if (i.offsetParent !== null && i.placeholder) out.push(i.placeholder); });
  document.querySelectorAll('input[type=text], input:not([type])').forEach(i => {   // dropdowns show their choice here
    if (i.offsetParent !== null && i.value) out.push(i.value); });
  return out.join('\\n');
}"""


FILE_NAME = re.compile(r"\S*\.(gif|png|mp4|zip|npz|json|safetensors)\b")


def english_words(text: str) -> set[str]:
    """Latin-letter words of `text` that are not ALLOWED (file names, and the name Gradio gives a file
    before its extension on the next line, are names too)."""
    text = FILE_NAME.sub(" ", text)
    text = "\n".join(line for line in text.split("\n") if not re.fullmatch(r"\s*[\w\-]+-_?\w+\s*", line)
                     or " " in line.strip())
    words = set()
    for word in re.findall(r"[A-Za-z][A-Za-z_\-']*[A-Za-z]|[A-Za-z]{2,}", text):
        parts = [p for p in re.split(r"[-_']", word) if p]
        if word not in ALLOWED and not all(p in ALLOWED or len(p) == 1 for p in parts):
            words.add(word)
    return words


@pytest.fixture
def chinese_browser_page(chromium_browser, app_server):
    """A visitor whose browser speaks Chinese (Gradio's own widget texts follow the browser's locale)."""
    context, page = open_app(chromium_browser, app_server, locale="zh-CN")
    yield page
    context.close()


def visit_every_tab(page, lang: str, screenshot_dir) -> dict[str, set[str]]:
    """Open each tab (and each piece of the paper) in turn; return the English words each shows."""
    left = {}
    for i, tab in enumerate(TABS[lang]):
        page.get_by_role("tab", name=tab, exact=True).click()
        if i == len(TABS[lang]) - 1:               # the paper: each of its pieces
            for j, piece in enumerate(PIECES[lang]):
                page.get_by_role("tab", name=piece).click()
                page.wait_for_timeout(600)
                left[piece] = english_words(page.evaluate(VISIBLE_TEXT))
                page.screenshot(path=str(screenshot_dir / f"lang-{lang}-{i + 1}-paper-{j + 1}.png"), full_page=True)
        else:
            page.wait_for_timeout(1500 if i in (1, 4) else 600)   # Interpolate, the playground draw when opened
            left[tab] = english_words(page.evaluate(VISIBLE_TEXT))
            page.screenshot(path=str(screenshot_dir / f"lang-{lang}-{i + 1}-{tab.split()[0].lower()}.png"),
                            full_page=True)
    return left


def test_one_switch_turns_every_tab_chinese(chinese_browser_page, screenshot_dir):
    page = chinese_browser_page
    visit_every_tab(page, "en", screenshot_dir)                 # the English screenshots
    page.get_by_role("tab", name="Samples").click()
    page.locator("#language").get_by_text("中文").click()
    page.get_by_role("tab", name="样本").wait_for()
    page.locator("#samples-caption").get_by_text("平均评分").wait_for()     # the caption redrawn in Chinese
    left = visit_every_tab(page, "zh", screenshot_dir)
    assert not {tab: words for tab, words in left.items() if words}, left
    # and back: the English texts return
    page.locator("#language").get_by_text("English").click()
    page.get_by_role("tab", name="Samples").click()
    page.locator("#samples-caption").get_by_text("judged real").wait_for()


def test_a_run_in_chinese_reports_in_chinese(chinese_browser_page):
    page = chinese_browser_page
    page.locator("#language").get_by_text("中文").click()
    page.get_by_role("tab", name="现场训练").click()
    page.locator("#train-steps input").fill("200")
    page.locator("#train-start").click()
    page.wait_for_function("() => document.querySelector('#train-status').innerText.includes('已完成')",
                           timeout=60_000)
    assert not english_words(page.locator("#train-status").inner_text())
    # a switch re-words how the run ended (it used to reset the line to "Ready.")
    page.locator("#language").get_by_text("English").click()
    page.locator("#train-status").get_by_text(re.compile(r"Finished:.*done: 200 steps")).wait_for()


def test_a_refused_value_is_explained_in_chinese(chinese_browser_page):
    page = chinese_browser_page
    page.locator("#language").get_by_text("中文").click()
    page.get_by_role("tab", name="样本").wait_for()
    seed = page.locator("#samples-seed input")
    seed.fill("-5")
    seed.press("Enter")
    page.locator("#samples-message").get_by_text("随机种子必须是 0 到 9007199254740991 之间的整数，收到的是 -5").wait_for()


def test_lang_in_the_url_and_the_choice_remembered(chromium_browser, app_server):
    context, page = open_app(chromium_browser, app_server + "?lang=zh", first_tab="样本")
    try:
        assert "计算设备" in page.locator("#header").inner_text()
        page.goto(app_server)                                       # no ?lang: the last choice
        page.get_by_role("tab", name="样本").wait_for()
        page.locator("#language").get_by_text("English").click()
        page.get_by_role("tab", name="Samples").wait_for()
        page.reload()
        page.get_by_role("tab", name="Samples").wait_for()
        page.wait_for_timeout(1000)
        assert page.get_by_role("tab", name="样本").count() == 0
        page.goto(app_server + "?lang=xx")                          # an unknown language: no error page
        page.get_by_role("tab", name="Samples").wait_for()
    finally:
        context.close()


def test_the_queue_says_how_many_wait_ahead(browser_page):
    """Gradio's "queue: 3/3" while an event waits becomes "waiting for a free slot: 2 ahead"."""
    page = browser_page
    page.evaluate("""() => { const p = document.createElement('span'); p.id = 'queue-probe';
                              p.textContent = 'queue: 3/3'; document.querySelector('#header').appendChild(p); }""")
    page.wait_for_function("() => document.querySelector('#queue-probe').textContent.includes('2 ahead')")
    assert page.locator("#queue-probe").inner_text() == "waiting for a free slot: 2 ahead"


ANNOUNCE = """(text) => { const p = document.createElement('div'); p.id = 'status-probe';
  p.setAttribute('role', 'status'); p.className = 'sr-only';
  document.querySelector('#header').appendChild(p); p.textContent = text; }"""


def test_the_screen_reader_line_speaks_the_page_language(chinese_browser_page):
    """Gradio's status line for screen readers says "In queue: 3 of 4" in every language and
    "common.complete" (a key without a text) when an event ends; the page re-words both."""
    page = chinese_browser_page
    page.locator("#language").get_by_text("中文").click()
    page.get_by_role("tab", name="样本").wait_for()
    for said, heard in [("In queue: 3 of 4", "正在等待空闲名额：前面还有 2 个"), ("common.complete", "完成")]:
        page.evaluate(ANNOUNCE, said)
        assert page.locator("#status-probe").text_content() == heard
        page.evaluate("() => document.querySelector('#status-probe').remove()")
    page.locator("#language").get_by_text("English").click()
    page.get_by_role("tab", name="Samples").wait_for()
    page.evaluate(ANNOUNCE, "common.complete")
    assert page.locator("#status-probe").text_content() == "Done"
