#!/usr/bin/env bash
# Fuzzes the streaming BER reader for SECONDS (default 60):
#
#     scripts/fuzz.sh [SECONDS]
#
# With a nightly toolchain, runs the cargo-fuzz target fuzz/fuzz_targets/ber_reader.rs
# (libFuzzer with AddressSanitizer), installing cargo-fuzz first if it is missing;
# crashes land in fuzz/artifacts/ber_reader/. Without nightly, runs the same target body
# (fuzz/ber_walk.rs) over a generated corpus as a plain test for SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "fuzz.sh: no nightly toolchain; trying: rustup toolchain install nightly" >&2
    rustup toolchain install nightly --profile minimal >&2 || true
fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    if ! command -v cargo-fuzz >/dev/null; then
        cargo install cargo-fuzz --locked
    fi
    mkdir -p fuzz/corpus/ber_reader
    exec cargo +nightly fuzz run ber_reader fuzz/corpus/ber_reader -- \
        -max_total_time="$seconds" -max_len=4096
fi

echo "fuzz.sh: nightly Rust is not available, so cargo-fuzz cannot run here;" >&2
echo "fuzz.sh: running the fuzz target body over a generated corpus instead." >&2
EPCT_FUZZ_SECONDS="$seconds" exec cargo test --release --test ber_fuzz_corpus -- --nocapture
