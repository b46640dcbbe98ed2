#!/usr/bin/env bash
# The test command: installs what is missing, then runs lint, native tests, headless-Chrome
# tests (one of them over real HTTP to the local Graph emulator) and the release build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/tools.sh

step() { printf '\n== %s\n' "$*"; }
results="$(mktemp)"
# Every cargo test run is teed so the closing line can count all layers.
counted() { "$@" 2>&1 | tee -a "$results"; }

step "format and lint"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -q -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p office-policy-editor --all-targets -q -- -D warnings
# The core's purity and layers are checked by tests/architecture.rs (native tests, below).

step "dependencies (cargo-deny: one version of each crate in the wasm build, licenses, sources)"
# The advisory check needs the RustSec database, which cannot be fetched here.
cargo deny check bans licenses sources

step "native tests (core, emulator)"
counted cargo test --workspace --exclude e2e

step "browser tests (headless Chrome)"
cargo build -q -p graph-emulator
# The test runner serves its page on a fixed port, the one origin the emulator's CORS allows.
runner_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:${runner_port}"
log="$(mktemp)"
target/debug/graph-emulator --listen 127.0.0.1:0 --token test-token --page-size 2 \
  --allow-origin "http://127.0.0.1:${runner_port}" 2>"$log" &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.1; done
GRAPH_EMULATOR_URL="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$log")"
GRAPH_EMULATOR_SECRET="$(sed -n 's/.*control API secret \([0-9a-zA-Z]*\).*/\1/p' "$log")"
export GRAPH_EMULATOR_SECRET
[ -n "$GRAPH_EMULATOR_URL" ] || { cat "$log"; echo "the emulator did not start"; exit 1; }
echo "emulator at $GRAPH_EMULATOR_URL"
export GRAPH_EMULATOR_URL CHROMEDRIVER="$(command -v chromedriver)"
# The payload editor's module, where the test runner (which serves this directory) finds it.
bash scripts/codemirror.sh target/js/codemirror.js
counted cargo test --target wasm32-unknown-unknown -p office-policy-editor --test browser_editor --test browser_client --test browser_fetch --test browser_msal --test browser_settings --test browser_catalog

step "release build"
trunk build --release
ls -l dist

step "end-to-end tests of the built site (headless Chromium over WebDriver)"
counted cargo test -p e2e

passed=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$results" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/^test result: [A-Za-z]*\. [0-9]* passed; \([0-9]*\) failed.*/\1/p' "$results" | awk '{s+=$1} END {print s+0}')
printf '\n'
echo "${passed} passed, ${failed} failed"
