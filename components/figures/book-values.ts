/**
 * Numbers published in the book, shown beside live results as a reference and labelled as the
 * book's (Nielsen 2015, ch. 5). His runs were unseeded, so live figures match their ratios and
 * orders of magnitude, not their digits. Nothing here feeds a computation.
 */

/** E3: speed of learning of each hidden layer at initialisation, first to last, by hidden layers. */
export const BOOK_LAYER_SPEEDS: Record<number, number[]> = {
  2: [0.07, 0.31],
  3: [0.012, 0.06, 0.283],
  4: [0.003, 0.017, 0.07, 0.285],
};

/** E1: validation accuracy (%) after 30 epochs, by number of hidden layers. */
export const BOOK_DEPTH_ACCURACY: Record<number, number> = { 1: 96.48, 2: 96.9, 3: 96.57, 4: 96.53 };
