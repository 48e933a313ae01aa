"""gan: a small PyTorch implementation of Generative Adversarial Networks (Goodfellow et al., 2014).

    from gan import load_model, generate
    gan, source = load_model("mnist-mlp")      # bundled name, local folder or Hub repo id
    images = generate(gan, 16, seed=0)         # (16, 1, 28, 28) in [0, 1]; same seed, same digits

The paper's core is flat: ``models`` (G and D), ``losses`` (V(D, G) and G's losses), ``trainer``
(Algorithm 1), ``presets`` (recipes and the builder of trainers), ``limits`` (every knob's range),
``data`` and ``toy`` (p_data), ``sampling``, ``device``, ``distributed``; the command lines
``python -m gan.train | gan.sample | gan.evaluate | gan.publish``. Grouped by concern: ``weights/`` (disk
and Hub), ``evaluation/`` (Parzen, Frechet, the classifier), ``serving/`` (what the app serves),
``live/`` (training streamed to a page), ``paper/`` (the paper's experiments). No UI code lives here.
"""
from gan.models import GAN, GANConfig
from gan.sampling import generate, interpolate, latents, make_grid
from gan.weights.hub import load_model, resolve
from gan.weights.pretrained import WeightsError, load_pretrained, save_pretrained

__all__ = ["GAN", "GANConfig", "WeightsError", "generate", "interpolate", "latents", "load_model",
           "load_pretrained", "make_grid", "resolve", "save_pretrained"]
