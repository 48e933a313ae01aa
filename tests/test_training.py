"""Algorithm 1 for real, in seconds: G learns the paper's 1-D Gaussian (Figure 1) and spreads out to the
ring of 8 Gaussians; the trainer takes k D-steps per G-step, yields its metrics and stops on NaN."""
import math

import numpy as np
import pytest
import torch

from gan.models import GAN, evaluating
from gan.presets import preset
from gan.toy import gaussian1d, grid, make_toy, ring
from gan.trainer import Trainer


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def toy_trainer(name, data, **overrides):
    torch.manual_seed(0)
    model_cfg, train_cfg = preset(name, seed=0, **overrides)
    return Trainer(GAN(model_cfg), data.reseed(0), train_cfg)


def test_g_learns_the_1d_gaussian():
    data = gaussian1d(mean=4.0, std=0.5)
    trainer = toy_trainer("toy1d", data)
    before = trainer.snapshot().mean().item()
    metrics = list(trainer.run(200))
    after = trainer.snapshot().mean().item()
    assert abs(before - 4.0) > 3.0                              # G starts far from p_data ...
    assert abs(after - 4.0) < 1.0                               # ... and its samples move onto it
    last = metrics[-1]
    assert last["step"] == 200 and set(last) >= {"d_loss", "g_loss", "d_real", "d_fake", "g_grad_norm", "seconds"}
    assert all(math.isfinite(m["d_loss"]) and 0 <= m["d_real"] <= 1 for m in metrics)
    snaps = [m for m in metrics if "samples" in m]
    assert [m["step"] for m in snaps] == list(range(20, 201, 20))   # snapshot_every of the preset
    assert snaps[0]["samples"].shape == (512, 1)


def test_g_spreads_to_the_ring_and_mode_metrics_are_reported():
    data = ring()                                               # 8 modes on a circle of radius 2

    def near_ring(samples):
        return ((samples.norm(dim=1) - 2.0).abs() < 0.5).float().mean().item()

    trainer = toy_trainer("toy2d", data)
    assert near_ring(trainer.snapshot()) < 0.05                 # G starts as a blob at the origin
    list(trainer.run(400))
    samples = trainer.snapshot()
    assert abs(samples.norm(dim=1).mean().item() - 2.0) < 0.5   # its samples move out to the ring
    assert near_ring(samples) > 0.3
    metrics = data.mode_metrics(samples)
    assert metrics["n_modes"] == 8 and 0 <= metrics["modes_covered"] <= 8 and 0 <= metrics["high_quality"] <= 1


def test_mode_metrics_known_values():
    d = ring()
    assert d.mode_metrics(d.modes) == {"high_quality": 1.0, "modes_covered": 8, "n_modes": 8}
    one_mode = d.modes[:1].repeat(10, 1) + 0.01
    assert d.mode_metrics(one_mode) == {"high_quality": 1.0, "modes_covered": 1, "n_modes": 8}   # collapse
    assert d.mode_metrics(torch.zeros(5, 2))["high_quality"] == 0.0 and d.mode_metrics(torch.zeros(5, 2))["modes_covered"] == 0
    g = grid()
    x, _ = g.reseed(1).sample(5000)
    m = g.mode_metrics(x)
    assert m["modes_covered"] == 25 and m["high_quality"] > 0.97  # p_data itself: nearly all within 3 std
    with pytest.raises(ValueError, match="unknown toy"):
        make_toy("spiral")


def test_k_discriminator_steps_per_generator_step():
    trainer = toy_trainer("toy1d", gaussian1d(), k=3)
    list(trainer.run(2))
    assert trainer.step == 2 and trainer.updates == 2 * (3 + 1)
    assert trainer.examples_seen == 2 * 3 * trainer.cfg.batch_size


class NaNData:
    """p_data that turns to NaN after a few draws: training must stop, not crash."""

    def __init__(self, good_draws):
        self.draws, self.good = 0, good_draws

    def __len__(self):
        return 1000

    def sample(self, n):
        self.draws += 1
        x = torch.randn(n, 1)
        return (x if self.draws <= self.good else x * float("nan")), None


def test_divergence_stops_with_a_message_and_restores_weights():
    torch.manual_seed(0)
    model_cfg, train_cfg = preset("toy1d", seed=0, snapshot_every=5)
    gan = GAN(model_cfg)
    trainer = Trainer(gan, NaNData(good_draws=7), train_cfg)
    metrics = list(trainer.run(50))
    assert "diverged" in metrics[-1] and "step 8" in metrics[-1]["diverged"]
    assert len(metrics) == 8
    assert all(torch.isfinite(p).all() for p in gan.parameters())   # the last good weights (step 5)


