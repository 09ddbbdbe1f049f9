/**
 * The parameters of Figure 1's experiment (depth-accuracy), declared once for the engine, the
 * command line, URL state and the figure's controls. No engine imports: the figure's bundle loads
 * this module, not the experiment.
 */
import type { ParamDecl } from '../params';
import { seedParam } from './common';

export const depthAccuracyParams = {
  depths: { kind: 'sizes', default: [1, 2, 3, 4], min: 1, max: 6, minLength: 1, maxLength: 6, label: 'Hidden layers of each network' },
  width: { kind: 'int', default: 30, min: 1, max: 100, step: 1, label: 'Neurons per hidden layer' },
  epochs: { kind: 'int', default: 30, min: 1, max: 60, step: 1, label: 'Epochs' },
  trainSize: { kind: 'int', default: 50000, min: 100, max: 50000, step: 100, label: 'Training images' },
  validationSize: { kind: 'int', default: 10000, min: 100, max: 10000, step: 100, label: 'Validation images' },
  miniBatch: { kind: 'int', default: 10, min: 1, max: 50000, step: 1, label: 'Mini-batch size' },
  eta: { kind: 'number', default: 0.1, min: 0.0001, max: 100, step: 0.01, label: 'Learning rate η', scale: 'log' },
  lambda: { kind: 'number', default: 5, min: 0, max: 100, step: 0.1, label: 'Regularisation λ' },
  seed: seedParam,
  perEpoch: { kind: 'int', default: 1, min: 1, max: 20, step: 1, label: 'Evaluations per epoch (the last on all validation images)' },
  checkpointSize: { kind: 'int', default: 1000, min: 100, max: 10000, step: 100, label: 'Validation images for the evaluations within an epoch (at most validationSize)' },
} satisfies ParamDecl;
