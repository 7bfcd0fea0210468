import { describe, expect, it } from 'vitest';
import { unfilledStorage } from '../src/runtime/unfilled-storage.js';

describe('unfilledStorage', () => {
  it('gives each array a buffer of its own, exactly its size (never a view into a shared pool)', () => {
    for (const [ctor, length] of [
      [Float32Array, 25_088],
      [Float32Array, 3],
      [Int32Array, 1000],
      [BigInt64Array, 17],
      [Uint8Array, 5],
      [Float64Array, 0],
    ] as const) {
      const a = unfilledStorage(ctor, length) as Float32Array;
      expect(a).toBeInstanceOf(ctor);
      expect(a.length).toBe(length);
      expect(a.byteOffset).toBe(0);
      expect(a.buffer.byteLength).toBe(length * ctor.BYTES_PER_ELEMENT);
    }
  });

  it('gives separate memory to every call', () => {
    const a = unfilledStorage(Float32Array, 64) as Float32Array;
    const b = unfilledStorage(Float32Array, 64) as Float32Array;
    a.fill(1);
    b.fill(2);
    expect(a.every((v) => v === 1)).toBe(true);
  });
});
