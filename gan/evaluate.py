"""``python -m gan.evaluate --model NAME``: the paper's Table 1 measurement, plus digit checks.

- Parzen-window log-likelihood of the MNIST test digits (Section 5): 10,000 samples as kernel centres,
  sigma from logspace(-1, 0, 10) chosen on the validation split, mean +- standard error on the test split.
- With the shipped classifier: the share of each digit among the samples (mode coverage), the share it
  reads with p >= 0.9 (digits it recognises), the Frechet distance between the samples' and the test
  digits' features in its last hidden layer (beside the same distance for 10,000 real training digits),
  and for a conditional model the share of samples classified as the digit they were asked for.
- ``--checkpoint``: also the raw G of a training checkpoint, when the model's G is an average (EMA).
- ``--real-parzen``: also the Parzen score of 10,000 real training digits, the protocol's ceiling.
- ``--pooled-seeds 0,1,2,3,4``: also the classifier's read and digit shares over the samples of all these seeds
  pooled (n each), a steadier figure than one seed's (one seed of 10,000: about +- 0.3 point on the read).
Prints a JSON report; ``--out FILE`` also writes it.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

import numpy as np
import torch

from gan import limits
from gan.data import load_mnist, to_unit_float
from gan.device import pick_device
from gan.evaluation.frechet import frechet_distance
from gan.evaluation.parzen import parzen_evaluate
from gan.sampling import generate

CLASSIFIER = "mnist-classifier"
CONFIDENT = 0.9   # a sample "reads as a digit" when the classifier gives it at least this probability


def asked_digits(gan, n: int) -> list[int] | None:
    """The labels a conditional model is asked for in evaluation: the ten digits in turn (None: unconditional)."""
    return [i % 10 for i in range(n)] if gan.conditional else None


def digit_report(images: torch.Tensor, asked, classifier, test_features: torch.Tensor | None = None) -> dict:
    """Digit shares, the confident share, and (given the test digits' features) the Frechet distance."""
    from gan.evaluation.classifier import features, predict
    probs = predict(classifier, images)
    pred, confident = probs.argmax(1).numpy(), (probs.max(1).values >= CONFIDENT).numpy()
    shares = np.bincount(pred, minlength=10) / len(pred)
    confident_shares = np.bincount(pred[confident], minlength=10) / len(pred)
    report = {"digit_shares": [round(float(s), 4) for s in shares],
              "min_share": round(float(shares.min()), 4), "max_share": round(float(shares.max()), 4),
              "confident_share": round(float(confident.mean()), 4),
              "confident_digit_shares": [round(float(s), 4) for s in confident_shares]}
    if test_features is not None:
        report["frechet"] = round(frechet_distance(features(classifier, images), test_features), 3)
    if asked is not None:
        asked = np.asarray(asked)
        per = [float((pred[asked == d] == d).mean()) for d in range(10)]
        report.update({"asked_digit_accuracy": round(float((pred == asked).mean()), 4),
                       "asked_digit_accuracy_per_digit": [round(a, 4) for a in per]})
    return report


def evaluate(gan, *, mnist=None, n: int = 10_000, seed: int = 0, n_test: int = 10_000, classifier=None,
             real_parzen: bool = False) -> dict:
    device = next(gan.parameters()).device
    asked = asked_digits(gan, n)
    samples = generate(gan, n, seed, digit=asked)
    valid = to_unit_float(load_mnist("valid", mnist)[0]).to(device)
    test = to_unit_float(load_mnist("test", mnist)[0][:n_test]).to(device)
    report = parzen_evaluate(samples.to(device), valid, test)
    real = None
    if real_parzen or classifier is not None:
        real = to_unit_float(load_mnist("train", mnist)[0][:n]).to(device)
    if real_parzen:
        r = parzen_evaluate(real, valid, test)
        report["real"] = {"parzen_ll": r["parzen_ll"], "parzen_se": r["parzen_se"], "sigma": r["sigma"]}
    if classifier is not None:
        from gan.evaluation.classifier import features
        test_features = features(classifier, test)
        report.update(digit_report(samples, asked, classifier, test_features))
        real_report = digit_report(real, None, classifier, test_features)
        report.setdefault("real", {}).update({k: real_report[k] for k in ("frechet", "confident_share")})
    return report


def pooled_digit_report(gan, seeds, classifier, n: int = 10_000) -> dict:
    """The classifier's read and digit shares over n samples of each seed, pooled (no Parzen, no Frechet)."""
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("pooled seeds: give at least one seed")
    asked = asked_digits(gan, n)
    images = torch.cat([generate(gan, n, s, digit=asked) for s in seeds])
    report = digit_report(images, None if asked is None else asked * len(seeds), classifier)
    return {"seeds": seeds, "n_samples": len(images), **report}


def main(argv=None) -> int:
    from gan.weights.hub import load_model, resolve
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="bundled name (mnist-mlp), local folder, or Hub repo id")
    p.add_argument("--mnist", help="MNIST npz (else $GAN_MNIST, else the Hub)")
    p.add_argument("--n", type=int, default=10_000, help="samples used as Parzen centres")
    p.add_argument("--n-test", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device")
    p.add_argument("--classifier", default=CLASSIFIER, help="classifier weights ('' to skip digit checks)")
    p.add_argument("--checkpoint", help="a training checkpoint: also evaluate its raw (not averaged) G")
    p.add_argument("--real-parzen", action="store_true", help="also score 10,000 real training digits")
    p.add_argument("--truncation", type=float, help="sample at this truncation, 0 < t <= 1, instead of the "
                   "model's own (config.json's model.truncation; 1: p_z as trained)")
    p.add_argument("--pooled-seeds", help="comma-separated seeds: also the classifier's read and shares over all "
                   "their samples pooled (--n each)")
    p.add_argument("--out", help="also write the JSON report here")
    a = p.parse_args(argv)
    try:
        device = pick_device(a.device)
        gan, source = load_model(a.model, device)
        if a.truncation is not None:
            gan = with_truncation(gan, a.truncation)
        clf = None
        if a.classifier:
            from gan.evaluation.classifier import load_classifier
            clf = load_classifier(resolve(a.classifier).folder, device)
        kwargs = dict(mnist=a.mnist, n=a.n, seed=a.seed, n_test=a.n_test, classifier=clf)
        report = {"model": a.model, "source": source, "generator": "averaged" if gan_is_averaged(a.model) else "raw",
                  "truncation": gan.config.truncation,
                  **evaluate(gan, real_parzen=a.real_parzen, **kwargs)}
        if a.checkpoint:
            from gan.weights.checkpoint import load_raw_gan
            raw = evaluate(with_truncation(load_raw_gan(a.checkpoint).to(device), gan.config.truncation), **kwargs)
            raw.pop("valid_ll_by_sigma", None)
            report["raw_generator"] = {k: v for k, v in raw.items() if k != "real"}
        if a.pooled_seeds:
            if clf is None:
                raise ValueError("--pooled-seeds needs the classifier")
            try:
                seeds = [int(s) for s in a.pooled_seeds.split(",") if s.strip()]
            except ValueError:
                raise ValueError(f"--pooled-seeds takes comma-separated integers (got {a.pooled_seeds!r})") from None
            report["pooled"] = pooled_digit_report(gan, seeds, clf, a.n)
    except (ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    report.pop("valid_ll_by_sigma", None)
    text = json.dumps(report, indent=2)
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    return 0


def with_truncation(gan, truncation: float):
    """The same networks sampled at another truncation (checked as a config is)."""
    gan.config = replace(gan.config, truncation=limits.TRUNCATION.check(truncation))
    return gan


def gan_is_averaged(model: str) -> bool:
    """Whether a weights folder's generator is an EMA average (its config's train.ema_decay > 0)."""
    from gan.weights.hub import resolve
    from gan.weights.pretrained import read_config
    try:
        return float(read_config(resolve(model).folder)[1].get("train", {}).get("ema_decay", 0) or 0) > 0
    except (ValueError, OSError):
        return False


if __name__ == "__main__":
    sys.exit(main())
