/**
 * Build-time first paints: a figure's Astro wrapper runs the same experiment in Node, so the page
 * is complete without JavaScript and prints well. Results are memoised per (name, params) within
 * a build and cached on disk across builds, keyed by the engine's source, so a long experiment
 * (hundreds of training epochs) costs its time once, not on every `npm start`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runExperiment } from '../../engine/experiments/index';
import { loadSplitFromDisk } from '../../engine/node-data';

const ENGINE_DIR = resolve(process.cwd(), 'engine');
const CACHE_DIR = resolve(process.cwd(), 'node_modules/.cache/first-paint');
const memo = new Map<string, Promise<unknown>>();
let engineHash: string | undefined;

/** A hash of every engine source file: any change to the engine invalidates cached results. */
function hashEngine(): string {
  if (engineHash) return engineHash;
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) h.update(entry.name).update(readFileSync(full));
    }
  };
  walk(ENGINE_DIR);
  return (engineHash = h.digest('hex'));
}

async function compute(name: string, params: Record<string, unknown>): Promise<unknown> {
  const key = createHash('sha256').update(hashEngine()).update(JSON.stringify([name, params])).digest('hex').slice(0, 32);
  const file = join(CACHE_DIR, `${name}-${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // not cached yet
  }
  const result = await runExperiment(name, params, (s) => loadSplitFromDisk(s));
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(result));
  return result;
}

export function firstPaint<R>(name: string, params: Record<string, unknown>): Promise<R> {
  const key = JSON.stringify([name, params]);
  if (!memo.has(key)) memo.set(key, compute(name, params));
  return memo.get(key) as Promise<R>;
}
