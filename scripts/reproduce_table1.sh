#!/usr/bin/env bash
# Table 1 of Goodfellow et al. (2014) from scratch: the paper's MNIST MLP trained with the authors' recipe
# (preset `mlp`: SGD lr 0.1 / 1.000004 per update, momentum 0.5 -> 0.7, batch 100, D's objective halved,
# one simultaneous update of both players, no max-norm), plus an average of G's weights (EMA 0.999),
# then evaluated with the paper's protocol (10,000 samples, sigma chosen on the validation split).
#   bash scripts/reproduce_table1.sh MNIST_NPZ OUT [MINUTES]
#   EMA=0.9999 bash scripts/reproduce_table1.sh MNIST_NPZ OUT [MINUTES]   (the average's decay; default 0.999)
# The shipped weights/mnist-mlp: this script to step 205,000 with the default, then resumed with EMA=0.9999 to
# step 293,572 and with EMA=0.99995 to 379,600 (longer averages: the test Parzen score of the validation-chosen
# weights rose from 216.6 to 224.7, then 226.8, at step 375,000).
# Resumable: run it again with the same OUT to continue from OUT/checkpoint.safetensors. Every 10 epochs
# the log prints the validation Parzen score (10,000 samples vs the 10,000 validation digits) and the
# seconds so far, which is how long the run took to reach 225. eval.json reports the averaged G and,
# under raw_generator, the raw one.
set -euo pipefail
MNIST=${1:?usage: reproduce_table1.sh MNIST_NPZ OUT [MINUTES]}; OUT=${2:?out dir}; MIN=${3:-120}
PY=${PYTHON:-python3}
mkdir -p "$OUT"
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} $PY -u -m gan.train --model mlp --out "$OUT" --mnist "$MNIST" \
  --epochs 1000 --max-minutes "$MIN" --ema-decay "${EMA:-0.999}" --eval-every 10 --eval-n 10000 \
  --checkpoint-every 2500 --half --no-progress --resume 2>&1 | tee -a "$OUT/stdout.log"
$PY -m gan.evaluate --model "$OUT" --mnist "$MNIST" --checkpoint "$OUT/checkpoint.safetensors" \
  --out "$OUT/eval.json" | tee "$OUT/eval.log"
