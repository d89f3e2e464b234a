#!/usr/bin/env bash
# Builds the Debian package: installs what is missing, makes a Release build of the app alone
# (build-package/, or RELULAB_BUILD_DIR), then `cpack -G DEB` there, and prints the .deb's path.
# Install it with: apt-get install ./relulab_VERSION_ARCH.deb
export RELULAB_BUILD_DIR=${RELULAB_BUILD_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build-package}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build_app
package_dir=$build_dir/package
rm -f "$package_dir"/relulab_*.deb
(cd "$build_dir" && cpack -G DEB -B "$package_dir" >"$build_dir/cpack.log") ||
    { cat "$build_dir/cpack.log" >&2; exit 1; }
ls "$package_dir"/relulab_*.deb
