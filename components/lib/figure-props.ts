/**
 * What every figure's Astro wrapper does at build time: check the instructor's MDX props against
 * the figure's declaration (a typo fails the build with the figure and prop named), then run the
 * figure's experiment in Node for the first paint. The wrapper only adds `client:visible`.
 */
import type { ParamDecl, ParamValues } from '../../engine/params';
import { defaults } from '../../engine/params';
import { firstPaint } from './first-paint';
import { checkProps } from './use-figure';

interface FigureModule<D extends ParamDecl> {
  ID: string;
  params: D;
  job(values: ParamValues<D>): { name: string; params: Record<string, unknown> };
}

export async function figureProps<D extends ParamDecl>(figure: FigureModule<D>, props: Record<string, unknown>) {
  const { number, caption, ...rest } = props;
  if (!Number.isInteger(number) || (number as number) < 1) {
    throw new Error(`<figure ${figure.ID}>: prop number must be a positive whole number, got ${JSON.stringify(number)}`);
  }
  if (caption !== undefined && typeof caption !== 'string') {
    throw new Error(`<figure ${figure.ID}>: prop caption must be text`);
  }
  const unknown = Object.keys(rest).filter((k) => !(k in figure.params));
  if (unknown.length) {
    throw new Error(
      `<figure ${figure.ID}>: unknown prop${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ` +
        `(it takes number, caption and ${Object.keys(figure.params).join(', ')})`,
    );
  }
  const initialValues = checkProps(figure.ID, figure.params, rest);
  const { name, params } = figure.job({ ...defaults(figure.params), ...initialValues } as ParamValues<D>);
  return { number: number as number, caption: caption as string | undefined, initialValues, initial: await firstPaint(name, params) };
}
