/**
 * A link to each section, for a reader who wants to share or note the part they are reading: runs
 * on a chapter's MDX and makes the text of every h2, h3 and h4 that has an id (the chapters give
 * each section one, <h2 id="vanishing">) a link to that id. The heading's text is the link's, so a
 * screen reader hears the heading once, not "Why depth should help, link to this section"; it
 * looks like the heading (chapter.css, `.heading-link`), with a # beside it on hover and keyboard
 * focus that is drawn by CSS and named "" for screen readers. Headings without an id (the credits)
 * stay plain. Build time only.
 */

interface Attribute {
  type: string;
  name?: string;
  value?: unknown;
}
interface Node {
  type: string;
  tagName?: string;
  name?: string | null;
  properties?: Record<string, unknown>;
  attributes?: Attribute[];
  children?: Node[];
}

const HEADINGS = new Set(['h2', 'h3', 'h4']);

/** The heading's id, whether MDX kept it as JSX (<h2 id="...">) or Markdown made it an element. */
function headingId(node: Node): string | undefined {
  if (node.type === 'mdxJsxFlowElement' && HEADINGS.has(node.name ?? '')) {
    const id = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'id')?.value;
    return typeof id === 'string' && id ? id : undefined;
  }
  if (node.type === 'element' && HEADINGS.has(node.tagName ?? '')) {
    const id = node.properties?.id;
    return typeof id === 'string' && id ? id : undefined;
  }
  return undefined;
}

/** A link already inside: a heading that links elsewhere itself is left as its author wrote it. */
const hasLink = (node: Node): boolean =>
  (node.type === 'element' && node.tagName === 'a') || (node.type.startsWith('mdxJsx') && node.name === 'a') || (node.children ?? []).some(hasLink);

export default function rehypeHeadingLinks() {
  const walk = (node: Node) => {
    const id = headingId(node);
    if (id && node.children?.length && !hasLink(node)) {
      node.children = [{ type: 'element', tagName: 'a', properties: { href: `#${id}`, className: ['heading-link'] }, children: node.children }];
      return;
    }
    for (const child of node.children ?? []) walk(child);
  };
  return (tree: Node) => walk(tree);
}
