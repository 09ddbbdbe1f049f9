/**
 * A figure's parameters in the page URL (?layer-speeds.seed=3&layer-speeds.hidden=5), so a link
 * reproduces what the reader saw. Values are validated against the figure's declaration, each on
 * its own: a bad one is reported and ignored, and the link's good ones still apply (a reader sent
 * a link with one value out of date sees the rest of it, and a notice naming the one that was
 * not applied). Keys of other figures, and any other query
 * parameter, are left as they are. The pure halves (a query string in, a URL out) are tested in
 * Node; the two functions at the end only bind them to `location` and `history`.
 */
import type { ParamDecl } from '../../engine/params';
import { formatParam, ParamError, parseParams } from '../../engine/params';

/**
 * A figure's named presets, for links: `?chain-product.preset=exploding` sets the values the preset
 * stands for, as the `preset` prop does in a chapter, and the link's other keys then win over it
 * (`preset=typical&seed=7` is seed 7's typical draw).
 */
export interface LinkPresets {
  names: readonly string[];
  /** The values with the preset applied (it may read other values, e.g. the seed). */
  apply(name: string, values: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The figure's values from a query string over `base`: every good key applied, every bad one left
 * at `base` and named in `problems`. With no good key, `base` itself.
 */
export function paramsFromSearch(
  search: string,
  figureId: string,
  decl: ParamDecl,
  base: Record<string, unknown>,
  presets?: LinkPresets,
): { values: Record<string, unknown>; problems: string[] } {
  const prefix = `${figureId}.`;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
  }
  const good: Record<string, unknown> = {};
  const problems: string[] = [];
  let preset: string | undefined;
  if (presets && 'preset' in raw) {
    const name = String(raw.preset);
    delete raw.preset;
    if (presets.names.includes(name)) preset = name;
    else problems.push(`link parameter ignored: preset=${name}: expected one of ${presets.names.join(', ')}`);
  }
  for (const [key, value] of Object.entries(raw)) {
    try {
      good[key] = parseParams(decl, { [key]: value })[key];
    } catch (e) {
      for (const p of e instanceof ParamError ? e.problems : [(e as Error).message]) problems.push(`link parameter ignored: ${p}`);
    }
  }
  if (preset !== undefined) return { values: { ...presets!.apply(preset, { ...base, ...good }), ...good }, problems };
  return { values: Object.keys(good).length ? { ...base, ...good } : base, problems };
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
export function readUrlParams(figureId: string, decl: ParamDecl, base: Record<string, unknown>, presets?: LinkPresets): { values: Record<string, unknown>; problems: string[] } {
  if (typeof location === 'undefined') return { values: base, problems: [] };
  return paramsFromSearch(location.search, figureId, decl, base, presets);
}

/** Writes the values that differ from `defaults` into the page's URL without adding history entries. */
export function writeUrlParams(figureId: string, decl: ParamDecl, values: Record<string, unknown>, defaults: Record<string, unknown>): void {
  if (typeof location === 'undefined') return;
  const url = urlWithParams(new URL(location.href), figureId, decl, values, defaults);
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}
