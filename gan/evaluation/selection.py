"""Choosing a run's weights on the validation split (the paper's Parzen protocol, Section 5): every
``--eval-every`` epochs the averaged G's samples are scored against validation digits, by Parzen window
log-likelihood or by what the shipped classifier reads, and the best weights are kept; a resumed run keeps
an earlier leg's best unless it beats them. Test digits are never used to choose."""
from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from gan.evaluate import asked_digits, digit_report
from gan.evaluation.parzen import choose_sigma, parzen_log_likelihood
from gan.sampling import generate
from gan.weights.pretrained import WeightsError, load_pretrained, read_config

if TYPE_CHECKING:
    from gan.trainer import Trainer

BEST_KEY = {"parzen": "best_valid_parzen", "read": "best_valid_read_score"}   # config.json's record of the choice


def read_score(report: dict, low: float = 0.08, high: float = 0.12) -> float:
    """--select read: the share of samples the classifier reads with p >= 0.9, less how far the rarest and the
    commonest digit's shares lie outside [low, high] (#11's band), so a G that drops a digit does not win."""
    return report["confident_share"] - max(0.0, low - report["min_share"]) - max(0.0, report["max_share"] - high)


def earlier_best(out: Path, trainer: Trainer, select: str = "parzen") -> list:
    """[score, weights, step] of the best validation weights an earlier leg of this run wrote to OUT, so that
    a resumed run overwrites them only with better ones (not with its first score, nor its last weights)."""
    try:
        cfg, raw = read_config(out)
        score, step = raw.get(BEST_KEY[select]), raw.get("best_valid_step")
        if score is None or step is None or cfg != trainer.gan.config:
            return [-math.inf, None, None]
        return [float(score), load_pretrained(out).state_dict(), int(step)]
    except WeightsError:   # none written yet, or unreadable: the resumed run starts the search afresh
        return [-math.inf, None, None]


def validate(m: dict, *, trainer: Trainer, valid, test=None, best: list, on_best=None, classifier=None,
             select: str = "parzen") -> str:
    """Score the averaged G at step m (figures added to m), keep its weights in `best` ([score, weights,
    step]) if they beat it, calling `on_best`; the test split's score at the validation sigma is reported
    only. Returns the line to print."""
    gan = trainer.averaged_gan()
    n = len(valid)
    s = generate(gan, n, seed=123, digit=asked_digits(gan, n))
    sigma, scores = choose_sigma(s.to(valid.device), valid)
    m["valid_parzen"] = scores[sigma]
    if test is not None:
        m["test_parzen"], m["test_parzen_se"] = parzen_log_likelihood(s.to(test.device), test, sigma)
    digits = ""
    if classifier is not None:
        r = digit_report(s, None, classifier)
        m.update(valid_read=r["confident_share"], valid_min_share=r["min_share"], valid_max_share=r["max_share"],
                 valid_read_score=round(read_score(r), 4))
        digits = f", read {r['confident_share']:.2%}, shares {r['min_share']:.1%}-{r['max_share']:.1%}"
    score = m["valid_read_score"] if select == "read" else scores[sigma]
    if score > best[0]:
        best[:] = [score, {k: v.detach().clone() for k, v in gan.state_dict().items()}, m["step"]]
        if on_best is not None:
            on_best()
    on_test = f", test {m['test_parzen']:.1f} +- {m['test_parzen_se']:.1f}" if test is not None else ""
    return (f"\nstep {m['step']}: validation Parzen {scores[sigma]:.1f}{on_test} (sigma {sigma:.3f}, {n} samples){digits} "
            f"after {m.get('seconds', 0.0):.0f} s{' (the best so far: written to OUT)' if best[2] == m['step'] else ''}")
