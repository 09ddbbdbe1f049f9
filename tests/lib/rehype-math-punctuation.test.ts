// The word joiner between an inline formula and the punctuation after it (a phone broke lines
// there: ". Combined", "; the gradient"), and nowhere else.
import { describe, expect, it } from 'vitest';
import rehypeMathPunctuation from '../../components/lib/rehype-math-punctuation';

const katex = (tex: string) => ({ type: 'element', tagName: 'span', properties: { className: ['katex'] }, children: [{ type: 'text', value: tex }] });
const text = (value: string) => ({ type: 'text', value });
const p = (...children: object[]) => ({ type: 'element', tagName: 'p', properties: {}, children });

describe('rehype-math-punctuation', () => {
  it('joins a full stop, comma, semicolon, colon or closing bracket to the formula before it', () => {
    const tree = { type: 'root', children: [p(text('so '), katex('x'), text('. Then '), katex('y'), text('; and '), katex('z'), text(') or '), katex('w'), text(' next'))] };
    rehypeMathPunctuation()(tree as never);
    // Each formula followed by punctuation gets a joiner span between them; the text is unchanged.
    const kids = (tree.children[0] as { children: { type: string; value?: string; properties?: Record<string, unknown>; children?: { value: string }[] }[] }).children;
    const shape = kids.map((c) => (c.type === 'text' ? c.value : c.properties?.className?.toString() === 'wj' ? `[wj ${c.children![0].value === '\u2060'} ${c.properties.ariaHidden}]` : '[math]'));
    expect(shape).toEqual(['so ', '[math]', '[wj true true]', '. Then ', '[math]', '[wj true true]', '; and ', '[math]', '[wj true true]', ') or ', '[math]', ' next']);
    // Run twice, it adds nothing more.
    rehypeMathPunctuation()(tree as never);
    expect(kids.length).toBe(shape.length);
  });

  it('leaves display formulas and text that starts with a word or a space alone', () => {
    const display = { type: 'element', tagName: 'span', properties: { className: ['katex-display'] }, children: [katex('x'), text('.')] };
    const tree = { type: 'root', children: [display, p(katex('x'), text(' and more'))] };
    rehypeMathPunctuation()(tree as never);
    expect(display.children).toHaveLength(2);
    expect((tree.children[1] as { children: object[] }).children[1]).toEqual(text(' and more'));
  });
});
