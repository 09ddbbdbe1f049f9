/**
 * Build-time first paints: a figure's Astro wrapper runs the same experiment in Node, so the page
 * is complete without JavaScript and prints well. Results are memoised per (name, params) within
 * a build and cached on disk across builds, keyed by the engine source it depends on (everything
 * but the other experiments' files), so a long experiment (hundreds of training epochs) costs its
 * time once, not on every `npm start`, and editing one experiment does not recompute the others.
 * An experiment in parts (Figure 1's four networks) runs its parts in parallel, one command-line
 * process each, as many at once as the machine has cores, and combines them as the page would.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { experiments, getExperiment, runExperiment, validate } from '../../engine/experiments/index';
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
      // The generated registry only lists the experiments (adding one must not recompute the others).
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.generated.ts') && !(inExperiments && others.has(entry.name))) {
        h.update(entry.name).update(readFileSync(full));
      }
    }
  };
  walk(ENGINE_DIR, false);
  const digest = h.digest('hex');
  engineHashes.set(name, digest);
  return digest;
}

/**
 * The name (without .json) of the result's file in the cache: the experiment's name and a hash of
 * its parameters and of the engine it depends on. The built site ships the same file under the
 * same name (scripts/first-paint-files.mjs copies it from CACHE_DIR).
 */
export function firstPaintKey(name: string, params: Record<string, unknown>): string {
  return `${name}-${createHash('sha256').update(hashEngine(name)).update(JSON.stringify([name, params])).digest('hex').slice(0, 32)}`;
}

async function compute(name: string, params: Record<string, unknown>): Promise<unknown> {
  const file = join(CACHE_DIR, `${firstPaintKey(name, params)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // not cached yet
  }
  const result = (await inParts(name, params)) ?? (await runExperiment(name, params, (s) => loadSplitFromDisk(s)));
  mkdirSync(CACHE_DIR, { recursive: true });
  const text = JSON.stringify(result);
  writeFileSync(file, text);
  // What the file says, not the object: a fresh build then renders exactly what a cached one
  // does and what the browser reads back from the shipped file.
  return JSON.parse(text);
}

/** One part in its own process: the command line, which prints the result as one JSON object. */
function runPart(name: string, params: Record<string, unknown>): Promise<unknown> {
  const flags = Object.entries(params).flatMap(([k, v]) => [`--${k}`, Array.isArray(v) ? v.join(',') : String(v)]);
  return new Promise((resolvePart, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/experiment.ts', name, ...flags, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePart(JSON.parse(out)) : reject(new Error(`first paint of ${name} ${flags.join(' ')}: exit ${code}: ${err.trim()}`))));
  });
}

/** The experiment's parts run in parallel processes and combined, or undefined if it has no parts. */
async function inParts(name: string, params: Record<string, unknown>): Promise<unknown | undefined> {
  const e = getExperiment(name);
  if (!e.parts || !e.combine) return undefined;
  const p = validate(e, params);
  const parts = e.parts(p);
  if (parts.length < 2) return undefined;
  const results: unknown[] = new Array(parts.length);
  const queue = parts.map((_, i) => i).sort((a, b) => parts[b].work - parts[a].work); // longest first
  const lane = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) results[i] = await runPart(name, parts[i].params);
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), parts.length) }, lane));
  return e.combine(p, results);
}

export function firstPaint<R>(name: string, params: Record<string, unknown>): Promise<R> {
  const key = JSON.stringify([name, params]);
  if (!memo.has(key)) memo.set(key, compute(name, params));
  return memo.get(key) as Promise<R>;
}
