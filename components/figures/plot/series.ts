/**
 * Line styles for figures that draw several series (depths, layers): colour, dash pattern and a
 * marker shape each tell them apart, so colour is never the only carrier of meaning.
 */
import { symbolCircle, symbolDiamond, symbolSquare, symbolTriangle } from 'd3-shape';

export const SERIES_STYLES = [
  { stroke: '#b35400', dash: '2 3', shape: symbolCircle },
  { stroke: '#7a4fa0', dash: '7 3', shape: symbolSquare },
  { stroke: '#2a7f62', dash: '12 3 3 3', shape: symbolTriangle },
  { stroke: '#2f5f98', dash: '', shape: symbolDiamond },
];
