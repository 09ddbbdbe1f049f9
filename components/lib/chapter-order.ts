/**
 * Each published chapter needs its own front-matter `order`: two in one place would be put in an
 * order nobody chose (by file name), and the home page, the lowest, could change with a rename.
 * Throws, so the build stops, naming the files that share one.
 */
export function assertOwnOrders(chapters: readonly { id: string; data: { order: number } }[]): void {
  const byOrder = new Map<number, string[]>();
  for (const c of chapters) byOrder.set(c.data.order, [...(byOrder.get(c.data.order) ?? []), c.id]);
  const shared = [...byOrder].filter(([, ids]) => ids.length > 1);
  if (shared.length === 0) return;
  const list = shared.map(([order, ids]) => `order ${order}: ${ids.map((id) => `content/chapters/${id}.mdx`).join(', ')}`).join('; ');
  throw new Error(`Published chapters share a front-matter "order" (${list}); give each chapter its own`);
}
