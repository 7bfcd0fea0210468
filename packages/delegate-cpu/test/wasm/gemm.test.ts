import type { Attribute, Node, Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, float, type GraphCase, int, node, random, runPartition, runPartitionOn } from './partition-harness.js';

// Gemm as a fully connected layer runs on the packed GEMM (alpha folded into the packed weights, beta·C
// as a column bias before the fused clamp); every other Gemm stays on the TypeScript kernel.
const js = cpuDelegate({ backend: 'js' });
const oneThread = cpuDelegate({ backend: 'wasm', threads: 1 });
const twoThreads = cpuDelegate({ backend: 'wasm', threads: 2 });
afterAll(async () => {
  for (const d of [js, oneThread, twoThreads]) await d.dispose?.();
});

interface GemmCase {
  readonly a: number[];
  readonly b: number[];
  /** C's dims, or none. */
  readonly c?: number[];
  readonly attrs?: Record<string, Attribute>;
  readonly activation?: Node['activation'];
  /** B as a run-time input rather than a constant. */
  readonly bInput?: boolean;
}

function gemmCase(g: GemmCase): GraphCase {
  const inputs = g.c ? ['a', 'b', 'c'] : ['a', 'b'];
  const constants: Record<string, Tensor> = {};
  const feeds: Record<string, Tensor> = { a: random(g.a, 1) };
  if (g.bInput) feeds.b = random(g.b, 2);
  else constants.b = random(g.b, 2);
  if (g.c) constants.c = random(g.c, 3);
  const extra = g.activation ? { activation: g.activation } : {};
  return { nodes: [node('Gemm', inputs, ['y'], g.attrs ?? {}, extra)], constants, feeds, outputs: ['y'] };
}

const ON_WASM: Record<string, GemmCase> = {
  'fully connected: B transposed, C per column': { a: [1, 64], b: [33, 64], c: [33], attrs: { transB: int(1) } },
  'batch of rows, C [1, N], alpha and beta': {
    a: [5, 19],
    b: [19, 21],
    c: [1, 21],
    attrs: { alpha: float(0.5), beta: float(2) },
  },
  'A transposed, scalar C': { a: [19, 6], b: [19, 10], c: [1], attrs: { transA: int(1) } },
  'both transposed, 0-d C': { a: [12, 7], b: [9, 12], c: [], attrs: { transA: int(1), transB: int(1) } },
  'no C': { a: [3, 40], b: [40, 17] },
  'fused Relu after the bias': { a: [4, 30], b: [30, 26], c: [26], activation: { op: 'Relu', attributes: {} } },
  'fused Clip after the bias': {
    a: [4, 30],
    b: [30, 26],
    c: [26],
    activation: { op: 'Clip', attributes: { min: float(-0.3), max: float(0.4) } },
  },
  'fused HardSwish (an epilogue program)': {
    a: [2, 30],
    b: [26, 30],
    c: [26],
    attrs: { transB: int(1) },
    activation: { op: 'HardSwish', attributes: {} },
  },
  'a classifier: 1 × 512 · 512 × 1000': { a: [1, 512], b: [1000, 512], c: [1000], attrs: { transB: int(1) } },
};

const ON_TYPESCRIPT: Record<string, GemmCase> = {
  'C per row': { a: [5, 8], b: [8, 6], c: [5, 1] },
  'C per element': { a: [5, 8], b: [8, 6], c: [5, 6] },
  'B computed at run time': { a: [5, 8], b: [8, 6], c: [6], bInput: true },
};

describe('WebAssembly Gemm', () => {
  for (const [name, g] of Object.entries(ON_WASM)) {
    it(name, async () => {
      const c = gemmCase(g);
      const [expected] = await runPartition(js, c);
      for (const delegate of [oneThread, twoThreads]) {
        const { outputs, ran } = await runPartitionOn(delegate, c, 2);
        expect(ran).toEqual({ wasm: 1, chain: 0, js: 0 });
        expectClose(outputs[0] as Tensor, expected as Tensor);
      }
    });
  }
  for (const [name, g] of Object.entries(ON_TYPESCRIPT)) {
    it(`${name}: stays on the TypeScript kernel`, async () => {
      const c = gemmCase(g);
      const [expected] = await runPartition(js, c);
      const { outputs, ran } = await runPartitionOn(oneThread, c, 2);
      expect(ran).toEqual({ wasm: 0, chain: 0, js: 1 });
      expectClose(outputs[0] as Tensor, expected as Tensor);
    });
  }
});
