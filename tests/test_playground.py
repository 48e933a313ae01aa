"""The 2-D playground's game (gan.live.playground): single D / G / iteration updates, knobs edited
between updates, drawn p_data, the divergence meter, the arrows and the manifold, Play, the trained start."""
import math
import threading

import numpy as np
import pytest
import torch

from gan import limits
from gan.live import playground as lab
from gan.live.divergence import divergences
from gan.live.lab_view import gradient_arrows, manifold
from gan.toy import ring

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def weights(net):
    return torch.cat([p.detach().flatten().clone() for p in net.parameters()])


def test_a_d_step_moves_only_d_a_g_step_only_g_an_iteration_both():
    game = lab.Playground("ring", knobs=lab.Knobs(k=2))
    d0, g0 = weights(game.gan.discriminator), weights(game.gan.generator)
    game.step("d")
    d1, g1 = weights(game.gan.discriminator), weights(game.gan.generator)
    assert not torch.equal(d0, d1) and torch.equal(g0, g1)
    game.step("g")
    d2, g2 = weights(game.gan.discriminator), weights(game.gan.generator)
    assert torch.equal(d1, d2) and not torch.equal(g1, g2)
    game.step("iteration")                      # k = 2 D updates, then one G update
    assert game.trainer.updates == 2 + 3 and game.trainer.step == 1
    with pytest.raises(limits.InputError, match="step"):
        game.step("both")


def test_edits_apply_between_updates_and_are_recorded_where_they_happened():
    game = lab.Playground("grid")
    for _ in range(5):
        game.step()
    assert game.edit(lr_d=0.01, optimizer_g="sgd") == ["lr_d 0.001 -> 0.01", "optimizer_g adam -> sgd"]
    assert game.changes == [(10, "lr_d 0.001 -> 0.01, optimizer_g adam -> sgd")]
    assert all(g["lr"] == 0.01 for g in game.trainer.opt_d.param_groups)
    assert isinstance(game.trainer.opt_g, torch.optim.SGD)
    game.edit(loss="minimax", k=3)
    assert (game.trainer.cfg.loss, game.trainer.cfg.k) == ("minimax", 3)
    game.step()
    assert game.trainer.updates == 10 + 4
    assert game.edit(lr_d=0.01) == []           # nothing changed: nothing recorded
    with pytest.raises(limits.InputError, match="G learning rate"):
        game.edit(lr_g=0)
    assert game.knobs.lr_g == 0.001 and len(game.changes) == 2


def test_drawn_data_is_learnt_and_bad_drawings_are_refused_by_name():
    image = np.full((300, 300, 4), 255, np.uint8)
    image[140:160, 50:250, :3] = 0              # a horizontal stroke through the middle
    points = lab.points_from_drawing(image)
    assert 20 < len(points) < lab.MAX_POINTS
    assert np.abs(points[:, 1]).max() < 0.3 and points[:, 0].min() < -1.5 and points[:, 0].max() > 1.5
    game = lab.Playground("drawn", points=points)
    frame = game.frame()
    assert frame.view["extent"] == lab.DRAWN_HALF and frame.view["metrics"] is None
    for points, words in (([], "empty"), ([[0.5, 0.5]], "at least 2"),
                          (np.zeros((lab.MAX_POINTS + 1, 2)), f"at most {lab.MAX_POINTS}"),
                          ([[0, 0], [5.2, 0.1]], "outside the view"), ([[0, 0], [float("nan"), 0]], "finite")):
        with pytest.raises(limits.InputError, match=words):
            lab.Playground("drawn", points=points)
    with pytest.raises(limits.InputError, match="at least 60 px"):
        lab.points_from_drawing(np.zeros((10, 10, 3)))


