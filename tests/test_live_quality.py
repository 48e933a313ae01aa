"""Train live's default runs show a GAN succeeding (issue 12.8): the 1-D Gaussian ends with p_g over
p_data (total variation under 0.1, D near 1/2), the ring with 8/8 modes and the grid with at least 23/25
for most seeds;
and the measures themselves (gan.live.quality) tell a match from a miss. The figures over several
seeds: `python -m bench --only live-quality`."""
import numpy as np
import pytest
import torch

from gan.live import quality, views
from gan.models import GAN, GANConfig
from gan.toy import make_toy

pytestmark = pytest.mark.usefixtures("one_torch_thread")


class Shifted(torch.nn.Module):
    """A 'generator' that draws N(mean, std^2) from its uniform z (for checking the measure)."""

    def __init__(self, mean, std):
        super().__init__()
        self.mean, self.std = mean, std

    def forward(self, z, y=None):
        u = (z[:, :1] / 3 ** 0.5 + 1) / 2                                  # uniform on [0, 1]
        return (self.mean + self.std * 2 ** 0.5 * torch.erfinv(2 * u.clamp(1e-6, 1 - 1e-6) - 1)).view(-1, 1)


def gan_drawing(mean, std) -> GAN:
    gan = GAN(GANConfig(arch="mlp", data_shape=(1,), z_dim=1, g_hidden=(4,), d_hidden=(4,), maxout_pieces=1,
                        d_keep_input=1.0, d_keep_hidden=1.0, output="none"))
    gan.generator = Shifted(mean, std)
    return gan


def test_total_variation_tells_a_match_from_a_miss():
    toy = make_toy("gaussian1d")
    assert quality.total_variation_1d(gan_drawing(4.0, 0.5), toy) < 0.03           # p_g = p_data
    assert quality.total_variation_1d(gan_drawing(4.0, 0.25), toy) > 0.3           # too narrow
    assert 0.83 < quality.total_variation_1d(gan_drawing(5.5, 0.5), toy) < 0.9     # shifted: 2 Phi(1.5) - 1 = 0.866


def test_the_default_1d_run_puts_p_g_on_p_data():
    r = quality.default_run("gaussian1d", seed=0)
    assert r["steps"] == 3000
    assert r["total_variation"] < 0.1, r
    assert abs(r["d_real"] - 0.5) < 0.05 and abs(r["d_fake"] - 0.5) < 0.05, r


# Over seeds, not one: a seed's run is exact on one CPU but not across CPUs (seed 0's ring covered 8/8
# on the Intel VM and 7/8 on the AMD one; seeds 1-4 covered 8/8 there), so each claim holds for most seeds.

def test_the_default_ring_run_covers_every_mode_for_most_seeds():
    runs = [quality.default_run("ring", seed=s) for s in range(3)]
    assert sum(r["modes_covered"] == 8 for r in runs) >= 2, runs
    assert min(r["modes_covered"] for r in runs) >= 7, runs


def test_the_default_grid_run_covers_23_of_25_modes_for_most_seeds():
    runs = [quality.default_run("grid", seed=s) for s in range(3)]
    assert sum(r["modes_covered"] >= 23 for r in runs) >= 2, runs
    assert min(r["modes_covered"] for r in runs) >= 21, runs


def test_points_beyond_the_2d_view_are_drawn_on_its_edge():
    """They were once clamped onto a square frame, looking like data; then dropped without a trace."""
    toy = make_toy("ring")
    gan = GAN(GANConfig(arch="mlp", data_shape=(2,), z_dim=2, g_hidden=(4,), d_hidden=(4,), maxout_pieces=1,
                        d_keep_input=1.0, d_keep_hidden=1.0, output="none"))
    far = torch.tensor([[40.0, 0.0]] * 5)
    picture = views.draw_toy2d(views.toy2d_view(gan, toy, far))
    ring = np.array([200, 0, 120])                     # the marker's rim colour
    right_edge = picture[:, -8:]
    assert (np.abs(right_edge.astype(int) - ring).sum(axis=2) == 0).any()
    inside = views.draw_toy2d(views.toy2d_view(gan, toy, torch.zeros(5, 2)))
    assert not (np.abs(inside[:, -8:].astype(int) - ring).sum(axis=2) == 0).any()
