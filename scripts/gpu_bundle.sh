#!/usr/bin/env bash
# Packs what the GPU machine needs to check the CUDA backend: relulab, tst_cudabackend and the
# shared libraries they load (Qt, Armadillo, OpenBLAS, oneTBB, ...), which that machine's image
# does not have, into build/gpu-bundle.tar.gz. The C library and the GPU driver stay the
# machine's own. Then, with the device tool:
#   run(command="bash scripts/gpu_check.sh", carry=["build/gpu-bundle.tar.gz"])
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_missing_packages
build -DRELULAB_BUILD_TESTS=ON
grep -q '^RELULAB_HAVE_CUDA:INTERNAL=ON' "$build_dir/CMakeCache.txt" || {
    echo "gpu_bundle: this build has no CUDA backend (no nvcc found)" >&2
    exit 1
}
bundle=$build_dir/gpu-bundle
rm -rf "$bundle" && mkdir -p "$bundle/bin" "$bundle/lib"
programs=("$build_dir/src/app/relulab" "$build_dir/tests/tst_cudabackend")
cp "${programs[@]}" "$bundle/bin/"
# Every library they load but glibc's own and the driver's.
ldd "${programs[@]}" | awk '/=> \//{print $3}' | sort -u |
    grep -Ev '/(libc|libm|libdl|libpthread|librt|ld-linux-x86-64|libcuda)\.so' |
    while read -r library; do cp -L "$library" "$bundle/lib/"; done
tar -C "$build_dir" -czf "$build_dir/gpu-bundle.tar.gz" gpu-bundle
rm -rf "$bundle"
size=$(stat -c %s "$build_dir/gpu-bundle.tar.gz")
echo "gpu_bundle: $build_dir/gpu-bundle.tar.gz, $((size / 1048576)) MiB"
[ "$size" -lt $((60 * 1048576)) ] || { echo "gpu_bundle: too large to carry (64 MiB)" >&2; exit 1; }
