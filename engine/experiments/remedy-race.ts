/**
 * The remedies race: two to four configurations of a deep network (10-20 hidden layers of 30),
 * each one of the second chapter's presets, trained side by side on the same MNIST images with
 * the same mini-batch SGD (same shuffles), validation accuracy after every epoch and on a
 * validation subsample five times an epoch, so the reader sees which fixes train and which do
 * not. A configuration that blows up is a result, not a failure of the race: its run records
 * where, and the others go on. `parts` trains each configuration on its own worker.
 */
import type { ActivationName } from '../activations';
import type { Dataset } from '../dataset';
import { headOf } from '../dataset';
import type { InitName } from '../initialisers';
import type { NormName } from '../network';
import { createNetwork } from '../network';
import type { ParamValues } from '../params';
import type { RunContext } from '../schedule';
import { train } from '../train';
import { mnistSizes, PRESETS, seedParam } from './common';
import type { PresetName } from './common';
import { SHUFFLE_SEED_OFFSET } from './train';
import type { DivergedInfo } from './types';
import { defineExperiment, need } from './types';

export interface RaceRun {
  preset: PresetName;
  label: string;
  /** Validation accuracy (a fraction) on all validation images after each completed epoch. */
  accuracy: number[];
  /** Accuracy on the validation subsample within each epoch, at `at` epochs of training. */
  checkpoints: { at: number; accuracy: number }[];
  diverged?: DivergedInfo;
}

export interface RemedyRaceResult {
  sizes: number[];
  epochs: number;
  /** Validation images for each epoch's evaluation, and the subsample used within epochs. */
  validationSize: number;
  subsampleSize: number;
  /** One per configuration in the order a, b, c, d (those not 'off'); absent until started. */
  runs: RaceRun[];
}

const presetOptions = (Object.keys(PRESETS) as PresetName[]).map((k) => ({ value: k, label: PRESETS[k].label }));
const slot = (label: string, def: string, optional: boolean) => ({
  kind: 'choice' as const,
  default: def,
  label,
  options: [...presetOptions, ...(optional ? [{ value: 'off', label: '(none)' }] : [])],
});

const params = {
  a: slot('Configuration A', 'book', false),
  b: slot('Configuration B', 'batch-norm', true),
  c: slot('Configuration C', 'residual', true),
  d: slot('Configuration D', 'he-residual', true),
  hidden: { kind: 'int' as const, default: 15, min: 10, max: 20, step: 1, label: 'Hidden layers' },
  epochs: { kind: 'int' as const, default: 3, min: 1, max: 20, step: 1, label: 'Epochs' },
  trainSize: { kind: 'int' as const, default: 10000, min: 1000, max: 50000, step: 1000, label: 'Training images' },
  eta: { kind: 'number' as const, default: 0.1, min: 0.001, max: 3, step: 0.001, label: 'Learning rate η', scale: 'log' as const },
  seed: seedParam,
};
type P = ParamValues<typeof params>;

const VALIDATION = 1000;
const SUBSAMPLE = 200;
const PER_EPOCH = 5;
const MINI_BATCH = 10;

/** The configurations the race runs, in slot order, skipping 'off'. */
export function raceConfigs(p: Pick<P, 'a' | 'b' | 'c' | 'd'>): PresetName[] {
  return [p.a, p.b, p.c, p.d].filter((x) => x !== 'off') as PresetName[];
}

/**
 * Relative work of one configuration, for scheduling and progress: on the kernels a normalised or
 * residual network of 15 hidden layers trains about 15 % more slowly per image than a plain one
 * (35,000 against 40,000 images/s in Node, 2026-12-04); the reference, where it runs, about twice.
 */
const workOf = (name: PresetName) => (PRESETS[name].norm !== 'none' || PRESETS[name].residual ? 1.15 : 1);

async function runOne(p: P, name: PresetName, data: { training: Dataset; validation: Dataset; subsample: Dataset }, ctx: RunContext, onUpdate: (run: RaceRun, fraction: number) => void): Promise<RaceRun> {
  const preset = PRESETS[name];
  const sizes = mnistSizes(p.hidden);
  const net = createNetwork({ sizes, seed: p.seed, activation: preset.activation as ActivationName, init: preset.init as InitName, norm: preset.norm as NormName, residual: preset.residual });
  const run: RaceRun = { preset: name, label: preset.label, accuracy: [], checkpoints: [] };
  const result = await train(net, data.training, {
    epochs: p.epochs, miniBatch: MINI_BATCH, eta: p.eta, lambda: 0,
    seed: p.seed + SHUFFLE_SEED_OFFSET, evaluation: data.validation, signal: ctx.signal, gate: ctx.gate,
    checkpoints: { perEpoch: PER_EPOCH, data: data.subsample, onCheckpoint: (c) => run.checkpoints.push({ at: c.at, accuracy: c.evaluation.accuracy }) },
    onEpoch: (r) => run.accuracy.push(r.evaluation!.accuracy),
    onProgress: (f) => onUpdate(run, f),
  });
  if (result.outcome === 'diverged') run.diverged = result.divergence;
  return run;
}

/** What every race result says besides its runs. */
const frameOf = (p: P) => ({ sizes: mnistSizes(p.hidden), epochs: p.epochs, validationSize: VALIDATION, subsampleSize: SUBSAMPLE });

const copy = (r: RaceRun): RaceRun => ({ ...r, accuracy: r.accuracy.slice(), checkpoints: r.checkpoints.slice() });

export default defineExperiment({
  name: 'remedy-race',
  title: 'The remedies race',
  description: 'Two to four configurations of a network of 10-20 hidden layers (the second chapter\'s presets) trained side by side on the same MNIST images, validation accuracy streamed, a blow-up recorded as a result.',
  params,
  check: (p) => {
    // One configuration is a valid run (each worker's part is one); the figure asks for two or more.
    const configs = raceConfigs(p);
    return new Set(configs).size !== configs.length ? ['a, b, c, d: each configuration may run once'] : [];
  },
  data: () => ['train', 'validation'],
  async run(p, data, ctx): Promise<RemedyRaceResult> {
    const validation = headOf(need(data, 'validation'), VALIDATION);
    const sets = { training: headOf(need(data, 'train'), p.trainSize), validation, subsample: headOf(validation, SUBSAMPLE) };
    const configs = raceConfigs(p);
    const total = configs.reduce((s, c) => s + workOf(c), 0);
    const out: RemedyRaceResult = { ...frameOf(p), runs: [] };
    let done = 0;
    for (const name of configs) {
      const run = await runOne(p, name, sets, ctx, (r, f) => ctx.onProgress?.((done + f * workOf(name)) / total, { ...out, runs: [...out.runs.map(copy), copy(r)] }));
      out.runs.push(run);
      done += workOf(name);
    }
    return { ...out, runs: out.runs.map(copy) };
  },
  // Each configuration on its own worker; the same seed gives every part the numbers it has in a sequential run.
  parts: (p) => raceConfigs(p).map((name) => ({
    params: { ...p, a: name, b: 'off', c: 'off', d: 'off' },
    work: workOf(name) * p.epochs * p.trainSize,
  })),
  combine(p, parts) {
    return { ...frameOf(p), runs: parts.flatMap((r) => (r ? r.runs.map(copy) : [])) };
  },
});
