#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest; then the suite
# again, fuzz targets included, in an AddressSanitizer+UBSan build.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build -DRELULAB_BUILD_TESTS=ON
(cd "$build_dir" && ctest --output-on-failure --timeout 600)

# The whole suite again with AddressSanitizer and UBSan: a report ends its test with a failure
# (-fno-sanitize-recover; LeakSanitizer's at exit). The CUDA device test is left out: the GPU
# runtime is not built for ASan, and CI has no GPU (its CPU emulation test runs).
sanitized_dir=${RELULAB_SANITIZED_BUILD_DIR:-$build_dir-sanitized}
cmake -S "$repo" -B "$sanitized_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELULAB_BUILD_TESTS=ON \
    -DRELULAB_SANITIZE=ON -DRELULAB_FUZZ_SECONDS="${RELULAB_FUZZ_SECONDS:-30}"
cmake --build "$sanitized_dir" --parallel "$(nproc)"
cd "$sanitized_dir"
ctest --output-on-failure --timeout 600 --parallel "$(nproc)" --exclude-regex '^tst_cudabackend$'
