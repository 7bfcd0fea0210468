import { type Attribute, Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, type GraphCase, int, ints, node, random, runPartition, runPartitionOn } from './partition-harness.js';

const wasm = cpuDelegate({ backend: 'wasm', threads: 1 });
const js = cpuDelegate({ backend: 'js' });
afterAll(async () => {
  await wasm.dispose?.();
  await js.dispose?.();
});

async function compare(c: GraphCase): Promise<void> {
  const expected = await runPartition(js, c);
  const { outputs, ran } = await runPartitionOn(wasm, c, 2);
  expect(ran?.js).toBe(0);
  for (const [i, e] of expected.entries()) expectClose(outputs[i] as Tensor, e);
}

describe('WebAssembly MatMul', () => {
  const cases: Record<string, { a: number[]; b: number[]; constantB?: boolean }> = {
    '2-D × constant 2-D, odd sizes': { a: [13, 19], b: [19, 21], constantB: true },
    'batched A × constant 2-D (one GEMM over all rows)': { a: [2, 3, 7, 40], b: [40, 9], constantB: true },
    'batched × batched': { a: [3, 5, 6], b: [3, 6, 10] },
    'batched × broadcast 2-D': { a: [4, 9, 3], b: [3, 17] },
    'broadcast 2-D × batched': { a: [9, 3], b: [2, 3, 5] },
    'attention shape': { a: [1, 8, 40, 32], b: [1, 8, 32, 40] },
    'one row × constant (a classifier: the matrix-vector kernel)': { a: [1, 37], b: [37, 21], constantB: true },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const a = random(c.a, 1);
      const b = random(c.b, 2);
      await compare({
        nodes: [node('MatMul', ['a', 'b'], ['y'])],
        constants: c.constantB ? { b } : {},
        feeds: c.constantB ? { a } : { a, b },
        outputs: ['y'],
      });
    });
  }
  it('fuses a following bias Add and activation as the epilogue', async () => {
    await compare({
      nodes: [node('MatMul', ['a', 'w'], ['m']), node('Add', ['m', 'bias'], ['s']), node('Sigmoid', ['s'], ['y'])],
      constants: { w: random([24, 10], 2), bias: random([10], 3) },
      feeds: { a: random([2, 5, 24], 1) },
      outputs: ['y'],
    });
  });
});

describe('WebAssembly ConvTranspose', () => {
  const cases: Record<string, { x: number[]; w: number[]; attrs: Record<string, Attribute> }> = {
    'kernel 2 stride 2 (PaddleOCR det)': { x: [1, 6, 5, 7], w: [6, 4, 2, 2], attrs: { strides: ints([2, 2]) } },
    'kernel 3 stride 2 pad 1 output_padding 1': {
      x: [2, 5, 4, 6],
      w: [5, 3, 3, 3],
      attrs: { strides: ints([2, 2]), pads: ints([1, 1, 1, 1]), output_padding: ints([1, 1]) },
    },
    'groups 2, dilation 2': { x: [1, 4, 5, 5], w: [4, 3, 3, 3], attrs: { group: int(2), dilations: ints([2, 2]) } },
    'kernel 4 stride 1, many channels': { x: [1, 20, 6, 9], w: [20, 9, 4, 4], attrs: { pads: ints([1, 2, 2, 1]) } },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      await compare({
        nodes: [node('ConvTranspose', ['x', 'w', 'b'], ['y'], c.attrs)],
        constants: { w: random(c.w, 2), b: random([(c.w[1] as number) * ((c.attrs.group?.value as number) ?? 1)], 3) },
        feeds: { x: random(c.x, 1) },
        outputs: ['y'],
      });
    });
  }
});

describe('WebAssembly pooling', () => {
  const pools: Record<string, { op: string; attrs: Record<string, Attribute>; x: number[] }> = {
    'MaxPool 3×3 stride 2 pad 1 (ResNet)': {
      op: 'MaxPool',
      attrs: { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) },
      x: [1, 4, 15, 17],
    },
    'MaxPool 3×3 stride 1 pad 1 (Inception)': {
      op: 'MaxPool',
      attrs: { kernel_shape: ints([3, 3]), pads: ints([1, 1, 1, 1]) },
      x: [2, 3, 9, 13],
    },
    'MaxPool 3×3 stride 2 ceil_mode': {
      op: 'MaxPool',
      attrs: { kernel_shape: ints([3, 3]), strides: ints([2, 2]), ceil_mode: int(1) },
      x: [1, 3, 14, 14],
    },
    'MaxPool 2×2 dilation 2': { op: 'MaxPool', attrs: { kernel_shape: ints([2, 2]), dilations: ints([2, 2]) }, x: [1, 2, 9, 10] },
    'AveragePool 3×3 excluding pads': {
      op: 'AveragePool',
      attrs: { kernel_shape: ints([3, 3]), pads: ints([1, 1, 1, 1]) },
      x: [1, 3, 10, 11],
    },
    'AveragePool 3×3 counting pads, stride 2': {
      op: 'AveragePool',
      attrs: { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]), count_include_pad: int(1) },
      x: [1, 3, 11, 12],
    },
    'AveragePool 2×2 stride 2 ceil_mode counting pads': {
      op: 'AveragePool',
      attrs: { kernel_shape: ints([2, 2]), strides: ints([2, 2]), ceil_mode: int(1), count_include_pad: int(1) },
      x: [1, 2, 7, 9],
    },
    GlobalAveragePool: { op: 'GlobalAveragePool', attrs: {}, x: [2, 5, 7, 9] },
    GlobalMaxPool: { op: 'GlobalMaxPool', attrs: {}, x: [2, 5, 3, 3] },
  };
  for (const [name, c] of Object.entries(pools)) {
    it(name, async () => {
      await compare({ nodes: [node(c.op, ['x'], ['y'], c.attrs)], feeds: { x: random(c.x, 5) }, outputs: ['y'] });
    });
  }
});

describe('values that stay in JavaScript memory', () => {
  it('copies a string-free non-float input in and out unchanged', async () => {
    const x = new Tensor('int64', new BigInt64Array([1n, -2n, 3n]), [3]);
    const c: GraphCase = { nodes: [node('Neg', ['x'], ['y'])], feeds: { x }, outputs: ['y'] };
    const [y] = await runPartition(wasm, c);
    expect(Array.from((y as Tensor).data as BigInt64Array)).toEqual([-1n, 2n, -3n]);
  });
});
