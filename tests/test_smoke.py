import math

import torch

from gan import losses
from gan.serving.zoo import ModelZoo


def test_d_loss_is_log4_when_d_is_half():
    z = torch.zeros(8)
    assert math.isclose(float(losses.discriminator_loss(z, z)), math.log(4), rel_tol=1e-6)


def test_bundled_models_load():
    zoo = ModelZoo.load(device="cpu")
    assert not zoo.errors, zoo.errors
    assert set(zoo.names) == {"mnist-mlp", "mnist-dcgan", "mnist-cdcgan"}


def test_header_says_offline_in_words_not_errno():
    import app
    words = app.hub_in_words(["huggingface.co:443 unreachable ([Errno -3] Temporary failure in name resolution); "
                              "no cached copy"])
    assert "Offline: the Hugging Face Hub could not be reached, so the bundled weights are used" in words
    visible = words.split(">", 1)[1]
    assert "Errno" not in visible and "Errno" in words          # the detail only in the tooltip
    assert "switched off" in app.hub_in_words(["Hub lookup disabled (GAN_HUB=off)"])
