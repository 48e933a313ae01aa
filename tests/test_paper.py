"""The paper tab's pieces: adversarial examples, the optimal D and Theorem 1, vanishing gradients, mode
collapse and the conditional model; at the library level, then through the app's API."""
import math
import re

import pytest
import torch

from gan.paper import adversarial
from gan.paper import equilibrium
from gan.paper import mode_collapse
from gan.paper import vanishing
from gan.weights.hub import load_model
from gan.sampling import generate
from ui.i18n import STRINGS, t


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def classifier():
    return adversarial.shared_classifier("cpu")


@pytest.fixture(scope="module")
def dcgan():
    gan, _ = load_model("mnist-dcgan", "cpu")
    for p in gan.parameters():
        p.requires_grad_(False)
    return gan


# --- 1. adversarial examples ---

@pytest.mark.parametrize("method", ["fgsm", "iterative"])
def test_attack_lowers_true_class_confidence_within_epsilon(classifier, method):
    weights = {k: v.clone() for k, v in classifier.state_dict().items()}
    for index in (0, 7, 123):
        image, label = adversarial.subset_digit(index)
        r = adversarial.attack_classifier(classifier, image, label, epsilon=0.15, method=method)
        assert int(r.before.argmax()) == label
        assert r.after[label] < r.before[label] - 0.05
        assert r.linf <= 0.15 + 1e-6
        assert 0.0 <= float(r.adversarial.min()) and float(r.adversarial.max()) <= 1.0
        loss_before = -math.log(float(r.before[label]))
        loss_after = -math.log(max(float(r.after[label]), 1e-12))
        assert loss_after > loss_before
    assert all(torch.equal(weights[k], v) for k, v in classifier.state_dict().items())
    assert all(p.grad is None for p in classifier.parameters())


def test_iterative_targeted_attack_reaches_target(classifier):
    image, label = adversarial.subset_digit(7)
    target = (label + 3) % 10
    r = adversarial.attack_classifier(classifier, image, label, epsilon=0.25, method="iterative", target=target)
    assert int(r.after.argmax()) == target
    assert r.linf <= 0.25 + 1e-6


def test_zero_epsilon_changes_nothing(classifier):
    image, label = adversarial.subset_digit(3)
    r = adversarial.attack_classifier(classifier, image, label, epsilon=0.0)
    assert r.l2 == 0.0 and torch.allclose(r.before, r.after)


def test_discriminator_attacks_move_d_in_the_asked_direction(dcgan):
    real, _ = adversarial.subset_digit(11)
    to_fake = adversarial.attack_discriminator(dcgan, real, make="fake", epsilon=0.1)
    assert float(to_fake.after) < float(to_fake.before) - 0.1
    fake = generate(dcgan, 1, seed=5)
    to_real = adversarial.attack_discriminator(dcgan, fake, make="real", epsilon=0.1)
    # the shipped mnist-dcgan's D is spectrally normalised (its logit Lipschitz-bounded) and near equilibrium
    # scores G's digits about 1/2: within L-inf 0.1 it moves from 0.59 to 0.65 here (the D before: by > 0.1)
    assert float(to_real.after) > float(to_real.before) + 0.04
    assert to_real.linf <= 0.1 + 1e-6


def test_attack_inputs_are_checked(classifier):
    image, label = adversarial.subset_digit(0)
    with pytest.raises(ValueError, match="epsilon must be a number at least 0 and at most 0.5, got 0.6"):
        adversarial.attack_classifier(classifier, image, label, epsilon=0.6)
    with pytest.raises(ValueError, match="attack must be one of fgsm, iterative, got 'pgd\\+\\+'"):
        adversarial.attack_classifier(classifier, image, label, method="pgd++")
    with pytest.raises(ValueError, match="digit index must be an integer from 0 to 9999, got 10000"):
        adversarial.subset_digit(10_000)


# --- 2. the optimal discriminator and Theorem 1 ---

def test_trained_d_approaches_optimal_d_on_frozen_gaussian_g():
    reports = list(equilibrium.train_discriminator(equilibrium.gaussian_pg(2.5, 1.0), steps=400, report_every=100))
    assert [r["step"] for r in reports] == [100, 200, 300, 400]
    last = reports[-1]
    assert last["mae"] < 0.1
    assert abs(last["v_estimate"] - last["v_star"]) < 0.05
    assert last["v_star"] > -math.log(4) + 0.1      # p_g != p_data: strictly above the optimum


