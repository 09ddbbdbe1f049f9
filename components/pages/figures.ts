// The figures of the site, for their own pages (/figures/<id>/) and the gallery (/figures/):
// each figure's island module, its Astro wrapper, and the caption of its first placement in the
// published chapters (or its experiment's description if no chapter places it).
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
import type { ComponentType } from 'preact';
import type { ParamDecl } from '../../engine/params';
import { getExperiment } from '../../engine/experiments/index';
import { publishedChapters } from './chapters';
import { literalProps, withoutCommentsAndCode } from '../lib/literal-props';

interface IslandModule {
  default: ComponentType<Record<string, unknown>>;
  ID: string;
  params: ParamDecl;
  job(values: never): { name: string; params: Record<string, unknown> };
}

const islands = import.meta.glob<IslandModule>('../figures/*.tsx', { eager: true });
const wrappers = import.meta.glob<{ default: AstroComponentFactory }>('../figures/generated/*.astro', { eager: true });

export interface FigureEntry {
  id: string;
  /** The component's name, as a chapter writes it: LayerSpeeds. */
  name: string;
  island: IslandModule;
  Wrapper: AstroComponentFactory;
  caption: string;
  /** What it shows, in a few words: its experiment's title ("Exploding gradients, and clipping by global norm"). */
  title: string;
  /**
   * The settings of its first placement (preset, values, hide, lock), so that the figure's own
   * page, its embed and its gallery thumbnail show what the chapter shows under that caption.
   */
  props: Record<string, unknown>;
  /** Where a chapter places it first, if any, and the id of its <figure> there. */
  chapter?: { slug: string; title: string };
  anchor?: string;
}


/** Every figure with a wrapper, in the order the chapters place them, then the unplaced ones by id. */
export async function figureCatalogue(): Promise<FigureEntry[]> {
  const entries: FigureEntry[] = [];
  for (const [path, island] of Object.entries(islands)) {
    if (!island.ID || !island.params) continue;
    const name = path.replace(/^.*\/|\.tsx$/g, '');
    const Wrapper = wrappers[`../figures/generated/${name}.astro`]?.default;
    if (!Wrapper) continue;
    const { name: experiment } = island.job(Object.fromEntries(Object.entries(island.params).map(([k, s]) => [k, s.default])) as never);
    const { description, title } = getExperiment(experiment);
    entries.push({ id: island.ID, name, island, Wrapper, caption: description, title, props: {} });
  }
  const order = new Map<string, number>();
  for (const chapter of await publishedChapters()) {
    for (const m of withoutCommentsAndCode(chapter.body ?? '').matchAll(/<([A-Z][A-Za-z]+)\b([^>]*?)\/?>/g)) {
      const entry = entries.find((e) => e.name === m[1]);
      if (!entry || order.has(entry.id)) continue;
      order.set(entry.id, order.size);
      const caption = /\bcaption="([^"]*)"/.exec(m[2])?.[1];
      // Its anchor in the chapter: fig-<its own id> where the placement names one (remark-numbering.ts).
      entry.anchor = `fig-${/\bid="([^"]*)"/.exec(m[2])?.[1] ?? entry.id}`;
      const { props, unreadable } = literalProps(m[2]);
      entry.chapter = { slug: chapter.id, title: chapter.data.shortTitle ?? chapter.data.title };
      if (unreadable.length) {
        // Its settings cannot be read here, so its own page shows the defaults, under the
        // experiment's description rather than a caption written for other settings.
        console.warn(`figures: <${m[1]}> in content/chapters/${chapter.id}.mdx sets ${unreadable.join(', ')} with an expression; its own page (/figures/${entry.id}/) shows the figure's defaults. Write them as literals ({5}, {true}, {['seed']}) to carry them over.`);
        continue;
      }
      if (caption) entry.caption = caption;
      entry.props = props;
    }
  }
  const rank = (e: FigureEntry) => order.get(e.id) ?? Infinity;
  return entries.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}
