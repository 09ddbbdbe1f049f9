/**
 * Build-time first paints: a figure's Astro wrapper runs the same experiment in Node, so the page
 * is complete without JavaScript and prints well. Results are memoised per (name, params) within
 * a build and cached on disk across builds, keyed by the engine source it depends on (everything
 * but the other experiments' files), so a long experiment (hundreds of training epochs) costs its
 * time once, not on every `npm start`, and editing one experiment does not recompute the others.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { experiments, runExperiment } from '../../engine/experiments/index';
import { loadSplitFromDisk } from '../../engine/node-data';

const ENGINE_DIR = resolve(process.cwd(), 'engine');
const CACHE_DIR = resolve(process.cwd(), 'node_modules/.cache/first-paint');
const memo = new Map<string, Promise<unknown>>();
const engineHashes = new Map<string, string>();

/** A hash of the engine files experiment `name` can depend on: any change there invalidates it. */
function hashEngine(name: string): string {
  const known = engineHashes.get(name);
  if (known) return known;
  const others = new Set(Object.keys(experiments).filter((n) => n !== name).map((n) => `${n}.ts`));
  const h = createHash('sha256');
  const walk = (dir: string, inExperiments: boolean) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, entry.name === 'experiments');
      else if (entry.name.endsWith('.ts') && !(inExperiments && others.has(entry.name))) h.update(entry.name).update(readFileSync(full));
    }
  };
  walk(ENGINE_DIR, false);
  const digest = h.digest('hex');
  engineHashes.set(name, digest);
  return digest;
}

async function compute(name: string, params: Record<string, unknown>): Promise<unknown> {
  const key = createHash('sha256').update(hashEngine(name)).update(JSON.stringify([name, params])).digest('hex').slice(0, 32);
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
