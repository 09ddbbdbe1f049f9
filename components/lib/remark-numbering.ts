/**
 * Numbers a chapter's equations and figures in document order at build time, and writes the
 * numbers into the links that refer to them, so that no author types a number by hand.
 *
 *   <Eq id="chain"> ... </Eq>            becomes equation (8) if it is the eighth <Eq>
 *   <LayerSpeeds caption="..." />        becomes Figure 3 if it is the third figure
 *   [](#eq-chain)                        renders "equation (8)"
 *   [](#fig-layer-speeds)                renders "Figure 3"
 *   [Equation (#)](#eq-chain)            renders "Equation (8)": # stands for the number
 *   [equations (#)](#eq-glorot) and [(#)](#eq-he-init)
 *
 * Text without # and without digits ("[the exploding preset](#fig-chain-product)") is left alone.
 * A link to an equation or figure that the chapter does not have, a hand-typed number (an `n` or
 * `number` prop, or digits in a reference's text) and an equation id used twice all stop the build
 * with a message naming the file and the target. The same figure may be placed twice: the second
 * placement's element id is `fig-<figure id>-2` (or `fig-<id prop>` when the placement has an `id`
 * prop), and references use that id.
 *
 * It also collects the keys of every <Cite k="..."> in the chapter, in order, and hands them to the
 * chapter's <References /> as its `keys` prop, so that each chapter lists exactly what it cites.
 *
 * Links to another chapter name it by its file's slug, and are checked the same way:
 *
 *   [the next chapter](chapter:what-fixed-it)                   its page
 *   [](chapter:what-fixed-it)                                   renders its short title
 *   [on initialisation](chapter:what-fixed-it#initialisation)   an element with id="initialisation"
 *   [equation (#) there](chapter:what-fixed-it#eq-glorot)       # is that chapter's number
 *   [](chapter:what-fixed-it#fig-remedy-race)                   "Figure 5 of What fixed it"
 *
 * They become `<base>chapters/<slug>/#anchor`, so they survive a deploy under a base path. A
 * chapter that does not exist, is a draft, or has no such anchor stops the build, listing what it
 * has. (Anchors are the `id`s of elements written in JSX, such as <h2 id="...">, and the eq- and
 * fig- ids; Markdown headings' generated ids are not checked, so chapters give sections an id.)
 *
 * A remark plugin for @astrojs/mdx: it walks the MDX tree (mdxJsxFlowElement nodes for components,
 * link nodes for references) and sets the components' `n` / `number` / `instance` / `keys` props
 * as strings.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createProcessor } from '@mdx-js/mdx';
import remarkMath from 'remark-math';

interface MdNode {
  type: string;
  name?: string | null;
  url?: string;
  value?: string;
  attributes?: { type: string; name: string; value?: unknown }[];
  children?: MdNode[];
  position?: { start: { line: number } };
}

interface VFileLike {
  path?: string;
  history?: string[];
}

/** Figure components by name (the island's file name) to figure id (its `export const ID`). */
export function figureComponents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.tsx')) continue;
    const id = /export const ID = '([a-z0-9-]+)'/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
    if (id) out[basename(file, '.tsx')] = id;
  }
  return out;
}

export interface NumberingOptions {
  /**
   * Component name to figure id, e.g. { LayerSpeeds: 'layer-speeds' }; or a function giving it,
   * asked again for each chapter, so that a figure scaffolded while `npm run dev` runs can be
   * placed without restarting it (astro.config.mjs passes one that reads components/figures/).
   */
  figures: Record<string, string> | (() => Record<string, string>);
  /** The equation component's name. */
  equation?: string;
  /** The citation and reference-list components' names. */
  cite?: string;
  references?: string;
  /**
   * The bibliography's keys (astro.config.mjs passes content/bibliography.ts's): an unknown key
   * then stops the build here, with the file and line of the <Cite>, rather than later inside
   * the rendering of the page. Without it keys are checked only when <Cite> renders.
   */
  citeKeys?: () => string[];
  /** The chapters' directory, for links of the form chapter:<slug>#anchor; without it they fail. */
  chapters?: string;
  /** The site's base path ('/' or '/course/'), which cross-chapter links start with. */
  base?: string;
}

type Numbers = Map<string, { kind: 'equation' | 'figure'; n: number }>;

const where = (file: VFileLike, node: MdNode) =>
  `${file.path ?? file.history?.[0] ?? 'MDX'}${node.position ? `:${node.position.start.line}` : ''}`;

function attr(node: MdNode, name: string): { value?: unknown } | undefined {
  return node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
}

