/**
 * The registry of experiments by name, and the one way to run one: validate the raw parameters
 * against its declaration, load the data it asks for, run it. The command line, the worker and
 * the build-time first paints all go through runExperiment.
 */
import type { Dataset } from '../dataset';
import type { SplitName } from '../mnist';
import type { ParamValues } from '../params';
import { ParamError, parseParams } from '../params';
import type { RunContext } from '../schedule';
import { experimentList } from './registry.generated';
import type { Experiment } from './types';

// Every experiment file in this folder, found by scripts/generate-registries.mjs; the name each
// declares is its key (and its command-line name).
export const experiments: Record<string, Experiment<any, any>> = Object.fromEntries(experimentList.map((e) => [e.name, e]));

export function getExperiment(name: string): Experiment<any, any> {
  const e = Object.hasOwn(experiments, name) ? experiments[name] : undefined;
  if (!e) throw new Error(`unknown experiment "${name}" (available: ${Object.keys(experiments).join(', ')})`);
  return e;
}

/** Parameters checked one by one against the declaration, then together by the experiment. */
export function validate<E extends Experiment<any, any>>(e: E, raw: Record<string, unknown>): ParamValues<E['params']> {
  const p = parseParams(e.params, raw);
  const problems = e.check?.(p) ?? [];
  if (problems.length) throw new ParamError(problems);
  return p;
}

export type LoadSplit = (split: SplitName) => Promise<Dataset>;

export async function runExperiment(name: string, raw: Record<string, unknown>, load: LoadSplit, ctx: RunContext = {}): Promise<unknown> {
  const e = getExperiment(name);
  const p = validate(e, raw);
  const data: Partial<Record<SplitName, Dataset>> = {};
  for (const split of e.data(p)) data[split] = await load(split);
  ctx.signal?.throwIfAborted();
  return e.run(p, data, ctx);
}

export type { Experiment } from './types';
