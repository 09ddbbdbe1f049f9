// Which of the page's font files an exported SVG carries (components/lib/export-fonts.ts): the
// faces CSS font matching would draw its text with, only in the subsets its characters need.
import { describe, expect, it } from 'vitest';
import { facesFor, parseUnicodeRange } from '../../components/lib/export-fonts';
import type { FaceRule } from '../../components/lib/export-fonts';

const LATIN = 'U+0000-00FF,U+0131,U+2000-206F,U+2212';
const GREEK = 'U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF';
const face = (weight: number, subset: 'latin' | 'greek', style = 'normal'): FaceRule => ({
  family: 'Source Sans 3', style, weight, unicodeRange: subset === 'latin' ? LATIN : GREEK, url: `https://x/${subset}-${weight}-${style}.woff2`,
});
const PAGE = [face(400, 'latin'), face(400, 'greek'), face(600, 'latin'), face(600, 'greek'), face(400, 'latin', 'italic')];
const names = (fs: FaceRule[]) => fs.map((f) => f.url.replace('https://x/', '')).sort();

describe('facesFor', () => {
  it('takes the latin face for plain labels and adds the Greek subset only for Greek letters', () => {
    expect(names(facesFor([{ family: 'Source Sans 3', style: 'normal', weight: 400, chars: 'layer 1' }], PAGE))).toEqual(['latin-400-normal.woff2']);
    expect(names(facesFor([{ family: 'Source Sans 3', style: 'normal', weight: 400, chars: 'σ′(z) = 1/4' }], PAGE))).toEqual(['greek-400-normal.woff2', 'latin-400-normal.woff2']);
  });

  it('draws bold (700) with the 600 face and 500 with the 400 face, as CSS font matching does', () => {
    expect(names(facesFor([{ family: 'Source Sans 3', style: 'normal', weight: 700, chars: '✕ x' }], PAGE))).toEqual(['latin-600-normal.woff2']);
    expect(names(facesFor([{ family: 'Source Sans 3', style: 'normal', weight: 500, chars: 'x' }], PAGE))).toEqual(['latin-400-normal.woff2']);
  });

  it('ignores families the page has no face for', () => {
    expect(facesFor([{ family: 'KaTeX_Main', style: 'normal', weight: 400, chars: 'x' }], PAGE)).toEqual([]);
  });
});

describe('parseUnicodeRange', () => {
  it('reads single points, ranges and wildcards', () => {
    expect(parseUnicodeRange('U+0131, U+0370-0377, U+4??')).toEqual([[0x131, 0x131], [0x370, 0x377], [0x400, 0x4ff]]);
  });
});
