/**
 * A chapter's front-matter date: YAML reads an unquoted 2026-11-26 as a Date (midnight UTC); a
 * quoted one stays text. Either is taken if it is a day written YYYY-MM-DD; anything else is
 * refused rather than guessed (a date parser reads 05-12-2026 as 12 May, and a quoted
 * "2026-02-30" as 2 March). A time of day (2026-11-26T10:00) is refused too. One case cannot be
 * caught here: YAML rolls an unquoted impossible day (2026-02-30) over to a real one (2 March)
 * before this check sees it.
 */
export function isIsoDate(v: unknown): v is Date | string {
  if (v instanceof Date) return !Number.isNaN(v.getTime()) && v.getTime() % 86_400_000 === 0;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
