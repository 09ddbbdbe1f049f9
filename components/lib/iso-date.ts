/**
 * A chapter's front-matter date: YAML reads an unquoted 2026-11-26 as a Date; a quoted one stays
 * text. Either is taken if it is a real day written YYYY-MM-DD; anything else is refused rather
 * than guessed (a date parser reads 05-12-2026 as 12 May, and 2026-02-30 as 2 March). An
 * unquoted impossible day is YAML's to catch: it hands over a Date already rolled over.
 */
export function isIsoDate(v: unknown): v is Date | string {
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
