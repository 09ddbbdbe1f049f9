/**
 * Reader text whose powers of ten (num()'s "1.4 × 10⁶", "10⁻³⁰") are shown as written and said in
 * words to a screen reader ("1.4 times 10 to the power 6"): the notation is hidden from it, the
 * words are hidden from the eye (and from a copy, which takes the notation). Text without a power
 * of ten comes out as it is, with no extra markup.
 */
import { num, powersOfTen } from './format';

export function Spoken({ text }: { text: string }) {
  const parts = powersOfTen(text);
  if (parts.every((p) => 'plain' in p)) return <>{text}</>;
  return (
    <>
      {parts.map((p) => ('plain' in p ? p.plain : (
        <span class="power-of-ten">
          <span aria-hidden="true">{p.shown}</span>
          <span class="sr-only">{p.words}</span>
        </span>
      )))}
    </>
  );
}

/** num(v, digits) in a table cell or a sentence on the page, said in words where it is a power of ten. */
export function Num({ v, digits = 3 }: { v: number; digits?: number }) {
  return <Spoken text={num(v, digits)} />;
}

/** An element's text as the eye reads it: without the words for screen readers (the exports' captions use it). */
export function shownText(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
  return (copy.textContent ?? '').trim();
}
