#!/usr/bin/env bash
# The benchmarks. Builds the release site, serves it with the Graph emulator, drives headless
# Chromium (e2e/examples/bench.rs) and runs the wasm and native measurements; prints one report
# and writes it to BENCHMARKS.md. Prints numbers; asserts none (tests never time anything).
#   bash scripts/bench.sh            everything (about 10 minutes on 2 cores)
#   bash scripts/bench.sh load       only some site parts: budgets, weight, assets, load, typing,
#                                    checkins, settings
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/tools.sh >&2
export CHROMEDRIVER="$(command -v chromedriver)"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

trunk build --release >&2
# The floor every budget is set against (bench/floor), built exactly as the editor is (the
# linker's relocations, which only the editor's split reads, are the editor's alone: build.rs).
(cd bench/floor && trunk build --release) >&2
# twiggy reads where the weight is, in cargo's artifact of the build above (names kept).
command -v twiggy >/dev/null || cargo install --locked twiggy --version 0.8.0 >&2
{
  echo "# Benchmarks"
  echo
  echo "Written by \`bash scripts/bench.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(chromium --version 2>/dev/null | head -1)."
  echo "The release site from \`dist/\`, served by the Graph emulator on 127.0.0.1, in headless Chromium."
  echo
  cargo run --release -q -p e2e --example bench -- "$@"
} >"$out"

if [ $# -eq 0 ]; then
  bash scripts/codemirror.sh target/js/codemirror.js
  browser="$(cargo test --release --target wasm32-unknown-unknown -p office-policy-editor --test bench_editing -- --nocapture 2>&1)"
  native="$(cargo run -q --release --example bench_editing)"
  {
    echo "## Stream encode + decode (UTF-8 + base64 and back)"
    echo
    echo "The app's path: the text as wasm holds it, to base64 bytes (a fetch body) and back to a JS string (the editor's)."
    echo
    echo "| payload | the app's path | browser \`TextEncoder\` + \`btoa\` | native Rust | wasm ÷ JS | wasm ÷ native | ours, step by step: encode, body out and in, decode, to a JS string |"
    echo "|---:|---:|---:|---:|---:|---:|---|"
    paste <(echo "$browser" | sed -n 's/.*stream \([0-9]*\) bytes: wasm \([0-9]*\) MB\/s, JS \([0-9]*\) MB\/s (ours: encode \([0-9.]*\) ms, body out and in \([0-9.]*\) ms, decode \([0-9.]*\) ms, to a JS string \([0-9.]*\) ms).*/\1 \2 \3 \4 \5 \6 \7/p') \
          <(echo "$native" | sed -n 's/^stream [0-9]* bytes: native \([0-9]*\) MB\/s/\1/p') |
      awk '{ printf "| %d B | %d MB/s | %d MB/s | %d MB/s | %.1f× | %.2f× | %s, %s, %s, %s ms |\n", $1, $2, $3, $8, $2/$3, $2/$8, $4, $5, $6, $7 }'
    echo
    echo "## A keystroke in the display name (input event to patched DOM, in the app, headless Chrome)"
    echo
    echo "| payload bytes | check-in rows | input → DOM | of which the session + view model |"
    echo "|---:|---:|---:|---:|"
    echo "$browser" | grep -E '^\| [0-9]+ \| [0-9]+ \|' || true
    echo
    echo "## The same keystrokes natively (session apply + view model, per keystroke)"
    echo
    echo '```'
    echo "$native" | grep -v '^stream'
    echo '```'
  } >>"$out"
fi

# The record of where issue 25 started, kept beside each new run.
{ echo; cat bench/before.md; } >>"$out"
cat "$out"
cp "$out" BENCHMARKS.md
echo "written to BENCHMARKS.md" >&2
