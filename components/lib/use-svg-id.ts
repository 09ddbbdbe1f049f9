/**
 * An id for an SVG <marker>, <pattern> or <clipPath> that is unique on the page, even when a
 * figure is placed twice, and the same in the build's HTML and after hydration (Preact's useId).
 * useId's output may contain characters that url(#...) references do not like; keep letters,
 * digits, '-' and '_'.
 */
import { useId } from 'preact/hooks';

export const useSvgId = (prefix: string): string => `${prefix}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
