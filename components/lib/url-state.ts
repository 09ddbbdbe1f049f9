/**
 * A figure's parameters in the page URL (?layer-speeds.seed=3&layer-speeds.hidden=5), so a link
 * reproduces what the reader saw. Values are validated against the figure's declaration; a bad
 * one is reported and ignored, never half-applied.
 */
import type { ParamDecl } from '../../engine/params';
import { formatParam, ParamError, parseParams } from '../../engine/params';

/** The figure's values from the URL over `base`, or the problems that stopped them applying. */
export function readUrlParams<D extends ParamDecl>(figureId: string, decl: D, base: Record<string, unknown>): { values: Record<string, unknown>; problems: string[] } {
  if (typeof location === 'undefined') return { values: base, problems: [] };
  const prefix = `${figureId}.`;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(location.search)) {
    if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
  }
  if (Object.keys(raw).length === 0) return { values: base, problems: [] };
  try {
    return { values: { ...base, ...pick(parseParams(decl, raw), Object.keys(raw)) }, problems: [] };
  } catch (e) {
    const problems = e instanceof ParamError ? e.problems : [(e as Error).message];
    return { values: base, problems: problems.map((p) => `link parameter ignored: ${p}`) };
  }
}

function pick(values: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, values[k]]));
}

/** Writes the values that differ from `defaults` into the URL without adding history entries. */
export function writeUrlParams(figureId: string, decl: ParamDecl, values: Record<string, unknown>, defaults: Record<string, unknown>): void {
  if (typeof location === 'undefined') return;
  const url = new URL(location.href);
  for (const key of [...url.searchParams.keys()]) if (key.startsWith(`${figureId}.`)) url.searchParams.delete(key);
  for (const [name, spec] of Object.entries(decl)) {
    const v = formatParam(spec, values[name]);
    if (v !== formatParam(spec, defaults[name])) url.searchParams.set(`${figureId}.${name}`, v);
  }
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}
