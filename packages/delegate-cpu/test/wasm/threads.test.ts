import { Tensor } from '@tessera/core';
import { cpuDelegate, sharedMemoryAvailable } from '@tessera/delegate-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { type GraphCase, ints, node, random, runPartitionOn } from './partition-harness.js';

const scalar = (v: number) => new Tensor('float32', new Float32Array([v]), []);

/** Enough work of each kind to be split across threads: GEMM, Winograd, depthwise, a chain, MatMul. */
const WORK: GraphCase = {
  nodes: [
    node('Conv', ['x', 'w1', 'b1'], ['a'], { strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) }),
    node('Conv', ['a', 'w2', 'b2'], ['b'], { pads: ints([1, 1, 1, 1]) }),
    node('Conv', ['b', 'dw'], ['c'], { group: { type: 'int', value: 24 }, pads: ints([2, 2, 2, 2]) }),
    node('Add', ['c', 'three'], ['d']),
    node('Clip', ['d', 'zero', 'six'], ['e']),
    node('Mul', ['c', 'e'], ['f']),
    node('Reshape', ['f', 'shape'], ['g']),
    node('MatMul', ['g', 'm'], ['y']),
  ],
  constants: {
    w1: random([24, 8, 3, 3], 2),
    b1: random([24], 3),
    w2: random([24, 24, 3, 3], 4),
    b2: random([24], 5),
    dw: random([24, 1, 5, 5], 6),
    three: scalar(3),
    zero: scalar(0),
    six: scalar(6),
    shape: new Tensor('int64', new BigInt64Array([24n * 20n, 16n]), [2]),
    m: random([16, 40], 7),
  },
  feeds: { x: random([1, 8, 40, 32], 1) },
  outputs: ['y'],
};

/** Runs `c` on one and two threads: the job must have been shared, and every value must be the same. */
async function expectSplitMatchesOneThread(c: GraphCase): Promise<void> {
  const one = cpuDelegate({ backend: 'wasm', threads: 1 });
  const two = cpuDelegate({ backend: 'wasm', threads: 2 });
  try {
    const a = await runPartitionOn(one, c);
    const b = await runPartitionOn(two, c, 2);
    expect((await two.runtimeInfo()).sharedJobs).toBeGreaterThan(0);
    expect(Array.from((b.outputs[0] as Tensor).data as Float32Array)).toEqual(
      Array.from((a.outputs[0] as Tensor).data as Float32Array),
    );
  } finally {
    await one.dispose?.();
    await two.dispose?.();
  }
}

describe('worker threads', () => {
  const restore: (() => void)[] = [];
  afterEach(() => {
    for (const r of restore.splice(0)) r();
  });

  it('splits jobs over two threads with results identical to one thread', async () => {
    const one = cpuDelegate({ backend: 'wasm', threads: 1 });
    const two = cpuDelegate({ backend: 'wasm', threads: 2 });
    try {
      const a = await runPartitionOn(one, WORK, 2);
      const b = await runPartitionOn(two, WORK, 3);
      expect(await two.runtimeInfo()).toMatchObject({ backend: 'wasm', threads: 2, sharedMemory: true });
      expect(b.ran?.js).toBe(1); // the Reshape
      // Each output value is summed by one thread in the same order whatever the split.
      expect(Array.from((b.outputs[0] as Tensor).data as Float32Array)).toEqual(
        Array.from((a.outputs[0] as Tensor).data as Float32Array),
      );
    } finally {
      await one.dispose?.();
      await two.dispose?.();
    }
  });

  it('splits a Winograd conv on a small map with many channels by output channels, identical to one thread', async () => {
    // 14×14 gives 16 tiles, one block: the threads share output channels (each transforms the tiles).
    await expectSplitMatchesOneThread({
      nodes: [node('Conv', ['x', 'w', 'b'], ['y'], { pads: ints([1, 1, 1, 1]) })],
      constants: { w: random([128, 128, 3, 3], 2), b: random([128], 3) },
      feeds: { x: random([1, 128, 14, 14], 1) },
      outputs: ['y'],
    });
  });

  it('splits a one-channel 2×2 stride-2 ConvTranspose by input rows, with results identical to one thread', async () => {
    await expectSplitMatchesOneThread({
      nodes: [node('ConvTranspose', ['x', 'w', 'b'], ['y'], { strides: ints([2, 2]) })],
      constants: { w: random([64, 1, 2, 2], 2), b: random([1], 3) },
      feeds: { x: random([1, 64, 128, 128], 1) },
      outputs: ['y'],
    });
  });

  it('falls back to one thread where shared memory is unavailable (a page without cross-origin isolation)', async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    const had = Object.hasOwn(g, 'crossOriginIsolated');
    const before = g.crossOriginIsolated;
    g.crossOriginIsolated = false;
    restore.push(() => {
      if (had) g.crossOriginIsolated = before;
      else delete g.crossOriginIsolated;
    });
    expect(sharedMemoryAvailable()).toBe(false);
    const reference = cpuDelegate({ backend: 'js' });
    const isolated = cpuDelegate({ backend: 'wasm', threads: 4 });
    try {
      const expected = await runPartitionOn(reference, WORK);
      const actual = await runPartitionOn(isolated, WORK, 2);
      expect(await isolated.runtimeInfo()).toMatchObject({ backend: 'wasm', threads: 1, sharedMemory: false });
      const e = (expected.outputs[0] as Tensor).data as Float32Array;
      const got = (actual.outputs[0] as Tensor).data as Float32Array;
      let worst = 0;
      let range = 0;
      for (let i = 0; i < e.length; i++) {
        worst = Math.max(worst, Math.abs((e[i] as number) - (got[i] as number)));
        range = Math.max(range, Math.abs(e[i] as number));
      }
      expect(worst).toBeLessThanOrEqual(1e-4 * range + 1e-5);
    } finally {
      await reference.dispose?.();
      await isolated.dispose?.();
    }
  });

  it("runs the TypeScript kernels with backend 'js'", async () => {
    const d = cpuDelegate({ backend: 'js' });
    expect((await d.runtimeInfo()).backend).toBe('js');
  });
});
