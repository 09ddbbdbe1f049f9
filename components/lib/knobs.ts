/**
 * The instructor's knobs on a figure placement, set in MDX beside its starting values:
 *
 *   <LayerSpeeds hidden={6} hide={['seed']} lock={['hidden']} />
 *
 * `hide` removes a control from the figure (its value stays what the props or defaults say);
 * `lock` shows a control but fixes its value, and a link cannot change it either. Both are checked
 * at build time (figure-props.ts) and reach the controls through a context that FigureFrame
 * provides, so an island lays its controls out without knowing about them.
 */
import { createContext } from 'preact';

export interface Knobs {
  hide?: string[];
  lock?: string[];
}

export const KnobsContext = createContext<Knobs>({});

/** Checks an MDX `hide` or `lock` prop: a list of the figure's control names. */
export function checkKnob(figureId: string, prop: 'hide' | 'lock', raw: unknown, names: string[]): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string')) {
    throw new Error(`<figure ${figureId}> prop ${prop}: expected a list of control names such as ${prop}={['seed']}, got ${JSON.stringify(raw)}`);
  }
  const unknown = raw.filter((x) => !names.includes(x));
  if (unknown.length) {
    throw new Error(`<figure ${figureId}> prop ${prop}: unknown control${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (it has ${names.join(', ')})`);
  }
  return [...new Set(raw as string[])];
}
