#pragma once

// Marks a function to be built for AVX-512 and AVX2 machines as well as baseline x86-64, the
// best of them picked when the program loads: for the small loops on every training step that
// the compiler vectorises by itself.
#define RELULAB_ISA_CLONES                                                                         \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
