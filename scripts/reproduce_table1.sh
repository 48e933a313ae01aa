#!/usr/bin/env bash
# Table 1 of Goodfellow et al. (2014) from scratch: the paper's MNIST MLP trained with the authors' recipe
# (preset `mlp`: SGD lr 0.1 / 1.000004 per update, momentum 0.5 -> 0.7, batch 100, D's objective halved,
# one simultaneous update of both players, no max-norm), then evaluated with the paper's protocol (10,000
# samples, sigma chosen on the validation split, the test digits' mean log-likelihood).
#   bash scripts/reproduce_table1.sh MNIST_NPZ OUT [MINUTES]
# Two named deviations from the authors, both for speed on a CPU: an average of G's weights (EMA, decay
# $EMA, default 0.99995, with the trainer's warm-up: it spans the last step/9 steps until 1/(1 - decay)),
# which is the model's generator; and bf16 autocast (--amp) where the CPU has AVX-512 BF16 (or on CUDA;
# elsewhere float32, with a note; AMP=0 turns it off). Threads: $OMP_NUM_THREADS, default every core.
# Every 10 epochs the log prints the validation Parzen score of the averaged G (10,000 samples against the
# 10,000 validation digits; the best weights are kept in OUT) and, at the sigma validation chose, the test
# score of the same samples with the seconds so far: the first line whose test score reaches 225 is how
# long the reproduction took. Resumable: run it again with the same OUT to continue from its checkpoint.
# eval.json reports the validation-chosen averaged G and, under raw_generator, the raw one. $EPOCHS (default 1000)
# caps the run in epochs as MINUTES caps it in time.
set -euo pipefail
MNIST=${1:?usage: reproduce_table1.sh MNIST_NPZ OUT [MINUTES]}; OUT=${2:?out dir}; MIN=${3:-120}
PY=${PYTHON:-python3}
AMP_FLAG=--amp; [ "${AMP:-1}" = 0 ] && AMP_FLAG=
mkdir -p "$OUT"
OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)} $PY -u -m gan.train --model mlp --out "$OUT" --mnist "$MNIST" \
  --epochs "${EPOCHS:-1000}" --max-minutes "$MIN" --ema-decay "${EMA:-0.99995}" $AMP_FLAG --eval-every 10 --eval-n 10000 \
  --eval-test --checkpoint-every 2500 --half --no-progress --resume 2>&1 | tee -a "$OUT/stdout.log"
$PY -m gan.evaluate --model "$OUT" --mnist "$MNIST" --checkpoint "$OUT/checkpoint.safetensors" \
  --out "$OUT/eval.json" | tee "$OUT/eval.log"
