#!/usr/bin/env bash
# Run on the GPU machine (the device tool) with build/gpu-bundle.tar.gz carried (made here by
# scripts/gpu_bundle.sh): the CUDA backend's tests against the CPU, then the bench at 256, 1024
# and 4096 concurrent runs, then shorter benches of the kernel's three occupancy variants
# (RELULAB_CUDA_MIN_BLOCKS 4, the default, 5 and 8, at VARIANT_RUNS runs of VARIANT_STEPS
# steps each) side by side. Everything it prints also goes to $OUT (test.txt, bench*.json).
set -uo pipefail
out=${OUT:-/tmp/gpu-check}
mkdir -p "$out"
work=$(mktemp -d)
tar -C "$work" -xzf build/gpu-bundle.tar.gz || exit 1
export LD_LIBRARY_PATH="$work/gpu-bundle/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export OPENBLAS_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen
bin=$work/gpu-bundle/bin
nvidia-smi --query-gpu=name,driver_version,clocks.sm --format=csv | tee "$out/gpu.txt"
timeout "${TEST_TIMEOUT:-240}" "$bin/tst_cudabackend" 2>&1 | tee "$out/test.txt"
tests=${PIPESTATUS[0]}
timeout "${BENCH_TIMEOUT:-300}" "$bin/relulab" bench --backend cuda --runs "${RUNS:-256,1024,4096}" \
    --steps "${STEPS:-150000}" --json >"$out/bench.json" 2>"$out/bench.err"
bench=$?
tail -c 4000 "$out/bench.json"; cat "$out/bench.err"
for blocks in 4 5 8; do
    RELULAB_CUDA_MIN_BLOCKS=$blocks timeout "${VARIANT_TIMEOUT:-120}" "$bin/relulab" bench \
        --backend cuda --runs "${VARIANT_RUNS:-4096}" --steps "${VARIANT_STEPS:-30000}" --json \
        >"$out/bench_min_blocks_$blocks.json" 2>>"$out/bench.err"
    echo "min blocks $blocks: exit $?"
done
echo "gpu_check: tests exit $tests, bench exit $bench"
[ "$tests" -eq 0 ] && [ "$bench" -eq 0 ]
