"""Issue 7: ``python -m gan.train`` under torchrun / DistributedDataParallel, 2 CPU processes, gloo.

Loopback only (127.0.0.1, free ports). Checks that the two replicas hold bit-identical weights after
every step, that only rank 0 writes files, that the checkpoint loads with ``gan.sample``, and that a
resumed run continues from the saved step and ends bit-identical to an uninterrupted one.
"""
import json
import multiprocessing
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, free_port

TINY_TRAIN = 256  # digits: with batch 16 x 2 processes an epoch is 8 steps
JOIN_SECONDS = 60


@pytest.fixture(scope="module")
def tiny_mnist(tmp_path_factory, mnist_path) -> str:
    """A small MNIST-format npz made of real digits."""
    path = tmp_path_factory.mktemp("mnist") / "tiny.npz"
    with np.load(mnist_path) as f:
        np.savez(path, **{k: f[k][:TINY_TRAIN] for k in
                          ("x_train", "y_train", "x_valid", "y_valid", "x_test", "y_test")})
    return str(path)


def _writes_under(folder: str, log: list):
    """An audit hook recording every file this process creates, opens for writing or renames in `folder`."""
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND

    def hook(event, args):
        if event == "open":
            mode, flags = args[1], args[2]
            writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool((flags or 0) & write_flags)
            paths = [args[0]] if writing else []
        elif event == "os.rename":  # also os.replace
            paths = list(args[:2])
        elif event in ("os.mkdir", "os.remove", "os.truncate"):
            paths = [args[0]]
        else:
            return
        log.extend([event, os.fspath(p)] for p in paths
                   if isinstance(p, (str, os.PathLike)) and os.fspath(p).startswith(folder))
    return hook


def _rank_process(rank: int, world: int, port: int, argv: list, report: str) -> None:
    """One process of the run, set up as torchrun would set it up (env:// rendezvous)."""
    import torch
    torch.set_num_threads(1)
    os.environ.update(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(world), LOCAL_WORLD_SIZE=str(world),
                      MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), GLOO_SOCKET_IFNAME="lo")
    writes: list = []
    sys.addaudithook(_writes_under(argv[argv.index("--out") + 1], writes))
    from gan import train
    code = train.main(argv)
    Path(report).write_text(json.dumps({"code": code, "writes": writes}))
    sys.exit(code)


def run_ranks(argv: list, tmp_path: Path, world: int = 2) -> list[dict]:
    """gan.train.main(argv) in `world` processes (forked from a fresh server preloaded with gan.train,
    so each run costs no torch import); returns each rank's exit code and the files it wrote."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["torch", "torch._dynamo", "gan.train"])  # DDP imports dynamo
    port, reports = free_port(), [tmp_path / f"rank{r}-{free_port()}.json" for r in range(world)]
    procs = [ctx.Process(target=_rank_process, args=(r, world, port, argv, str(reports[r]))) for r in range(world)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(JOIN_SECONDS)
    hung = [r for r, p in enumerate(procs) if p.is_alive()]
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join()
    assert not hung, f"ranks {hung} still running after {JOIN_SECONDS} s (a rank left waiting in a collective)"
    assert [p.exitcode for p in procs] == [0] * world
    return [json.loads(r.read_text()) for r in reports]


def log_lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "train_log.jsonl").read_text().splitlines()]


def assert_replicas_agree(lines: list[dict], world: int = 2) -> None:
    prints = [line["replica_fingerprints"] for line in lines]
    assert all(len(p) == world and len(set(p)) == 1 for p in prints), prints
    assert len({p[0] for p in prints}) == len(prints), "the weights did not change between steps"


def trained_tensors(out: Path) -> dict:
    from safetensors.torch import load_file
    return load_file(str(out / "model.safetensors"))


def test_torchrun_two_processes_agree_and_the_checkpoint_samples(tmp_path, tiny_mnist, monkeypatch, capfd):
    """The real launcher (torchrun's own entry point, called here so only the two workers import
    torch): conditional DCGAN with WGAN-GP (batch norm, labels, double backward), validation Parzen."""
    from torch.distributed.run import main as torchrun
    out = tmp_path / "run"
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("GLOO_SOCKET_IFNAME", "lo")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    torchrun(["--standalone", "--nproc_per_node", "2", "--module", "gan.train", "--model", "cdcgan",
              "--loss", "wasserstein", "--batch-size", "16", "--steps", "8", "--eval-every", "1",
              "--check-sync-every", "1", "--no-progress", "--mnist", tiny_mnist, "--out", str(out),
              "--device", "cpu"])  # raises ChildFailedError if a worker fails
    lines = log_lines(out)
    assert [line["step"] for line in lines] == list(range(1, 9))  # each step logged once: by rank 0 only
    assert_replicas_agree(lines)
    assert [line["step"] for line in lines if "valid_parzen" in line] == [8]
    assert capfd.readouterr().out.count("saved ") == 1
    assert sorted(p.name for p in (out / "samples").iterdir()) == ["epoch_0001.png"]
    config = json.loads((out / "config.json").read_text())
    assert (config["world_size"], config["steps"], config["epochs"]) == (2, 8, 1.0)

    from gan.sample import main as sample  # the `python -m gan.sample` entry point
    assert sample(["--model", str(out), "--n", "4", "--seed", "0", "--digit", "3",
                   "--out", str(tmp_path / "x.npz"), "--device", "cpu"]) == 0
    with np.load(tmp_path / "x.npz") as f:
        images = f["images"]
    assert images.shape == (4, 28, 28) and 0 <= images.min() and images.max() <= 1 and images.std() > 0


def test_only_rank0_writes_and_resume_matches_an_uninterrupted_run(tmp_path, tiny_mnist):
    """The paper's MLP (dropout, maxout, SGD with max-norm): 6 steps straight vs 3 + resume 3."""
    def argv(out, steps, *extra):
        return ["--model", "mlp", "--batch-size", "16", "--steps", str(steps), "--check-sync-every", "1",
                "--no-progress", "--mnist", tiny_mnist, "--out", str(tmp_path / out), "--device", "cpu", *extra]

    rank0, rank1 = run_ranks(argv("straight", 6), tmp_path)
    straight = log_lines(tmp_path / "straight")
    assert [line["step"] for line in straight] == list(range(1, 7))
    assert_replicas_agree(straight)
    assert rank1["writes"] == []
    written = {Path(path).name for _, path in rank0["writes"]}
    assert {"checkpoint.safetensors", "model.safetensors", "config.json", "train_log.jsonl"} <= written

    run_ranks(argv("split", 3), tmp_path)
    run_ranks(argv("split", 6, "--resume"), tmp_path)
    split = log_lines(tmp_path / "split")
    assert [line["step"] for line in split] == [1, 2, 3, 4, 5, 6]  # the second run began at step 4
    assert [line["replica_fingerprints"] for line in split] == [line["replica_fingerprints"] for line in straight]
    a, b = trained_tensors(tmp_path / "straight"), trained_tensors(tmp_path / "split")
    assert a.keys() == b.keys() and all(bool((a[k] == b[k]).all()) for k in a)


def test_ranks_stop_together_on_the_time_limit(tmp_path, tiny_mnist):
    out = tmp_path / "timed"
    run_ranks(["--model", "mlp-live", "--batch-size", "16", "--steps", "100000", "--max-minutes", "0.0001",
               "--no-progress", "--mnist", tiny_mnist, "--out", str(out), "--device", "cpu"], tmp_path)
    assert json.loads((out / "config.json").read_text())["steps"] < 100
