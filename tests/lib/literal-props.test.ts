// A figure's own page and its gallery thumbnail show the settings of its first placement in a
// chapter, read from the MDX source (components/lib/literal-props.ts): an instructor's preset under
// an instructor's caption, not the defaults under it.
import { describe, expect, it } from 'vitest';
import { literalProps, withoutCommentsAndCode } from '../../components/lib/literal-props';

describe('literalProps', () => {
  it('reads strings, numbers, booleans and lists of strings, and leaves the placement-only props', () => {
    const { props, unreadable } = literalProps(` id="layer-speeds-relu" preset="exploding" hidden={5} eta={0.25} full={false} lock={['seed', 'hidden']} keep caption="A caption" `);
    expect(unreadable).toEqual([]);
    expect(props).toEqual({ preset: 'exploding', hidden: 5, eta: 0.25, full: false, lock: ['seed', 'hidden'], keep: true });
  });

  it('names the props set by an expression it cannot read', () => {
    const { unreadable } = literalProps(` hidden={2 + 3} seed={7} sizes={SIZES}`);
    expect(unreadable).toEqual(['hidden', 'sizes']);
  });

  it('does not take the words of a half-read string for props', () => {
    // A caption cut short (the chapter's tag ended at a '>' inside it) leaves an open quote.
    const { props, unreadable } = literalProps(` caption="The window where |w| `);
    expect(props).toEqual({});
    expect(unreadable.length).toBeGreaterThan(0);
  });

  it('skips a caption written as an expression (it is the placement\'s, not needed here)', () => {
    expect(literalProps(` caption={"The book's network"} hidden={5}`)).toEqual({ props: { hidden: 5 }, unreadable: [] });
  });
});

describe('withoutCommentsAndCode', () => {
  it('blanks out what only looks like a placement, keeping the rest where it was', () => {
    const mdx = [
      '{/* <LayerSpeeds hidden={3} /> */}',
      'Write `<LayerSpeeds hidden={4} />` in your chapter:',
      '```mdx',
      '<LayerSpeeds hidden={6} />',
      '```',
      '<LayerSpeeds caption="The real one." />',
    ].join('\n');
    const kept = withoutCommentsAndCode(mdx);
    expect(kept).toHaveLength(mdx.length);
    expect([...kept.matchAll(/<LayerSpeeds\b([^>]*?)\/?>/g)].map((m) => m[1].trim())).toEqual(['caption="The real one."']);
  });
});
