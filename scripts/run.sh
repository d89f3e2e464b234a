#!/usr/bin/env bash
# Installs what is missing, builds, and starts the app on the example notebook (the
# linearized-features template: HW1 Q5's 15 runs, trained once when the notebook is made). With
# no display it trains the same notebook headless and writes its charts instead.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build_app
example=${RELULAB_EXAMPLE_DIR:-$build_dir/example}
relulab="$build_dir/src/app/relulab"
mkdir -p "$example"
notebook="$example/linearized-features.relulab"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    if [ ! -f "$notebook" ]; then
        "$relulab" new --template linearized-features "$notebook"
        "$relulab" run "$notebook"
    fi
    exec "$relulab" "$notebook"
fi
[ -f "$notebook" ] || "$relulab" new --template linearized-features "$notebook"
"$relulab" run "$notebook" --out "$example/charts"
"$relulab" info "$notebook"
echo "No display: trained the notebook headless. Charts (PNG, SVG, CSV): $example/charts"
