import type { Attribute, Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, type GraphCase, int, ints, node, random, runPartition, runPartitionOn } from './partition-harness.js';

const wasm = cpuDelegate({ backend: 'wasm', threads: 1 });
const js = cpuDelegate({ backend: 'js' });
afterAll(async () => {
  await wasm.dispose?.();
  await js.dispose?.();
});

interface ConvShape {
  readonly n?: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly oc: number;
  readonly k: readonly [number, number];
  readonly strides?: readonly [number, number];
  readonly pads?: readonly [number, number, number, number];
  readonly dilations?: readonly [number, number];
  readonly group?: number;
  readonly bias?: boolean;
  readonly activation?: { op: string; attributes?: Record<string, Attribute> };
  readonly autoPad?: string;
}

function convCase(s: ConvShape, seed: number): GraphCase {
  const group = s.group ?? 1;
  const attributes: Record<string, Attribute> = { group: int(group) };
  if (s.strides) attributes.strides = ints([...s.strides]);
  if (s.pads) attributes.pads = ints([...s.pads]);
  if (s.dilations) attributes.dilations = ints([...s.dilations]);
  if (s.autoPad) attributes.auto_pad = { type: 'string', value: s.autoPad, bytes: new TextEncoder().encode(s.autoPad) };
  const inputs = s.bias === false ? ['x', 'w'] : ['x', 'w', 'b'];
  const conv = node(
    'Conv',
    inputs,
    ['y'],
    attributes,
    s.activation ? { activation: { op: s.activation.op, attributes: s.activation.attributes ?? {} } } : {},
  );
  const constants: Record<string, Tensor> = { w: random([s.oc, s.c / group, ...s.k], seed + 1) };
  if (s.bias !== false) constants.b = random([s.oc], seed + 2);
  return { nodes: [conv], constants, feeds: { x: random([s.n ?? 1, s.c, s.h, s.w], seed) }, outputs: ['y'] };
}

