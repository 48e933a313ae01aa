"""Weights on disk and on the Hub: ``pretrained`` (config.json + model.safetensors), ``hub`` (where a
model's weights come from, with the bundled fallback), ``checkpoint`` (resumable training state)."""
