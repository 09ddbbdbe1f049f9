/**
 * The parameters of the gradient-bars experiment (E2, the chapter's bars figure), declared once
 * for the engine, the command line, URL state and the figure's controls. No engine imports: the
 * figure's bundle loads this module, not the experiment.
 */
import type { ParamDecl } from '../params';
import { initParam, seedParam } from './common';

export const gradientBarsParams = {
  seed: seedParam,
  init: initParam,
  shown: { kind: 'int', default: 6, min: 1, max: 30, step: 1, label: 'Neurons shown per layer' },
} satisfies ParamDecl;
