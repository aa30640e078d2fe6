#!/usr/bin/env bash
# Rebuild the graph browser's vendored front-end files from web/package-lock.json.
#
# The files are committed (budgetkg/server/static/vendor/) so that the package
# works offline and installs from a wheel without Node.js; this script is how
# they are produced, and tests/test_server_assets.py checks that they still
# match the lockfile. Run it after changing web/package.json.
set -euo pipefail
cd "$(dirname "$0")/../web"
npm ci --no-audit --no-fund
out=../budgetkg/server/static/vendor
mkdir -p "$out"
cp node_modules/cytoscape/dist/cytoscape.min.js "$out/"
cp node_modules/cytoscape/LICENSE "$out/cytoscape.LICENSE"
version=$(node -p "require('./node_modules/cytoscape/package.json').version")
sum=$(sha256sum "$out/cytoscape.min.js" | cut -d' ' -f1)
printf '{\n  "cytoscape": {"version": "%s", "file": "cytoscape.min.js", "sha256": "%s"}\n}\n' "$version" "$sum" > "$out/manifest.json"
echo "vendored cytoscape $version"
