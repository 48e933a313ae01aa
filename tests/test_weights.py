"""The shipped weights and their model cards, and the loader's refusals: a truncated, corrupt or
mismatched file, a missing config, non-finite values or a pickle is a WeightsError naming the file."""
import json
import re

import pytest
import torch
from safetensors.torch import load_file, save_file

from gan.weights import hub
from gan.evaluation.classifier import load_classifier, predict
from gan.data import load_mnist, to_unit_float
from gan.models import GAN, GANConfig
from gan.sampling import generate
from gan.weights.pretrained import WeightsError, load_pretrained, read_tensors, save_pretrained

GANS = ("mnist-mlp", "mnist-dcgan", "mnist-cdcgan")
ALL = GANS + ("mnist-classifier",)
PARZEN_TARGETS = {"mnist-mlp": 225.0, "mnist-dcgan": 225.0, "mnist-cdcgan": 225.0}   # the targets


def front_matter(text: str) -> dict:
    """The card's YAML front matter, for the flat keys and lists a model card uses."""
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert m, "model card must start with --- front matter ---"
    meta, key = {}, None
    for line in m.group(1).splitlines():
        if line.startswith("- ") and key:
            meta.setdefault(key, []).append(line[2:].strip())
        else:
            key, _, value = line.partition(":")
            if value.strip():
                meta[key] = value.strip()
    return meta


def test_weights_fit_the_size_budget():
    total = sum(p.stat().st_size for p in hub.BUNDLED.rglob("*") if p.is_file())
    assert total < 25 * 2**20, f"weights/ holds {total / 2**20:.1f} MB"


@pytest.mark.parametrize("name", ALL)
def test_model_card_front_matter_and_credit(name):
    folder = hub.BUNDLED / name
    assert (folder / "config.json").is_file() and (folder / "model.safetensors").is_file()
    text = (folder / "README.md").read_text()
    meta = front_matter(text)
    assert meta["license"] == "mit" and meta["library_name"] == "pytorch"
    assert {"gan", "mnist"} <= set(meta["tags"]) and meta["datasets"] == ["mnist"]
    assert "LeCun" in text and "CC BY-SA 3.0" in text
    assert re.search(r"H200|CPU", text) and "python -u -m gan." in text   # hardware and the training command


@pytest.mark.parametrize("name", GANS)
def test_model_card_reports_the_measured_metrics(name):
    folder = hub.BUNDLED / name
    text = (folder / "README.md").read_text()
    ev = json.loads((folder / "eval.json").read_text())
    cfg = json.loads((folder / "config.json").read_text())
    assert f"{ev['parzen_ll']:.1f} +- {ev['parzen_se']:.1f}" in text
    assert f"{ev['sigma']:.3f}" in text
    assert f"{cfg['steps']:,} G-steps" in text and f"{cfg['epochs']} epochs" in text
    if "asked_digit_accuracy" in ev:
        assert f"{100 * ev['asked_digit_accuracy']:.2f}%" in text
    truncation = cfg["model"].get("truncation", 1.0)
    assert ev.get("truncation", 1.0) == truncation               # measured as it samples
    if truncation != 1.0:                                        # a truncated sampler is said plainly
        assert f"truncation {truncation}" in text
    target = PARZEN_TARGETS.get(name)
    if target and ev["parzen_ll"] < target:                     # an unmet target is said plainly
        assert "not met" in text and str(int(target)) in text


def test_classifier_card_reports_its_accuracy():
    cfg = json.loads((hub.BUNDLED / "mnist-classifier" / "config.json").read_text())
    assert f"{100 * cfg['test_accuracy']:.2f}%" in (hub.BUNDLED / "mnist-classifier" / "README.md").read_text()


def test_shipped_mlp_is_the_papers_model():
    gan = load_pretrained(hub.BUNDLED / "mnist-mlp")
    c = gan.config
    assert (c.arch, c.z_dim, c.prior, tuple(c.g_hidden), tuple(c.d_hidden), c.maxout_pieces) == \
        ("mlp", 100, "uniform", (1200, 1200), (240, 240), 5)
    assert (c.d_keep_input, c.d_keep_hidden) == (0.8, 0.5)