def test_value_at_optimum_is_minus_log4_when_pg_equals_pdata():
    x = torch.linspace(-4, 12, 4001)
    p = equilibrium.normal_density(x, 4.0, 0.5)
    v = equilibrium.value_at_optimum(p, p.clone(), x)
    assert v["v_star"] == pytest.approx(-math.log(4), abs=1e-6)
    assert v["jsd"] == pytest.approx(0.0, abs=1e-9)
    q = equilibrium.normal_density(x, 3.0, 1.0)
    w = equilibrium.value_at_optimum(p, q, x)
    assert w["v_star"] == pytest.approx(w["v_from_jsd"], abs=1e-6)     # Theorem 1's identity
    assert 0 < w["jsd"] < math.log(2)


def test_value_curve_bottoms_out_at_pdata():
    curve = equilibrium.value_curve(0.5, means=[0.0, 2.0, 3.0, 4.0, 5.0, 8.0])
    values = dict(curve)
    assert min(values, key=values.get) == 4.0
    assert values[4.0] == pytest.approx(-math.log(4), abs=1e-4)
    assert values[0.0] > values[2.0] > values[3.0] > values[4.0]


def test_frozen_g_inputs_are_checked():
    with pytest.raises(ValueError, match="std of p_g must be a number at least 0.1 and at most 3, got 0.0"):
        equilibrium.gaussian_pg(0.0, 0.0)
    with pytest.raises(ValueError, match="G's training steps must be an integer from 0 to 2000, got 5000"):
        equilibrium.trained_pg(5000)


# --- 3. vanishing gradients ---

def test_minimax_gradient_is_tiny_when_d_rejects_confidently():
    first = next(vanishing.compare_g_losses("gaussian1d", steps=3, d_warmup=100, seed=0))
    rows = {r["loss"]: r for r in first}
    assert rows["minimax"]["d_fake"] == pytest.approx(rows["nonsaturating"]["d_fake"])  # same start
    assert rows["minimax"]["d_fake"] < 0.05
    assert rows["minimax"]["g_grad_norm"] < 0.05 * rows["nonsaturating"]["g_grad_norm"]


def test_without_d_head_start_both_losses_have_similar_gradients():
    rows = {r["loss"]: r for r in next(vanishing.compare_g_losses("gaussian1d", steps=1, d_warmup=0))}
    ratio = rows["nonsaturating"]["g_grad_norm"] / rows["minimax"]["g_grad_norm"]
    assert 0.5 < ratio < 2.0           # D(G(z)) ~ 1/2: both gradients have the same size


# --- 4. mode collapse and the conditional model ---

def test_mode_metrics_over_time():
    reports = list(mode_collapse.mode_runs("grid", steps=150, seed=0, losses=("nonsaturating",),
                                           report_every=50, max_seconds=40))
    assert [r["step"] for r in reports] == [0, 50, 100, 150]
    for r in reports:
        m = r["runs"]["nonsaturating"]
        assert m["n_modes"] == 25 and 0 <= m["modes_covered"] <= 25 and 0.0 <= m["high_quality"] <= 1.0
        assert m["samples"].shape == (1024, 2)
    assert reports[-1]["runs"]["nonsaturating"]["modes_covered"] > reports[0]["runs"]["nonsaturating"]["modes_covered"]


def test_mode_collapse_wasserstein_covers_the_ring_where_the_papers_loss_collapses():
    # the default seed with the shared recipe: measured 8/8 (WGAN-GP) vs 5/8 (non-saturating) at step 400
    reports = list(mode_collapse.mode_runs("ring", steps=400, seed=0, report_every=100, max_seconds=60))
    assert reports[-1]["step"] == 400
    final = {loss: run["modes_covered"] for loss, run in reports[-1]["runs"].items()}
    assert final["wasserstein"] >= 7
    assert final["nonsaturating"] <= final["wasserstein"] - 2


def test_mode_runs_checks_inputs():
    with pytest.raises(ValueError, match="'ring' or 'grid'"):
        next(mode_collapse.mode_runs("gaussian1d"))
    with pytest.raises(ValueError, match="losses must be"):
        next(mode_collapse.mode_runs("ring", losses=("minimax",)))


def test_conditional_model_draws_the_digits_asked(classifier, dcgan):
    cgan, _ = load_model("mnist-cdcgan", "cpu")
    report = mode_collapse.conditional_check(dcgan, cgan, classifier, per_digit=10)
    assert sum(report["unconditional"]["digit_shares"]) == pytest.approx(1.0, abs=1e-3)
    assert report["conditional"]["asked_digit_accuracy"] > 0.8


# --- the texts ---

