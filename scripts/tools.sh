#!/usr/bin/env bash
# Installs every tool the build and the tests need, from package registries only (crates.io,
# npm, Debian). Idempotent and fast when everything is already there. Source it or run it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

TRUNK_VERSION=0.22.1
CARGO_DENY_VERSION=0.20.2
# The CLI must match the wasm-bindgen crate exactly (Cargo.toml pins it with "=").
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')

say() { printf '[tools] %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Not --locked: its lockfile names a crate version the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION" --ignore-rust-version --force
fi

if [ "$(cargo deny --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DENY_VERSION" ]; then
  say "installing cargo-deny $CARGO_DENY_VERSION (about 5 minutes on 2 cores)"
  cargo install --locked cargo-deny --version "$CARGO_DENY_VERSION" --force
fi

# Chromium and its driver for the browser and end-to-end tests; pkg-config and OpenSSL headers
# for the WebDriver client's TLS stack.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v pkg-config >/dev/null || missing+=(pkg-config)
dpkg -s libssl-dev >/dev/null 2>&1 || missing+=(libssl-dev)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# MSAL.js (shipped from our own origin) and binaryen's wasm-opt, pinned by package-lock.json.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.lock-sha256
fi
export PATH="$root/node_modules/.bin:$PATH"
say "ready: rust $(rustc --version | awk '{print $2}'), wasm-bindgen $WASM_BINDGEN_VERSION, trunk $TRUNK_VERSION, cargo-deny $CARGO_DENY_VERSION, $(wasm-opt --version | awk '{print $1, $3}'), $(chromium --version 2>/dev/null | head -1)"