def test_bad_training_config_is_refused():
    with pytest.raises(ValueError, match="D learning rate must be a number greater than 0"):
        toy_trainer("toy1d", gaussian1d(), lr_d=-1.0)
    with pytest.raises(ValueError, match="loss"):
        toy_trainer("toy1d", gaussian1d(), loss="hinge")


def test_simultaneous_update_is_one_step_of_both_players_on_one_minibatch():
    """The authors' update: from the same D forward pass on [x, G(z)], D descends
    0.5 * (-log D(x) - log(1 - D(G(z)))) and G descends -log D(G(z)), both gradients taken before either
    player moves (checked against autograd on a copy of the start), one lr-decay update per step."""
    import copy

    from gan import losses

    class Fixed:  # the same minibatch of x on every call
        def __init__(self):
            self.x = torch.randn(16, 1)

        def sample(self, n):
            return self.x[:n], None

    torch.manual_seed(0)
    model_cfg, train_cfg = preset("toy1d", update="simultaneous", d_loss_scale=0.5, optimizer="sgd",
                                  momentum=(0.0, 0.0, 1), lr_d=0.1, lr_g=0.1, batch_size=16, seed=3)
    gan = GAN(model_cfg)
    start = copy.deepcopy(gan)
    trainer = Trainer(gan, Fixed(), train_cfg)
    rng_state = trainer.rng.get_state()     # replay the noise the step draws from the same state
    trainer.train_step()
    trainer.rng.set_state(rng_state)
    noise = trainer._noise(16)

    fake = start.generator(noise)
    logits = start.discriminator(torch.cat([trainer.data.x, fake]))
    d_loss = 0.5 * losses.discriminator_loss(logits[:16], logits[16:])
    g_loss = losses.generator_loss_nonsaturating(logits[16:])
    d_grads = torch.autograd.grad(d_loss, list(start.discriminator.parameters()), retain_graph=True)
    g_grads = torch.autograd.grad(g_loss, list(start.generator.parameters()))
    for p0, g, p1 in zip(start.discriminator.parameters(), d_grads, gan.discriminator.parameters()):
        assert torch.allclose(p0 - 0.1 * g, p1, atol=1e-6)
    for p0, g, p1 in zip(start.generator.parameters(), g_grads, gan.generator.parameters()):
        assert torch.allclose(p0 - 0.1 * g, p1, atol=1e-6)
    assert trainer.updates == 1 and trainer.step == 1


def test_simultaneous_update_needs_k_1_and_a_cross_entropy_loss():
    with pytest.raises(ValueError, match="simultaneous update takes k = 1"):
        toy_trainer("toy1d", gaussian1d(), update="simultaneous", k=2)
    with pytest.raises(ValueError, match="simultaneous update takes k = 1"):
        toy_trainer("toy1d", gaussian1d(), update="simultaneous", loss="wasserstein")


def test_ema_generator_follows_g_and_is_what_snapshots_draw():
    trainer = toy_trainer("toy1d", gaussian1d(mean=4.0, std=0.5), ema_decay=0.99)
    list(trainer.run(300))
    raw = trainer.gan.generator(trainer.fixed_z).detach()
    averaged = trainer.snapshot()
    assert not torch.allclose(raw, averaged)                      # a different network ...
    assert abs(averaged.mean().item() - 4.0) < 1.0                # ... that learned the data too
    saved = trainer.averaged_gan()
    assert all(torch.equal(a, b) for a, b in zip(saved.generator.state_dict().values(),
                                                 trainer.g_ema.state_dict().values()))
    assert saved is not trainer.gan and trainer.gan.generator is not trainer.g_ema


