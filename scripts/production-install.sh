#!/usr/bin/env bash
# The production install: the folder the container image runs (Dockerfile), and what
# test/e2e/production-install.test.ts builds in a temp folder and starts. From a built checkout:
#
#   npm ci && npm run build
#   scripts/production-install.sh /opt/heed        # then: cd /opt/heed && node dist/node/server/cli/heed.js serve
#
# It copies package.json, package-lock.json, LICENSE and dist/ into the folder, installs the
# runtime dependencies only (npm ci --omit=dev), fails if any build-only package came along, and
# prints the installed size. better-sqlite3 downloads a prebuilt binary where it can and compiles
# otherwise (python3, make and g++ needed then); JOBS=max gives the compile every core.
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
  echo "Usage: scripts/production-install.sh <target-folder>" >&2
  exit 2
fi

SOURCE="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
TARGET="$(cd "$1" && pwd)"
if [ "$TARGET" = "$SOURCE" ]; then
  echo "The target must be another folder than the checkout ($SOURCE)." >&2
  exit 2
fi
if [ ! -f "$SOURCE/dist/node/server/cli/heed.js" ] || [ ! -f "$SOURCE/dist/public/widget.js" ]; then
  echo "dist/ is not built: run \`npm ci && npm run build\` in $SOURCE first." >&2
  exit 1
fi

started=$(date +%s)
cp "$SOURCE/package.json" "$SOURCE/package-lock.json" "$SOURCE/LICENSE" "$TARGET/"
rm -rf "$TARGET/dist"
cp -R "$SOURCE/dist" "$TARGET/dist"

cd "$TARGET"
# --prefer-offline: tarballs already in npm's cache (from the checkout's own install) are not fetched again.
JOBS="${JOBS:-max}" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_update_notifier=false \
  npm ci --omit=dev --no-audit --no-fund --prefer-offline

# better-sqlite3 ships the SQLite sources (deps/, src/) for a compile, and a compile leaves its objects
# behind (about 25 MB in all): keep only the addon, downloaded or compiled, and check that it loads.
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
mv "$addon" node_modules/better-sqlite3/better_sqlite3.node.keep
rm -rf node_modules/better-sqlite3/build node_modules/better-sqlite3/deps node_modules/better-sqlite3/src
mkdir -p node_modules/better-sqlite3/build/Release
mv node_modules/better-sqlite3/better_sqlite3.node.keep "$addon"
node -e "const Database = require('better-sqlite3'); new Database(':memory:').prepare('SELECT 1').get()"

# No dev dependency may be installed: every package the lockfile marks dev-only must be absent.
node --input-type=module - <<'JS'
import { existsSync, readFileSync } from 'node:fs';
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const present = Object.entries(lock.packages)
  .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev === true && existsSync(path))
  .map(([path]) => path);
if (present.length > 0) {
  console.error(`Dev dependencies were installed:\n  ${present.join('\n  ')}`);
  process.exit(1);
}
const installed = JSON.parse(readFileSync('node_modules/.package-lock.json', 'utf8'));
const count = Object.keys(installed.packages).filter((path) => path.startsWith('node_modules/')).length;
console.log(`Runtime packages installed: ${count}; no dev dependency present.`);
JS

echo "Installed size: node_modules $(du -sh node_modules | cut -f1), dist $(du -sh dist | cut -f1), whole folder $(du -sh . | cut -f1) in $(($(date +%s) - started)) s."
echo "Start it with: cd $TARGET && node dist/node/server/cli/heed.js serve"
