/**
 * Line styles for figures that draw several series (depths, layers): colour, dash pattern and a
 * marker shape each tell them apart, so colour is never the only carrier of meaning.
 */
import { symbolCircle, symbolDiamond, symbolSquare, symbolTriangle } from 'd3-shape';

export const SERIES_STYLES = [
  { stroke: 'var(--series-1)', dash: '2 3', shape: symbolCircle },
  { stroke: 'var(--series-2)', dash: '7 3', shape: symbolSquare },
  { stroke: 'var(--series-3)', dash: '12 3 3 3', shape: symbolTriangle },
  { stroke: 'var(--series-4)', dash: '', shape: symbolDiamond },
];
