#!/usr/bin/env bash
# Install torch into a virtualenv, preferring a CPU build on machines without an NVIDIA GPU.
#
#   scripts/install-torch.sh PYTHON [CHOICE]
#
# CHOICE (the Makefile passes $(TORCH); default auto):
#   auto     an NVIDIA GPU (nvidia-smi lists one) or macOS → the default build; otherwise the CPU build:
#            the version in requirements/torch.txt (the one the lock was resolved with) where pip finds it,
#            else a "+cpu" build pip already sees (a local wheel directory or index), else PyTorch's CPU wheel
#            index, else the default build (on Linux the CUDA one, several GB) with a warning
#   cpu      the CPU build, as above, but never the default build
#   default  plain 'pip install torch' (on Linux: the CUDA build)
#   other    passed to pip as it is, e.g. 'torch==2.5.1' or 'torch --index-url URL'
set -euo pipefail

python=$1
choice=${2:-auto}
cpu_index=${TORCH_CPU_INDEX:-https://download.pytorch.org/whl/cpu}
pip=("$python" -m pip install)

has_gpu() {
    command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q GPU
}

# The torch requirement the lock was resolved with (requirements/torch.txt, e.g. torch==2.13.0+cpu).
locked_torch=$(grep -E '^torch[=<>]' "$(dirname "$0")/../requirements/torch.txt" 2>/dev/null | head -n 1 || true)

install_cpu() {
    local version
    if [ -n "$locked_torch" ]; then
        echo "aligntool setup: installing $locked_torch (requirements/torch.txt)"
        "${pip[@]}" "$locked_torch" && return 0
        "${pip[@]}" --timeout 20 --retries 1 --index-url "$cpu_index" "$locked_torch" && return 0
        echo "aligntool setup: $locked_torch not found; trying the newest CPU build"
    fi
    # 'pip index versions' lists what the configured indexes and find-links offer, newest first.
    version=$("$python" -m pip index versions torch 2>/dev/null | grep -o '[0-9][0-9.]*+cpu' | head -n 1 || true)
    if [ -n "$version" ]; then
        echo "aligntool setup: installing the CPU build torch==$version (found by pip)"
        "${pip[@]}" "torch==$version" && return 0
    fi
    echo "aligntool setup: trying PyTorch's CPU wheel index $cpu_index"
    "${pip[@]}" --timeout 20 --retries 1 --index-url "$cpu_index" torch && return 0
    return 1
}

case $choice in
    auto)
        if has_gpu || [ "$(uname -s)" = Darwin ]; then
            echo "aligntool setup: NVIDIA GPU or macOS found: installing the default torch build"
            "${pip[@]}" torch
        elif ! install_cpu; then
            echo "aligntool setup: warning: no CPU build of torch reachable; installing the default build" \
                 "(on Linux the CUDA build, several GB)" >&2
            "${pip[@]}" torch
        fi ;;
    cpu)
        install_cpu || { echo "aligntool setup: error: no CPU build of torch reachable" >&2; exit 1; } ;;
    default)
        "${pip[@]}" torch ;;
    *)
        # shellcheck disable=SC2086  # a pip requirement with options, split on purpose
        "${pip[@]}" $choice ;;
esac

"$python" - <<'PY'
import torch

build = f"CUDA {torch.version.cuda}" if torch.version.cuda else "CPU"
print(f"aligntool setup: installed torch {torch.__version__} ({build} build); "
      "choose another with: make clean && make setup TORCH=cpu|default|'torch==X.Y'")
PY
