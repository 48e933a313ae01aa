"""The command lines: `gan.train` on a tiny MNIST npz (writes config + safetensors, resumes exactly),
the `gan.sample` contract (key `images`, float32 (N, 28, 28) in [0, 1], exit code 2 on bad arguments),
and `gan.publish` up to the network (argument checks, file selection, the calls it makes)."""
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from gan import publish, sample, train
from gan.weights import hub
from gan.sampling import generate
from gan.weights.pretrained import load_pretrained
from conftest import small_mnist_npz

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def offline_hub(monkeypatch, tmp_path):
    """Bundled names resolve without the network; nothing lands in the real Hub cache."""
    monkeypatch.setenv("GAN_HUB", "off")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    hub.reset_hub_state()


@pytest.fixture(scope="module")
def tiny_mnist(tmp_path_factory):
    """64 training, 32 validation and 32 test digits from the shipped subset, in the full file's layout."""
    return small_mnist_npz(tmp_path_factory.mktemp("data") / "tiny_mnist.npz", 64, 32, 32)


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def run_train(out, mnist, *extra):
    args = ["--model", "mlp-live", "--out", str(out), "--mnist", mnist, "--batch-size", "16",
            "--no-progress", "--checkpoint-every", "2", *extra]
    return train.main(args)


def test_train_cli_writes_weights_and_resumes_exactly(tmp_path, tiny_mnist, capsys):
    straight, resumed = tmp_path / "straight", tmp_path / "resumed"
    assert run_train(straight, tiny_mnist, "--steps", "6") == 0
    cfg = json.loads((straight / "config.json").read_text())
    assert cfg["steps"] == 6 and cfg["preset"] == "mlp-live" and cfg["train"]["batch_size"] == 16
    assert (straight / "samples" / "epoch_0001.png").is_file()      # 64 digits / 16 = 4 steps per epoch
    gan = load_pretrained(straight)
    assert generate(gan, 2, seed=0).shape == (2, 1, 28, 28)

    assert run_train(resumed, tiny_mnist, "--steps", "3") == 0
    assert (resumed / "checkpoint.safetensors").is_file()
    capsys.readouterr()
    assert run_train(resumed, tiny_mnist, "--steps", "6", "--resume") == 0
    assert "at step 3" in capsys.readouterr().out                   # continued, not restarted
    assert json.loads((resumed / "config.json").read_text())["steps"] == 6
    a, b = load_pretrained(straight).state_dict(), load_pretrained(resumed).state_dict()
    assert all(torch.allclose(a[k], b[k], atol=1e-6) for k in a)     # 3 + 3 steps == 6 steps


def test_train_cli_keeps_the_best_validation_weights(tmp_path, tiny_mnist):
    assert run_train(tmp_path / "w", tiny_mnist, "--steps", "8", "--eval-every", "1") == 0
    cfg = json.loads((tmp_path / "w" / "config.json").read_text())
    assert isinstance(cfg["best_valid_parzen"], float)
    logged = [json.loads(line) for line in (tmp_path / "w" / "train_log.jsonl").read_text().splitlines()]
    assert [round(r["valid_parzen"], 2) for r in logged if "valid_parzen" in r] and \
        max(r["valid_parzen"] for r in logged if "valid_parzen" in r) == pytest.approx(cfg["best_valid_parzen"], abs=0.01)
    best = max((r for r in logged if "valid_parzen" in r), key=lambda r: r["valid_parzen"])
    assert cfg["best_valid_step"] == best["step"]                 # which step the saved weights are from


