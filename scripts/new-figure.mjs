#!/usr/bin/env node
// npm run new-figure -- <id>
//
// Scaffolds a working live figure in four files, and adds its row to content/README.md's table of
// figures (which tests/lib/figure-docs.test.ts holds to the figure's props):
//   engine/experiments/<id>.ts       the experiment (a sigmoid neuron's output against its input,
//                                    as a trivial example to replace), registered by discovery
//   components/figures/<Name>.tsx    the island: controls from the experiment's declaration, a plot,
//                                    a summary sentence, a data table
//   tests/engine/<id>.test.ts        the experiment's numbers against values known in closed form
//   tests/browser/<id>.spec.ts       the figure's own page in Chromium: the worker equals Node
// and regenerates the registries (scripts/generate-registries.mjs), so that a running `npm run dev`
// can import and place it at once. Then place it in a chapter: import { <Name> } from
// '../../components'; <Name caption="..." />, and refer to it with [](#fig-<id>).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function fail(message) {
  console.error(`new-figure: ${message}`);
  console.error('usage: npm run new-figure -- <id>   (id: lower-case words joined by hyphens, e.g. weight-histogram)');
  process.exit(1);
}

const args = process.argv.slice(2);
const rootFlag = args.indexOf('--root');
const root = resolve(rootFlag >= 0 ? args.splice(rootFlag, 2)[1] ?? fail('--root needs a directory') : '.');
if (args.length !== 1) fail('expected exactly one argument, the figure\'s id');
const [id] = args;
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) fail(`id "${id}" must be lower-case letters and digits joined by single hyphens, starting with a letter`);
const name = id.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const camel = name[0].toLowerCase() + name.slice(1);
const files = {
  experiment: join(root, `engine/experiments/${id}.ts`),
  island: join(root, `components/figures/${name}.tsx`),
  unit: join(root, `tests/engine/${id}.test.ts`),
  browser: join(root, `tests/browser/${id}.spec.ts`),
};
for (const f of Object.values(files)) if (existsSync(f)) fail(`${f} already exists; choose another id`);
// Chapters import figures and the chapter apparatus (Eq, Cite, Toc, References) by name from
// components/index.ts, whose own exports would hide a figure of the same name.
const index = join(root, 'components/index.ts');
const taken = existsSync(index) ? [...readFileSync(index, 'utf8').matchAll(/export\s*\{\s*default\s+as\s+(\w+)\s*\}/g)].map((m) => m[1]) : [];
if (taken.includes(name)) fail(`id "${id}" would make a figure named ${name}, which components/index.ts already exports (${taken.join(', ')}); choose another id`);

const write = (path, text) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

write(
  files.experiment,
  `/**
 * ${name}: a sigmoid neuron's output sigma(w x + b) against its input x on [-1, 1], and the input
 * where the output is exactly 1/2 (x = -b / w). A trivial example scaffolded by npm run new-figure:
 * replace it with the experiment your figure needs. Closed form; no data.
 */
import { sigmoid } from '../activations';
import { defineExperiment } from './types';

export interface ${name}Result {
  /** The grid of inputs and the neuron's output at each. */
  x: number[];
  y: number[];
  /** Where the output crosses 1/2, or null when that is off the grid (or w = 0). */
  half: number | null;
}

export default defineExperiment({
  name: '${id}',
  title: 'A sigmoid neuron against its input',
  description: 'The output sigma(w x + b) of one sigmoid neuron for x on [-1, 1], and where it crosses 1/2.',
  params: {
    w: { kind: 'number', default: 4, min: -20, max: 20, step: 0.1, label: 'Weight w' },
    b: { kind: 'number', default: 0, min: -10, max: 10, step: 0.1, label: 'Bias b' },
    points: { kind: 'int', default: 201, min: 3, max: 2001, step: 2, label: 'Grid points' },
  },
  data: () => [],
  async run(p): Promise<${name}Result> {
    const x = Array.from({ length: p.points }, (_, i) => -1 + (2 * i) / (p.points - 1));
    const y = x.map((v) => sigmoid(p.w * v + p.b));
    const h = p.w === 0 ? null : -p.b / p.w;
    return { x, y, half: h !== null && h >= -1 && h <= 1 ? h : null };
  },
});
`,
);