def test_every_text_has_both_languages_with_the_same_placeholders():
    for key, texts in STRINGS.items():
        assert set(texts) == {"en", "zh"}, key
        if isinstance(texts["en"], list):      # choices: as many labels, and some of them translated
            assert len(texts["en"]) == len(texts["zh"]) and texts["en"] != texts["zh"], key
            continue
        en, zh = set(re.findall(r"{(\w+)", texts["en"])), set(re.findall(r"{(\w+)", texts["zh"]))
        assert en == zh or (key == "device_cpu" and en - zh == {"threads"}), key    # Chinese has no plural
        if key not in ("language", "end_diverged"):
            assert texts["en"] != texts["zh"], key
    assert re.search(r"[\u4e00-\u9fff]", t("opt_explain", "中文"))
    assert t("opt_explain", "English") == STRINGS["opt_explain"]["en"]


# --- through the API ---

@pytest.fixture(scope="module")
def client(app_server):
    from gradio_client import Client
    return Client(app_server, verbose=False)


def last(job):
    out = None
    for out in job:
        pass
    return out if out is not None else job.result()


def test_api_attacks(client):
    original, perturbation, adv, text = client.predict(7, 0.2, "iterative", -1, 10, "English",
                                                       api_name="/paper_attack_classifier")
    assert "fooled" in text and "L∞ = **0.200**" in text
    *_, text = client.predict("mnist-dcgan", "fake", 7, 0, 0.1, "iterative", 10, "中文",
                              api_name="/paper_attack_discriminator")
    before, after = map(float, re.findall(r"\*\*([0-9.]+)\*\*", text)[:2])
    assert "攻击前" in text and after < before


def test_api_attack_rejects_bad_digit_index(client):
    with pytest.raises(Exception, match="digit index must be an integer from 0 to 9999"):
        client.predict(20_000, 0.1, "fgsm", -1, 10, "English", api_name="/paper_attack_classifier")


def test_api_streams_the_training_pieces(client):
    figure, curve, text = last(client.submit("gaussian", 2.0, 1.0, 0, 100, 0, "English", api_name="/paper_optimal_d"))
    assert "D step **100**" in text and "V(D*, G) by integration" in text
    series = {row[figure["columns"].index("series")] for row in figure["data"]}
    assert {"p_data", "D", "D* = p_data / (p_data + p_g)"} <= series
    grads, progress, text = last(client.submit("gaussian1d", 10, 100, 0, "English", api_name="/paper_vanishing"))
    assert "smaller" in text
    *plots, coverage, text = last(client.submit("ring", 50, 0, "English", api_name="/paper_modes"))
    assert "Step **50**" in text


def test_api_conditional_and_language(client):
    shares, accuracy, grid, text = client.predict(5, 0, "English", api_name="/paper_conditional")
    assert "Conditional model" in text
    remembered, header, *updates = client.predict("中文", api_name="/language")
    assert remembered == "中文" and "计算设备" in header
    values = [u.get("value") or u.get("label") for u in updates if isinstance(u, dict)]
    assert t("intro", "中文") in values and t("opt_explain", "中文") in values and t("adv_epsilon", "中文") in values
    every = [v for u in updates if isinstance(u, dict) for v in u.values() if isinstance(v, str)]
    assert t("train_intro", "中文") in every and t("draw_pad", "中文") in every and t("samples_grid", "中文") in every


def test_value_curve_series_keep_their_names_from_run_to_run():
    """Gradio's plot keeps the first run's legend: a series renamed on the next run (the std was in its
    name) lost its line. Every run must send the same series names."""
    from ui.paper_equilibrium import value_curve_frame
    narrow, wide = (value_curve_frame(equilibrium.gaussian_pg(1.0, std)) for std in (0.5, 2.0))
    assert set(narrow["series"]) == set(wide["series"])
    assert not narrow["value"].equals(wide["value"])


def test_streamed_pieces_are_paced_and_keep_their_last_frame():
    """A piece that makes frames faster than FRAME_EVERY_S sends fewer of them, always the last."""
    from ui.paper_common import paced
    clock = iter([0.0, 0.1, 0.2, 0.3, 0.6, 0.65]).__next__
    assert list(paced(range(6), every=0.25, clock=clock)) == [0, 3, 4, 5]
    clock = iter([0.0, 0.1, 0.2]).__next__
    assert list(paced(range(3), every=0.25, clock=clock)) == [0, 2]   # 1 held, then replaced by 2
    assert list(paced(iter([]))) == []


def test_stop_can_redraw_what_an_unchanged_output_still_shows():
    """A piece sends a plot that does not change (optimal D's V-curve) with its first frame only; the
    state Stop redraws from must still hold that plot, not gr.update()."""
    import gradio as gr
    from ui.paper_common import remembering

    def piece():
        yield "figure 0", "curve", "text 0"
        yield "figure 1", gr.update(), "text 1"

    frames = list(remembering(piece)())
    assert frames[0][-1] == ("figure 0", "curve", "text 0")
    last_sent = frames[-1]
    assert last_sent[1] == gr.update() and last_sent[-1] == ("figure 1", "curve", "text 1")
