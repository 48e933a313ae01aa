#!/usr/bin/env bash
# Trains every shipped model's preset in parallel (one process each) and evaluates them with the paper's
# protocol. The first weights/ came from this command on one GPU (it runs on a CPU too, slowly); the
# shipped weights have since been retrained on CPUs, and each model card (weights/*/README.md) gives the
# exact commands that made them:
#   bash scripts/train_shipped.sh MNIST_NPZ OUT_DIR MINUTES
# Each run keeps the weights with the best validation Parzen score (--eval-every), stores them as
# float16 (--half), and leaves its log (stdout, train_log.jsonl) and per-epoch sample grids beside them.
set -u
MNIST=${1:?mnist npz}; OUT=${2:?out dir}; MIN=${3:-5}
PY=${PYTHON:-python3}
mkdir -p "$OUT"
run() { name=$1; shift; mkdir -p "$OUT/$name"; $PY -u -m gan.train --out "$OUT/$name" --mnist "$MNIST" --no-progress \
          --half --max-minutes "$MIN" --epochs 1000 "$@" > "$OUT/$name/stdout.log" 2>&1; }
run mnist-mlp      --model mlp    --eval-every 5 --seed 0 &
run mnist-mlp-s1   --model mlp    --eval-every 5 --seed 1 &
run mnist-dcgan    --model dcgan  --eval-every 2 --seed 0 &
run mnist-dcgan-b128 --model dcgan --eval-every 2 --seed 0 --batch-size 128 &
run mnist-cdcgan   --model cdcgan --eval-every 2 --seed 0 &
run mnist-cdcgan-b128 --model cdcgan --eval-every 2 --seed 0 --batch-size 128 &
$PY -u -m gan.evaluation.classifier --out "$OUT/mnist-classifier" --mnist "$MNIST" --epochs 8 > "$OUT/classifier.log" 2>&1 &
wait
for d in "$OUT"/mnist-*gan* "$OUT"/mnist-mlp*; do
  [ -f "$d/model.safetensors" ] || continue
  $PY -m gan.evaluate --model "$d" --mnist "$MNIST" --classifier "$OUT/mnist-classifier" --out "$d/eval.json" > "$d/eval.log" 2>&1
done
