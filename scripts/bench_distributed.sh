#!/usr/bin/env bash
# Training throughput of `python -m gan.train` in 1 and in N processes (torchrun; gloo on the CPU,
# NCCL on GPUs), for the README's "Training at scale" table:
#   bash scripts/bench_distributed.sh MNIST_NPZ [DEVICE]
#   PRESETS="dcgan:200 mlp:300" PROCS="1 2" bash scripts/bench_distributed.sh MNIST_NPZ cpu
# Each preset trains for its number of G-steps at its default batch size (no evaluation); the line
# printed is G-steps/s and training examples/s (per-process batch x processes x steps/s) over the
# whole training loop (train_seconds in the run's config.json; start-up and imports left out).
set -euo pipefail
MNIST=${1:?mnist npz}; DEVICE=${2:-cpu}
PRESETS=${PRESETS:-dcgan:200 mlp:300}; PROCS=${PROCS:-1 2}
PY=${PYTHON:-.venv/bin/python}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}  # one thread per process (torchrun sets the same), so 1 vs N processes is 1 vs N cores
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
printf "%-7s %5s %6s %6s %8s %10s\n" preset procs batch steps "steps/s" "examples/s"
for spec in $PRESETS; do
  model=${spec%%:*}; steps=${spec#*:}
  for n in $PROCS; do
    dir="$OUT/$model-$n"
    if [ "$n" -eq 1 ]; then launch=("$PY" -m gan.train)
    else launch=("$PY" -m torch.distributed.run --standalone --nproc_per_node "$n" -m gan.train); fi
    "${launch[@]}" --model "$model" --steps "$steps" --device "$DEVICE" --mnist "$MNIST" --out "$dir" \
      --no-progress --checkpoint-every 1000000 > "$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
    "$PY" -c '
import json, sys
config = json.load(open(sys.argv[1] + "/config.json"))
procs = int(sys.argv[2])
rate = config["steps"] / config["train_seconds"]
batch = config["train"]["batch_size"] * procs
name, steps = config["preset"], config["steps"]
print(f"{name:<7} {procs:>5} {batch:>6} {steps:>6} {rate:>8.2f} {rate * batch:>10.0f}")
' "$dir" "$n"
  done
done