def test_select_read_keeps_the_weights_the_classifier_reads_best(tmp_path, tiny_mnist, capsys):
    """--select read: each validation also reports the classifier's read share and digit shares of its
    samples, and the weights kept are those with the best read share less the shares' stray from 8-12%."""
    from gan.evaluate import digit_report
    from gan.evaluation.classifier import load_classifier
    assert run_train(tmp_path / "w", tiny_mnist, "--steps", "8", "--eval-every", "1", "--select", "read") == 0
    assert ", read " in capsys.readouterr().out
    scored = [json.loads(x) for x in (tmp_path / "w" / "train_log.jsonl").read_text().splitlines() if "valid_parzen" in x]
    assert [r["step"] for r in scored] == [4, 8]
    for r in scored:
        stray = max(0, 0.08 - r["valid_min_share"]) + max(0, r["valid_max_share"] - 0.12)
        assert r["valid_read_score"] == pytest.approx(r["valid_read"] - stray, abs=1e-4)
    best = max(scored, key=lambda r: r["valid_read_score"])
    cfg = json.loads((tmp_path / "w" / "config.json").read_text())
    assert cfg["best_valid_step"] == best["step"] and "best_valid_parzen" not in cfg
    assert cfg["best_valid_read_score"] == pytest.approx(best["valid_read_score"], abs=1e-4)
    # the weights written are the ones chosen: their validation samples give the logged figures
    report = digit_report(generate(load_pretrained(tmp_path / "w"), 32, seed=123), None,
                          load_classifier(hub.BUNDLED / "mnist-classifier"))
    assert report["confident_share"] == pytest.approx(best["valid_read"], abs=1e-4)
    # by default the figures are not computed; --eval-digits reports them without choosing by them
    assert run_train(tmp_path / "p", tiny_mnist, "--steps", "4", "--eval-every", "1") == 0
    assert not any("valid_read" in x for x in (tmp_path / "p" / "train_log.jsonl").read_text().splitlines())
    assert run_train(tmp_path / "d", tiny_mnist, "--steps", "4", "--eval-every", "1", "--eval-digits") == 0
    cfg = json.loads((tmp_path / "d" / "config.json").read_text())
    assert "valid_read" in (tmp_path / "d" / "train_log.jsonl").read_text() and "best_valid_parzen" in cfg


def test_eval_test_reports_the_test_score_at_the_validation_sigma_without_choosing_by_it(tmp_path, tiny_mnist,
                                                                                          capsys):
    from gan.data import load_mnist, to_unit_float
    from gan.evaluation.parzen import choose_sigma, parzen_log_likelihood
    assert run_train(tmp_path / "w", tiny_mnist, "--steps", "8", "--eval-every", "1", "--eval-test") == 0
    assert ", test " in capsys.readouterr().out
    logged = [json.loads(line) for line in (tmp_path / "w" / "train_log.jsonl").read_text().splitlines()]
    scored = [r for r in logged if "valid_parzen" in r]
    assert [r["step"] for r in scored] == [4, 8] and all(r["test_parzen_se"] > 0 for r in scored)
    cfg = json.loads((tmp_path / "w" / "config.json").read_text())
    assert cfg["best_valid_parzen"] == pytest.approx(max(r["valid_parzen"] for r in scored), abs=0.01)

    # one validation: the weights written are the ones scored; their samples (seed 123, as many as the 32
    # validation digits) give the logged test score at the sigma validation chose
    assert run_train(tmp_path / "one", tiny_mnist, "--steps", "4", "--eval-every", "1", "--eval-test") == 0
    (line,) = [json.loads(x) for x in (tmp_path / "one" / "train_log.jsonl").read_text().splitlines()
               if "valid_parzen" in x]
    samples = generate(load_pretrained(tmp_path / "one"), 32, seed=123)
    sigma, scores = choose_sigma(samples, to_unit_float(load_mnist("valid", tiny_mnist)[0]))
    assert scores[sigma] == pytest.approx(line["valid_parzen"], abs=1e-3)
    mean, se = parzen_log_likelihood(samples, to_unit_float(load_mnist("test", tiny_mnist)[0]), sigma)
    assert (mean, se) == pytest.approx((line["test_parzen"], line["test_parzen_se"]), abs=1e-3)
    assert run_train(tmp_path / "v", tiny_mnist, "--steps", "4", "--eval-every", "1") == 0   # off by default
    assert not any("test_parzen" in json.loads(x)
                   for x in (tmp_path / "v" / "train_log.jsonl").read_text().splitlines())