def test_an_averaged_g_with_batch_norm_gets_statistics_of_its_own_weights():
    """The raw G's running statistics belong to other weights: the saved average's batch norm holds the
    mean and variance of its own first layer over prior samples (SWA's update_bn)."""
    from dataclasses import replace
    from gan.sampling import latents
    from gan.averaging import recompute_batchnorm
    model_cfg, train_cfg = preset("toy2d", seed=0, ema_decay=0.9)
    model_cfg = replace(model_cfg, g_batchnorm=True)
    torch.manual_seed(0)
    trainer = Trainer(GAN(model_cfg), grid().reseed(0), train_cfg)
    list(trainer.run(200))
    saved = trainer.averaged_gan()
    norm, ema_norm = saved.generator.norms[0], trainer.g_ema.norms[0]
    assert not torch.allclose(norm.running_mean, ema_norm.running_mean)     # not the raw G's statistics
    z = torch.cat([latents(500, model_cfg.z_dim, i, model_cfg.prior) for i in range(20)])
    with torch.no_grad():
        h = saved.generator.hidden[0](z)
    assert torch.allclose(norm.running_mean, h.mean(0), atol=1e-5)
    per_batch_var = h.view(20, 500, -1).var(1).mean(0)           # batch norm averages each batch's variance
    assert torch.allclose(norm.running_var, per_batch_var, rtol=1e-4)
    assert norm.momentum == ema_norm.momentum                                # the layers keep their momentum
    assert not recompute_batchnorm(trainer.gan.discriminator, model_cfg)     # no batch norm: unchanged


def test_snapshots_of_an_averaged_g_with_batch_norm_use_its_own_statistics():
    """The progress grid draws the average as it is saved, not on the raw G's running statistics."""
    from dataclasses import replace
    model_cfg, train_cfg = preset("toy2d", seed=0, ema_decay=0.9)
    trainer = Trainer(GAN(replace(model_cfg, g_batchnorm=True)), grid().reseed(0), train_cfg)
    list(trainer.run(200))
    with torch.no_grad(), evaluating(trainer.g_ema):
        on_raw_statistics = trainer.g_ema(trainer.fixed_z)
    with torch.no_grad():
        as_saved = trainer.averaged_gan().generator.eval()(trainer.fixed_z)
    shown = trainer.snapshot()
    assert (shown - as_saved).abs().mean() < 0.5 * (on_raw_statistics - as_saved).abs().mean()
    assert torch.equal(trainer.g_ema.norms[0].running_mean, trainer.gan.generator.norms[0].running_mean)


def test_a_checkpoint_saved_before_a_config_field_existed_still_resumes(tmp_path):
    """A config saved before GANConfig gained data_shift / data_scale reads with their defaults, so an
    older checkpoint of the same model resumes (it was refused as "another config")."""
    import json
    from safetensors import safe_open
    from safetensors.torch import save_file
    from gan.presets import build_trainer
    from gan.toy import make_toy
    from gan.weights.checkpoint import load_checkpoint, save_checkpoint
    from gan.data import DatasetSampler
    points = make_toy("ring").sample(512)[0]
    trainer = build_trainer("toy2d", DatasetSampler(points, None, seed=0), seed=0)
    list(trainer.run(3))
    path = tmp_path / "checkpoint.safetensors"
    save_checkpoint(trainer, path)
    with safe_open(str(path), "pt") as f:
        tensors, meta = {k: f.get_tensor(k) for k in f.keys()}, dict(f.metadata())
    state = json.loads(meta["trainer"])
    for old in ("data_shift", "data_scale"):
        state["model"].pop(old)
    meta["trainer"] = json.dumps(state)
    save_file(tensors, str(path), metadata=meta)
    fresh = build_trainer("toy2d", DatasetSampler(points, None, seed=0), seed=0)
    assert load_checkpoint(fresh, path) and fresh.step == 3


def test_a_resume_with_a_lower_adam_lr_trains_at_that_lr(tmp_path):
    """The optimiser's moments come back from the checkpoint, its learning rate and betas from the
    resuming run's config (the checkpoint's lr used to win, so `--resume --lr-g 2e-5` did nothing)."""
    from gan.data import DatasetSampler
    from gan.presets import build_trainer
    from gan.toy import make_toy
    from gan.weights.checkpoint import load_checkpoint, save_checkpoint
    points = make_toy("ring").sample(512)[0]
    trainer = build_trainer("toy2d", DatasetSampler(points, None, seed=0), seed=0)
    list(trainer.run(3))
    path = tmp_path / "checkpoint.safetensors"
    save_checkpoint(trainer, path)
    fresh = build_trainer("toy2d", DatasetSampler(points, None, seed=0), seed=0, lr_d=3e-5, lr_g=2e-5,
                          betas=(0.0, 0.99))
    assert load_checkpoint(fresh, path)
    assert [g["lr"] for g in fresh.opt_d.param_groups] == [3e-5] and fresh.opt_g.param_groups[0]["lr"] == 2e-5
    assert fresh.opt_g.param_groups[0]["betas"] == (0.0, 0.99)
    for mine, saved in zip(fresh.gan.generator.parameters(), trainer.gan.generator.parameters()):
        assert torch.equal(fresh.opt_g.state[mine]["exp_avg"], trainer.opt_g.state[saved]["exp_avg"])


