# Shared by run.sh and test.sh: install what is missing, then configure and build.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${RELULAB_BUILD_DIR:-$repo/build}

# Debian 12 packages the build, the tests and the app need.
packages=(
    g++ cmake ninja-build
    qt6-base-dev libqt6sql6-sqlite libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
    fonts-dejavu-core xvfb xauth
    libarmadillo-dev libopenblas-dev liblapack-dev
    libtbb-dev
)

install_missing_packages() {
    local missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    echo "Installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends \
        "${missing[@]}"
}

build() {
    cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
    cmake --build "$build_dir" --parallel "$(nproc)"
}

# The app alone: a new build folder skips the tests; one that builds them goes on doing so
# (turning them off would leave old test programs behind for ctest to run).
build_app() {
    if grep -qs '^RELULAB_BUILD_TESTS:BOOL=ON' "$build_dir/CMakeCache.txt"; then
        build
    else
        build -DRELULAB_BUILD_TESTS=OFF
    fi
}
