#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest; then the numerics,
# runner and document tests and the fuzz targets again in an AddressSanitizer+UBSan build.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build -DRELULAB_BUILD_TESTS=ON
(cd "$build_dir" && ctest --output-on-failure --timeout 600)

# Everything below the window, sanitized: a sanitizer's report ends its test with a failure
# (-fno-sanitize-recover). The GUI and CLI tests stay out for the time limit: they add Qt's
# widgets to the build and little file reading the fuzz targets do not cover.
sanitized_dir=${RELULAB_SANITIZED_BUILD_DIR:-$build_dir-sanitized}
sanitized_tests=(
    tst_referencecases tst_gradients tst_initializers tst_optimizers tst_sampling tst_analysis
    tst_datasets tst_fastkernels tst_runner tst_notebook tst_notebookintegrity tst_jsonreading
    tst_experimentfiles fuzz_notebook fuzz_experiment fuzz_case fuzz_csv
)
cmake -S "$repo" -B "$sanitized_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELULAB_BUILD_TESTS=ON \
    -DRELULAB_SANITIZE=ON -DRELULAB_FUZZ_SECONDS="${RELULAB_FUZZ_SECONDS:-45}"
cmake --build "$sanitized_dir" --parallel "$(nproc)" --target "${sanitized_tests[@]}"
pattern="^($(IFS='|'; echo "${sanitized_tests[*]}"))\$"
cd "$sanitized_dir"
ctest --output-on-failure --timeout 600 --parallel "$(nproc)" --tests-regex "$pattern"
