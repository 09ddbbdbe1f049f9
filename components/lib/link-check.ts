/**
 * A link's query keys that no figure on the page reads, named to the reader instead of ignored
 * in silence: `?hidden=12` (a figure's setting without its figure's name; other undotted keys,
 * such as a tracker's, are left alone) or `?remedy-racee.hidden=12` (a figure the page does not
 * have). Each figure reports its own bad
 * values (url-state.ts); this catches the keys none of them looks at. The pure half is tested in
 * Node; `showStrayLinkKeys` binds it to the page.
 */

/** Levenshtein distance, for "did you mean" (figure ids are short). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = up;
    }
  }
  return row[b.length];
}

const quote = (key: string, value: string) => `${key}=${value}`;
const list = (xs: string[], and = 'or') => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}`);

/**
 * One sentence per key of `search` that no figure on the page reads. `figures` are the page's
 * figure ids (placements: "layer-speeds", "layer-speeds-2"), `controlsOf` a figure's setting names.
 */
export function strayLinkKeys(search: string, figures: string[], controlsOf: (figure: string) => string[]): string[] {
  return strayLinks(search, figures, controlsOf).map((s) => s.text);
}

/** strayLinkKeys's sentences with the keys they are about (which then leave the page's address). */
function strayLinks(search: string, figures: string[], controlsOf: (figure: string) => string[]): { key: string; value: string; text: string }[] {
  const out: { key: string; value: string; text: string }[] = [];
  for (const [key, value] of new URLSearchParams(search)) {
    if (key === 'engine') {
      if (value !== 'reference') out.push({ key, value, text: `Link setting ${quote(key, value)} not applied: the only engine a link can ask for is engine=reference (the figures then run on the TypeScript reference engine, with the same results, only slower).` });
      continue;
    }
    const dot = key.indexOf('.');
    if (dot < 0) {
      // Only a figure's setting written without its figure: other keys (utm_source, fbclid from a
      // shared link, an LMS's own) are not the reader's doing and not ours to flag.
      const having = figures.filter((f) => controlsOf(f).includes(key)).map((f) => `${f}.${key}=${value}`);
      if (having.length) out.push({ key, value, text: `Link setting ${quote(key, value)} not applied: a setting is named after its figure, e.g. ${list(having)}.` });
      continue;
    }
    const figure = key.slice(0, dot);
    if (figures.includes(figure)) continue;
    const near = figures.filter((f) => distance(f, figure) <= 3);
    out.push({ key, value, text: `Link setting ${quote(key, value)} not applied: this page has no figure ${figure}${near.length ? ` (did you mean ${list(near.map((f) => `${f}${key.slice(dot)}=${value}`))}?)` : `; its figures are ${list(figures, 'and')}`}.` });
  }
  return out;
}

/** On a page with figures, a notice at the top of the main text for the link's stray keys, if any. */
export function showStrayLinkKeys(): void {
  const figures = [...document.querySelectorAll<HTMLElement>('figure[data-figure][id^="fig-"]')];
  const main = document.querySelector('main');
  if (!figures.length || !main || !location.search) return;
  const ids = figures.map((f) => f.id.slice('fig-'.length));
  const controlsOf = (id: string) => [...(document.getElementById(`fig-${id}`)?.querySelectorAll<HTMLElement>('.figure-controls [name]') ?? [])].map((c) => c.getAttribute('name')!);
  const problems = strayLinks(location.search, ids, controlsOf);
  if (!problems.length) return;
  const notice = document.createElement('div');
  notice.className = 'link-notice';
  notice.setAttribute('role', 'status');
  for (const { text } of problems) notice.appendChild(document.createElement('p')).textContent = text;
  main.prepend(notice);
  // As with a figure's own refused values, the address then holds only what applies: a link
  // copied from it (or from a figure's Copy link) does not pass the mistake on.
  const url = new URL(location.href);
  for (const { key, value } of problems) url.searchParams.delete(key, value);
  history.replaceState(history.state, '', url);
}