write(
  files.island,
  `/**
 * Figure: a sigmoid neuron's output against its input, computed by the \`${id}\` experiment (a
 * scaffold from npm run new-figure: replace the experiment, the plot, the summary and the table).
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { ParamDecl } from '../../engine/params';
import ${camel}Experiment from '../../engine/experiments/${id}';
import type { ${name}Result } from '../../engine/experiments/${id}';
import { useBox } from '../lib/use-box';
import { Controls } from './Controls';
import { AxisBottom, AxisLeft } from './plot/Axis';
import { FigureFrame, useIsland } from './FigureFrame';
import type { IslandProps } from './FigureFrame';
import { num, sig } from './format';
import { Num } from './Spoken';
import { csvData } from '../lib/export';

export const ID = '${id}';

// The reader's controls: the experiment's own declarations (narrow() from engine/params.ts if the
// figure should offer a smaller range).
const { w, b } = ${camel}Experiment.params;
export const params = { w, b } satisfies ParamDecl;
type Values = { w: number; b: number };

export const job = (v: Values) => ({ name: '${id}', params: { w: v.w, b: v.b } });

type Props = IslandProps<Values, ${name}Result>;

const ASPECT = 3 / 2;
const M = { top: 14, right: 14, bottom: 40, left: 48 };

function Plot({ r, width, height }: { r: ${name}Result; width: number; height: number }) {
  const x = scaleLinear().domain([-1, 1]).range([M.left, width - M.right]);
  const y = scaleLinear().domain([0, 1]).range([height - M.bottom, M.top]);
  const path = line<number>().x((_, i) => x(r.x[i])).y((v) => y(v))(r.y) ?? '';
  return (
    <svg width={width} height={height} viewBox={\`0 0 \${width} \${height}\`} style={{ height: \`\${height}px\` }} role="img" aria-label="Line chart of the neuron's output against its input x from −1 to 1">
      <AxisLeft scale={y} at={M.left} ticks={5} gridTo={width - M.right} label="output" />
      <AxisBottom scale={x} at={height - M.bottom} ticks={5} label="input x" />
      <path d={path} fill="none" stroke="#3b6ea8" stroke-width={2.5} />
      {r.half !== null && <circle cx={x(r.half)} cy={y(0.5)} r={4.5} fill="#fff" stroke="#3b6ea8" stroke-width={2} />}
    </svg>
  );
}

export default function ${name}(props: Props) {
  // This placement's figure (its own job, URL keys and ids even when a page places it twice).
  const { fig, frame } = useIsland(ID, props, { decl: params, job, debounceMs: 40 });
  const [ref, box] = useBox<HTMLDivElement>(640, 640 / ASPECT);
  const r = fig.result.value;
  const summary = r ? (r.half === null ? 'The output does not cross 1/2 for x between −1 and 1.' : \`The output crosses 1/2 at x = \${num(r.half, 3)}.\`) : '';
  return (
    <FigureFrame
      {...frame}
      summary={summary}
      aspect={ASPECT}
      narrowAspect={1}
      plot={<div ref={ref} style={{ width: '100%', height: '100%' }}>{r && <Plot r={r} width={box.width} height={box.height} />}</div>}
      // One control per parameter, generated from its declaration (a slider, a select or a checkbox).
      controls={<Controls fig={fig} names={['w', 'b']} />}
      table={
        r && (
          <table>
            <caption>The output at every tenth point of the grid</caption>
            <thead>
              <tr><th scope="col">x</th><th scope="col">output</th></tr>
            </thead>
            <tbody>
              {r.x.map((xv, i) => i % 10 === 0 && (
                <tr key={i}>
                  {/* <Num> for the reader (−0.8, 1.2 × 10⁻⁵, said in words to a screen reader), sig() for the CSV (-0.8, 1.2e-5). */}
                  <th scope="row" data-csv={csvData(sig(xv, 3))}><Num v={xv} digits={3} /></th>
                  <td data-output={r.y[i]} data-csv={csvData(sig(r.y[i], 4))}><Num v={r.y[i]} digits={4} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
`,
);

