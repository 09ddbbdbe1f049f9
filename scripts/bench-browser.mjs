// npm run bench:browser: the page's speed in a real Chromium, against the built site (dist/):
//   - how long after navigation the first figure (Figure 1) is ready when scrolled to at once
//     (figures hydrate when visible; its first paint comes from the build, not recomputed);
//   - Figure 4 with its defaults: Start to `ready`, from the browser's own clock, pressed after
//     the figure has been on screen for BENCH_LOOK_MS (default 1000; 0 for a cold start);
//   - Figure 1's full protocol (the book's 30 epochs x 50,000 images, four networks): Start to
//     `ready`, and the accuracies it ends at (skip it with --quick);
//   - the longest main-thread task (Long Tasks API) while each run trains.
// Prints one JSON object (with --json) or a short table. Measured, not asserted: timed tests fail
// on a loaded machine for the wrong reasons. Build first (`npm run build`).
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { cpus, totalmem } from 'node:os';
import { findChromium } from './chromium.mjs';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const engine = process.argv.includes('--reference') ? 'reference' : '';
const port = Number(process.env.BENCH_PORT || 4339);
const LOOK_MS = Number(process.env.BENCH_LOOK_MS ?? 1000);
const log = (msg) => (json ? process.stderr : process.stdout).write(msg + '\n');

const server = spawn(process.execPath, ['scripts/serve.mjs'], { env: { ...process.env, PORT: String(port), STRICT_PORT: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  server.stdout.on('data', (d) => String(d).includes('http') && resolve());
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const found = findChromium();
if (!found) throw new Error('No Chromium found: run `bash scripts/ensure-browser.sh` or set CHROMIUM_PATH.');
const browser = await chromium.launch({ executablePath: found.executablePath, args: found.args });
const results = {};
try {
  const page = await browser.newPage();
  // Long tasks on the page's main thread, gathered from the first moment of every navigation.
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const url = `http://127.0.0.1:${port}/${engine ? `?engine=${engine}` : ''}`;
  await page.goto(url);
  const first = page.locator('figure[data-figure]').first();
  await first.waitFor();
  // Figures hydrate when visible: bring the first one into view at once, as a reader jumping to it would.
  await first.scrollIntoViewIfNeeded();
  // The first figure is ready when its island has hydrated (Astro drops `ssr`) and it says ready.
  await page.waitForFunction(() => {
    const island = document.querySelector('astro-island:has(figure[data-figure])');
    const fig = island?.querySelector('figure[data-figure]');
    return island && !island.hasAttribute('ssr') && fig?.getAttribute('data-state') === 'ready';
  });
  results.first_figure = await first.getAttribute('data-figure');
  results.first_figure_ready_ms = await page.evaluate(() => performance.now());
  results.dom_content_loaded_ms = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null);
  results.load_event_ms = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? null);
  results.hardware_concurrency = await page.evaluate(() => navigator.hardwareConcurrency);

  /** Clicks Start on a figure and waits for it to be ready again; the time from the page's clock. */
  async function run(id, timeoutMs) {
    const fig = page.locator(`figure[data-figure="${id}"]`);
    await fig.scrollIntoViewIfNeeded();
    await page.waitForFunction((id) => {
      const island = document.querySelector(`astro-island:has(figure[data-figure="${id}"])`);
      return island && !island.hasAttribute('ssr');
    }, id);
    await fig.getByRole('button', { name: 'Start' }).waitFor();
    // A reader looks at a figure before pressing Start; meanwhile a long figure gets a worker
    // ready (use-figure.ts's warm-up). BENCH_LOOK_MS=0 presses at once, as a cold start.
    await page.waitForTimeout(LOOK_MS);
    await page.evaluate(() => (window.__longTasks = []));
    // The moment the figure leaves `running`, stamped in the page as it happens (the wait below
    // polls every 200 ms, which would otherwise add up to 200 ms to a 3-second run).
    await page.evaluate((id) => {
      const el = document.querySelector(`figure[data-figure="${id}"]`);
      window.__doneAt = null;
      let started = false;
      new MutationObserver((_, obs) => {
        const state = el.getAttribute('data-state');
        if (state === 'running') started = true;
        else if (started) {
          window.__doneAt = performance.now();
          obs.disconnect();
        }
      }).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    }, id);
    const t0 = await page.evaluate(() => performance.now());
    await fig.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction((id) => document.querySelector(`figure[data-figure="${id}"]`)?.getAttribute('data-state') === 'running', id);
    await page.waitForFunction(() => window.__doneAt !== null, undefined, { timeout: timeoutMs, polling: 200 });
    const t1 = await page.evaluate(() => window.__doneAt);
    const state = await fig.getAttribute('data-state');
    const tasks = await page.evaluate(() => window.__longTasks);
    return { seconds: (t1 - t0) / 1000, state, longest_task_ms: Math.max(0, ...tasks.map((t) => t.duration)), long_tasks: tasks.length, fig };
  }

  log('Figure 4 (training-speeds), defaults ...');
  const e4 = await run('training-speeds', 120_000);
  Object.assign(results, { look_ms: LOOK_MS, e4_seconds: e4.seconds, e4_state: e4.state, e4_longest_task_ms: e4.longest_task_ms, e4_long_tasks: e4.long_tasks });

  if (!quick) {
    log('Figure 1 (depth-accuracy), the book\'s full protocol ...');
    const e1 = await run('depth-accuracy', 900_000);
    const rows = await e1.fig.locator('tr[data-hidden-layers]').evaluateAll((trs) =>
      trs.map((tr) => ({ hidden: Number(tr.getAttribute('data-hidden-layers')), accuracy: Number(tr.getAttribute('data-accuracy')) })),
    );
    Object.assign(results, { e1_seconds: e1.seconds, e1_state: e1.state, e1_longest_task_ms: e1.longest_task_ms, e1_long_tasks: e1.long_tasks, e1_accuracy: rows });
  }
} finally {
  await browser.close();
  server.kill();
}

const report = { date: new Date().toISOString(), machine: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`, browser: found.executablePath ?? 'playwright chromium', engine: engine || 'auto', ...results };
if (json) console.log(JSON.stringify(report));
else console.log(JSON.stringify(report, null, 2));
