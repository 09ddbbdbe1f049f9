#!/usr/bin/env bash
# `npm test`: every test the project has, each stage given what it needs from the one before.
#   1. typecheck   astro sync (content types) + tsc --noEmit
#   2. build       npm run build: MNIST assets into public/data, the site into dist/; before the
#                  unit tests because engine tests read public/data and content tests read dist/;
#                  then the site again for a sub-path, as instructors deploy it: BASE_PATH=/course/
#                  into dist-course/, with astro build alone (the kernels and data are made)
#   3. unit        vitest run (tests/**/*.test.ts)
#   4. browser     ensure a Chromium, then playwright test against the built site
#   5. base path   tests/browser/base-path.spec.ts alone against dist-course/, on a port of its
#                  own (the rest of the browser suite runs once, at the root)
# Stops at the first failing stage and says which. Ends with each runner's summary and one
# line "N passed, N failed" summing Vitest's and both Playwright runs' test counts.
set -uo pipefail
cd "$(dirname "$0")/.."
export ASTRO_TELEMETRY_DISABLED=1

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
vitest_json="$reports/vitest.json"
playwright_json="$reports/playwright.json"
base_path_json="$reports/playwright-base-path.json"
course_base=/course/
course_dist=dist-course
start=$SECONDS

stage() {
  local name=$1
  shift
  echo
  echo "=== npm test: $name ==="
  if ! "$@"; then
    echo
    echo "npm test: stage '$name' FAILED (command: $*)" >&2
    summary
    exit 1
  fi
}

# Prints each runner's counts (from their JSON reports) and the final "N passed, N failed".
summary() {
  node - "$vitest_json" "$playwright_json" "$base_path_json" "$course_base" <<'JS'
const fs = require('node:fs');
const [vitestFile, playwrightFile, basePathFile, courseBase] = process.argv.slice(2);
const read = (f) => { try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return null; } };
let passed = 0, failed = 0;
console.log('\n=== npm test: summary ===');
const v = read(vitestFile);
if (v) {
  passed += v.numPassedTests; failed += v.numFailedTests;
  console.log(`vitest:     ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests + v.numTodoTests} skipped (${v.numTotalTestSuites} suites)`);
} else console.log('vitest:     did not run');
const playwright = (label, file) => {
  const p = read(file);
  if (p) {
    const s = p.stats, ok = s.expected + s.flaky;
    passed += ok; failed += s.unexpected;
    console.log(`${label} ${ok} passed${s.flaky ? ` (${s.flaky} flaky)` : ''}, ${s.unexpected} failed, ${s.skipped} skipped`);
    if (p.errors?.length) { failed += p.errors.length; console.log(`${label} ${p.errors.length} error(s) outside tests`); }
  } else console.log(`${label} did not run`);
};
playwright('playwright:', playwrightFile);
playwright(`playwright (BASE_PATH=${courseBase}):`, basePathFile);
console.log(`${passed} passed, ${failed} failed`);
JS
  echo "(took $((SECONDS - start)) s)"
}

stage typecheck bash -c 'npm run --silent typecheck && echo "typecheck: ok"'
stage build npm run --silent build
stage build-base-path env BASE_PATH="$course_base" npx astro build --outDir "$course_dist"
stage unit npx vitest run --reporter=default --reporter=json --outputFile.json="$vitest_json"
stage browser-setup bash scripts/ensure-browser.sh
stage browser env PLAYWRIGHT_JSON_OUTPUT_NAME="$playwright_json" npx playwright test --reporter=list,json
# Its own port: Playwright reuses a server already on its port, which could be one serving dist/.
stage browser-base-path env BASE_PATH="$course_base" DIST_DIR="$course_dist" TEST_PORT=4330 \
  PLAYWRIGHT_JSON_OUTPUT_NAME="$base_path_json" npx playwright test tests/browser/base-path.spec.ts --reporter=list,json
summary