write(
  files.unit,
  `// The ${id} experiment against values known in closed form.
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../engine/index';
import type { ${name}Result } from '../../engine/experiments/${id}';

const noData = async () => {
  throw new Error('closed-form experiments load no data');
};
const run = (p: Record<string, unknown>) => runExperiment('${id}', p, noData) as Promise<${name}Result>;

describe('${id}', () => {
  it('crosses 1/2 at x = -b/w, rising with x when w > 0', async () => {
    const r = await run({ w: 4, b: 1 });
    expect(r.half).toBe(-0.25);
    // sigma(0) = 1/2 exactly, and the grid of 201 points has x = -0.25 at index 75.
    expect(r.x[75]).toBe(-0.25);
    expect(r.y[75]).toBe(0.5);
    for (let i = 1; i < r.y.length; i++) expect(r.y[i]).toBeGreaterThan(r.y[i - 1]);
  });

  it('reports no crossing off the grid, and refuses a bad parameter', async () => {
    expect((await run({ w: 1, b: 5 })).half).toBeNull();
    await expect(run({ w: 99 })).rejects.toThrow(/w: got 99, expected a number from -20 to 20/);
  });
});
`,
);

write(
  files.browser,
  `// The ${id} figure on its own page (/figures/${id}/): the worker's numbers equal Node's, and a
// control works by keyboard.
import { expect, test } from '@playwright/test';
import type { ${name}Result } from '../../engine/experiments/${id}';
import { figure, inNode, watch, workerReady } from './helpers';

const shown = (fig: import('@playwright/test').Locator) =>
  fig.locator('td[data-output]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-output'))));

test('${id}: the worker equals Node, and the weight slider works by keyboard', async ({ page }) => {
  const { errors } = watch(page);
  // The figure's page shows its first placement in a chapter, with that placement's props; the
  // link sets the values this test compares, whatever the chapter chose.
  await page.goto('./figures/${id}/?${id}.w=4&${id}.b=0');
  const fig = await figure(page, '${id}');
  await workerReady(fig);
  const node = await inNode<${name}Result>('${id}', { w: 4, b: 0 });
  expect(await shown(fig)).toEqual(node.y.filter((_, i) => i % 10 === 0));
  const w = fig.getByRole('slider', { name: 'Weight w' });
  await w.focus();
  await page.keyboard.press('ArrowRight');
  await expect(w).toHaveValue('4.1');
  const node2 = await inNode<${name}Result>('${id}', { w: 4.1, b: 0 });
  await expect.poll(() => shown(fig)).toEqual(node2.y.filter((_, i) => i % 10 === 0));
  expect(errors).toEqual([]);
});
`,
);

// Its row in content/README.md's table of figures, after the last one: instructors look up a
// figure's tag and props there, and tests/lib/figure-docs.test.ts fails on a figure without one.
const docs = join(root, 'content/README.md');
let docsNote = '';
if (existsSync(docs)) {
  const text = readFileSync(docs, 'utf8');
  const rows = [...text.matchAll(/^\| `<[A-Za-z]+>` \| `[a-z0-9-]+` \| .* \|$/gm)];
  if (rows.length) {
    const last = rows[rows.length - 1];
    const at = last.index + last[0].length;
    writeFileSync(docs, `${text.slice(0, at)}\n| \`<${name}>\` | \`${id}\` | \`w\`, \`b\` |${text.slice(at)}`);
    docsNote = `\n  ${docs} (its row in the table of figures: keep its props in step with the experiment's params)`;
  }
}

// The registries, so that the components barrel exports it now (a running `npm run dev` included).
const generate = join(root, 'scripts/generate-registries.mjs');
if (existsSync(generate)) execFileSync('node', [generate], { stdio: 'inherit' });

console.log(`new-figure: wrote
  ${files.experiment}
  ${files.island}
  ${files.unit}
  ${files.browser}${docsNote}
Next: place it in a chapter with
  import { ${name} } from '../../components';
  <${name} caption="What the figure shows, in a sentence of its own. What the reader should notice in it." />
and refer to it with [](#fig-${id}). Its own page is /figures/${id}/. A running \`npm run dev\`
picks it up; reload the chapter's page.`);