def test_a_resumed_run_keeps_the_earlier_legs_best_weights_unless_it_beats_them(tmp_path, tiny_mnist, capsys):
    """Resuming must not overwrite OUT's best validation weights with the first (or last) ones of the new leg."""
    out = tmp_path / "w"
    assert run_train(out, tiny_mnist, "--steps", "4", "--eval-every", "1") == 0     # validates at step 4
    cfg = json.loads((out / "config.json").read_text())
    first = load_pretrained(out).state_dict()
    cfg["best_valid_parzen"] = 1e6           # an earlier leg no later score can beat
    (out / "config.json").write_text(json.dumps(cfg))
    capsys.readouterr()
    assert run_train(out, tiny_mnist, "--steps", "12", "--eval-every", "1", "--resume") == 0   # scores at 8, 12
    assert "keeping" in capsys.readouterr().out
    after = json.loads((out / "config.json").read_text())
    assert after["best_valid_parzen"] == 1e6 and after["best_valid_step"] == 4 and after["steps"] == 12
    kept = load_pretrained(out).state_dict()
    assert all(torch.equal(first[k], kept[k]) for k in first)

    # an honest earlier best: the weights written are the best of both legs
    again = tmp_path / "v"
    assert run_train(again, tiny_mnist, "--steps", "4", "--eval-every", "1") == 0
    assert run_train(again, tiny_mnist, "--steps", "12", "--eval-every", "1", "--resume") == 0
    logged = [json.loads(x) for x in (again / "train_log.jsonl").read_text().splitlines() if "valid_parzen" in x]
    assert [r["step"] for r in logged] == [4, 8, 12]
    best = max(logged, key=lambda r: r["valid_parzen"])
    after = json.loads((again / "config.json").read_text())
    assert after["best_valid_step"] == best["step"]
    assert after["best_valid_parzen"] == pytest.approx(best["valid_parzen"], abs=0.01)


def test_a_killed_run_keeps_its_best_validation_weights(tmp_path, tiny_mnist, monkeypatch):
    """The best weights are written to OUT when they are found, not only at the end of the run."""
    from gan.trainer import Trainer
    step = Trainer.train_step

    def dies_at_step_6(self):
        if self.step == 5:
            raise KeyboardInterrupt
        return step(self)
    monkeypatch.setattr(Trainer, "train_step", dies_at_step_6)
    with pytest.raises(KeyboardInterrupt):
        run_train(tmp_path / "w", tiny_mnist, "--steps", "8", "--eval-every", "1")   # validates at step 4
    cfg = json.loads((tmp_path / "w" / "config.json").read_text())
    assert cfg["best_valid_step"] == 4 and isinstance(cfg["best_valid_parzen"], float)
    assert load_pretrained(tmp_path / "w").config.arch == "mlp"


def test_train_cli_bad_input(tmp_path, tiny_mnist, capsys):
    assert train.main(["--model", "nope", "--out", str(tmp_path), "--mnist", tiny_mnist]) == 2
    assert "unknown model 'nope'" in capsys.readouterr().err
    assert train.main(["--model", "mlp-live", "--out", str(tmp_path), "--mnist", str(tmp_path / "x.npz")]) == 2
    assert "not found" in capsys.readouterr().err
    assert train.main(["--model", "mlp", "--out", str(tmp_path), "--mnist", tiny_mnist,
                       "--momentum", "0.5", "1.5", "250"]) == 2
    assert "momentum takes START and END in [0, 1)" in capsys.readouterr().err
    assert train.main(["--model", "mlp", "--out", str(tmp_path), "--mnist", tiny_mnist, "--steps", "2"]) == 2
    assert "batch size 100 exceeds the 64 training examples" in capsys.readouterr().err


def test_a_continued_sgd_run_takes_the_momentum_asked_for(tmp_path, tiny_mnist):
    """--momentum END END 1 (a run continued late in the authors' schedule) holds it from the first step."""
    out = tmp_path / "cont"
    assert train.main(["--model", "mlp", "--out", str(out), "--mnist", tiny_mnist, "--steps", "3", "--batch-size", "16",
                       "--momentum", "0.7", "0.7", "1", "--lr-d", "0.02", "--lr-g", "0.02", "--no-progress"]) == 0
    saved = json.loads((out / "config.json").read_text())["train"]
    assert saved["momentum"] == [0.7, 0.7, 1.0] and saved["lr_d"] == 0.02


def read_images(path):
    with np.load(path) as f:
        assert list(f.keys()) == ["images"]
        return f["images"]


def test_sample_cli_contract(tmp_path):
    """The documented command, run as a user runs it."""
    out = tmp_path / "s.npz"
    env = {**os.environ, "GAN_HUB": "off", "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "gan.sample", "--model", "mnist-cdcgan", "--n", "12", "--seed", "7",
           "--digit", "4", "--out", str(out)]
    done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    images = read_images(out)
    assert images.dtype == np.float32 and images.shape == (12, 28, 28)
    assert images.min() >= 0.0 and images.max() <= 1.0
    expected = generate(load_pretrained(hub.BUNDLED / "mnist-cdcgan"), 12, seed=7, digit=4)[:, 0].numpy()
    assert np.allclose(images, expected, atol=1e-6)                  # same seed, same digits


