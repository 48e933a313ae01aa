"""A visitor's own models: weights uploaded (a zip as Train live exports it, or its two files) or from a
Hub repo id, checked before anything is loaded; refused uploads leave the visitor's models as they were."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from gan.live import run as live
from gan.serving import visitor_models as vm
from gan.serving.zoo import ModelZoo
from gan.weights.hub import BUNDLED
from gan.weights.pretrained import WeightsError


@pytest.fixture(scope="module")
def exported_zip():
    frames = list(live.live_training(data="mnist", steps=2, batch_size=8, max_seconds=30))
    yield frames[-1].download
    frames[-1].run.close()


def zip_of(path: Path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def shipped(name: str) -> bytes:
    return (BUNDLED / "mnist-mlp" / name).read_bytes()


def test_an_exported_run_and_its_two_files_load(tmp_path, exported_zip):
    folder = vm.unpack_upload([exported_zip], tmp_path / "a")
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "model.safetensors"]
    mine = vm.add_model({}, folder, "Uploaded: run", "cpu")
    assert list(mine) == ["Uploaded: run"] and not any(p.requires_grad for p in mine["Uploaded: run"].parameters())
    two = [tmp_path / "config.json", tmp_path / "model.safetensors"]
    for p in two:
        p.write_bytes(shipped(p.name))
    assert vm.add_model(mine, vm.unpack_upload(two, tmp_path / "b"), "mine", "cpu").keys() == {"Uploaded: run", "mine"}


@pytest.mark.parametrize("members, message", [
    ({"run/config.json": "{}", "run/model.safetensors": b"x", "run/evil.pkl": b"x"}, "pickles are never loaded"),
    ({"pytorch_model.bin": b"x"}, "pickles are never loaded"),
    ({"../config.json": "{}", "model.safetensors": b"x"}, "has a path in it"),
    ({"/etc/config.json": "{}", "model.safetensors": b"x"}, "has a path in it"),
    ({"a/b/config.json": "{}", "a/b/model.safetensors": b"x"}, "has a path in it"),
    ({"config.json": "{}", "model.safetensors": b"x", "notes.txt": "hi"}, "must hold exactly"),
    ({"config.json": "{}"}, "must hold exactly"),
    ({"config.json": "{}", "model.safetensors": b"\0" * (51 * 2**20)}, "unpacks to"),   # a zip bomb: ~50 KB packed
])
def test_bad_archives_are_refused_with_a_message(tmp_path, members, message):
    upload = zip_of(tmp_path / "up.zip", members)
    with pytest.raises(WeightsError, match=message):
        vm.unpack_upload([upload], tmp_path / "out")
    assert not (tmp_path / "out" / "model.safetensors").exists()


def test_files_that_are_no_gan_for_the_digits_tabs_are_refused(tmp_path):
    cfg = json.loads(shipped("config.json"))
    wrong_shape = {**cfg, "model": {**cfg["model"], "g_hidden": [1000, 1000]}}
    unknown_arch = {**cfg, "model": {**cfg["model"], "arch": "transformer"}}
    for config, message in ((wrong_shape, "does not match its config"), (unknown_arch, "no buildable model")):
        upload = zip_of(tmp_path / "w.zip", {"config.json": json.dumps(config), "model.safetensors": shipped("model.safetensors")})
        with pytest.raises(WeightsError, match=message):
            vm.add_model({}, vm.unpack_upload([upload], tmp_path / message[:4]), "x", "cpu")
    toy = list(live.live_training(data="ring", steps=2, max_seconds=30))[-1]
    with pytest.raises(WeightsError, match="not 28 x 28 digits"):
        vm.add_model({}, vm.unpack_upload([toy.download], tmp_path / "toy"), "x", "cpu")
    toy.run.close()
    (tmp_path / "big.zip").write_bytes(b"\0" * 10)
    with pytest.raises(WeightsError, match="not a readable zip"):
        vm.unpack_upload([tmp_path / "big.zip"], tmp_path / "z")


def test_uploads_over_the_cap_are_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(vm, "MAX_UPLOAD_BYTES", 1000)
    big = tmp_path / "model.safetensors"
    big.write_bytes(b"\0" * 2000)
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(WeightsError, match="at most 0 MB is taken|the upload is"):
        vm.unpack_upload([tmp_path / "config.json", big], tmp_path / "out")


def test_visitor_models_are_capped_and_the_shared_zoo_untouched(tmp_path):
    zoo = ModelZoo.load({"mnist-mlp": str(BUNDLED / "mnist-mlp")}, device="cpu")
    folder = tmp_path / "w"
    shutil.copytree(BUNDLED / "mnist-mlp", folder, ignore=shutil.ignore_patterns("logs", "*.png", "*.md", "eval.json"))
    mine = {}
    for i in range(vm.MAX_MODELS + 1):
        mine = vm.add_model(mine, folder, f"m{i}", "cpu")
    assert list(mine) == [f"m{i}" for i in range(1, vm.MAX_MODELS + 1)]      # the oldest went
    seen = vm.with_visitor_models(zoo, mine)
    assert seen.names == ["mnist-mlp", *mine] and zoo.names == ["mnist-mlp"]


def test_the_ui_handler_refuses_without_touching_the_visitor_s_models(tmp_path):
    from ui.own_models import load_own_model
    zoo = ModelZoo.load({"mnist-mlp": str(BUNDLED / "mnist-mlp")}, device="cpu")
    evil = zip_of(tmp_path / "evil.zip", {"model.pt": b"x"})
    mine = {"kept": zoo.get("mnist-mlp")}
    for files, repo, message in (([str(evil)], "", "pickles are never loaded"), (None, "", "choose a weights zip"),
                                 (None, "../../etc", "expected a Hub repo id")):
        kept, text, *pickers = load_own_model(files, repo, mine, zoo, 2)
        assert kept is mine and text.startswith("**Not loaded:**") and message in text
    assert list(mine) == ["kept"]
    good = zip_of(tmp_path / "good.zip", {"m/config.json": shipped("config.json"), "m/model.safetensors": shipped("model.safetensors")})
    new, text, *pickers = load_own_model([str(good)], "", mine, zoo, 2)
    assert list(new) == ["kept", "Uploaded: good"] and "Uploaded: good" in text and len(pickers) == 2
