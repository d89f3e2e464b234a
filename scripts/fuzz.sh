#!/usr/bin/env bash
# A coverage-guided fuzz campaign outside CI: builds the fuzz targets with clang, libFuzzer,
# ASan and UBSan into build-libfuzzer/, and runs each on a copy of its committed corpus for
# SECONDS (default 600), two at a time. Findings land in build-libfuzzer/fuzz-work/ as crash-*;
# replay one with build-libfuzzer/tests/fuzz/fuzz_FORMAT FILE.
#   bash scripts/fuzz.sh [SECONDS] [FORMAT...]     (formats: notebook experiment case csv)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
packages+=(clang)
install_missing_packages
seconds=${1:-600}
shift || true
formats=("$@")
[ ${#formats[@]} -eq 0 ] && formats=(notebook experiment case csv)
fuzz_dir=$repo/build-libfuzzer
CC=clang CXX=clang++ cmake -S "$repo" -B "$fuzz_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DRELULAB_BUILD_TESTS=ON -DRELULAB_SANITIZE=ON -DRELULAB_LIBFUZZER=ON
cmake --build "$fuzz_dir" --parallel "$(nproc)" --target "${formats[@]/#/fuzz_}"
work=$fuzz_dir/fuzz-work
mkdir -p "$work"
cd "$work"
status=0
for format in "${formats[@]}"; do
    rm -rf "corpus-$format" && cp -r "$repo/tests/fuzz/corpus/$format" "corpus-$format"
    "$fuzz_dir/tests/fuzz/fuzz_$format" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$work/crash-$format-" "corpus-$format" \
        >"fuzz_$format.log" 2>&1 &
    # Two at a time on the two cores these machines have.
    if [ "$(jobs -r | wc -l)" -ge 2 ]; then wait -n || status=1; fi
done
while [ "$(jobs -r | wc -l)" -gt 0 ]; do wait -n || status=1; done
for format in "${formats[@]}"; do
    echo "fuzz_$format: $(grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' \
        "fuzz_$format.log" | tr '\n' ' ')"
    grep -E '^(==|SUMMARY|relulab fuzz)' "fuzz_$format.log" | head -5 || true
done
exit $status
