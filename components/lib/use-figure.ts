/**
 * The life of a live figure, shared by every island:
 *
 *            params change (debounced)              result
 *   ready ---------------------------> running ------------> ready
 *     ^                                 |   |  result.diverged
 *     |            retry / new params   |   '--------------> diverged
 *     '---------------------------------+------------------> error (engine threw, worker died)
 *
 * The first paint comes from the build (the same experiment run in Node); on hydration the figure
 * recomputes in a worker, so what the reader sees is always the engine's own output.
 */
import { useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { ParamDecl, ParamValues } from '../../engine/params';
import { checkParam, defaults as declDefaults, ParamError } from '../../engine/params';
import { cancel, isAbort, run } from './engine-client';
import { readUrlParams, writeUrlParams } from './url-state';

export type FigureState = 'ready' | 'running' | 'diverged' | 'error';

export interface FigureRunOptions<D extends ParamDecl, R> {
  figureId: string;
  decl: D;
  /** Instructor presets from MDX props, already checked. */
  initialValues: Partial<ParamValues<D>>;
  /** The build-time result for the initial values (first paint), if any. */
  initial?: R;
  /** Maps the figure's values to the experiment's name and parameters. */
  job(values: ParamValues<D>): { name: string; params: Record<string, unknown> };
  /** Wait this long after the last change before recomputing (slider drags). */
  debounceMs?: number;
}

/** Experiments report a blow-up as a `diverged` field in their result. */
function divergence(r: unknown): { message: string } | undefined {
  return (r as { diverged?: { message: string } } | undefined)?.diverged;
}

export function useFigure<D extends ParamDecl, R extends object>(opts: FigureRunOptions<D, R>) {
  const { figureId, decl } = opts;
  const start = useMemo(() => ({ ...declDefaults(decl), ...opts.initialValues }) as ParamValues<D>, []);
  const values = useSignal<ParamValues<D>>(start);
  const result = useSignal<R | undefined>(opts.initial);
  const partial = useSignal<unknown>(undefined);
  const source = useSignal<'build' | 'worker'>('build');
  const state = useSignal<FigureState>(opts.initial ? (divergence(opts.initial) ? 'diverged' : 'ready') : 'running');
  const progress = useSignal<number | null>(null);
  const message = useSignal<string>('');
  const notice = useSignal<string>('');
  const attempt = useSignal(0);

  // Apply link parameters once, after hydration (the server has no URL).
  useEffect(() => {
    const { values: fromUrl, problems } = readUrlParams(figureId, decl, values.value);
    if (problems.length) notice.value = problems.join('; ');
    values.value = fromUrl as ParamValues<D>;
  }, []);

  useSignalEffect(() => {
    const v = values.value;
    attempt.value; // re-run on retry
    let timer: ReturnType<typeof setTimeout> | undefined;
    timer = setTimeout(() => {
      writeUrlParams(figureId, decl, v, start);
      const { name, params } = opts.job(v);
      state.value = 'running';
      progress.value = null;
      message.value = '';
      run<R>(figureId, name, params, {
        onProgress: (f, p) => {
          progress.value = f;
          if (p !== undefined) partial.value = p;
        },
      }).then(
        (r) => {
          result.value = r;
          partial.value = undefined;
          source.value = 'worker';
          progress.value = null;
          const d = divergence(r);
          state.value = d ? 'diverged' : 'ready';
          message.value = d ? d.message : '';
        },
        (e) => {
          if (isAbort(e)) return; // a newer run owns the state now
          state.value = 'error';
          progress.value = null;
          message.value = (e as Error).message;
        },
      );
    }, opts.debounceMs ?? 120);
    return () => clearTimeout(timer);
  });

  useEffect(() => () => cancel(figureId), []);

  /** Sets one value from a control, refusing (with a message) anything outside its declaration. */
  function set(name: keyof D & string, raw: unknown): boolean {
    const r = checkParam(name, decl[name], raw);
    if ('problem' in r) {
      notice.value = `not applied: ${r.problem}`;
      return false;
    }
    notice.value = '';
    values.value = { ...values.value, [name]: r.value };
    return true;
  }

  return {
    values,
    result,
    partial,
    source,
    state,
    progress,
    message,
    notice,
    set,
    reset: () => {
      notice.value = '';
      values.value = { ...start };
    },
    stop: () => {
      cancel(figureId);
      if (state.value === 'running') {
        state.value = result.value ? 'ready' : 'error';
        message.value = 'stopped';
      }
    },
    retry: () => {
      attempt.value++;
    },
    busy: useComputed(() => state.value === 'running'),
  };
}

/** Checks MDX props against the declaration so an instructor's typo fails the build clearly. */
export function checkProps<D extends ParamDecl>(figureId: string, decl: D, props: Record<string, unknown>): Partial<ParamValues<D>> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(decl)) {
    if (props[name] === undefined) continue;
    const r = checkParam(name, spec, props[name]);
    if ('problem' in r) problems.push(r.problem);
    else out[name] = r.value;
  }
  if (problems.length) throw new ParamError(problems.map((p) => `<figure ${figureId}> prop ${p}`));
  return out as Partial<ParamValues<D>>;
}
