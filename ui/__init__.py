"""Gradio tabs of the GAN Playground. Each module's `build(zoo)` lays out one tab inside the caller's
Blocks and wires its widgets to `gan.*` calls; no compute lives here."""