def test_sample_cli_resolves_local_folders_and_is_deterministic(tmp_path):
    a, b, c = tmp_path / "a.npz", tmp_path / "b.npz", tmp_path / "c.npz"
    assert sample.main(["--model", "mnist-dcgan", "--n", "5", "--seed", "3", "--out", str(a)]) == 0
    assert sample.main(["--model", str(hub.BUNDLED / "mnist-dcgan"), "--n", "5", "--seed", "3", "--out", str(b)]) == 0
    assert sample.main(["--model", "mnist-dcgan", "--n", "5", "--seed", "4", "--out", str(c)]) == 0
    assert np.array_equal(read_images(a), read_images(b))
    assert not np.array_equal(read_images(a), read_images(c))


@pytest.mark.parametrize("args, message", [
    (["--model", "mnist-dcgan", "--n", "0"], "--n must be 1-100000"),
    (["--model", "mnist-dcgan", "--n", "100001"], "--n must be 1-100000"),
    (["--model", "mnist-dcgan", "--n", "2", "--digit", "3"], "unconditional"),
    (["--model", "mnist-cdcgan", "--n", "2"], "conditional: choose a digit"),
    (["--model", "mnist-cdcgan", "--n", "2", "--digit", "-1"], "0-9"),
    (["--model", "mnist-dcgan", "--n", "2", "--seed", "-5"], "--seed must be"),
    (["--model", "mnist-nope", "--n", "2"], "unknown model"),
    (["--model", "mnist-dcgan", "--n", "two"], "invalid int"),
])
def test_sample_cli_bad_arguments_exit_2(tmp_path, capsys, args, message):
    if "--seed" not in args:
        args = args + ["--seed", "1"]
    with pytest.raises(SystemExit) as e:
        sample.main(args + ["--out", str(tmp_path / "x.npz")])
    assert e.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.npz").exists()


def test_sample_cli_bad_out(tmp_path, capsys):
    for out, message in ((tmp_path / "x.png", ".npz"), (tmp_path / "no" / "x.npz", "does not exist")):
        with pytest.raises(SystemExit) as e:
            sample.main(["--model", "mnist-dcgan", "--n", "2", "--seed", "1", "--out", str(out)])
        assert e.value.code == 2 and message in capsys.readouterr().err


# ------------------------------------------------------------------------------------------ publish
def weights_folder(tmp_path):
    folder = tmp_path / "mnist-dcgan"
    folder.mkdir()
    for name in ("config.json", "model.safetensors", "README.md", "eval.json", "samples.png"):
        (folder / name).write_bytes((hub.BUNDLED / "mnist-dcgan" / name).read_bytes())
    (folder / "logs").mkdir()
    for junk in ("checkpoint.safetensors", "pytorch_model.bin", "model.pt", "optim.pth", "notes.txt"):
        (folder / junk).write_bytes(b"never uploaded")
    (folder / "logs" / "run.log").write_text("log")
    (folder / "logs" / "state.pkl").write_bytes(b"pickle")
    return folder


def test_publish_selects_only_the_model_files(tmp_path):
    files = publish.select_files(weights_folder(tmp_path))
    assert files == ["config.json", "model.safetensors", "README.md", "eval.json", "samples.png", "logs/run.log"]


