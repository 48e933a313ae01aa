"""The paper's Parzen-window protocol (Section 5, Table 1): the shifted float32 sum against the textbook
float64 logsumexp, sigma chosen on validation, and the same where every kernel underflows float32."""
import math

import pytest
import torch

from gan.evaluation.parzen import (SIGMAS, choose_sigma, parzen_evaluate, parzen_from_distances,
                                   parzen_log_likelihood, squared_distances)


def textbook(x, centres, sigma):
    """log p(x) = logsumexp_i(-||x - mu_i||^2 / 2s^2) - log n - (d/2) log(2 pi s^2), all in float64."""
    x, c = x.flatten(1).double(), centres.flatten(1).double()
    d2 = torch.cdist(x, c) ** 2
    d = x.shape[1]
    return torch.logsumexp(-d2 / (2 * sigma ** 2), 1) - math.log(len(c)) - 0.5 * d * math.log(2 * math.pi * sigma ** 2)


@pytest.fixture(scope="module")
def digits():
    g = torch.Generator().manual_seed(0)
    return [torch.rand(n, 1, 28, 28, generator=g) * 0.6 for n in (300, 200, 250)]   # samples, valid, test


@pytest.mark.parametrize("sigma", [SIGMAS[0], SIGMAS[4], SIGMAS[-1]])
def test_the_window_matches_the_textbook_formula(digits, sigma):
    samples, valid, _ = digits
    ours = parzen_from_distances(squared_distances(valid, samples), sigma, 784)
    assert torch.allclose(ours, textbook(valid, samples, sigma), atol=1e-4, rtol=0)


def test_sigma_is_chosen_on_validation_and_the_test_score_uses_it(digits):
    samples, valid, test = digits
    sigma, scores = choose_sigma(samples, valid)
    assert set(scores) == set(SIGMAS)
    expected = {s: float(textbook(valid, samples, s).mean()) for s in SIGMAS}
    assert all(scores[s] == pytest.approx(expected[s], abs=1e-4) for s in SIGMAS)
    assert sigma == max(expected, key=expected.get)
    mean, se = parzen_log_likelihood(samples, test, sigma)
    ll = textbook(test, samples, sigma)
    assert mean == pytest.approx(float(ll.mean()), abs=1e-4)
    assert se == pytest.approx(float(ll.std() / math.sqrt(len(ll))), rel=1e-4)
    report = parzen_evaluate(samples, valid, test)
    assert report["parzen_ll"] == pytest.approx(mean) and report["sigma"] == sigma


def test_far_points_keep_a_finite_log_likelihood():
    """Every kernel of a far point is exp(-d2 / 2s^2) = 0 in float32 (and float64); the score stays the
    finite -d_min / 2s^2 + ..., as logsumexp gives it."""
    centres = torch.zeros(5, 1, 28, 28)
    far = torch.ones(3, 1, 28, 28)
    ours = parzen_from_distances(squared_distances(far, centres), 0.1, 784)
    assert torch.isfinite(ours).all()
    assert torch.allclose(ours, textbook(far, centres, 0.1), atol=1e-6, rtol=1e-12)