function setAttr(node: MdNode, name: string, value: string) {
  node.attributes = (node.attributes ?? []).filter((a) => !(a.type === 'mdxJsxAttribute' && a.name === name));
  node.attributes.push({ type: 'mdxJsxAttribute', name, value });
}

function walk(node: MdNode, visit: (n: MdNode) => void) {
  visit(node);
  node.children?.forEach((c) => walk(c, visit));
}

export default function remarkNumbering(options: NumberingOptions) {
  const equation = options.equation ?? 'Eq';
  const cite = options.cite ?? 'Cite';
  const references = options.references ?? 'References';
  /**
   * Numbers one chapter's tree in place (the components' props) and returns its equations' and
   * figures' numbers, the keys it cites, its reference lists and every JSX element id it has.
   */
  function number(tree: MdNode, file: VFileLike) {
    const cited: string[] = [];
    const lists: MdNode[] = [];
    const ids = new Set<string>();
    const numbers: Numbers = new Map();
    let equations = 0;
    let figures = 0;
    const placed = new Map<string, number>();
    const figureIds = typeof options.figures === 'function' ? options.figures() : options.figures;
    walk(tree, (node) => {
      if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
      const elementId = attr(node, 'id')?.value;
      if (typeof elementId === 'string' && node.name && /^[a-z]/.test(node.name)) ids.add(elementId);
      if (node.name === cite) {
        const k = attr(node, 'k')?.value;
        if (typeof k !== 'string') throw new Error(`${where(file, node)}: <${cite}> needs a key as text, e.g. <${cite} k="glorot2010" />`);
        const keys = options.citeKeys?.();
        if (keys && !keys.includes(k)) {
          throw new Error(
            `${where(file, node)}: <${cite} k="${k}">: no reference with that key in content/bibliography.ts ` +
              `(known: ${[...keys].sort().join(', ')}; a key added while \`npm start\` or \`astro dev\` runs needs a restart)`,
          );
        }
        if (!cited.includes(k)) cited.push(k);
        return;
      }
      if (node.name === references) {
        lists.push(node);
        return;
      }
      if (node.name === equation) {
        if (attr(node, 'n')) throw new Error(`${where(file, node)}: <${equation}> numbers itself in document order; remove its n prop`);
        const id = attr(node, 'id')?.value;
        if (typeof id !== 'string') throw new Error(`${where(file, node)}: <${equation}> needs an id (text), e.g. <${equation} id="chain">`);
        if (numbers.has(`eq-${id}`)) throw new Error(`${where(file, node)}: equation id "${id}" is used twice`);
        numbers.set(`eq-${id}`, { kind: 'equation', n: ++equations });
        setAttr(node, 'n', String(equations));
        return;
      }
      const figureId = node.name ? figureIds[node.name] : undefined;
      if (!figureId) return;
      if (attr(node, 'number')) throw new Error(`${where(file, node)}: <${node.name}> numbers itself in document order; remove its number prop`);
      const own = attr(node, 'id')?.value;
      if (own !== undefined && (typeof own !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(own))) {
        throw new Error(`${where(file, node)}: <${node.name}> id must be kebab-case text, e.g. id="${figureId}-deep"`);
      }
      const count = (placed.get(figureId) ?? 0) + 1;
      placed.set(figureId, count);
      const instance = typeof own === 'string' ? own : count === 1 ? figureId : `${figureId}-${count}`;
      if (numbers.has(`fig-${instance}`)) throw new Error(`${where(file, node)}: figure id "${instance}" is used twice; give one placement its own id prop`);
      numbers.set(`fig-${instance}`, { kind: 'figure', n: ++figures });
      setAttr(node, 'number', String(figures));
      if (instance !== figureId) setAttr(node, 'instance', instance);
      // Where the figure is placed, for figureProps's messages about its props (file:line).
      setAttr(node, 'placedAt', where(file, node));
      if (own !== undefined) node.attributes = node.attributes!.filter((a) => a.name !== 'id');
    });
    return { numbers, cited, lists, ids };
  }

  /** Another chapter, parsed and numbered once per build (per file version). */
  const others = new Map<string, { source: string; title: string; draft: boolean; numbers: Numbers; ids: Set<string> }>();
  function chapter(slug: string, from: VFileLike, link: MdNode) {
    const dir = options.chapters;
    if (!dir) throw new Error(`${where(from, link)}: link to chapter:${slug}, but the numbering plugin was not given the chapters' directory`);
    const path = join(dir, `${slug}.mdx`);
    if (!existsSync(path)) {
      const known = readdirSync(dir).filter((f) => f.endsWith('.mdx')).map((f) => basename(f, '.mdx')).join(', ');
      throw new Error(`${where(from, link)}: link to chapter:${slug}, but there is no ${path} (chapters: ${known})`);
    }
    const text = readFileSync(path, 'utf8');
    const cached = others.get(path);
    if (cached && cached.source === text) return cached;
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
    const field = (key: string) => {
      const m = new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(front)?.[1].trim();
      return m && /^["']/.test(m) ? m.slice(1, -1) : m;
    };
    // The front matter is blanked, not cut, so that line numbers in messages stay the file's own.
    const body = text.replace(/^---\r?\n[\s\S]*?\r?\n---/, (fm) => fm.replace(/[^\n]/g, ''));
    const tree = createProcessor({ remarkPlugins: [remarkMath] }).parse(body) as unknown as MdNode;
    const { numbers, ids } = number(tree, { path });
    const entry = { source: text, title: field('shortTitle') ?? field('title') ?? slug, draft: field('draft') === 'true', numbers, ids };
    others.set(path, entry);
    return entry;
  }

  /** Resolves [text](chapter:slug#anchor) against that chapter, numbers and all. */
  function crossLink(node: MdNode, file: VFileLike) {
    const m = /^chapter:([a-z0-9][a-z0-9-]*)(?:#([A-Za-z0-9_-]+))?$/.exec(node.url!);
    if (!m) throw new Error(`${where(file, node)}: ${node.url} is not a chapter link; write chapter:<slug> or chapter:<slug>#<anchor>`);
    const [, slug, anchor] = m;
    const target = chapter(slug, file, node);
    if (target.draft) throw new Error(`${where(file, node)}: link to chapter:${slug}, which is a draft and is not published`);
    const numbered = anchor ? target.numbers.get(anchor) : undefined;
    if (anchor && !numbered && !target.ids.has(anchor)) {
      const known = [...target.numbers.keys(), ...target.ids].join(', ');
      throw new Error(`${where(file, node)}: link to ${node.url}, but that chapter has no element with id "${anchor}" (known: ${known})`);
    }
    node.url = `${options.base ?? '/'}chapters/${slug}/${anchor ? `#${anchor}` : ''}`;
    const children = node.children ?? [];
    if (children.length === 0) {
      const label = numbered ? (numbered.kind === 'equation' ? `equation (${numbered.n}) of ${target.title}` : `Figure ${numbered.n} of ${target.title}`) : target.title;
      node.children = [{ type: 'text', value: label }];
      return;
    }
    walk(node, (child) => {
      if (child.type !== 'text' || child === node) return;
      if (numbered && /\d/.test(child.value ?? '')) {
        throw new Error(`${where(file, node)}: reference [${child.value}](chapter:${slug}#${anchor}) types a number; write # where the number goes, or leave the text empty`);
      }
      if (!child.value?.includes('#')) return;
      if (!numbered) throw new Error(`${where(file, node)}: [${child.value}](chapter:${slug}${anchor ? `#${anchor}` : ''}) has a # but its target is not an equation or figure`);
      child.value = child.value.replaceAll('#', String(numbered.n));
    });
  }

  return (tree: MdNode, file: VFileLike) => {
    const { numbers, cited, lists } = number(tree, file);
    for (const list of lists) setAttr(list, 'keys', cited.join(','));
    walk(tree, (node) => {
      if (node.type === 'link' && node.url?.startsWith('chapter:')) return crossLink(node, file);
      if (node.type !== 'link' || !node.url || !/^#(eq|fig)-/.test(node.url)) return;
      const target = numbers.get(node.url.slice(1));
      if (!target) {
        const kind = node.url.startsWith('#eq-') ? 'equation' : 'figure';
        const known = [...numbers.keys()].filter((k) => k.startsWith(node.url!.slice(1, 4))).join(', ') || 'none';
        throw new Error(`${where(file, node)}: link to ${node.url}, but the chapter has no ${kind} with that id (known: ${known})`);
      }
      const children = node.children ?? [];
      const label = target.kind === 'equation' ? `equation (${target.n})` : `Figure ${target.n}`;
      if (children.length === 0) {
        node.children = [{ type: 'text', value: label }];
        return;
      }
      walk(node, (child) => {
        if (child.type !== 'text' || child === node) return;
        if (/\d/.test(child.value ?? '')) {
          throw new Error(`${where(file, node)}: reference [${child.value}](${node.url}) types a number; write # where the number goes, or leave the text empty`);
        }
        if (child.value?.includes('#')) child.value = child.value.replaceAll('#', String(target.n));
      });
    });
  };
}
