/**
 * What every figure's Astro wrapper does at build time: check the instructor's MDX props against
 * the figure's declaration (a typo fails the build with the figure and prop named), then run the
 * figure's experiment in Node for the first paint. The wrapper only adds `client:visible`.
 */
import type { ParamDecl, ParamValues } from '../../engine/params';
import { defaults } from '../../engine/params';
import { firstPaint, firstPaintKey } from './first-paint';
import { putFirstPaint, type FirstPaintRef } from './first-paint-store';
import { checkKnob } from './knobs';
import { checkProps } from './use-figure';

interface FigureModule<D extends ParamDecl> {
  ID: string;
  params: D;
  job(values: ParamValues<D>): { name: string; params: Record<string, unknown> };
  /** For figures with named presets: the starting values from the checked props and a `preset` prop. */
  initialValuesFromProps?(checked: Partial<ParamValues<D>>, preset: unknown, defaults: ParamValues<D>): Partial<ParamValues<D>>;
  /** Problems with the values taken together, as the island's useFigure check reports them. */
  check?(values: ParamValues<D>): string[];
}

export async function figureProps<D extends ParamDecl>(figure: FigureModule<D>, props: Record<string, unknown>) {
  // Set by components/lib/remark-numbering.ts: the chapter file and line of this placement, put
  // first in any message, which the build prints deep in its own stack trace.
  const { placedAt, ...others } = props;
  try {
    return await checkedProps(figure, others);
  } catch (e) {
    if (typeof placedAt === 'string' && e instanceof Error) e.message = `${placedAt}: ${e.message}`;
    throw e;
  }
}

async function checkedProps<D extends ParamDecl>(figure: FigureModule<D>, props: Record<string, unknown>) {
  const { number: raw, caption, instance, preset, standalone, hide: hideProp, lock: lockProp, ...rest } = props;
  // Set (as text) by components/lib/remark-numbering.ts in document order, never by hand; 0 for a
  // figure on a page of its own (standalone), which shows no number.
  const number = standalone === true ? 0 : Number(raw);
  if (standalone !== true && (!Number.isInteger(number) || number < 1)) {
    throw new Error(`<figure ${figure.ID}>: no figure number (got ${JSON.stringify(raw)}); is components/lib/remark-numbering.ts registered in astro.config.mjs?`);
  }
  if (instance !== undefined && (typeof instance !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(instance))) {
    throw new Error(`<figure ${figure.ID}>: instance must be kebab-case text, got ${JSON.stringify(instance)}`);
  }
  if (caption !== undefined && typeof caption !== 'string') {
    throw new Error(`<figure ${figure.ID}>: prop caption must be text`);
  }
  const unknown = Object.keys(rest).filter((k) => !(k in figure.params));
  if (preset !== undefined && !figure.initialValuesFromProps) unknown.unshift('preset');
  if (unknown.length) {
    throw new Error(
      `<figure ${figure.ID}>: unknown prop${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ` +
        `(it takes caption, hide, lock, ${figure.initialValuesFromProps ? 'preset, ' : ''}${Object.keys(figure.params).join(', ')})`,
    );
  }
  const controls = Object.keys(figure.params);
  const hide = checkKnob(figure.ID, 'hide', hideProp, controls);
  const lock = checkKnob(figure.ID, 'lock', lockProp, controls);
  const checked = checkProps(figure.ID, figure.params, rest);
  const initialValues = figure.initialValuesFromProps ? figure.initialValuesFromProps(checked, preset, defaults(figure.params)) : checked;
  // Values each fine may not go together (a scaled layer deeper than the network): the figure
  // would refuse them from a reader, so it refuses them from the chapter, at build time.
  const together = figure.check?.({ ...defaults(figure.params), ...initialValues } as ParamValues<D>) ?? [];
  if (together.length) throw new Error(`<figure ${figure.ID}>: props that do not go together: ${together.join('; ')}`);
  const { name, params } = figure.job({ ...defaults(figure.params), ...initialValues } as ParamValues<D>);
  const initial = await firstPaint(name, params);
  const paint: { initial?: unknown; firstPaint?: FirstPaintRef } = shipsFirstPaints() ? { firstPaint: shipped(name, params, initial) } : { initial };
  return {
    number,
    caption: caption as string | undefined,
    ...(instance ? { instance: instance as string } : {}),
    ...(hide || lock ? { knobs: { ...(hide && { hide }), ...(lock && { lock }) } } : {}),
    initialValues,
    ...paint,
  };
}

/**
 * A built site ships each first paint as a file (components/lib/first-paint-store.ts says why);
 * `astro dev` and the unit tests, which have no file step, keep it in the props. The flag is
 * defined by scripts/first-paint-files.mjs for `astro build` only.
 */
function shipsFirstPaints(): boolean {
  return import.meta.env.FIRST_PAINT_FILES === true;
}

/** The reference the island gets instead of the result, which the island's server render reads from the store. */
function shipped(name: string, params: Record<string, unknown>, initial: unknown): FirstPaintRef {
  const key = firstPaintKey(name, params);
  putFirstPaint(key, initial);
  return { key, src: `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}first-paint/${key}.json` };
}
