// `npm run lighthouse`: Lighthouse 12 on the built chapter (issue 10 item 7), in the same Chromium
// the browser tests use (scripts/chromium.mjs), headless, once with Lighthouse's default mobile
// emulation (a mid-range phone, simulated slow 4G and a 4x slower CPU) and once as a desktop.
// It builds nothing: run `npm run build` first; it serves dist/ itself with scripts/serve.mjs on a
// port of its own (LIGHTHOUSE_PORT, default 4360).
//
//   npm run lighthouse                      the chapter (/)
//   npm run lighthouse -- contents/         another page, relative to the site's root
//   npm run lighthouse -- --assert          also fail below performance 98 or accessibility 100
//   npm run lighthouse -- --runs=5          five runs of each; reports and judges the median one
//
// Prints each run's scores (performance, accessibility, best practices) and key numbers (FCP,
// LCP, TBT, CLS, DOM size, render-blocking resources), and writes the JSON and HTML reports to
// lighthouse-report/ (git-ignored). Exits non-zero on an error, and, only with --assert, on a
// score below the bar. Scores vary with the machine's load: Lighthouse measures a real page load
// and derives the throttled timings from it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
// chrome-launcher comes with lighthouse (its own dependency, the launcher Lighthouse documents).
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { findChromium } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('../lighthouse-report/', import.meta.url));
const args = process.argv.slice(2);
const assert = args.includes('--assert');
const runsArg = args.find((a) => a.startsWith('--runs='));
const RUNS = runsArg ? Number(runsArg.slice('--runs='.length)) : 1;
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 20) {
  console.error(`--runs must be a whole number from 1 to 20, got ${runsArg?.slice('--runs='.length)}`);
  process.exit(2);
}
const pagePath = (args.find((a) => !a.startsWith('--')) ?? '').replace(/^\/+/, '');
const port = Number(process.env.LIGHTHOUSE_PORT || 4360);
const base = `/${(process.env.BASE_PATH || '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
const BAR = { performance: 98, accessibility: 100 };

/** Starts scripts/serve.mjs on the port and resolves once it says it is serving. */
function serve() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/serve.mjs'], {
      cwd: root,
      // Gzipped, as GitHub Pages serves the site: the chapter's HTML is 1 MB raw, 0.17 MB gzipped.
      env: { ...process.env, PORT: String(port), STRICT_PORT: '1', COMPRESS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('exit', (code) => reject(new Error(`scripts/serve.mjs exited (${code}) before serving`)));
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes('Serving')) resolve(child);
    });
  });
}

const ms = (audit) => (audit?.numericValue === undefined ? '-' : `${Math.round(audit.numericValue)} ms`);

/** One line per figure worth reading, from the run's result. */
function summarise(name, lhr) {
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const a = lhr.audits;
  const blocking = a['render-blocking-insight']?.details?.items ?? a['render-blocking-resources']?.details?.items ?? [];
  const lines = [
    `${name}: performance ${score('performance')}, accessibility ${score('accessibility')}, best practices ${score('best-practices')}`,
    `  FCP ${ms(a['first-contentful-paint'])}, LCP ${ms(a['largest-contentful-paint'])}, TBT ${ms(a['total-blocking-time'])}, ` +
      `CLS ${a['cumulative-layout-shift']?.numericValue?.toFixed(3) ?? '-'}, Speed Index ${ms(a['speed-index'])}`,
    `  DOM: ${a['dom-size']?.numericValue ?? '?'} elements` +
      (a['dom-size']?.details?.items ? ` (${a['dom-size'].details.items.map((i) => `${i.statistic}: ${i.value?.value ?? i.value}`).join(', ')})` : ''),
    `  render-blocking: ${blocking.length ? blocking.map((i) => `${i.url} (${Math.round(i.wastedMs ?? i.totalBytes ?? 0)}${i.wastedMs !== undefined ? ' ms' : ' B'})`).join(', ') : 'none'}`,
  ];
  const failing = Object.values(lhr.categories)
    .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0 && (a[r.id]?.score ?? 1) < 0.9).map((r) => `${c.id}/${r.id} (${a[r.id].score})`));
  if (failing.length) lines.push(`  below 0.9: ${failing.join(', ')}`);
  return { lines, performance: score('performance'), accessibility: score('accessibility') };
}

async function main() {
  if (!existsSync(new URL('../dist/index.html', import.meta.url)) && !process.env.DIST_DIR) {
    throw new Error('dist/index.html is missing: run `npm run build` first.');
  }
  const browser = findChromium();
  if (!browser) throw new Error('No Chromium found (set CHROMIUM_PATH, or run scripts/ensure-browser.sh).');
  const chromePath = browser.executablePath ?? chromium.executablePath();
  mkdirSync(outDir, { recursive: true });
  const server = await serve();
  const url = `http://127.0.0.1:${port}${base}${pagePath}`;
  let chrome;
  const results = [];
  try {
    chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ['--headless=new', ...browser.args] });
    for (const [name, config] of [['mobile', undefined], ['desktop', desktopConfig]]) {
      const flags = {
        port: chrome.port,
        output: ['json', 'html'],
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      };
      // The score moves with the machine's load: with --runs=N, the run with the median
      // performance score is the one reported, written and judged.
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(url, flags, config);
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        if (result.lhr.runtimeError) throw new Error(`Lighthouse (${name}): ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
        runs.push(result);
        if (RUNS > 1) console.log(`${name} run ${i + 1}: performance ${Math.round(result.lhr.categories.performance.score * 100)}`);
      }
      runs.sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score);
      const result = runs[Math.floor((RUNS - 1) / 2)];
      const [json, html] = result.report;
      writeFileSync(`${outDir}${name}.report.json`, json);
      writeFileSync(`${outDir}${name}.report.html`, html);
      const s = summarise(RUNS > 1 ? `${name} (median of ${RUNS})` : name, result.lhr);
      console.log(s.lines.join('\n'));
      results.push({ name, ...s });
    }
  } finally {
    await chrome?.kill();
    server.kill();
  }
  console.log(`Reports: ${outDir}{mobile,desktop}.report.{html,json} (page ${url})`);
  if (assert) {
    const below = results.flatMap((r) =>
      Object.entries(BAR).filter(([k, bar]) => r[k] < bar).map(([k, bar]) => `${r.name} ${k} ${r[k]} < ${bar}`),
    );
    if (below.length) {
      console.error(`Below the bar: ${below.join('; ')}`);
      process.exitCode = 1;
    } else console.log(`--assert: performance >= ${BAR.performance} and accessibility = ${BAR.accessibility} on mobile and desktop`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
