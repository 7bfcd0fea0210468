import type { Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, type GraphCase, int, ints, node, random, runPartition, runPartitionOn } from './partition-harness.js';

// Depthwise 3×3 at stride 2 reads the NCHW planes directly (wasm/depthwise_s2.c) when rows have more
// than eight outputs, else runs four channels at a time (wasm/depthwise_c4.c): even/odd column
// splits, masked lanes past the row, zero rows above and below, two output rows per pass and stores
// that may spill into the next row. Every edge of both against the TypeScript kernel.
const js = cpuDelegate({ backend: 'js' });
const oneThread = cpuDelegate({ backend: 'wasm', threads: 1 });
const twoThreads = cpuDelegate({ backend: 'wasm', threads: 2 });
afterAll(async () => {
  for (const d of [js, oneThread, twoThreads]) await d.dispose?.();
});

interface Stride2Case {
  readonly c: number;
  readonly h: number;
  readonly w: number;
  /** Channel multiplier (output channels per input channel). */
  readonly multiplier?: number;
  readonly pads: readonly [number, number, number, number];
  readonly activation?: string;
}

function stride2Case(s: Stride2Case, seed: number): GraphCase {
  const oc = s.c * (s.multiplier ?? 1);
  const conv = node(
    'Conv',
    ['x', 'w', 'b'],
    ['y'],
    { group: int(s.c), strides: ints([2, 2]), pads: ints([...s.pads]), kernel_shape: ints([3, 3]) },
    s.activation ? { activation: { op: s.activation, attributes: {} } } : {},
  );
  return {
    nodes: [conv],
    constants: { w: random([oc, 1, 3, 3], seed + 1), b: random([oc], seed + 2) },
    feeds: { x: random([1, s.c, s.h, s.w], seed) },
    outputs: ['y'],
  };
}

const CASES: Record<string, Stride2Case> = {};
// Every row width from 1 to 19 and a few wide ones, with both left paddings and an odd height.
for (const w of [1, 2, 3, 4, 5, 7, 8, 9, 14, 15, 16, 17, 19, 33, 112]) {
  CASES[`width ${w}, pads [1,1,1,1]`] = { c: 5, h: 7, w, pads: [1, 1, 1, 1] };
  // One column padded only after is narrower than the window.
  if (w > 1) CASES[`width ${w}, pads [0,0,1,1]`] = { c: 5, h: 6, w, pads: [0, 0, 1, 1] };
}
Object.assign(CASES, {
  'no padding, odd sizes': { c: 3, h: 11, w: 13, pads: [0, 0, 0, 0] },
  'top padding only': { c: 4, h: 9, w: 10, pads: [1, 0, 0, 0] },
  'left padding only': { c: 4, h: 9, w: 10, pads: [0, 1, 0, 0] },
  'wide end padding (plane kernel past one column)': { c: 4, h: 8, w: 8, pads: [1, 1, 3, 4] },
  'wide end padding, wide rows': { c: 3, h: 9, w: 24, pads: [1, 1, 3, 5] },
  'one input row': { c: 6, h: 1, w: 12, pads: [1, 1, 1, 1] },
  'channel multiplier 2': { c: 4, h: 10, w: 21, multiplier: 2, pads: [1, 1, 1, 1] },
  'MobileNet 14×14×512 SAME': { c: 512, h: 14, w: 14, pads: [0, 0, 1, 1] },
  'top-left padding 2 (plane kernel)': { c: 3, h: 12, w: 12, pads: [2, 2, 1, 1] },
  'fused Relu6-like clip': { c: 8, h: 13, w: 18, pads: [1, 1, 1, 1], activation: 'Relu' },
  'fused HardSwish program': { c: 8, h: 13, w: 18, pads: [0, 0, 1, 1], activation: 'HardSwish' },
} satisfies Record<string, Stride2Case>);

describe('WebAssembly depthwise 3×3 stride 2 from the planes', () => {
  for (const [name, shape] of Object.entries(CASES)) {
    it(name, async () => {
      const c = stride2Case(shape, name.length);
      const [expected] = await runPartition(js, c);
      for (const delegate of [oneThread, twoThreads]) {
        const { outputs, ran } = await runPartitionOn(delegate, c, 2);
        expect(ran).toEqual({ wasm: 1, chain: 0, js: 0 });
        expectClose(outputs[0] as Tensor, expected as Tensor);
      }
    });
  }
});
