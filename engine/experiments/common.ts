/**
 * Parameter declarations shared by several experiments (seed, initialiser, activation, network
 * sizes), so that a slider means the same thing in every figure.
 */
import { activations } from '../activations';
import { initialisers } from '../initialisers';
import { NORM_NAMES } from '../network';
import type { NormName } from '../network';
import type { BoolParam, ChoiceParam, NumberParam, SizesParam } from '../params';

export const seedParam: NumberParam = { kind: 'int', default: 1, min: 0, max: 999999, step: 1, label: 'Seed', control: 'number' };

export const initParam: ChoiceParam = {
  kind: 'choice',
  default: 'default',
  label: 'Initialisation',
  options: Object.values(initialisers).map((i) => ({ value: i.name, label: i.label })),
};

export const activationParam: ChoiceParam = {
  kind: 'choice',
  default: 'sigmoid',
  label: 'Hidden activation',
  options: Object.values(activations).map((a) => ({ value: a.name, label: a.label })),
};

/** Up to 16 layers, or up to 52 (fifty hidden layers) where an experiment runs the deep remedied networks. */
export function sizesParam(defaultSizes: number[], maxLength = 16): SizesParam {
  return { kind: 'sizes', default: defaultSizes, min: 1, max: 1000, minLength: 2, maxLength, label: 'Layer sizes' };
}

/** The second chapter's switches (network.ts has their exact meanings). */
const NORM_LABELS = { none: 'none', batch: 'batch norm', layer: 'layer norm' } as const;
export const normParam: ChoiceParam = {
  kind: 'choice',
  default: 'none',
  label: 'Normalisation',
  options: NORM_NAMES.map((n) => ({ value: n, label: NORM_LABELS[n] })),
};

export const residualParam: BoolParam = { kind: 'boolean', default: false, label: 'Skip connections' };

/** Only the orthogonal initialiser has a gain; for any other the experiments require 1. */
export const gainParam: NumberParam = { kind: 'number', default: 1, min: 0.1, max: 10, step: 0.01, label: 'Orthogonal gain (orthogonal initialisation only)', scale: 'log' };

/** A check() for experiments with init and gain: a gain other than 1 needs the orthogonal initialiser. */
export function gainProblems(p: { init: string; gain: number }): string[] {
  return p.gain !== 1 && p.init !== 'orthogonal' ? [`gain: applies only to init orthogonal, not ${p.init} (leave it at 1)`] : [];
}

/** The network options these parameters mean (the gain is passed only to the orthogonal initialiser). */
export function remedyOptions(p: { init: string; gain: number; norm: string; residual: boolean }) {
  return { ...(p.init === 'orthogonal' ? { gain: p.gain } : {}), norm: p.norm as NormName, residual: p.residual };
}

/** [784, width x hidden, 10]: the chapter's networks. */
export function mnistSizes(hidden: number, width = 30): number[] {
  return [784, ...Array.from({ length: hidden }, () => width), 10];
}

/** A check() for residual networks: hidden layers after the first must keep the width. */
export function residualProblems(p: { sizes: number[]; residual: boolean }): string[] {
  if (!p.residual) return [];
  const hidden = p.sizes.slice(1, -1);
  // hidden[i + 1] adds its input, hidden[i]'s output, to its own output: the widths must agree.
  return hidden.slice(1).some((n, i) => n !== hidden[i]) ? ['sizes: residual connections need hidden layers after the first to have equal widths'] : [];
}

/**
 * The second chapter's figures' network: 2-50 hidden layers of 30 and every switch, declared once
 * so that remedy-speeds and signal-propagation (and their controls) cannot drift apart.
 */
export const remedyNetworkParams = {
  hidden: { kind: 'int', default: 30, min: 2, max: 50, step: 1, label: 'Hidden layers' } as NumberParam,
  activation: activationParam,
  init: initParam,
  gain: gainParam,
  norm: normParam,
  residual: residualParam,
  seed: seedParam,
};

/** The comparisons the second chapter makes, as settings of its figures' controls. */
export const PRESETS = {
  book: { label: 'The book\'s network', activation: 'sigmoid', init: 'default', gain: 1, norm: 'none', residual: false },
  xavier: { label: 'tanh + Xavier', activation: 'tanh', init: 'xavier', gain: 1, norm: 'none', residual: false },
  he: { label: 'ReLU + He', activation: 'relu', init: 'he', gain: 1, norm: 'none', residual: false },
  'batch-norm': { label: 'sigmoid + batch norm', activation: 'sigmoid', init: 'default', gain: 1, norm: 'batch', residual: false },
  residual: { label: 'sigmoid + skips', activation: 'sigmoid', init: 'default', gain: 1, norm: 'none', residual: true },
  'he-residual': { label: 'ReLU + He + skips', activation: 'relu', init: 'he', gain: 1, norm: 'none', residual: true },
} as const;
export type PresetName = keyof typeof PRESETS;
