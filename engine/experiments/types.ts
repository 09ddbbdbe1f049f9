/**
 * What an experiment is: a named, pure async function of validated parameters, the data it
 * asked for and a run context (abort signal, progress), returning plain data that can cross a
 * worker boundary. A run that blows up returns `diverged` rather than throwing: it is a lesson.
 */
import type { Dataset } from '../dataset';
import type { SplitName } from '../mnist';
import type { ParamDecl, ParamValues } from '../params';
import type { RunContext } from '../schedule';

export interface DivergedInfo {
  epoch: number;
  layer: number;
  message: string;
}

export interface Experiment<D extends ParamDecl = ParamDecl, R = unknown> {
  name: string;
  title: string;
  /** One or two sentences for --help and the registry listing. */
  description: string;
  params: D;
  /** Problems that involve several parameters at once (each a sentence); none means valid. */
  check?(params: ParamValues<D>): string[];
  /** Which data splits a run with these parameters needs (none for closed-form experiments). */
  data(params: ParamValues<D>): SplitName[];
  run(params: ParamValues<D>, data: Partial<Record<SplitName, Dataset>>, ctx: RunContext): Promise<R>;
  /**
   * For experiments that train several independent networks: the run split into parts that the
   * engine client may run on separate workers at once. Each part is this experiment's raw
   * parameters for a sub-run, with its share of the work (relative, any unit: it weighs the
   * progress fraction and lets the longest parts start first). `run` itself stays sequential.
   */
  parts?(params: ParamValues<D>): ExperimentPart[];
  /**
   * Merges the parts' results (or their partial results so far; undefined for a part not yet
   * started), in part order, into one result. Contract, held by a test: combining the results of
   * every part deep-equals `run` with the same parameters. A part whose result is `diverged`
   * ends the run there, as it would sequentially: later parts are ignored (and may be cancelled).
   */
  combine?(params: ParamValues<D>, parts: (R | undefined)[]): R;
}

export interface ExperimentPart {
  params: Record<string, unknown>;
  work: number;
}

/** Keeps the parameter types of an experiment while storing it in the registry. */
export function defineExperiment<D extends ParamDecl, R>(e: Experiment<D, R>): Experiment<D, R> {
  return e;
}

/** The data a run asked for, or a clear error if the caller did not supply it. */
export function need(data: Partial<Record<SplitName, Dataset>>, split: SplitName): Dataset {
  const d = data[split];
  if (!d) throw new Error(`this experiment needs the ${split} data, which was not loaded`);
  return d;
}
