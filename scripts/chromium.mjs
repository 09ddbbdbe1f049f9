// Finds a Chromium for the browser tests, in this order:
//   1. CHROMIUM_PATH, if set (it must exist);
//   2. Playwright's own downloaded Chromium, if `npx playwright install chromium` has run;
//   3. the system's chromium or chromium-browser (e.g. Debian's `apt-get install chromium`).
// Playwright cannot download browsers on every machine, so the system browser is a first-class
// option; it gets flags that keep it quiet and offline (no updates, sync or background fetches).
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';

const SYSTEM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * @returns {{ source: 'CHROMIUM_PATH' | 'playwright' | 'system', executablePath: string | undefined, args: string[] } | null}
 * executablePath is undefined for Playwright's own browser (Playwright finds it itself).
 */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return { source: 'CHROMIUM_PATH', executablePath: fromEnv, args: SYSTEM_ARGS };
  }
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {}
  if (bundled && existsSync(bundled)) return { source: 'playwright', executablePath: undefined, args: [] };
  const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ??
    onPath('chromium') ?? onPath('chromium-browser');
  if (system) return { source: 'system', executablePath: system, args: SYSTEM_ARGS };
  return null;
}

// `node scripts/chromium.mjs` prints what was found and exits 1 when nothing was.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const found = findChromium();
  if (!found) {
    console.error('No Chromium found (set CHROMIUM_PATH, or run scripts/ensure-browser.sh).');
    process.exit(1);
  }
  console.log(`${found.source}: ${found.executablePath ?? chromium.executablePath()}`);
}
