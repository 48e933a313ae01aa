"""The networks of Goodfellow et al. (2014) and the two families that followed it.

- :mod:`~gan.models.mlp`: the paper's MNIST model (ReLU G, maxout D with dropout), the toys' nets too.
- :mod:`~gan.models.conv`: a DCGAN-style conv pair, with InfoGAN's fully connected layers, spectral norm
  and a projection discriminator as options.
- :mod:`~gan.models.config`: :class:`GANConfig`; ``n_classes > 0`` makes either family conditional
  (Mirza & Osindero, 2014), so a visitor can ask for a particular digit.
- :mod:`~gan.models.gan`: :class:`GAN`, the (G, D) pair with its config, saved and loaded together.

D returns logits; D(x) in the paper is ``sigmoid(logit)``.
"""
from gan.models.config import D_CONDS, D_NORMS, GANConfig, info_code, one_hot, with_label
from gan.models.conv import ConvDiscriminator, ConvGenerator, init_dcgan
from gan.models.gan import ARCHS, GAN, evaluating, frozen
from gan.models.mlp import Maxout, MLPDiscriminator, MLPGenerator, clip_column_norms, init_paper_mlp

__all__ = ["ARCHS", "D_CONDS", "D_NORMS", "GAN", "GANConfig", "ConvDiscriminator", "ConvGenerator",
           "Maxout", "MLPDiscriminator", "MLPGenerator", "clip_column_norms", "evaluating", "frozen", "info_code",
           "init_dcgan", "init_paper_mlp", "one_hot", "with_label"]
