"""Widgets that behave as a visitor expects, shared by every tab.

- `Slider`: Gradio's slider, whose out-of-range values (typed into its number box) reach the handler
  so that the project's own check (gan.limits) refuses them with the field's name and range, instead of
  Gradio's nameless "Value 17 is greater than maximum value 16.".
- `HEAD`: a script for the page's <head>: Enter in a slider's number box applies the value (Gradio
  applies it only when the box loses focus), the queue's "queue: 2/3" becomes "waiting for a free
  slot: 1 ahead", and what Gradio's screen-reader status line announces is said in the page's language.
- `Image`: Gradio's image, whose arrays are written once to a fresh file of their own (gan.serving.media)
  and handed to Gradio's cache as a file, so a picture drawn again never rewrites, in place, the copy a
  browser is still fetching.
- `message_slot`: where a refused input is said beside the controls, the last good output kept.
"""
from __future__ import annotations

import gradio as gr
import numpy as np

from gan.serving import media


class Slider(gr.Slider):
    """gr.Slider without Gradio's own range check: handlers check with gan.limits (field names, ranges).
    Its class name stays "Slider", so the page draws it with Gradio's slider."""

    def preprocess(self, payload):
        if payload is None:
            return None
        return gr.Number.round_to_precision(payload, self.precision)


class Image(gr.Image):
    """gr.Image whose numpy outputs go to Gradio's cache as files. Gradio caches an array under the hash
    of its encoded bytes and writes it there in place, every time: the same picture drawn again (a walk
    redrawn with the same seeds) truncates and rewrites the file a browser may be reading, which then
    gets less than the Content-Length it was promised and shows no image. A file is copied into the
    cache atomically, and only once. Its class name stays "Image", so the page draws it with Gradio's.
    """

    def postprocess(self, value):
        if isinstance(value, np.ndarray) and value.dtype == np.uint8:
            value = str(media.write_png(value, stem=self.elem_id or "image"))
        return super().postprocess(value)


HEAD = """<script>
(() => {
  // the link the page was opened with, before the page rewrites its URL (ui.links applies it)
  window.ganOpenedWith = location.search;
  // Enter in a slider's number box applies the value, as leaving the box does
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key === 'Enter' && t instanceof HTMLInputElement && t.dataset.testid === 'number-input') {
      t.blur();
    }
  }, true);
  // Interpolate's 2-D pad follows a drag: while the button is down, the pointer's position is clicked
  // at most every 60 ms (the server keeps only the latest waiting redraw: trigger_mode "always_last")
  let dragging = false, lastClick = 0;
  const padImage = (t) => t instanceof HTMLImageElement && t.closest('#plane-pad');
  document.addEventListener('pointerdown', (e) => { if (padImage(e.target)) { dragging = true; e.preventDefault(); } }, true);
  document.addEventListener('pointerup', () => { dragging = false; }, true);
  document.addEventListener('pointermove', (e) => {
    if (!dragging || !padImage(e.target) || e.timeStamp - lastClick < 60) return;
    lastClick = e.timeStamp;
    e.target.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: e.clientX, clientY: e.clientY}));
  }, true);
  // "queue: 2/3" -> "waiting for a free slot: 1 ahead"
  const zh = () => (document.documentElement.dataset.ganLang || 'en') === 'zh';
  const waiting = (position) => {
    const ahead = Math.max(0, parseInt(position, 10) - 1);
    return zh() ? `正在等待空闲名额：前面还有 ${ahead} 个` : `waiting for a free slot: ${ahead} ahead`;
  };
  // what Gradio's screen-reader line (role=status) announces, said in the page's language: its zh-CN
  // translation lacks "In queue: 1 of 2", and no language has its "common.complete"
  const ANNOUNCED = [[/^In queue: (\\d+) of \\d+$/, (m) => waiting(m[1])],
                     [/^(common\\.complete|Complete|完成)$/, () => zh() ? '完成' : 'Done'],
                     [/^(Loading|加载中)$/, () => zh() ? '加载中' : 'Loading'],
                     [/^(Error|错误)$/, () => zh() ? '错误' : 'Error']];
  const reword = (node) => {
    const text = node.nodeValue || '';
    const m = /^\\s*queue:\\s*(\\d+)\\s*\\/\\s*(\\d+)/.exec(text);
    if (m) { node.nodeValue = waiting(m[1]); return; }
    // a line already reworded, in the language the page had then (redone when the language switches)
    const w = /^(?:waiting for a free slot: (\\d+) ahead|正在等待空闲名额：前面还有 (\\d+) 个)$/.exec(text);
    if (w) { const s = waiting(String(parseInt(w[1] || w[2], 10) + 1)); if (s !== text) node.nodeValue = s; return; }
    if (!node.parentElement || !node.parentElement.matches('[role=status]')) return;
    for (const [pattern, said] of ANNOUNCED) {
      const a = pattern.exec(text.trim());
      if (a) { const s = said(a); if (s !== text) node.nodeValue = s; return; }
    }
  };
  const scan = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) reword(n);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') reword(r.target);
      for (const n of r.addedNodes) n.nodeType === Node.TEXT_NODE ? reword(n) : scan(n);
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
  new MutationObserver(() => scan(document.body))
    .observe(document.documentElement, {attributes: true, attributeFilter: ['data-gan-lang']});
})();
</script>"""


def message_slot(elem_id: str) -> gr.Markdown:
    """An empty line under a tab's buttons; a refused input is said here (see ui.errors.kept_on_refusal)."""
    return gr.Markdown("", elem_id=elem_id, elem_classes="gan-message")
