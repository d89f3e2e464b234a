#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on the bundled example.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build -DRELULAB_BUILD_TESTS=OFF
"$build_dir/src/app/relulab" evaluate "$repo/resources/examples/relu_1x4x4x1_jacobian.json"
