#!/usr/bin/env bash
# The whole test suite, on real SoftHSM2 tokens and the real openssl and pkcs11-tool.
# Installs the system packages it needs first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "error: cargo is missing; install Rust 1.88 or later from https://rustup.rs" >&2
    exit 1
fi
scripts/install-deps.sh
cargo test --locked "$@"