@pytest.fixture(scope="module")
def classifier():
    return load_classifier(hub.BUNDLED / "mnist-classifier")


def test_classifier_accuracy_on_test_digits(classifier, mnist_path):
    x, y = load_mnist("test", mnist_path)
    pred = predict(classifier, to_unit_float(x[:2000])).argmax(1).numpy()
    assert (pred == y[:2000]).mean() > 0.98


def test_conditional_model_draws_the_digit_asked_for(classifier):
    gan = load_pretrained(hub.BUNDLED / "mnist-cdcgan")
    asked = torch.arange(10).repeat(50)
    pred = predict(classifier, generate(gan, len(asked), seed=2024, digit=asked.tolist())).argmax(1)
    per_digit = [(pred[asked == d] == d).float().mean().item() for d in range(10)]
    assert min(per_digit) >= 0.9, per_digit                    # every digit, not just on average


@pytest.fixture
def damaged(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    for f in ("config.json", "model.safetensors"):
        (folder / f).write_bytes((hub.BUNDLED / "mnist-dcgan" / f).read_bytes())
    return folder


def test_truncated_file(damaged):
    data = (damaged / "model.safetensors").read_bytes()
    (damaged / "model.safetensors").write_bytes(data[: len(data) - 1000])
    with pytest.raises(WeightsError, match="model.safetensors is truncated or corrupt"):
        load_pretrained(damaged)


def test_corrupt_header(damaged):
    (damaged / "model.safetensors").write_bytes(b"\xff" * 64)
    with pytest.raises(WeightsError, match="truncated or corrupt"):
        load_pretrained(damaged)


def test_config_not_matching_tensors(damaged):
    cfg = json.loads((damaged / "config.json").read_text())
    cfg["model"]["width"] = 32
    (damaged / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(WeightsError, match="does not match its config"):
        load_pretrained(damaged)


def test_missing_and_invalid_config(damaged):
    (damaged / "config.json").write_text("{not json")
    with pytest.raises(WeightsError, match="not a valid GAN config"):
        load_pretrained(damaged)
    (damaged / "config.json").unlink()
    with pytest.raises(WeightsError, match="config.json is missing"):
        load_pretrained(damaged)


def test_missing_and_extra_tensors_and_non_finite_values(damaged):
    tensors = load_file(str(damaged / "model.safetensors"))
    key = next(iter(tensors))
    save_file({k: v for k, v in tensors.items() if k != key}, str(damaged / "model.safetensors"))
    with pytest.raises(WeightsError, match="missing"):
        load_pretrained(damaged)
    save_file({**tensors, "extra.weight": torch.zeros(2)}, str(damaged / "model.safetensors"))
    with pytest.raises(WeightsError, match="unexpected"):
        load_pretrained(damaged)
    bad = dict(tensors)
    key = next(k for k, v in tensors.items() if v.is_floating_point())
    bad[key] = torch.full_like(bad[key], float("nan"))
    save_file(bad, str(damaged / "model.safetensors"))
    with pytest.raises(WeightsError, match="non-finite"):
        load_pretrained(damaged)


def test_pickles_are_never_read(tmp_path):
    (tmp_path / "model.pt").write_bytes(b"\x80\x04pickle")
    with pytest.raises(WeightsError, match="only .safetensors"):
        read_tensors(tmp_path / "model.pt")


def test_save_and_load_round_trip(tmp_path):
    torch.manual_seed(0)
    gan = GAN(GANConfig(arch="mlp", g_hidden=(32,), d_hidden=(16,), maxout_pieces=2)).eval()
    save_pretrained(gan, tmp_path / "full", meta={"note": "x"})
    save_pretrained(gan, tmp_path / "half", dtype=torch.float16)
    assert json.loads((tmp_path / "full" / "config.json").read_text())["note"] == "x"
    full, half = load_pretrained(tmp_path / "full"), load_pretrained(tmp_path / "half")
    assert torch.equal(generate(full, 4, seed=0), generate(gan, 4, seed=0))
    assert next(half.parameters()).dtype == torch.float32
    assert torch.allclose(generate(half, 4, seed=0), generate(gan, 4, seed=0), atol=1e-2)
    assert not (tmp_path / "full" / "model.safetensors.tmp").exists()


def test_a_conv_gan_with_fully_connected_layers_and_spectral_norm_round_trips(tmp_path):
    """g_fc / d_fc add InfoGAN's fully connected layers, d_norm="spectral" divides each of D's weights by
    its largest singular value; both travel in config.json and load strictly, D's scores included."""
    from gan.presets import init_weights
    cfg = GANConfig(arch="dcgan", prior="normal", width=8, g_fc=32, d_fc=16, d_norm="spectral")
    gan = init_weights(GAN(cfg), "dcgan", seed=0)
    assert gan.generator.project[0].out_features == 32 and gan.discriminator.out.in_features == 16
    gan.train()
    x = torch.rand(8, 1, 28, 28)
    for _ in range(30):                      # power iterations (train mode) converge on each layer's sigma
        gan.discriminator(x)
    gan.eval()
    for layer in (gan.discriminator.features[0], gan.discriminator.features[2], gan.discriminator.out):
        w = layer.weight.flatten(1)
        assert torch.linalg.matrix_norm(w, ord=2).item() == pytest.approx(1.0, abs=0.05)
    save_pretrained(gan, tmp_path / "m")
    assert json.loads((tmp_path / "m" / "config.json").read_text())["model"]["d_norm"] == "spectral"
    loaded = load_pretrained(tmp_path / "m")
    assert torch.equal(generate(loaded, 4, seed=0), generate(gan, 4, seed=0))
    assert torch.allclose(loaded.discriminator(x), gan.discriminator(x))
    with pytest.raises(ValueError, match="d_norm"):
        GAN(GANConfig(arch="dcgan", d_norm="batch"))


def test_a_projection_discriminator_reads_the_label_through_its_embedding_and_round_trips(tmp_path):
    """d_cond="projection": D sees only the image (one input channel), the label enters as
    <embed(y), phi(x)> added to the label-free logit; it travels in config.json and loads strictly."""
    from gan.presets import init_weights
    cfg = GANConfig(arch="dcgan", prior="normal", width=8, n_classes=10, d_fc=16, d_norm="spectral",
                    d_cond="projection")
    gan = init_weights(GAN(cfg), "dcgan", seed=0).eval()
    d = gan.discriminator
    assert d.features[0].in_channels == 1 and d.embed.weight.shape == (16, 10)
    x, y = torch.rand(6, 1, 28, 28), torch.arange(6)
    phi = d.features(x)
    by_hand = d.out(phi).squeeze(1) + (d.embed.weight.T[y] * phi).sum(1)
    assert torch.allclose(d(x, y), by_hand, atol=1e-6)
    assert not torch.allclose(d(x, y), d(x, (y + 1) % 10))      # the label changes the score
    save_pretrained(gan, tmp_path / "p")
    assert json.loads((tmp_path / "p" / "config.json").read_text())["model"]["d_cond"] == "projection"
    loaded = load_pretrained(tmp_path / "p")
    assert torch.allclose(loaded.discriminator(x, y), d(x, y))
    assert torch.equal(generate(loaded, 4, seed=0, digit=3), generate(gan, 4, seed=0, digit=3))
    with pytest.raises(ValueError, match="d_cond"):
        GAN(GANConfig(arch="dcgan", n_classes=10, d_cond="concat"))


def test_a_mixture_prior_travels_in_config_json(tmp_path):
    """prior="mixtureK" is part of the model: it goes to config.json, the loaded model samples the same
    digits from the same seed, and an unknown prior or a K beyond z_dim is refused when the GAN is built."""
    from gan.presets import init_weights
    gan = init_weights(GAN(GANConfig(arch="dcgan", prior="mixture10", width=8)), "dcgan", seed=0).eval()
    save_pretrained(gan, tmp_path / "m")
    assert json.loads((tmp_path / "m" / "config.json").read_text())["model"]["prior"] == "mixture10"
    loaded = load_pretrained(tmp_path / "m")
    assert loaded.config.prior == "mixture10"
    assert torch.equal(generate(loaded, 4, seed=0), generate(gan, 4, seed=0))
    for bad in ("mixture", "gumbel", "mixture101"):
        with pytest.raises(ValueError, match="prior"):
            GAN(GANConfig(arch="dcgan", prior=bad, width=8))
