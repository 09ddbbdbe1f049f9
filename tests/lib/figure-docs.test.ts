// content/README.md's table of figures is where instructors look up a figure's tag and props
// (README.md sends them there). It lists every figure, under its tag and id, with exactly the
// props its declaration takes, so a figure added or a control renamed without the table fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Island {
  ID: string;
  params: Record<string, unknown>;
}
const islands = Object.entries(import.meta.glob<Island>('../../components/figures/*.tsx', { eager: true }))
  .filter(([, m]) => m.ID && m.params)
  .map(([path, m]) => ({ tag: path.match(/([A-Za-z]+)\.tsx$/)![1], ...m }));

const readme = readFileSync(new URL('../../content/README.md', import.meta.url), 'utf8');
/** The table's rows: tag -> { id, the code spans of its props cell }. */
const rows = new Map(
  [...readme.matchAll(/^\| `<([A-Za-z]+)>` \| `([a-z0-9-]+)` \| (.*) \|$/gm)].map(([, tag, id, props]) => [tag, { id, props: [...props.matchAll(/`([A-Za-z0-9-]+)`/g)].map((m) => m[1]) }]),
);

describe("content/README.md's table of figures", () => {
  it('has a row for every figure, and only for figures', () => {
    expect(islands.length).toBeGreaterThanOrEqual(14);
    expect([...rows.keys()].sort()).toEqual(islands.map((f) => f.tag).sort());
  });

  for (const { tag, ID, params } of islands) {
    it(`<${tag}>: its id and every prop it takes`, () => {
      const row = rows.get(tag);
      expect(row, `a row for <${tag}>`).toBeTruthy();
      expect(row!.id).toBe(ID);
      // Every control is named; anything else named is an option value or `preset` (ChainProduct's).
      for (const name of Object.keys(params)) expect(row!.props, `<${tag}> ${name}`).toContain(name);
    });
  }
});
