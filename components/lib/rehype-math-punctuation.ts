/**
 * Punctuation stays with the inline formula before it: runs after rehype-katex and puts a word
 * joiner (U+2060, invisible, no width) between an inline formula and a full stop, comma, colon,
 * semicolon or closing bracket right after it. KaTeX's boxes are atomic inlines, and a browser
 * may break the line after one even before a full stop: on a phone, lines began with ". Combined"
 * or "; the gradient". The joiner forbids that one break and no other (a long formula still wraps
 * inside itself, which `white-space: nowrap` around both would forbid). Build time only.
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
      if (hasClass(kids[i], 'katex') && next?.type === 'text' && PUNCTUATION.test(next.value ?? '')) next.value = JOINER + next.value;
      else walk(kids[i]);
    }
  };
  return (tree: Node) => walk(tree);
}
