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
