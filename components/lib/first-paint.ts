/**
 * Build-time first paints: a figure's Astro wrapper runs the same experiment in Node, so the page
 * is complete without JavaScript and prints well. Results are memoised per (name, params).
 */
import { runExperiment } from '../../engine/experiments/index';
import { loadSplitFromDisk } from '../../engine/node-data';

const memo = new Map<string, Promise<unknown>>();

export function firstPaint<R>(name: string, params: Record<string, unknown>): Promise<R> {
  const key = JSON.stringify([name, params]);
  if (!memo.has(key)) memo.set(key, runExperiment(name, params, (s) => loadSplitFromDisk(s)));
  return memo.get(key) as Promise<R>;
}
