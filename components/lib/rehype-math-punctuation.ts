/**
 * Punctuation stays with the inline formula before it: runs after rehype-katex and puts a word
 * joiner (U+2060, invisible, no width) between an inline formula and a full stop, comma, colon,
 * semicolon or closing bracket right after it. KaTeX's boxes are atomic inlines, and a browser
 * may break the line after one even before a full stop: on a phone, lines began with ". Combined"
 * or "; the gradient". The joiner forbids that one break and no other (a long formula still wraps
 * inside itself, which `white-space: nowrap` around both would forbid). The joiner sits in a
 * span of its own, hidden from screen readers and left out of a selection (chapter.css, `.wj`),
 * so that copied text carries no invisible character into an editor or a search. Build time only.
 */

interface Node {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

const JOINER = '\u2060';
const PUNCTUATION = /^[.,;:!?)\]’”]/;

const hasClass = (node: Node, name: string) => {
  const cls = node.properties?.className;
  return node.type === 'element' && Array.isArray(cls) && cls.includes(name);
};

export default function rehypeMathPunctuation() {
  const walk = (node: Node) => {
    const kids = node.children;
    if (!kids) return;
    // A display formula's own box is not inline: nothing to join there.
    if (hasClass(node, 'katex-display')) return;
    for (let i = 0; i < kids.length; i++) {
      const next = kids[i + 1];
      if (hasClass(kids[i], 'katex') && next?.type === 'text' && PUNCTUATION.test(next.value ?? '')) {
        kids.splice(i + 1, 0, { type: 'element', tagName: 'span', properties: { className: ['wj'], ariaHidden: 'true' }, children: [{ type: 'text', value: JOINER }] });
        i++;
      } else walk(kids[i]);
    }
  };
  return (tree: Node) => walk(tree);
}
