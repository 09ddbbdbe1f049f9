/**
 * A figure's parameters in the page URL (?layer-speeds.seed=3&layer-speeds.hidden=5), so a link
 * reproduces what the reader saw. Values are validated against the figure's declaration; a bad
 * one is reported and ignored, never half-applied. Keys of other figures, and any other query
 * parameter, are left as they are. The pure halves (a query string in, a URL out) are tested in
 * Node; the two functions at the end only bind them to `location` and `history`.
 */
import type { ParamDecl } from '../../engine/params';
import { formatParam, ParamError, parseParams } from '../../engine/params';

/**
 * The figure's values from a query string over `base`, or, if any of its keys is bad, `base`
 * unchanged with every problem found.
 */
export function paramsFromSearch(search: string, figureId: string, decl: ParamDecl, base: Record<string, unknown>): { values: Record<string, unknown>; problems: string[] } {
  const prefix = `${figureId}.`;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(search)) {
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

/**
 * `url` with the figure's keys set to the values that differ from `defaults` and the rest of its
 * keys removed. A key already in the link keeps its place, so writing the state a link just set
 * gives back the same link (and no history call).
 */
export function urlWithParams(url: URL, figureId: string, decl: ParamDecl, values: Record<string, unknown>, defaults: Record<string, unknown>): URL {
  const out = new URL(url);
  const set = new Set<string>();
  for (const [name, spec] of Object.entries(decl)) {
    const v = formatParam(spec, values[name]);
    if (v === formatParam(spec, defaults[name])) continue;
    out.searchParams.set(`${figureId}.${name}`, v);
    set.add(`${figureId}.${name}`);
  }
  for (const key of [...out.searchParams.keys()]) if (key.startsWith(`${figureId}.`) && !set.has(key)) out.searchParams.delete(key);
  return out;
}

/** The figure's values from the page's URL over `base` (just `base` in the build: no URL there). */
export function readUrlParams(figureId: string, decl: ParamDecl, base: Record<string, unknown>): { values: Record<string, unknown>; problems: string[] } {
  if (typeof location === 'undefined') return { values: base, problems: [] };
  return paramsFromSearch(location.search, figureId, decl, base);
}

/** Writes the values that differ from `defaults` into the page's URL without adding history entries. */
export function writeUrlParams(figureId: string, decl: ParamDecl, values: Record<string, unknown>, defaults: Record<string, unknown>): void {
  if (typeof location === 'undefined') return;
  const url = urlWithParams(new URL(location.href), figureId, decl, values, defaults);
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}
