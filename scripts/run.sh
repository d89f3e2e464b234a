#!/usr/bin/env bash
# Installs what is missing, builds, and runs the example notebook (the linearized-features
# template: HW1 Q5's 15 runs) headless, writing its charts.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build -DRELULAB_BUILD_TESTS=OFF
example=${RELULAB_EXAMPLE_DIR:-$build_dir/example}
mkdir -p "$example"
notebook="$example/linearized-features.relulab"
[ -f "$notebook" ] || "$build_dir/src/app/relulab" new --template linearized-features "$notebook"
"$build_dir/src/app/relulab" run "$notebook" --out "$example/charts"
"$build_dir/src/app/relulab" info "$notebook"
echo "Charts: $example/charts"
