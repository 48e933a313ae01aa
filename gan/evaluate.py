"""``python -m gan.evaluate --model NAME``: the paper's Table 1 measurement, plus digit checks.

- Parzen-window log-likelihood of the MNIST test digits (Section 5): 10,000 samples as kernel centres,
  sigma from logspace(-1, 0, 10) chosen on the validation split, mean +- standard error on the test split.
- With the shipped classifier: the share of each digit among the samples (mode coverage), and for a
  conditional model the share of samples classified as the digit they were asked for, per digit.
Prints a JSON report; ``--out FILE`` also writes it.
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import torch

from .data import load_mnist, to_unit_float
from .device import pick_device
from .metrics import parzen_evaluate
from .sampling import generate

CLASSIFIER = "mnist-classifier"


def digit_report(images: torch.Tensor, asked, classifier) -> dict:
    from .classifier import predict
    pred = predict(classifier, images).argmax(1).numpy()
    shares = np.bincount(pred, minlength=10) / len(pred)
    report = {"digit_shares": [round(float(s), 4) for s in shares],
              "min_share": round(float(shares.min()), 4), "max_share": round(float(shares.max()), 4)}
    if asked is not None:
        asked = np.asarray(asked)
        per = [float((pred[asked == d] == d).mean()) for d in range(10)]
        report.update({"asked_digit_accuracy": round(float((pred == asked).mean()), 4),
                       "asked_digit_accuracy_per_digit": [round(a, 4) for a in per]})
    return report


def evaluate(gan, *, mnist=None, n: int = 10_000, seed: int = 0, n_test: int = 10_000, classifier=None) -> dict:
    device = next(gan.parameters()).device
    asked = [i % 10 for i in range(n)] if gan.conditional else None
    samples = generate(gan, n, seed, digit=asked)
    valid = to_unit_float(load_mnist("valid", mnist)[0])
    test = to_unit_float(load_mnist("test", mnist)[0][:n_test])
    report = parzen_evaluate(samples.to(device), valid.to(device), test.to(device))
    if classifier is not None:
        report.update(digit_report(samples, asked, classifier))
    return report


def main(argv=None) -> int:
    from .hub import load_model, resolve
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="bundled name (mnist-mlp), local folder, or Hub repo id")
    p.add_argument("--mnist", help="MNIST npz (else $GAN_MNIST, else the Hub)")
    p.add_argument("--n", type=int, default=10_000, help="samples used as Parzen centres")
    p.add_argument("--n-test", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device")
    p.add_argument("--classifier", default=CLASSIFIER, help="classifier weights ('' to skip digit checks)")
    p.add_argument("--out", help="also write the JSON report here")
    a = p.parse_args(argv)
    try:
        device = pick_device(a.device)
        gan, source = load_model(a.model, device)
        clf = None
        if a.classifier:
            from .classifier import load_classifier
            clf = load_classifier(resolve(a.classifier).folder, device)
        report = {"model": a.model, "source": source, **evaluate(gan, mnist=a.mnist, n=a.n, seed=a.seed,
                                                                 n_test=a.n_test, classifier=clf)}
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


if __name__ == "__main__":
    sys.exit(main())
