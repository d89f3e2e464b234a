#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build -DRELULAB_BUILD_TESTS=ON
cd "$build_dir"
ctest --output-on-failure --timeout 600
