// Which chapters the site publishes, in reading order. Shared by the two injected routes so
// that "/" and "/chapters/[slug]/" always agree on what the first chapter is.
import { getCollection, type CollectionEntry } from 'astro:content';
import { assertOwnOrders } from '../lib/chapter-order';

export type Chapter = CollectionEntry<'chapters'>;

/** Published chapters (drafts left out), lowest `order` first; two with the same order stop the build. */
export async function publishedChapters(): Promise<Chapter[]> {
  const chapters = await getCollection('chapters', (entry) => !entry.data.draft);
  if (chapters.length === 0) {
    throw new Error('No published chapter: add an .mdx file to content/chapters/ (or set draft: false).');
  }
  assertOwnOrders(chapters);
  return chapters.sort((a, b) => a.data.order - b.data.order);
}

/** The layout's props for a chapter: its front matter as the page shows it, and its neighbours. */
export function chapterMeta(chapters: Chapter[], index: number, base: string) {
  const chapter = chapters[index];
  const link = (c: Chapter | undefined) => c && { title: c.data.shortTitle ?? c.data.title, href: `${base}chapters/${c.id}/` };
  const { title, description, authors, date, licence, basedOn } = chapter.data;
  // The chapter's own address is the canonical one (the first chapter is also served at /).
  return { title, description, authors, date, licence, basedOn, canonical: `${base}chapters/${chapter.id}/`, previous: link(chapters[index - 1]), next: link(chapters[index + 1]) };
}
