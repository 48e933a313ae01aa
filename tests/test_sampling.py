"""Sampling is pure: a seed fixes z (and so the digits) whatever the global RNG does; grids and
interpolation have the shapes the app and the CLI rely on."""
import math

import numpy as np
import pytest
import torch

from gan.weights import hub
from gan.sampling import generate, interpolate, latent_path, latents, make_grid, slerp
from gan.weights.pretrained import load_pretrained


@pytest.fixture(scope="module")
def dcgan():
    return load_pretrained(hub.BUNDLED / "mnist-dcgan")


@pytest.fixture(scope="module")
def cdcgan():
    return load_pretrained(hub.BUNDLED / "mnist-cdcgan")


def test_latents_depend_on_the_seed_only():
    torch.manual_seed(0)
    a = latents(8, 100, seed=42)
    state = torch.get_rng_state()
    torch.manual_seed(12345)
    torch.rand(10)
    b = latents(8, 100, seed=42)
    assert torch.equal(a, b)
    assert not torch.equal(a, latents(8, 100, seed=43))
    torch.manual_seed(0)
    torch.get_rng_state()
    latents(8, 100, seed=7)
    assert torch.equal(torch.get_rng_state(), state)           # the global RNG is never touched


def test_latent_priors():
    u = latents(20_000, 10, seed=0, prior="uniform")
    assert u.abs().max() <= math.sqrt(3) + 1e-6
    assert u.var().item() == pytest.approx(1.0, abs=0.03)      # the paper's prior has unit variance
    n = latents(20_000, 10, seed=0, prior="normal")
    assert n.mean().item() == pytest.approx(0.0, abs=0.03) and n.std().item() == pytest.approx(1.0, abs=0.03)
    with pytest.raises(ValueError, match="prior"):
        latents(2, 2, seed=0, prior="cauchy")


def test_the_mixture_prior_puts_each_z_near_one_of_k_centres():
    from gan.models.config import MIXTURE_RADIUS, mixture_modes
    assert (mixture_modes("uniform"), mixture_modes("normal"), mixture_modes("mixture10", 100)) == (0, 0, 10)
    z = latents(20_000, 100, seed=3, prior="mixture10")
    assert torch.equal(z, latents(20_000, 100, seed=3, prior="mixture10"))       # a seed fixes z
    k = z[:, :10].argmax(1)                                  # the component each z was drawn from
    counts = torch.bincount(k, minlength=10)
    assert counts.min() > 1_700 and counts.max() < 2_300     # the K components are equally likely
    centred = z.clone()
    centred[torch.arange(len(z)), k] -= MIXTURE_RADIUS
    assert centred.mean().item() == pytest.approx(0.0, abs=0.02)     # each component is N(r e_k, I)
    assert centred.std().item() == pytest.approx(1.0, abs=0.02)
    assert z[:, 10:].abs().max() < MIXTURE_RADIUS + 2                # only the first K axes carry a centre
    for bad, dim in (("mixture", 100), ("mixture1", 100), ("mixture0", 100), ("mixture200", 100),
                     ("mixture10x", 100), ("Mixture10", 100)):
        with pytest.raises(ValueError, match="prior"):
            latents(2, dim, seed=0, prior=bad)


def test_truncation_draws_the_same_latents_nearer_their_mode_and_only_when_sampling():
    """BigGAN's truncation trick: a model's config.truncation scales z's draw around its mixture mode when its
    samples are drawn; the trainer still draws p_z as is."""
    from dataclasses import replace
    from gan.models import GAN, GANConfig
    from gan.models.config import MIXTURE_RADIUS
    from gan.sampling import model_latents
    from gan.trainer import TrainConfig, Trainer
    z, t = latents(500, 100, seed=4, prior="mixture10"), latents(500, 100, seed=4, prior="mixture10", truncation=0.5)
    mode = 2 * t - z                              # t = mode + 0.5 (z - mode): the same draw, half as far out
    assert torch.allclose(mode.sum(1), torch.full((500,), MIXTURE_RADIUS), atol=1e-4)
    assert torch.allclose(mode[:, :10].max(1).values, torch.full((500,), MIXTURE_RADIUS), atol=1e-4)
    assert mode[:, 10:].abs().max() < 1e-4 and (mode.abs() > 1e-4).sum(1).eq(1).all()   # one centre each
    cfg = GANConfig(arch="dcgan", prior="mixture10", width=8)
    gan = GAN(replace(cfg, truncation=0.7))
    assert torch.allclose(model_latents(gan, 8, 2), latents(8, 100, 2, "mixture10", truncation=0.7))
    assert not torch.equal(generate(gan, 4, seed=2), generate(GAN(cfg).requires_grad_(False), 4, seed=2))
    a = GAN(cfg)
    a.load_state_dict(gan.state_dict())
    assert not torch.allclose(generate(a, 4, seed=2), generate(gan, 4, seed=2))     # the same G, nearer the mode
    for bad in (0.0, -0.5, 1.5):
        with pytest.raises(ValueError, match="truncation"):
            GAN(replace(cfg, truncation=bad))
    tr = Trainer(gan, data=None, config=TrainConfig(batch_size=8, seed=0))
    assert torch.equal(tr.fixed_z, latents(len(tr.fixed_z), 100, 10_000, "mixture10"))   # untruncated
    drawn = tr._noise(20_000)
    drawn[torch.arange(20_000), drawn[:, :10].argmax(1)] -= MIXTURE_RADIUS
    assert drawn.std().item() == pytest.approx(1.0, abs=0.02)


