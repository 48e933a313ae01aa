"""Issue 7: ``python -m gan.train`` under torchrun / DistributedDataParallel, 2 CPU processes, gloo.

Loopback only (127.0.0.1, free ports). Checks that the two replicas hold bit-identical weights after
every step, that only rank 0 writes files, that the checkpoint loads with ``gan.sample``, and that a
resumed run continues from the saved step and ends bit-identical to an uninterrupted one.
"""
import json
import multiprocessing
import os
import sys
import tempfile
import uuid
from pathlib import Path

import numpy as np
import pytest

from conftest import free_port

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


def _worker(argv: list, report_dir: str) -> int:
    """One process of the run; RANK, WORLD_SIZE, MASTER_ADDR/PORT come from the launcher's environment.
    The process group gets a 60 s timeout, so a rank left waiting in a collective fails instead of hanging."""
    from datetime import timedelta

    import torch
    import torch.distributed as dist
    torch.set_num_threads(1)
    os.environ["GLOO_SOCKET_IFNAME"] = "lo"
    dist.init_process_group("gloo", timeout=timedelta(seconds=JOIN_SECONDS))  # gan.distributed.setup reuses it
    writes: list = []
    sys.addaudithook(_writes_under(argv[argv.index("--out") + 1], writes))
    from gan import train
    code = train.main(argv)
    Path(report_dir, f"rank{os.environ['RANK']}.json").write_text(json.dumps({"code": code, "writes": writes}))
    return code


def _env_worker(rank: int, world: int, port: int, argv: list, report_dir: str) -> None:
    os.environ.update(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(world), LOCAL_WORLD_SIZE=str(world),
                      MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    sys.exit(_worker(argv, report_dir))


def _forkserver():
    """Workers fork from one fresh server that has imported torch and gan.train once (DDP imports
    torch._dynamo), so a run costs no imports: the whole file stays fast on a 2-core machine."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["torch", "torch._dynamo", "gan.train"])
    return ctx


def reports(report_dir: Path, world: int) -> list[dict]:
    return [json.loads((report_dir / f"rank{r}.json").read_text()) for r in range(world)]


def run_ranks(argv: list, tmp_path: Path, world: int = 2) -> list[dict]:
    """gan.train.main(argv) in `world` processes set up as torchrun sets them up (env:// rendezvous on
    127.0.0.1); returns each rank's exit code and the files it wrote."""
    ctx, port = _forkserver(), free_port()
    report_dir = Path(tempfile.mkdtemp(dir=tmp_path))
    procs = [ctx.Process(target=_env_worker, args=(r, world, port, argv, str(report_dir))) for r in range(world)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(JOIN_SECONDS + 30)
    hung = [r for r, p in enumerate(procs) if p.is_alive()]
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join()
    assert not hung, f"ranks {hung} still running (left waiting in a collective?)"
    assert [p.exitcode for p in procs] == [0] * world
    return reports(report_dir, world)


def log_lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "train_log.jsonl").read_text().splitlines()]


def assert_replicas_agree(lines: list[dict], world: int = 2) -> None:
    prints = [line["replica_fingerprints"] for line in lines]
    assert all(len(p) == world and len(set(p)) == 1 for p in prints), prints
    assert len({p[0] for p in prints}) == len(prints), "the weights did not change between steps"


def trained_tensors(out: Path) -> dict:
    from safetensors.torch import load_file
    return load_file(str(out / "model.safetensors"))


def test_torchrun_two_processes_agree_and_the_checkpoint_samples(tmp_path, tiny_mnist):
    """torchrun's own elastic agent (what `torchrun --standalone --nproc_per_node 2` runs; workers forked
    from the preloaded server): conditional DCGAN with WGAN-GP (batch norm, labels, double backward)."""
    from torch.distributed.launcher.api import LaunchConfig, elastic_launch
    out, report_dir = tmp_path / "run", tmp_path / "reports"
    report_dir.mkdir()
    _forkserver()
    config = LaunchConfig(min_nodes=1, max_nodes=1, nproc_per_node=2, run_id=uuid.uuid4().hex, max_restarts=0,
                          rdzv_backend="c10d", rdzv_endpoint=f"127.0.0.1:{free_port()}", start_method="forkserver")
    argv = ["--model", "cdcgan", "--loss", "wasserstein", "--batch-size", "16", "--steps", "8", "--eval-every", "1",
            "--check-sync-every", "1", "--no-progress", "--mnist", tiny_mnist, "--out", str(out), "--device", "cpu"]
    codes = elastic_launch(config, _worker)(argv, str(report_dir))  # raises ChildFailedError if a worker fails
    assert codes == {0: 0, 1: 0}
    rank0, rank1 = reports(report_dir, 2)
    assert rank1["writes"] == [] and rank0["writes"]
    lines = log_lines(out)
    assert [line["step"] for line in lines] == list(range(1, 9))  # each step logged once: by rank 0 only
    assert_replicas_agree(lines)
    assert [line["step"] for line in lines if "valid_parzen" in line] == [8]
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
