/**
 * A display equation too wide for a phone can carry a second, narrow form (the same mathematics
 * broken over lines) that replaces it wherever the column is narrower than the wide form: see
 * components/chapter/Display.astro. CSS alone chooses the form (a container query), so the page
 * never shifts once laid out; a query's width must be written out in CSS, so the choice is one of
 * these breakpoints, each with its rule in chapter.css (tests/content/chapter.test.ts keeps the
 * two in step, and tests/browser/narrow-layout.spec.ts checks each equation's breakpoint against
 * its wide form's measured width).
 */
export const NARROW_BREAKPOINTS: readonly number[] = Array.from({ length: 27 }, (_, i) => 240 + 20 * i);

/** The breakpoint an author wrote (`narrowBelow="520"`), or a build error that lists the choices. */
export function narrowBreakpoint(raw: unknown, where: string): number {
  const below = Number(raw);
  if (!NARROW_BREAKPOINTS.includes(below)) {
    throw new Error(
      `${where}: narrowBelow="${String(raw)}" is not one of the breakpoints ${NARROW_BREAKPOINTS[0]}, ` +
        `${NARROW_BREAKPOINTS[1]}, ..., ${NARROW_BREAKPOINTS.at(-1)} (px, in steps of 20): take the ` +
        'smallest that holds the wide form where the switch happens (the narrow-layout browser test measures it)',
    );
  }
  return below;
}