def test_same_seed_same_images(dcgan):
    a, b = generate(dcgan, 6, seed=5), generate(dcgan, 6, seed=5)
    assert a.shape == (6, 1, 28, 28) and a.dtype == torch.float32
    assert torch.equal(a, b)
    assert 0.0 <= a.min() and a.max() <= 1.0
    assert (a - generate(dcgan, 6, seed=6)).abs().max() > 0.1
    assert torch.allclose(generate(dcgan, 6, seed=5, batch_size=4), a, atol=1e-5)   # batching changes nothing


def test_generate_restores_training_mode(dcgan):
    dcgan.train()
    generate(dcgan, 2, seed=0)
    assert dcgan.training
    dcgan.eval()


def test_conditional_digits_are_checked(dcgan, cdcgan):
    assert generate(cdcgan, 4, seed=1, digit=3).shape == (4, 1, 28, 28)
    assert generate(cdcgan, 3, seed=1, digit=[0, 1, 2]).shape == (3, 1, 28, 28)
    with pytest.raises(ValueError, match="conditional"):
        generate(cdcgan, 2, seed=1)
    with pytest.raises(ValueError, match="0-9"):
        generate(cdcgan, 2, seed=1, digit=10)
    with pytest.raises(ValueError, match="unconditional"):
        generate(dcgan, 2, seed=1, digit=3)


def test_grid_shape():
    images = torch.rand(12, 1, 28, 28)
    grid = make_grid(images, rows=3, cols=4, pad=2)
    assert grid.shape == (3 * 30 + 2, 4 * 30 + 2) and grid.dtype == np.uint8
    assert grid[0, 0] == 255                                   # white padding
    assert np.array_equal(grid[2:30, 2:30], (images[0, 0].numpy() * 255 + 0.5).astype(np.uint8))


def test_latent_paths_end_at_their_endpoints():
    za, zb = latents(3, 100, seed=1, prior="normal"), latents(3, 100, seed=2, prior="normal")
    for path in ("linear", "spherical"):
        p = latent_path(za, zb, 7, path)
        assert p.shape == (7, 3, 100)
        assert torch.allclose(p[0], za, atol=1e-5) and torch.allclose(p[-1], zb, atol=1e-5)
    a, b = za / za.norm(dim=-1, keepdim=True), zb / zb.norm(dim=-1, keepdim=True)
    mid = slerp(a, b, torch.tensor(0.5))
    assert torch.allclose(mid.norm(dim=-1), torch.ones(3), atol=1e-5)   # stays on the sphere
    with pytest.raises(ValueError, match="linear"):
        latent_path(za, zb, 3, "cubic")


def test_interpolation_frames_match_generated_endpoints(dcgan, cdcgan):
    frames = interpolate(dcgan, [11, 22], frames=5, rows=2)
    assert frames.shape == (5, 2, 1, 28, 28)
    assert torch.allclose(frames[0], generate(dcgan, 2, seed=11), atol=1e-5)
    assert torch.allclose(frames[-1], generate(dcgan, 2, seed=22), atol=1e-5)
    assert interpolate(dcgan, [1, 2, 3], frames=4).shape == (7, 1, 1, 28, 28)   # legs share their ends
    c = interpolate(cdcgan, [5, 5], frames=3, digits=[1, 7])
    assert torch.allclose(c[0, 0], generate(cdcgan, 1, seed=5, digit=1)[0], atol=1e-5)
    assert torch.allclose(c[-1, 0], generate(cdcgan, 1, seed=5, digit=7)[0], atol=1e-5)
    with pytest.raises(ValueError, match="two seeds"):
        interpolate(dcgan, [1], frames=3)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_same_seed_same_digits_on_cpu_and_cuda():
    cpu = load_pretrained(hub.BUNDLED / "mnist-dcgan", "cpu")
    cuda = load_pretrained(hub.BUNDLED / "mnist-dcgan", "cuda")
    assert (generate(cpu, 16, seed=3) - generate(cuda, 16, seed=3)).abs().max() < 1e-3


def test_make_grid_takes_the_sample_command_s_npz_output(tmp_path):
    """`python -m gan.sample` writes float32 (N, 28, 28) numpy arrays: make_grid draws them as it draws
    G's (N, 1, 28, 28) tensors."""
    from gan import sample
    out = tmp_path / "s.npz"
    assert sample.main(["--model", "mnist-mlp", "--n", "6", "--seed", "3", "--out", str(out)]) == 0
    images = np.load(out)["images"]
    grid = make_grid(images, 2, 3)
    assert grid.shape == (2 * 30 + 2, 3 * 30 + 2) and grid.dtype == np.uint8
    assert np.array_equal(grid, make_grid(torch.from_numpy(images).unsqueeze(1), 2, 3))


def test_a_walk_can_start_from_a_found_latent():
    """The Draw tab's "walk from your digit": the walk's first frame is G(start), its last G(z_B)."""
    import torch
    from gan.models import GAN, evaluating
    from gan.sampling import interpolate, latents
    gan = GAN.from_folder("weights/mnist-mlp").eval()
    start = torch.linspace(-1, 1, gan.config.z_dim)
    with torch.no_grad():
        walk = interpolate(gan, [1, 2], 5, start=start)
        plain = interpolate(gan, [1, 2], 5)
        with evaluating(gan):
            first = gan.generator(start.view(1, -1))
    assert torch.allclose(walk[0, 0], first[0].float().cpu(), atol=1e-6)
    assert torch.allclose(walk[-1], plain[-1]) and not torch.allclose(walk[0], plain[0])
    with pytest.raises(ValueError, match="finite numbers"):
        interpolate(gan, [1, 2], 5, start=torch.ones(3))
