// Two published chapters with the same `order` stop the build, naming both files.
import { describe, expect, it } from 'vitest';
import { assertOwnOrders } from '../../components/lib/chapter-order';

const chapter = (id: string, order: number) => ({ id, data: { order } });

describe('assertOwnOrders', () => {
  it('lets chapters with their own orders through', () => {
    expect(() => assertOwnOrders([chapter('a', 1), chapter('b', 2), chapter('c', 10)])).not.toThrow();
  });
  it('names every file that shares an order', () => {
    expect(() => assertOwnOrders([chapter('unstable-gradients', 1), chapter('what-fixed-it', 2), chapter('intro-course', 2)])).toThrow(
      'Published chapters share a front-matter "order" (order 2: content/chapters/what-fixed-it.mdx, content/chapters/intro-course.mdx); give each chapter its own',
    );
  });
});
