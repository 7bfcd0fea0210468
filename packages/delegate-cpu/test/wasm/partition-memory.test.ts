import { createSession, Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { describe, expect, it } from 'vitest';
import { oneNodeModel, seededFloats } from '../support/one-node.js';

describe('WebAssembly partition memory', () => {
  it('reports packed weights as constants and the largest set of live tensors as working memory', async () => {
    const delegate = cpuDelegate({ backend: 'wasm', threads: 1 });
    try {
      // x [1, 4, 8, 8] → Conv 3×3 (8 filters, pads 1) → y [1, 8, 8, 8].
      const { model, feeds } = oneNodeModel({
        op: 'Conv',
        attributes: { pads: { type: 'ints', value: [1, 1, 1, 1] } },
        inputs: [
          new Tensor('float32', seededFloats(4 * 64, 1), [1, 4, 8, 8]),
          { constant: new Tensor('float32', seededFloats(8 * 4 * 9, 5), [8, 4, 3, 3]) },
        ],
      });
      const session = await createSession(model, { delegates: [delegate] });
      await session.run(feeds);
      const [report, ...rest] = session.partitionMemory();
      expect(rest).toEqual([]);
      expect(report?.delegate).toBe('cpu');
      // The GEMM path packs the 8 × 36 weights into panels: at least their 1152 bytes, with alignment
      // slack but nowhere near a second copy of a large buffer.
      expect(report?.constantBytes).toBeGreaterThanOrEqual(8 * 36 * 4);
      expect(report?.constantBytes).toBeLessThan(8 * 36 * 4 + 1024);
      // The input copy (1 KiB) and the output (2 KiB) are alive together while the Conv runs.
      expect(report?.peakWorkingBytes).toBe(4 * 64 * 4 + 8 * 64 * 4);
      // The session's own arena holds nothing: every intermediate lives in the WebAssembly heap.
      expect(session.memory()[0]?.arenaBytes).toBe(0);
      await session.dispose();
    } finally {
      await delegate.dispose?.();
    }
  });
});
