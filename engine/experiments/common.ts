/**
 * Parameter declarations shared by several experiments (seed, initialiser, activation, network
 * sizes), so that a slider means the same thing in every figure.
 */
import { activations } from '../activations';
import { initialisers } from '../initialisers';
import type { ChoiceParam, NumberParam, SizesParam } from '../params';

export const seedParam: NumberParam = { kind: 'int', default: 1, min: 0, max: 999999, step: 1, label: 'Seed' };

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

export function sizesParam(defaultSizes: number[]): SizesParam {
  return { kind: 'sizes', default: defaultSizes, min: 1, max: 1000, minLength: 2, maxLength: 16, label: 'Layer sizes' };
}

/** [784, width x hidden, 10]: the chapter's networks. */
export function mnistSizes(hidden: number, width = 30): number[] {
  return [784, ...Array.from({ length: hidden }, () => width), 10];
}
