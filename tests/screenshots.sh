#!/usr/bin/env bash
# Starts the app under Xvfb on the bundled example notebook (trained first, headless) and writes a
# screenshot of the window on every chart panel into DIR (default build/screenshots).
# Usage: bash tests/screenshots.sh [DIR]
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
install_missing_packages
build_app
out=${1:-$build_dir/screenshots}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
relulab="$build_dir/src/app/relulab"
"$relulab" new --template linearized-features "$work/example.relulab"
"$relulab" run "$work/example.relulab"
rm -rf "$out"
xvfb-run -a -s "-screen 0 1600x1000x24" "$relulab" "$work/example.relulab" --screenshots "$out"
echo "Screenshots: $out"
