#!/usr/bin/env bash
# Makes sure the browser tests have a Chromium (see scripts/chromium.mjs for the search order).
# If none is found: as root with apt-get (CI, containers), install Debian's chromium;
# otherwise ask Playwright to download its own. Says what it found or did.
set -euo pipefail
cd "$(dirname "$0")/.."

if found=$(node scripts/chromium.mjs 2>/dev/null); then
  echo "ensure-browser: using Chromium from $found"
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: no Chromium found; installing Debian's chromium with apt-get"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
else
  echo "ensure-browser: no Chromium found; running npx playwright install chromium"
  npx playwright install chromium
fi

if found=$(node scripts/chromium.mjs); then
  echo "ensure-browser: installed; using Chromium from $found"
else
  echo "ensure-browser: still no Chromium. Install one and set CHROMIUM_PATH=/path/to/chromium." >&2
  exit 1
fi