const SHAPES: Record<string, ConvShape> = {
  'pointwise, odd sizes': { c: 5, h: 7, w: 9, oc: 6, k: [1, 1] },
  'pointwise, batch 2, many channels': { n: 2, c: 33, h: 6, w: 5, oc: 35, k: [1, 1] },
  'pointwise stride 2': { c: 8, h: 9, w: 11, oc: 12, k: [1, 1], strides: [2, 2] },
  '3×3 stride 1 (Winograd)': { c: 16, h: 13, w: 17, oc: 20, k: [3, 3], pads: [1, 1, 1, 1] },
  '3×3 stride 1 (Winograd), no padding, batch 2': { n: 2, c: 24, h: 10, w: 9, oc: 16, k: [3, 3] },
  '3×3 stride 1 (Winograd), asymmetric pads, wide': { c: 17, h: 6, w: 41, oc: 18, k: [3, 3], pads: [0, 2, 1, 0] },
  '3×3 stride 1, few channels (GEMM)': { c: 3, h: 11, w: 11, oc: 5, k: [3, 3], pads: [1, 1, 1, 1] },
  '3×3 stride 2': { c: 6, h: 15, w: 14, oc: 10, k: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
  '5×5 dilation 2': { c: 4, h: 16, w: 15, oc: 7, k: [5, 5], dilations: [2, 2], pads: [4, 4, 4, 4] },
  '7×7 stride 2 pad 3': { c: 3, h: 23, w: 21, oc: 8, k: [7, 7], strides: [2, 2], pads: [3, 3, 3, 3] },
  '1×3 kernel, stride 2×1': { c: 6, h: 5, w: 12, oc: 9, k: [1, 3], strides: [2, 1], pads: [0, 1, 0, 1] },
  'groups 2 (grouped GEMM)': { c: 8, h: 9, w: 9, oc: 6, k: [3, 3], group: 2, pads: [1, 1, 1, 1] },
  'groups 3, no bias': { c: 9, h: 7, w: 8, oc: 12, k: [1, 1], group: 3, bias: false },
  'depthwise 3×3 stride 1': { c: 12, h: 17, w: 19, oc: 12, k: [3, 3], group: 12, pads: [1, 1, 1, 1] },
  'depthwise 3×3 stride 2': { c: 8, h: 16, w: 21, oc: 8, k: [3, 3], group: 8, strides: [2, 2], pads: [1, 1, 1, 1] },
  'depthwise 5×5 stride 2, odd pads': { c: 6, h: 19, w: 13, oc: 6, k: [5, 5], group: 6, strides: [2, 2], pads: [2, 1, 2, 3] },
  'depthwise 5×5 stride 1 ×2 multiplier': { c: 4, h: 12, w: 30, oc: 8, k: [5, 5], group: 4, pads: [2, 2, 2, 2] },
  'depthwise 3×3 dilation 2, stride 3': {
    c: 5,
    h: 14,
    w: 14,
    oc: 5,
    k: [3, 3],
    group: 5,
    dilations: [2, 2],
    strides: [3, 3],
    pads: [2, 2, 2, 2],
  },
  'depthwise 3×3 stride (1, 2) rows and columns': {
    c: 3,
    h: 9,
    w: 33,
    oc: 3,
    k: [3, 3],
    group: 3,
    strides: [1, 2],
    pads: [1, 1, 1, 1],
  },
  'depthwise 5×5, rows of sixteen outputs and a ragged rest': {
    c: 3,
    h: 6,
    w: 83,
    oc: 3,
    k: [5, 5],
    group: 3,
    pads: [2, 2, 2, 2],
  },
  'depthwise 3×3 stride 2 dilation 2, wide': {
    c: 2,
    h: 9,
    w: 70,
    oc: 2,
    k: [3, 3],
    group: 2,
    strides: [2, 2],
    dilations: [2, 2],
    pads: [2, 2, 2, 2],
  },
  'depthwise 7×7 (taps not unrolled)': { c: 2, h: 11, w: 20, oc: 2, k: [7, 7], group: 2, pads: [3, 3, 3, 3] },
  // Rows shorter than 16 go to the four-channel kernel (depthwise_c4.c): a ragged last channel block
  // and a ragged last group of four columns.
  'depthwise 3×3 short rows, 7 channels': { c: 7, h: 9, w: 11, oc: 7, k: [3, 3], group: 7, pads: [1, 1, 1, 1] },
  'depthwise 7×7 short rows, stride 2': { c: 5, h: 13, w: 9, oc: 5, k: [7, 7], group: 5, strides: [2, 2], pads: [3, 2, 3, 1] },
  'depthwise 3×3 one output column, column stride 2': { c: 6, h: 5, w: 3, oc: 6, k: [3, 3], group: 6, strides: [1, 2] },
  // Rows shorter than a vector, in pairs: the first row's spill once reached the next channel's plane.
  'depthwise 3×3 one output column, eight rows': { c: 6, h: 8, w: 3, oc: 6, k: [3, 3], group: 6 },
  'depthwise 3×3 stride 2, two output columns': {
    c: 5,
    h: 9,
    w: 4,
    oc: 5,
    k: [3, 3],
    group: 5,
    strides: [2, 2],
    pads: [1, 1, 1, 1],
  },
  // The four-channel kernel takes 3×3 windows a row of three taps at a time, at every stride pair.
  'depthwise 3×3 short rows, stride 2×1': {
    c: 5,
    h: 9,
    w: 10,
    oc: 5,
    k: [3, 3],
    group: 5,
    strides: [2, 1],
    pads: [1, 0, 1, 2],
  },
  'SAME_UPPER auto pad': { c: 4, h: 10, w: 7, oc: 5, k: [3, 3], strides: [2, 2], autoPad: 'SAME_UPPER' },
};

const ACTIVATIONS: Record<string, ConvShape['activation']> = {
  Relu: { op: 'Relu' },
  Clip: { op: 'Clip', attributes: { min: { type: 'float', value: -0.5 }, max: { type: 'float', value: 0.75 } } },
  HardSwish: { op: 'HardSwish' },
  HardSigmoid: { op: 'HardSigmoid', attributes: { alpha: { type: 'float', value: 0.3 }, beta: { type: 'float', value: 0.4 } } },
  Sigmoid: { op: 'Sigmoid' },
  LeakyRelu: { op: 'LeakyRelu', attributes: { alpha: { type: 'float', value: 0.2 } } },
  Tanh: { op: 'Tanh' },
};

describe('WebAssembly Conv against the TypeScript reference', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    it(name, async () => {
      const c = convCase(shape, name.length);
      const [expected] = await runPartition(js, c);
      const { outputs, ran } = await runPartitionOn(wasm, c, 2);
      expect(ran).toEqual({ wasm: 1, chain: 0, js: 0 });
      expectClose(outputs[0] as Tensor, expected as Tensor);
    });
  }
  for (const [name, activation] of Object.entries(ACTIVATIONS)) {
    it(`fused ${name} on the GEMM, Winograd and depthwise paths`, async () => {
      for (const shape of [SHAPES['pointwise, odd sizes'], SHAPES['3×3 stride 1 (Winograd)'], SHAPES['depthwise 3×3 stride 2']]) {
        const c = convCase({ ...(shape as ConvShape), activation }, 7);
        const [expected] = await runPartition(js, c);
        const { outputs, ran } = await runPartitionOn(wasm, c);
        expect(ran).toEqual({ wasm: 1, chain: 0, js: 0 });
        expectClose(outputs[0] as Tensor, expected as Tensor);
      }
    });
  }
  it('runs on the WebAssembly kernels', async () => {
    expect((await wasm.runtimeInfo()).backend).toBe('wasm');
  });
});