# --- InfoGAN's categorical code (Chen et al., 2016), read from z ---

def info_gan(**overrides):
    model_cfg, train_cfg = preset("dcgan", seed=0, **{"batch_size": 32, **overrides})
    model_cfg.info_codes = 10
    from gan.presets import init_weights
    return init_weights(GAN(model_cfg), "dcgan", 0), train_cfg


def test_the_info_code_is_the_argmax_of_z_and_switches_g():
    from gan.models import info_code
    from gan.sampling import latents
    z = latents(20_000, 100, 3, "normal")
    codes = info_code(z, 10)
    assert torch.equal(codes, z[:, :10].argmax(1))
    assert (torch.bincount(codes, minlength=10).float() / 20_000 - 0.1).abs().max() < 0.01   # uniform
    gan, _ = info_gan()
    with evaluating(gan.generator) as g:
        z = latents(1, 100, 0, "normal")
        other = z.clone()
        top, second = z[0, :10].topk(2).indices.tolist()
        other[0, second] = z[0, top] + 1e-3                    # a hair's move of one coordinate flips c ...
        near = z.clone()
        near[0, 50] += 1e-3                                    # ... the same move outside the code does not
        base = g(z)
        assert (g(other) - base).abs().max() > 100 * (g(near) - base).abs().max()


def test_the_mutual_information_term_trains_q_and_g_and_the_model_round_trips(tmp_path):
    from gan.data import DatasetSampler, mnist_subset
    from gan.sampling import generate
    from gan.weights.pretrained import load_pretrained, save_pretrained
    gan, cfg = info_gan()
    trainer = Trainer(gan, DatasetSampler(mnist_subset()[0][:2000], seed=0), cfg)
    metrics = list(trainer.run(300))
    assert all("info_loss" in m for m in metrics)
    first, last = metrics[0]["info_loss"], sum(m["info_loss"] for m in metrics[-10:]) / 10
    assert first > 2.0 and last < 0.5 * first     # L_I starts near log 10 = 2.3 (Q cannot tell c) and falls
    folder = save_pretrained(trainer.averaged_gan(), tmp_path / "info")
    again = load_pretrained(folder)                            # strict: Q's weights saved and loaded
    assert again.config.info_codes == 10 and hasattr(again.discriminator, "q")
    assert torch.allclose(generate(again, 8, seed=5), generate(trainer.averaged_gan(), 8, seed=5), atol=1e-5)


def test_the_info_code_is_refused_where_it_has_no_meaning():
    from gan.models import GANConfig
    with pytest.raises(ValueError, match="unconditional"):
        GAN(GANConfig(arch="dcgan", prior="normal", n_classes=10, info_codes=10))
    with pytest.raises(ValueError, match="dcgan arch"):
        GAN(GANConfig(arch="mlp", info_codes=10))
    gan, cfg = info_gan(update="simultaneous", loss="nonsaturating")
    with pytest.raises(ValueError, match="alternating"):
        Trainer(gan, None, cfg)



# --- options beyond the paper: AC-GAN's class loss on a projection D, top-k updates of G ---

def test_the_class_loss_teaches_a_projection_ds_embedding_to_classify_real_digits():
    from gan.data import DatasetSampler, mnist_subset
    from gan.presets import init_weights
    model_cfg, cfg = preset("cdcgan", seed=0, batch_size=32, class_weight=1.0)
    gan = init_weights(GAN(model_cfg), "dcgan", 0)
    x, y = mnist_subset()
    trainer = Trainer(gan, DatasetSampler(x[:2000], y[:2000], seed=0), cfg)
    metrics = list(trainer.run(150))
    assert all("class_loss" in m for m in metrics)
    first, last = metrics[0]["class_loss"], sum(m["class_loss"] for m in metrics[-10:]) / 10
    assert first > 2.0 and last < 0.6 * first    # starts near log 10 = 2.3: e_c cannot tell the classes apart
    with evaluating(gan.discriminator) as d, torch.no_grad():
        logits, class_logits = d(x[2000:2500], y[2000:2500], with_q=True)
    assert class_logits.shape == (500, 10) and logits.shape == (500,)
    assert (class_logits.argmax(1) == y[2000:2500]).float().mean() > 0.5   # held-out digits, chance is 0.1


