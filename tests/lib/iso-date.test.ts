// The front matter's date rule (content/content.config.ts): a real day written YYYY-MM-DD, as YAML's
// Date or as text, and nothing a date parser would have to guess at.
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../components/lib/iso-date';

describe('front matter dates', () => {
  it('takes YYYY-MM-DD, as YAML reads it (a Date) or quoted (text)', () => {
    expect(isIsoDate(new Date('2026-11-26'))).toBe(true);
    expect(isIsoDate('2026-11-26')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true); // a leap day
  });
  it('refuses what a parser would guess at: other orders, impossible days, times, non-dates', () => {
    // (A Date with a time of day is what YAML makes of an unquoted 2026-11-26T10:00:00Z.)
    for (const v of ['05-12-2026', '12/05/2026', '2026-5-12', '2026-02-30', '2027-02-29', '2026-11-26T10:00', 'soon', '', 20261126, null, undefined, new Date('nonsense'), new Date('2026-11-26T10:00:00Z')]) {
      expect(isIsoDate(v), String(v)).toBe(false);
    }
  });
});
