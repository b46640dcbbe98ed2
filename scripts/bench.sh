#!/usr/bin/env bash
# The benchmarks: what a keystroke costs, natively (the session machine and the view model) and
# in headless Chrome (input event to patched DOM, release build). Prints numbers; asserts none.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/tools.sh

printf '\n== a keystroke natively (cargo run --release --example bench_editing)\n'
cargo run -q --release --example bench_editing

printf '\n== a keystroke in the app, headless Chrome (tests/bench_editing.rs, release)\n'
export CHROMEDRIVER="$(command -v chromedriver)"
cargo test --release --target wasm32-unknown-unknown -p office-policy-editor --test bench_editing -- --nocapture 2>&1 \
  | grep -E 'check-in rows|test result'
