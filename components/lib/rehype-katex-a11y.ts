/**
 * Display equations a keyboard can reach: runs after rehype-katex and makes every
 * `.katex-display` a labelled, focusable group, because on a phone a long one scrolls sideways
 * inside its own box (chapter.css) and a box that scrolls must be reachable without a mouse
 * (WCAG 2.1.1; axe's scrollable-region-focusable). The label is "Equation (n)" inside a numbered
 * <Eq> (n set by remark-numbering.ts) and "Display equation" otherwise; screen readers still read
 * KaTeX's MathML inside. role=group, not region: a region is a landmark, and some thirty of them
 * would bury the page's real landmarks (and axe wants each region's label unique).
 * Build time only: no mathematics JavaScript reaches the page.
 * Not its job: inline mathematics (it wraps, never scrolls) or rendering (rehype-katex does that).
 */

interface Node {
  type: string;
  tagName?: string;
  name?: string | null;
  properties?: Record<string, unknown>;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
}

/** The number remark-numbering gave an <Eq> (an MDX JSX element), if this node is one. */
function equationNumber(node: Node, component: string): string | undefined {
  if (node.type !== 'mdxJsxFlowElement' || node.name !== component) return undefined;
  const n = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'n')?.value;
  return typeof n === 'string' || typeof n === 'number' ? String(n) : undefined;
}

function isDisplay(node: Node): boolean {
  const cls = node.properties?.className;
  return node.type === 'element' && Array.isArray(cls) && cls.includes('katex-display');
}

export default function rehypeKatexA11y(options: { equation?: string } = {}) {
  const component = options.equation ?? 'Eq';
  const walk = (node: Node, n: string | undefined) => {
    const here = equationNumber(node, component) ?? n;
    if (isDisplay(node)) {
      node.properties = {
        ...node.properties,
        tabIndex: 0,
        role: 'group',
        ariaLabel: here ? `Equation (${here})` : 'Display equation',
      };
      return; // nothing scrollable nests inside a display
    }
    for (const child of node.children ?? []) walk(child, here);
  };
  return (tree: Node) => walk(tree, undefined);
}
