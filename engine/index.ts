/**
 * The engine's public surface: what figures, the worker, the command line and tests import.
 * Pure TypeScript, no DOM and no I/O; randomness always comes from a seed.
 */
export { createRng } from './rng';
export type { Rng } from './rng';
export { activations, activationByName, sigmoid, sigmoidPrime } from './activations';
export type { Activation, ActivationName } from './activations';
export { initialisers, initialiserByName } from './initialisers';
export type { Initialiser, InitName } from './initialisers';
export { costs, costByName } from './costs';
export type { Cost, CostName } from './costs';
export { createNetwork, cloneNetwork, zerosLike } from './network';
export type { Network, NetworkOptions } from './network';
export { gradients, feedforward } from './backprop';
export type { Grads } from './backprop';
export { headOf } from './dataset';
export type { Dataset } from './dataset';
export { evaluate } from './evaluate';
export type { Evaluation } from './evaluate';
export { layerSpeeds, meanGradients, speedsFromGrads, norm } from './speeds';
export { train, sgdUpdate, describeLayer } from './train';
export type { TrainOptions, TrainResult, EpochRecord, Divergence, Checkpoint } from './train';
export { MNIST_SPLITS, loadSplit, gunzip, parseIdxImages, parseIdxLabels, datasetFromIdx } from './mnist';
export type { SplitName, ReadAsset } from './mnist';
export { isAbortError } from './schedule';
export type { RunContext } from './schedule';
export { experiments, getExperiment, validate, runExperiment } from './experiments/index';
export type { Experiment, LoadSplit } from './experiments/index';
export { parseParams, defaults, checkParam, formatParam, ParamError } from './params';
export type { ParamSpec, ParamDecl, ParamValues, NumberParam, ChoiceParam, SizesParam, BoolParam } from './params';