def test_the_class_loss_is_refused_without_a_projection_d_and_top_k_keeps_the_highest_logits():
    from gan import losses
    gan, cfg = info_gan(class_weight=1.0)
    with pytest.raises(ValueError, match="projection"):
        Trainer(gan, None, cfg)
    model_cfg, cfg = preset("mlp", seed=0, g_top_k=0.5)
    with pytest.raises(ValueError, match="alternating"):
        cfg.validate()                                          # the mlp preset's update is simultaneous
    logits = torch.tensor([0.3, -2.0, 5.0, 1.0, -0.5])
    assert torch.equal(losses.top_k(logits, 0.4), torch.tensor([5.0, 1.0]))
    assert torch.equal(losses.top_k(logits, 0.1), torch.tensor([5.0]))       # at least one sample
    assert losses.top_k(logits, 1.0) is logits


def test_g_steps_on_the_top_k_share_of_its_batch(monkeypatch):
    from gan import losses
    from gan.data import DatasetSampler, mnist_subset
    from gan.presets import init_weights
    model_cfg, cfg = preset("dcgan", seed=0, batch_size=16, g_top_k=0.25)
    trainer = Trainer(init_weights(GAN(model_cfg), "dcgan", 0), DatasetSampler(mnist_subset()[0][:500], seed=0), cfg)
    kept, top_k = [], losses.top_k
    monkeypatch.setattr(losses, "top_k", lambda logits, share: kept.append(top_k(logits, share)) or kept[-1])
    trainer.train_step()
    assert [len(k) for k in kept] == [4]                       # 25% of G's 16 samples reached its loss

# --- bf16 autocast on a CPU that has it (AVX-512 BF16) ---

def test_amp_trains_under_bf16_autocast_on_a_cpu_with_bf16_and_is_refused_without(monkeypatch):
    from gan import trainer as trainer_module
    from gan.data import DatasetSampler, mnist_subset
    from gan.device import bf16_autocast_supported
    from gan.presets import build_trainer
    data = lambda: DatasetSampler(mnist_subset()[0][:1000], seed=0)       # noqa: E731
    if bf16_autocast_supported(torch.device("cpu")):
        plain, mixed = build_trainer("mlp", data(), seed=0), build_trainer("mlp", data(), seed=0, amp=True)
        torch.manual_seed(1)
        a = [plain.train_step() for _ in range(20)]
        torch.manual_seed(1)
        b = [mixed.train_step() for _ in range(20)]
        assert mixed.amp and all(math.isfinite(m["d_loss"]) and math.isfinite(m["g_loss"]) for m in b)
        assert a[0]["d_loss"] != b[0]["d_loss"]                      # bf16 matmuls: not the float32 numbers ...
        assert abs(a[0]["d_loss"] - b[0]["d_loss"]) < 0.05           # ... but close to them
    monkeypatch.setattr(trainer_module, "bf16_autocast_supported", lambda device: False)
    with pytest.raises(ValueError, match="bf16"):
        build_trainer("mlp", data(), seed=0, amp=True)


def test_inversion_starts_its_restarts_on_the_codes_q_finds_likeliest():
    from gan.serving.digits import code_ranking, invert, with_codes
    from gan.sampling import latents
    z = latents(12, 100, 0, "normal")
    ranking = torch.tensor([3, 7, 1, 0, 2, 4, 5, 6, 8, 9])
    coded = with_codes(z, ranking, 10)
    assert coded[:, :10].argmax(1).tolist() == [3, 7, 1, 0, 2, 4, 5, 6, 8, 9, 3, 7]
    assert torch.equal(coded.sort(1).values, z.sort(1).values)          # each row a permutation of its draw
    gan, _ = info_gan()
    target = torch.rand(28, 28)
    assert sorted(code_ranking(gan, target).tolist()) == list(range(10))
    last = list(invert(gan, target.numpy(), steps=4, restarts=3, report_every=2))[-1]
    assert last["step"] == 4 and len(last["z"]) == 100 and last["image"].shape == (28, 28)


