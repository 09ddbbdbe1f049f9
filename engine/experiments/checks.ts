/** Cross-parameter checks shared by the MNIST experiments. */

export function mnistShapeProblems(sizes: number[]): string[] {
  const problems: string[] = [];
  if (sizes[0] !== 784) problems.push(`sizes: the first layer must have 784 inputs (28x28 MNIST pixels), got ${sizes[0]}`);
  if (sizes[sizes.length - 1] !== 10) problems.push(`sizes: the last layer must have 10 outputs (one per digit), got ${sizes[sizes.length - 1]}`);
  return problems;
}
