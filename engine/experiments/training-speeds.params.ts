/**
 * The parameters of the training-speeds experiment (E4, Figure 4's), declared once for the engine,
 * the command line, URL state and the figure's controls. No engine imports: the figure's bundle
 * loads this module, not the experiment.
 */
import type { ParamDecl } from '../params';
import { seedParam, sizesParam } from './common';

export const trainingSpeedsParams = {
  sizes: sizesParam([784, 30, 30, 30, 30, 10]),
  eta: { kind: 'number', default: 0.1, min: 0.001, max: 10000, step: 0.001, label: 'Learning rate η', scale: 'log' },
  lambda: { kind: 'number', default: 5, min: 0, max: 100, step: 0.1, label: 'Regularisation λ' },
  epochs: { kind: 'int', default: 500, min: 1, max: 2000, step: 1, label: 'Epochs' },
  samples: { kind: 'int', default: 1000, min: 10, max: 1000, step: 10, label: 'Training images (one full batch)' },
  seed: seedParam,
} satisfies ParamDecl;