def test_a_run_from_trained_weights_keeps_them_in_its_average():
    """The average's warm-up (decay (1 + t) / (10 + t) at step t) forgets a random start at once; a run
    started with --init-from must average from the trained G instead (it replaced the shipped average
    by a 3,000-step one in a 30,000-step continuation)."""
    from gan.data import DatasetSampler
    from gan.presets import build_trainer
    points = make_toy("ring").sample(512)[0]
    trained = build_trainer("toy2d", DatasetSampler(points, None, seed=0), seed=0)
    list(trained.run(20))
    start = [p.detach().clone() for p in trained.gan.generator.parameters()]
    go_on = build_trainer("toy2d", DatasetSampler(points, None, seed=1), seed=1, init_from=trained.gan,
                          ema_decay=0.99)
    assert go_on.cfg.ema_warmup is False
    list(go_on.run(1))
    for avg, raw, s in zip(go_on.g_ema.parameters(), go_on.gan.generator.parameters(), start):
        assert torch.allclose(avg, 0.99 * s + 0.01 * raw, atol=1e-6)     # d = 0.99 from the first step
    fresh = build_trainer("toy2d", DatasetSampler(points, None, seed=1), seed=1, ema_decay=0.99)
    assert fresh.cfg.ema_warmup is True
    init = [p.detach().clone() for p in fresh.gan.generator.parameters()]
    list(fresh.run(1))
    for avg, raw, s in zip(fresh.g_ema.parameters(), fresh.gan.generator.parameters(), init):
        assert torch.allclose(avg, 0.1 * s + 0.9 * raw, atol=1e-6)       # d = 0.1 at step 0


def test_digit_balanced_minibatches_draw_each_class_equally_and_resume():
    from gan.data import DataError, DatasetSampler
    from gan.train_config import TrainConfig
    x = torch.arange(1000, dtype=torch.float32)[:, None]
    y = torch.cat([torch.zeros(900, dtype=torch.long), torch.ones(100, dtype=torch.long)])   # 90% / 10%
    plain, balanced = DatasetSampler(x, y, seed=0), DatasetSampler(x, y, seed=0, balanced=True)
    share = lambda s: torch.cat([s.sample(100)[1] for _ in range(50)]).float().mean().item()   # noqa: E731
    assert abs(share(plain) - 0.1) < 1e-6           # a shuffle: exactly the data's 10% over whole epochs
    assert 0.46 < share(balanced) < 0.54            # 5,000 draws of p = 0.5
    state = {k: (v.clone() if torch.is_tensor(v) else v) for k, v in balanced.state().items()}
    after = balanced.sample(100)[0]
    again = DatasetSampler(x, y, seed=7, balanced=True)
    again.load_state(state)
    assert torch.equal(again.sample(100)[0], after)
    with pytest.raises(DataError, match="labels"):
        DatasetSampler(x, None, balanced=True)
    assert TrainConfig(balance_digits=True).to_dict()["balance_digits"] is True


def test_typical_indices_keep_each_digits_most_typical_share_and_drop_its_outliers():
    """Instance selection: per digit, the examples nearest the bulk of that digit are kept (keep = 0.8 of
    each), the far ones dropped, whatever the digit's size; keep 1 keeps all; a share outside (0, 1] is refused."""
    from gan.data import DataError, typical_indices
    from gan.train_config import TrainConfig
    rng = np.random.default_rng(0)
    images, labels, outliers = [], [], []
    for digit, count in ((0, 300), (1, 200)):
        centre = rng.uniform(0, 255, 64)
        bulk = centre + rng.normal(0, 8, (count, 64))
        far = rng.choice(count, count // 10, replace=False)     # a tenth of them drawn far from the digit's bulk
        bulk[far] += rng.normal(0, 60, (len(far), 64))
        outliers += list(len(labels) + far)
        images.append(np.clip(bulk, 0, 255).astype(np.uint8).reshape(count, 8, 8))
        labels += [digit] * count
    images, labels = np.concatenate(images), np.array(labels, dtype=np.uint8)
    kept = typical_indices(images, labels, 0.8, components=10)
    assert list(kept) == sorted(kept)
    assert np.bincount(labels[kept]).tolist() == [240, 160]
    assert not set(outliers) & set(kept.tolist())
    assert np.array_equal(typical_indices(images, labels, 1.0), np.arange(500))
    for bad in (0.0, 1.5):
        with pytest.raises(DataError, match="keep_typical"):
            typical_indices(images, labels, bad)
    with pytest.raises(ValueError, match="keep_typical"):
        TrainConfig(keep_typical=0.0).validate()