@pytest.mark.parametrize("name", ["mnist-mlp", "mnist-dcgan", "mnist-cdcgan", "mnist-classifier"])
def test_shipped_folders_are_publishable(name, capsys):
    assert publish.main([str(hub.BUNDLED / name), "--repo", f"gan-playground/{name}", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "config.json, model.safetensors, README.md" in out and "checkpoint" not in out


def test_publish_refuses_bad_input(tmp_path, capsys, monkeypatch):
    import huggingface_hub
    folder = weights_folder(tmp_path)
    assert publish.main([str(folder), "--repo", "not a repo"]) == 2
    assert "--repo" in capsys.readouterr().err
    (folder / "README.md").unlink()
    assert publish.main([str(folder), "--repo", "me/gan"]) == 2
    assert "README.md" in capsys.readouterr().err
    (folder / "README.md").write_text("card")
    (folder / "model.safetensors").write_bytes(b"corrupt")
    assert publish.main([str(folder), "--repo", "me/gan", "--dry-run"]) == 2
    assert "corrupt" in capsys.readouterr().err
    (folder / "model.safetensors").write_bytes((hub.BUNDLED / "mnist-dcgan" / "model.safetensors").read_bytes())
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(huggingface_hub, "get_token", lambda: None)
    assert publish.main([str(folder), "--repo", "me/gan"]) == 2
    assert "no Hugging Face token" in capsys.readouterr().err
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")   # nothing listens there
    monkeypatch.setattr(huggingface_hub, "get_token", lambda: "hf_fake")
    assert publish.main([str(folder), "--repo", "me/gan"]) == 2
    assert "not reachable" in capsys.readouterr().err


def test_publish_makes_the_expected_hub_calls(tmp_path, monkeypatch):
    import huggingface_hub
    calls = []

    class RecordingApi:
        def __init__(self, endpoint=None, token=None):
            calls.append(("init", endpoint, token))

        def create_repo(self, repo, **kw):
            calls.append(("create_repo", repo, kw))

        def create_branch(self, repo, **kw):
            calls.append(("create_branch", repo, kw))

        def upload_folder(self, **kw):
            calls.append(("upload_folder", kw))
            return huggingface_hub.CommitInfo(commit_url="https://huggingface.co/me/gan/commit/abc", commit_message="m",
                                              commit_description="", oid="a" * 40)

        def create_tag(self, repo, **kw):
            calls.append(("create_tag", repo, kw))

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.setattr(huggingface_hub, "HfApi", RecordingApi)
    try:
        folder = weights_folder(tmp_path)
        url = publish.publish(folder, "me/gan", private=True, revision="dev", tag="v1.0", token="hf_fake")
    finally:
        listener.close()
    assert url == "https://huggingface.co/me/gan/commit/abc"
    kinds = [c[0] for c in calls]
    assert kinds == ["init", "create_repo", "create_branch", "upload_folder", "create_tag"]
    assert calls[1][2]["private"] is True and calls[2][2]["branch"] == "dev"
    upload = calls[3][1]
    assert upload["repo_id"] == "me/gan" and upload["revision"] == "dev"
    assert upload["allow_patterns"] == publish.select_files(folder)
    assert calls[4][2] == {"tag": "v1.0", "revision": "a" * 40, "exist_ok": True}


def test_averaged_generator_is_saved_loaded_and_resumed(tmp_path, tiny_mnist):
    """--ema-decay: the saved model's G is the average, the checkpoint keeps both, resuming is exact."""
    straight, resumed = tmp_path / "straight", tmp_path / "resumed"
    ema = ("--ema-decay", "0.9")
    assert run_train(straight, tiny_mnist, "--steps", "6", *ema) == 0
    assert json.loads((straight / "config.json").read_text())["train"]["ema_decay"] == 0.9
    from gan.weights.checkpoint import load_raw_gan
    raw = load_raw_gan(straight / "checkpoint.safetensors").state_dict()
    saved = load_pretrained(straight).state_dict()
    g_keys = [k for k in saved if k.startswith("generator.") and saved[k].is_floating_point()]
    assert any(not torch.allclose(saved[k], raw[k]) for k in g_keys)            # the average, not the raw G
    assert all(torch.equal(saved[k], raw[k]) for k in saved if k.startswith("discriminator."))

    assert run_train(resumed, tiny_mnist, "--steps", "3", *ema) == 0
    assert run_train(resumed, tiny_mnist, "--steps", "6", "--resume", *ema) == 0
    again = load_pretrained(resumed).state_dict()
    assert all(torch.allclose(saved[k], again[k], atol=1e-6) for k in saved)     # average and raw G resumed
    raw_again = load_raw_gan(resumed / "checkpoint.safetensors").state_dict()
    assert all(torch.allclose(raw[k], raw_again[k], atol=1e-6) for k in raw)


def test_resume_refuses_a_checkpoint_of_another_model(tmp_path, tiny_mnist, capsys):
    out = tmp_path / "run"
    assert run_train(out, tiny_mnist, "--steps", "2") == 0
    capsys.readouterr()
    args = ["--model", "mlp", "--out", str(out), "--mnist", tiny_mnist, "--batch-size", "16", "--no-progress",
            "--steps", "4", "--resume"]
    assert train.main(args) == 2
    assert "holds a model of another config" in capsys.readouterr().err


def test_the_command_train_live_shows_runs_as_shown(tmp_path):
    """The Train live tab's hint once lacked --n --seed --out and failed as shown: run it, in both
    languages, on a folder of config.json + model.safetensors (as the tab exports)."""
    import re
    import shutil
    from ui.i18n import t
    folder = tmp_path / "FOLDER"
    shutil.copytree(Path(__file__).parent.parent / "weights" / "mnist-mlp", folder)
    commands = {re.search(r"`(python -m gan\.sample[^`]*)`", t("train_intro", lang)).group(1) for lang in ("en", "zh")}
    assert len(commands) == 1                                   # the same command in both languages
    argv = commands.pop().split()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), "GAN_HUB": "off"}
    done = subprocess.run([sys.executable, *argv[1:]], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    images = np.load(tmp_path / "samples.npz")["images"]
    assert images.shape[0] == int(argv[argv.index("--n") + 1])


def test_a_dcgan_can_start_from_another_models_generator_with_a_wider_fresh_discriminator(tmp_path, tiny_mnist,
                                                                                          capsys):
    """--init-from --init-generator-only copies G alone (D of another --d-width starts afresh); the width
    travels in config.json, so the result loads and resumes as the model it is."""
    source = load_pretrained(ROOT / "weights" / "mnist-dcgan")
    out = tmp_path / "wide"
    args = ["--model", "dcgan", "--out", str(out), "--mnist", tiny_mnist, "--batch-size", "16", "--no-progress",
            "--init-from", str(ROOT / "weights" / "mnist-dcgan"), "--init-generator-only", "--d-width", "16", "--lr-g", "1e-9"]
    assert train.main(args + ["--steps", "2", "--checkpoint-every", "2"]) == 0
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["model"]["d_width"] == 16
    trained = load_pretrained(out)
    assert trained.discriminator.features[0].out_channels == 16 and source.discriminator.features[0].out_channels == 64
    g_a, g_b = trained.generator.state_dict(), source.generator.state_dict()
    assert all(torch.allclose(g_a[k], g_b[k], atol=1e-6)             # G barely moved at lr 1e-9 ...
               for k in g_a if "running" not in k and "num_batches" not in k)
    d_a, d_b = trained.discriminator.state_dict(), source.discriminator.state_dict()   # ... and D is another network
    assert d_a.keys() == d_b.keys() and any(d_a[k].shape != d_b[k].shape for k in d_a)
    capsys.readouterr()
    assert train.main(args + ["--steps", "3", "--resume"]) == 0
    assert "at step 2" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        train.main(["--model", "dcgan", "--out", str(tmp_path / "x"), "--mnist", tiny_mnist, "--init-generator-only"])
    assert refused.value.code == 2 and "needs --init-from" in capsys.readouterr().err


def test_a_conditional_conv_gan_with_a_projection_discriminator_trains_from_the_cli(tmp_path, tiny_mnist):
    out = tmp_path / "proj"
    assert train.main(["--model", "cdcgan", "--out", str(out), "--mnist", tiny_mnist, "--batch-size", "8",
                       "--no-progress", "--width", "8", "--d-fc", "12", "--d-norm", "spectral",
                       "--d-cond", "projection", "--steps", "2"]) == 0
    assert json.loads((out / "config.json").read_text())["model"]["d_cond"] == "projection"
    assert load_pretrained(out).discriminator.embed.weight.shape == (12, 10)


def test_the_conv_architecture_options_travel_into_config_json_and_resume(tmp_path, tiny_mnist, capsys):
    out = tmp_path / "fc"
    args = ["--model", "dcgan", "--out", str(out), "--mnist", tiny_mnist, "--batch-size", "8", "--no-progress",
            "--width", "8", "--g-fc", "24", "--d-fc", "12", "--d-norm", "spectral", "--ema-decay", "0.9"]
    assert train.main(args + ["--steps", "2", "--checkpoint-every", "2"]) == 0
    model = json.loads((out / "config.json").read_text())["model"]
    assert (model["width"], model["g_fc"], model["d_fc"], model["d_norm"]) == (8, 24, 12, "spectral")
    trained = load_pretrained(out)
    assert trained.generator.project[0].out_features == 24 and trained.discriminator.out.in_features == 12
    capsys.readouterr()
    assert train.main(args + ["--steps", "3", "--resume"]) == 0
    assert "at step 2" in capsys.readouterr().out


def test_infogans_code_trains_from_the_cli_resumes_and_refuses_another_architectures_start(tmp_path, tiny_mnist,
                                                                                           capsys):
    out = tmp_path / "info"
    args = ["--model", "dcgan", "--out", str(out), "--mnist", tiny_mnist, "--batch-size", "8", "--no-progress",
            "--width", "8", "--g-fc", "24", "--d-fc", "12", "--info-codes", "10", "--info-weight", "0.5"]
    assert train.main(args + ["--steps", "2", "--checkpoint-every", "2"]) == 0
    config = json.loads((out / "config.json").read_text())
    assert config["model"]["info_codes"] == 10 and config["train"]["info_weight"] == 0.5
    assert load_pretrained(out).discriminator.q.weight.shape == (10, 12)       # Q(c | x) on D's 12 features
    capsys.readouterr()
    assert train.main(args + ["--steps", "3", "--resume"]) == 0                # Q and its Adam state resumed
    assert "at step 2" in capsys.readouterr().out
    # a start from weights of another architecture: an error naming what differs, not a traceback
    assert train.main(["--model", "dcgan", "--out", str(tmp_path / "y"), "--mnist", tiny_mnist, "--steps", "1",
                       "--width", "8", "--g-fc", "24", "--d-fc", "12", "--init-from", str(out)]) == 2
    assert "info_codes 10 there, 0 here" in capsys.readouterr().err


def test_the_latent_prior_is_chosen_from_the_cli_kept_from_init_from_and_a_bad_one_is_refused(tmp_path, tiny_mnist,
                                                                                                capsys):
    def run(out, *extra):
        return train.main(["--model", "dcgan", "--out", str(tmp_path / out), "--mnist", tiny_mnist, "--batch-size", "8",
                           "--no-progress", "--width", "8", "--steps", "2", *extra])

    def prior(out):
        return json.loads((tmp_path / out / "config.json").read_text())["model"]["prior"]

    assert run("preset") == 0 and prior("preset") == "mixture10"              # the preset dcgan's prior
    assert run("normal", "--prior", "normal") == 0 and prior("normal") == "normal"
    # a run from earlier weights goes on with the prior they learnt on, unless --prior names another
    assert run("kept", "--init-from", str(tmp_path / "normal")) == 0 and prior("kept") == "normal"
    assert run("asked", "--init-from", str(tmp_path / "normal"), "--prior", "mixture20") == 0
    assert prior("asked") == "mixture20"
    capsys.readouterr()
    assert run("bad", "--prior", "mixture") == 2
    assert "unknown prior 'mixture'" in capsys.readouterr().err


def test_a_resumed_run_keeps_the_settings_it_was_started_with(tmp_path, tiny_mnist, capsys):
    """--resume without repeating the first leg's options goes on with them: its learning rates, its prior, and
    the no-warm-up average of a run started with --init-from (a resume once restarted the warm-up)."""
    def run(out, *extra):
        return train.main(["--model", "dcgan", "--out", str(tmp_path / out), "--mnist", tiny_mnist, "--batch-size", "8",
                           "--no-progress", "--width", "8", *extra])

    def configs(out):
        cfg = json.loads((tmp_path / out / "config.json").read_text())
        return cfg["model"], cfg["train"]

    assert run("start", "--steps", "2", "--prior", "normal") == 0
    assert run("leg", "--steps", "2", "--init-from", str(tmp_path / "start"), "--lr-d", "1e-4", "--lr-g", "3e-5",
               "--ema-decay", "0.9999", "--checkpoint-every", "2") == 0
    first = configs("leg")
    assert first[1]["ema_warmup"] is False and first[0]["prior"] == "normal"
    assert run("leg", "--steps", "4", "--resume") == 0
    model, trained = configs("leg")
    assert model == first[0] and trained == first[1]              # every setting as the first leg's
    assert (trained["lr_d"], trained["lr_g"], trained["ema_decay"]) == (1e-4, 3e-5, 0.9999)
    assert run("leg", "--steps", "6", "--resume", "--lr-g", "1e-5") == 0           # a named option wins
    assert configs("leg")[1]["lr_g"] == 1e-5 and configs("leg")[1]["lr_d"] == 1e-4
    capsys.readouterr()
    assert run("leg", "--steps", "8", "--resume", "--prior", "mixture10") == 2      # another model: refused
    assert "another config" in capsys.readouterr().err


def test_digit_balanced_minibatches_are_saved_with_the_run_and_kept_on_resume(tmp_path, tiny_mnist, monkeypatch):
    seen = []
    real_sampler = train.mnist_sampler
    monkeypatch.setattr(train, "mnist_sampler", lambda *a, **kw: seen.append(kw["balanced"]) or real_sampler(*a, **kw))
    out = tmp_path / "bal"
    assert run_train(out, tiny_mnist, "--steps", "2", "--balance-digits") == 0
    assert json.loads((out / "config.json").read_text())["train"]["balance_digits"] is True
    assert run_train(out, tiny_mnist, "--steps", "4", "--resume") == 0
    assert json.loads((out / "config.json").read_text())["train"]["balance_digits"] is True
    assert run_train(tmp_path / "plain", tiny_mnist, "--steps", "2") == 0
    assert seen == [True, True, False]
    assert json.loads((tmp_path / "plain" / "config.json").read_text())["train"]["balance_digits"] is False


def test_typical_digits_only_are_saved_with_the_run_kept_on_resume_and_refused_out_of_range(tmp_path, tiny_mnist,
                                                                                           monkeypatch, capsys):
    seen = []
    real_sampler = train.mnist_sampler
    monkeypatch.setattr(train, "mnist_sampler",
                        lambda *a, **kw: seen.append(kw["keep_typical"]) or real_sampler(*a, **kw))
    out = tmp_path / "typical"
    assert run_train(out, tiny_mnist, "--steps", "2", "--keep-typical", "0.5") == 0
    assert json.loads((out / "config.json").read_text())["train"]["keep_typical"] == 0.5
    assert run_train(out, tiny_mnist, "--steps", "4", "--resume") == 0
    assert json.loads((out / "config.json").read_text())["train"]["keep_typical"] == 0.5
    assert run_train(tmp_path / "plain", tiny_mnist, "--steps", "2") == 0
    assert seen == [0.5, 0.5, 1.0]
    capsys.readouterr()
    for bad in ("1.5", "0"):
        assert run_train(tmp_path / "bad", tiny_mnist, "--steps", "2", "--keep-typical", bad) == 2
        assert "keep_typical" in capsys.readouterr().err
    assert seen == [0.5, 0.5, 1.0]                  # refused before any data was drawn


def test_evaluate_pools_the_classifiers_figures_over_several_seeds(tmp_path, tiny_mnist, capsys):
    """--pooled-seeds: the read and digit shares over every seed's samples together, which are the seeds'
    own figures averaged (equal n each); a bad list is refused with exit code 2."""
    from gan import evaluate
    from gan.evaluation.classifier import load_classifier
    out = tmp_path / "eval.json"
    base = ["--model", "mnist-mlp", "--mnist", tiny_mnist, "--n", "40", "--n-test", "32"]
    assert evaluate.main([*base, "--pooled-seeds", "3,4", "--out", str(out)]) == 0
    pooled = json.loads(out.read_text())["pooled"]
    assert pooled["seeds"] == [3, 4] and pooled["n_samples"] == 80
    gan, clf = load_pretrained(hub.BUNDLED / "mnist-mlp"), load_classifier(hub.BUNDLED / "mnist-classifier")
    each = [evaluate.digit_report(generate(gan, 40, seed=s), None, clf) for s in (3, 4)]
    assert pooled["confident_share"] == pytest.approx(sum(r["confident_share"] for r in each) / 2, abs=1e-4)
    assert pooled["digit_shares"] == pytest.approx([(a + b) / 2 for a, b in zip(*(r["digit_shares"] for r in each))],
                                                   abs=1e-4)
    capsys.readouterr()
    assert evaluate.main([*base, "--pooled-seeds", "3,x"]) == 2
    assert "comma-separated integers" in capsys.readouterr().err
    assert evaluate.main([*base, "--classifier", "", "--pooled-seeds", "3"]) == 2
    assert "needs the classifier" in capsys.readouterr().err