def test_divergences_of_known_pairs():
    toy = ring()
    same = toy.reseed(5).sample(8192)[0].numpy()
    d = divergences(toy.modes.numpy(), toy.std, same, 3.5)
    assert d["kl"] < 0.01 and d["js"] < 0.005
    labels = toy.reseed(6).sample(8192)[1].numpy()
    half = toy.reseed(6).sample(8192)[0].numpy()[labels < 4]     # all of G's mass on 4 of the 8 modes
    # JSD of 8 equal modes against 4 of them: (1/2) (1/2) log(2/3) + (1/2) (1/2) log 2 + (1/2) log(4/3)
    expected = 0.25 * math.log(2 / 3) + 0.25 * math.log(2) + 0.5 * math.log(4 / 3)
    assert divergences(toy.modes.numpy(), toy.std, half, 3.5)["js"] == pytest.approx(expected, abs=0.01)
    far = divergences(toy.modes.numpy(), toy.std, same + 10, 3.5)   # all outside the view
    assert far["js"] == pytest.approx(math.log(2), abs=1e-5)


def test_arrows_point_where_d_says_real_and_the_manifold_is_g_of_a_z_grid():
    game = lab.Playground("ring")
    for _ in range(50):
        game.step()
    z = game.view_z[:64]
    points, directions = gradient_arrows(game.gan, z, "nonsaturating")
    d = game.gan.discriminator.eval()
    with torch.no_grad():
        before = d(torch.from_numpy(points)).flatten()
        after = d(torch.from_numpy(points + 1e-3 * directions / np.linalg.norm(directions, axis=1, keepdims=True)))
    assert (after.flatten() > before).float().mean() > 0.95     # each step along its arrow raises D(x)
    lines = manifold(game.gan, lines=7, points_per_line=11)
    assert lines.shape == (14, 11, 2)
    with torch.no_grad():
        assert np.allclose(lines[0, 0], game.gan.generator.eval()(torch.tensor([[-2.5, -2.5]])).numpy()[0], atol=1e-5)


def test_play_streams_frames_at_its_speed_and_takes_edits_from_another_thread():
    game = lab.Playground("ring")
    frames = []
    for frame in game.play("max", seconds=1.5, frame_interval=0.1):
        frames.append(frame)
        if len(frames) == 2:
            threading.Thread(target=game.edit, kwargs={"lr_g": 0.002}).start()
    assert len(frames) >= 3 and not game.playing
    assert frames[-1].iteration > 50 and frames[-1].changes and frames[-1].changes[0][1] == "lr_g 0.001 -> 0.002"
    assert all(b.update > a.update for a, b in zip(frames, frames[1:]))
    slow = list(game.play("10", seconds=0.5))
    assert 3 <= len(slow) <= 6                  # about 10 iterations a second, a frame after each


def test_trained_start_is_a_converged_game():
    game = lab.Playground("ring").pretrained()
    view = game.frame().view
    assert view["metrics"]["modes_covered"] == 8 and view["metrics"]["high_quality"] > 0.9 and view["js"] < 0.05
    grid = lab.Playground("grid").pretrained().frame().view
    assert grid["metrics"]["modes_covered"] >= 24 and grid["js"] < 0.08
    for data, most_js in (("line", 0.12), ("regions", 0.1)):            # GAN Lab's shapes
        assert lab.Playground(data).pretrained().frame().view["js"] < most_js
    with pytest.raises(limits.InputError, match="no trained GAN"):
        lab.Playground("drawn", points=[[0, 0], [1, 1]]).pretrained()


def test_a_closed_game_frees_its_networks_and_says_so():
    game = lab.Playground("ring")
    game.close()
    assert game.trainer is None and not game.playing
    with pytest.raises(limits.InputError, match="this game has ended"):
        game.step()
    assert list(game.play("max", seconds=1.0)) == []


def test_pause_stops_a_play_from_another_thread_and_says_when():
    game = lab.Playground("ring")
    frames = []
    player = threading.Thread(target=lambda: frames.extend(game.play("max", seconds=30, frame_interval=0.05)))
    player.start()
    while not frames:
        threading.Event().wait(0.02)
    assert game.pause(timeout=5) and not game.playing
    player.join(timeout=5)
    assert not player.is_alive()
    assert list(game.play("max", seconds=0.3))                       # a new Play plays again
