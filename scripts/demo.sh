#!/usr/bin/env bash
# Run the editor: installs what is missing, builds the release site, and serves it together with
# the local Graph emulator, so the whole editor works without a tenant.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/tools.sh
listen="${LISTEN:-127.0.0.1:8080}"
trunk build --release
cargo build --release -q -p graph-emulator
# The emulator prints the address to open once it is listening.
exec target/release/graph-emulator --listen "$listen" --token demo-token --dist dist --templates tests/fixtures/templates
