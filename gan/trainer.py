"""Algorithm 1 of Goodfellow et al. (2014): minibatch SGD on the two-player game.

    for each training iteration:
        for k steps:  sample m noise z and m data x; ascend V on D
        sample m noise z; descend G's loss

:class:`Trainer` holds the state (networks, optimisers, fixed noise, step); :meth:`Trainer.run` is a
generator that yields one metrics dict per G-step (and, every ``snapshot_every`` steps, samples drawn
from the same fixed noise, so progress grids are comparable). The CLI prints what it yields; the app
streams it. A non-finite loss stops the run with a message and restores the last good weights. Its
configuration, :class:`~gan.train_config.TrainConfig`, is in :mod:`gan.train_config`.
"""
from __future__ import annotations

import contextlib
import copy
import math
import time

import torch

from gan import averaging, losses
from gan.device import bf16_autocast_supported
from gan.distributed import rank_and_world, rank_seed
from gan.models import GAN, clip_column_norms, evaluating, frozen, info_code
from gan.sampling import latents
from gan.train_config import TrainConfig


class Trainer:
    def __init__(self, gan: GAN, data, config: TrainConfig | None = None, *, ddp_wrap=None, amp: bool = False):
        """`data` has `.sample(m) -> (x, y or None)`. `ddp_wrap`, if given, wraps each network
        (distributed training: this process's rank seeds its noise, `examples_seen` counts all
        processes); the unwrapped `gan` is what gets saved. `amp`: bf16 autocast (a CUDA GPU, or a CPU with
        AVX-512 BF16)."""
        self.cfg = config or TrainConfig()
        self.cfg.validate()
        self.gan, self.data = gan, data
        self.device = next(gan.parameters()).device
        if amp and not bf16_autocast_supported(self.device):
            raise ValueError(f"amp (bf16 autocast) needs a GPU or CPU with bf16; {self.device} here has none")
        self.amp = bool(amp)
        self.info = gan.config.info_codes     # > 0: InfoGAN's categorical code, read from z
        if self.info and self.cfg.update == "simultaneous":
            raise ValueError("InfoGAN's code (info_codes) takes the alternating update")
        self.classes = self.cfg.class_weight > 0   # AC-GAN's class loss on a projection D's class logits
        if self.classes and (self.info or gan.config.d_cond != "projection" or not gan.conditional):
            raise ValueError("class_weight takes a conditional dcgan with d_cond='projection' and no info_codes")
        self.aux_weight = self.cfg.info_weight if self.info else self.cfg.class_weight
        self.aux_name = "info_loss" if self.info else "class_loss"
        self.rank, self.world_size = rank_and_world() if ddp_wrap else (0, 1)
        wrap = ddp_wrap or (lambda m: m)
        self.G, self.D = wrap(gan.generator), wrap(gan.discriminator)
        self.opt_d, self.opt_g = self.cfg.optimizer_for(gan.discriminator, self.cfg.lr_d), \
            self.cfg.optimizer_for(gan.generator, self.cfg.lr_g)
        self.rng = torch.Generator().manual_seed(rank_seed(self.cfg.seed, self.rank))  # z, labels: CPU-side
        n, zc = self.cfg.snapshot_n, gan.config
        self.fixed_z = latents(n, zc.z_dim, 10_000 + self.cfg.seed, zc.prior, self.device)
        self.fixed_y = (torch.arange(n, device=self.device) % zc.n_classes) if gan.conditional else None
        self.step = 0            # G-steps taken
        self.updates = 0         # optimiser updates taken (D and G), for the authors' lr decay
        self.examples_seen = 0
        # EMA of G (Polyak averaging): a copy that follows G's weights with decay `ema_decay`; it is
        # what snapshots draw and what gets saved as the model's generator (the raw G is kept to resume)
        self.g_ema = None
        if self.cfg.ema_decay > 0:
            self.g_ema = copy.deepcopy(gan.generator).requires_grad_(False)
        self._last_good = self._copy_state()

    def _copy_state(self):
        return {k: v.detach().clone() for k, v in self.state().items()}

    def restore_last_good(self) -> None:
        """Back to the weights of the last snapshot (or the start): the state before a divergence."""
        self.load_state(self._last_good)

    def mark_good(self) -> None:
        """The current weights become the ones a divergence returns to."""
        self._last_good = self._copy_state()

    def state(self) -> dict:
        """Both networks and, with EMA, the averaged G under ``ema.*``: what a checkpoint stores."""
        state = dict(self.gan.state_dict())
        if self.g_ema is not None:
            state.update({"ema." + k: v for k, v in self.g_ema.state_dict().items()})
        return state

    def load_state(self, state: dict) -> None:
        """Restore what :meth:`state` gave (a state without ``ema.*`` starts the average at G)."""
        ema = {k[4:]: v for k, v in state.items() if k.startswith("ema.")}
        self.gan.load_state_dict({k: v for k, v in state.items() if not k.startswith("ema.")})
        if self.g_ema is not None:
            self.g_ema.load_state_dict(ema or self.gan.generator.state_dict())

    def averaged_gan(self) -> GAN:
        """The model to save: the EMA generator beside the current D (the GAN itself without EMA)."""
        return self.gan if self.g_ema is None else averaging.with_generator(self.gan, self.g_ema)

    @property
    def epoch(self) -> float:
        n = len(self.data) if hasattr(self.data, "__len__") else 0
        return self.examples_seen / n if n else 0.0

    def _schedule(self) -> None:
        """The authors' SGD schedule (TrainConfig.sgd_schedule) set on both optimisers."""
        if self.cfg.optimizer != "sgd":
            return
        lr_d, lr_g, momentum = self.cfg.sgd_schedule(self.epoch, self.updates)
        for opt, lr in ((self.opt_d, lr_d), (self.opt_g, lr_g)):
            for group in opt.param_groups:
                group["lr"], group["momentum"] = lr, momentum

    def _noise(self, m: int) -> torch.Tensor:
        c = self.gan.config
        return latents(m, c.z_dim, int(torch.randint(0, 2**62, (1,), generator=self.rng)), c.prior, self.device)

    def _autocast(self):
        return torch.autocast(self.device.type, dtype=torch.bfloat16) if self.amp else contextlib.nullcontext()

    def _real_batch(self, m: int):
        """m training examples on the device, with their labels for a conditional model (else None)."""
        x, y = self.data.sample(m)
        return x.to(self.device), (None if y is None or not self.gan.conditional else y.to(self.device))

    def _scores(self, net, x, y, z, rows: slice = slice(None)):
        """D's logits on x and the auxiliary loss of D's head, else None: for a model with InfoGAN's code
        L_I of Q on the last len(z) rows (G's samples of z); with class_weight the class loss on `rows`."""
        if not (self.info or self.classes):
            return net(x, y).float(), None
        logits, q = net(x, y, with_q=True)
        if self.info:
            return logits.float(), losses.info_loss(q[-len(z):], info_code(z, self.info))
        return logits.float(), losses.class_loss(q[rows], y[rows])

    def d_step(self) -> dict:
        """One step of ascending V (or the WGAN-GP critic objective) on D; with InfoGAN's code, D's head Q
        also descends L_I. The metrics report the adversarial loss and L_I (``info_loss``) apart."""
        c, m = self.cfg, self.cfg.batch_size
        x, y = self._real_batch(m)
        with self._autocast():
            z = self._noise(m)
            with torch.no_grad():
                fake = self.G(z, y)  # conditional G draws the real batch's labels
            logits, info = self._scores(self.D, torch.cat([x, fake]), None if y is None else torch.cat([y, y]), z,
                                        rows=slice(0, m))  # the class loss: D's on the real digits
            real_l, fake_l = logits[:m], logits[m:]
            loss = losses.critic_loss(c.loss, real_l, fake_l)
            if c.loss == "wasserstein":  # double backward: through the bare D (DDP does not support it);
                # its parameter gradients join the same backward pass, so DDP still averages them
                loss = loss + c.gp_weight * losses.gradient_penalty(self.gan.discriminator, x, fake, y, self.rng)
            else:
                loss = c.d_loss_scale * loss
        self.opt_d.zero_grad(set_to_none=True)
        (loss if info is None else loss + self.aux_weight * info).backward()
        self.opt_d.step()
        if c.max_col_norm > 0:
            clip_column_norms(self.gan, c.max_col_norm)
        self.updates += 1
        self.examples_seen += m * self.world_size
        out = {"d_loss": loss.detach(), "d_real": torch.sigmoid(real_l.detach()).mean(),
               "d_fake": torch.sigmoid(fake_l.detach()).mean()}
        return out if info is None else {**out, self.aux_name: info.detach()}

    def g_step(self) -> dict:
        """One step of descending G's loss (on the top g_top_k share of the batch; with InfoGAN's code, plus
        info_weight * L_I; with class_weight, plus class_weight * L_C); also records
        ||grad_theta_g||, which the minimax loss starves."""
        m = self.cfg.batch_size
        y = None
        if self.gan.conditional:
            y = torch.randint(0, self.gan.config.n_classes, (m,), generator=self.rng).to(self.device)
        with self._autocast(), frozen(self.gan.discriminator):
            # through the bare D with its weights frozen: D's gradients are neither computed nor all-reduced
            z = self._noise(m)
            fake_logits, info = self._scores(self.gan.discriminator, self.G(z, y), y, z)
            loss = losses.generator_loss(self.cfg.loss, losses.top_k(fake_logits, self.cfg.g_top_k),
                                          self.cfg.minimax_share)
        self.opt_g.zero_grad(set_to_none=True)
        # with the code, G also maximises H(c) - L_I, the lower bound on I(c; G(z)); with class_weight it
        # also minimises the class loss of its digits
        (loss if info is None else loss + self.aux_weight * info).backward()
        gnorm = _grad_norm(self.gan.generator)
        self.opt_g.step()
        self.updates += 1
        return {"g_loss": loss.detach(), "g_grad_norm": gnorm}

    def simultaneous_step(self) -> dict:
        """The authors' MNIST update (pylearn2 ``AdversaryCost2``): one minibatch of x and z, one pass of
        D over [x, G(z)] (the same dropout masks for both players), and from it
            D:  minimise  d_loss_scale * ( -E[log D(x)] - E[log(1 - D(G(z)))] )
            G:  minimise  -E[log D(G(z))]         (non-saturating; minimax: E[log(1 - D(G(z)))])
        both gradients taken at the same point and applied in one step (then the max-norm, if any)."""
        c, m = self.cfg, self.cfg.batch_size
        x, y = self._real_batch(m)
        with self._autocast():
            fake = self.G(self._noise(m), y)
            logits = self.D(torch.cat([x, fake]), None if y is None else torch.cat([y, y])).float()
            real_l, fake_l = logits[:m], logits[m:]
            d_loss = c.d_loss_scale * losses.discriminator_loss(real_l, fake_l)
            g_loss = losses.generator_loss(c.loss, fake_l, c.minimax_share)
        self.opt_d.zero_grad(set_to_none=True)
        self.opt_g.zero_grad(set_to_none=True)
        d_loss.backward(inputs=[p for p in self.D.parameters() if p.requires_grad], retain_graph=True)
        g_loss.backward(inputs=[p for p in self.G.parameters() if p.requires_grad])
        gnorm = _grad_norm(self.gan.generator)
        self.opt_d.step()
        self.opt_g.step()
        if c.max_col_norm > 0:
            clip_column_norms(self.gan, c.max_col_norm)
        self.updates += 1
        self.examples_seen += m * self.world_size
        return {"d_loss": d_loss.detach(), "d_real": torch.sigmoid(real_l.detach()).mean(),
                "d_fake": torch.sigmoid(fake_l.detach()).mean(), "g_loss": g_loss.detach(), "g_grad_norm": gnorm}

    def train_step(self) -> dict:
        self._schedule()
        self.gan.train()
        if self.cfg.update == "simultaneous":
            d, g = self.simultaneous_step(), {}
        else:
            for _ in range(self.cfg.k):
                d = self.d_step()
            g = self.g_step()
        if self.g_ema is not None:
            averaging.ema_update(self.g_ema, self.gan.generator, self.cfg.ema_decay, self.step, self.cfg.ema_warmup)
        self.step += 1
        keys = list(d) + list(g)
        values = torch.stack([d[k] for k in d] + [g[k] for k in g]).float().tolist()  # one device sync
        return {"step": self.step, **dict(zip(keys, values))}

    @torch.no_grad()
    def snapshot(self) -> torch.Tensor:
        """G(fixed z) on the CPU: the same noise every time, so successive grids are comparable
        (the averaged G when EMA is on; with batch norm, as it is saved: on statistics of its own weights,
        here over 2,000 prior samples, for a copy, since the average follows the raw G's buffers)."""
        g = self.gan.generator
        if self.g_ema is not None:
            g = averaging.with_own_statistics(self.g_ema, self.gan.config, n=2_000)
        with evaluating(g):
            return g(self.fixed_z, self.fixed_y).float().cpu()

    def run(self, steps: int, *, snapshot_every: int | None = None, max_seconds: float | None = None):
        """Train for `steps` G-steps (or until `max_seconds`), yielding a metrics dict per step; dicts
        with a snapshot carry `samples`. On NaN/inf: restore the last good weights, yield a dict with
        `diverged` (a message), and stop."""
        every = snapshot_every or self.cfg.snapshot_every
        start = time.perf_counter()
        for _ in range(int(steps)):
            metrics = self.train_step()
            bad = [k for k, v in metrics.items() if isinstance(v, float) and not math.isfinite(v)]
            if bad:
                self.restore_last_good()
                yield {**metrics, "diverged": f"training diverged at step {self.step}: {', '.join(bad)} "
                                              "became NaN/inf; the last good weights were restored"}
                return
            if self.step % every == 0:
                metrics["samples"] = self.snapshot()
                self.mark_good()
            metrics["seconds"] = time.perf_counter() - start
            yield metrics
            if max_seconds is not None and metrics["seconds"] >= max_seconds:
                return

    def config_dict(self) -> dict:
        return self.cfg.to_dict()


def _grad_norm(net: torch.nn.Module) -> torch.Tensor:
    """||grad|| over `net`'s parameters that have a gradient."""
    return torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(p.grad) for p in net.parameters()
                                                 if p.grad is not None]))
