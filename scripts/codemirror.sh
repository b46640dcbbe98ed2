#!/usr/bin/env bash
# Bundles the payload editor (src/app/codemirror_shim.js with the @codemirror/* packages pinned in
# package-lock.json) into one minified ES module with esbuild from npm. Usage: codemirror.sh OUTFILE
# Trunk runs it (pre_build) into the site; scripts/test.sh into target/js/ for the browser tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/node_modules/.bin/esbuild" "$root/src/app/codemirror_shim.js" \
  --bundle --format=esm --minify --target=es2020 --legal-comments=none \
  --log-level=warning --outfile="$1"
