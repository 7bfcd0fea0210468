import { describe, expect, it } from 'vitest';
import { gemm } from '../../src/util/gemm.js';
import { strassenProduct } from '../../src/util/gemm-strassen.js';
import { seededFloats } from '../support/one-node.js';

/** A·B in float64, A m×k and B k×n row-major with leading dimensions lda and ldb. */
function exact(m: number, n: number, k: number, a: Float32Array, lda: number, b: Float32Array, ldb: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let q = 0; q < k; q++) {
      const av = a[i * lda + q] as number;
      for (let j = 0; j < n; j++) c[i * n + j] = (c[i * n + j] as number) + av * (b[q * ldb + j] as number);
    }
  return c;
}

describe('one level of Strassen for large plain products', () => {
  // The 1×1 conv's product, a square one, and padded leading dimensions with offsets.
  for (const [m, n, k, pad] of [
    [256, 784, 128, 0],
    [128, 64, 256, 0],
    [64, 136, 130, 3],
  ] as const) {
    it(`${m}×${n}×${k}${pad ? ', rows padded' : ''}: every element the exact product rounded once, as the classic loop`, () => {
      const lda = k + pad;
      const ldb = n + pad;
      const ldc = n + pad;
      const a = seededFloats(m * lda + 2, 21);
      const b = seededFloats(k * ldb + 4, 22);
      const want = exact(m, n, k, a.subarray(2), lda, b.subarray(4), ldb);
      const c = new Float32Array(m * ldc + 1).fill(7);
      expect(strassenProduct(m, n, k, a, 2, lda, b, 4, ldb, c, 1, ldc)).toBe(true);
      let worst = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++)
          worst = Math.max(worst, Math.abs((c[1 + i * ldc + j] as number) - (want[i * n + j] as number)));
        for (let j = n; j < ldc; j++) expect(c[1 + i * ldc + j]).toBe(7); // padding untouched
      }
      // Float32 rounding of values of size about √k: the same bound the classic loop meets.
      expect(worst).toBeLessThan(Math.sqrt(k) * 2 ** -22);
      const classic = new Float32Array(m * ldc + 1).fill(7);
      gemm({ m, n, k, a, aOffset: 2, lda, b, bOffset: 4, ldb, c: classic, cOffset: 1, ldc, alpha: 1, beta: 0.5 });
      // beta ≠ 0 takes the classic loop; with C's 7s scaled away the two agree to float32 rounding.
      let apart = 0;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          const o = 1 + i * ldc + j;
          apart = Math.max(apart, Math.abs((classic[o] as number) - 3.5 - (c[o] as number)));
        }
      expect(apart).toBeLessThan(Math.sqrt(k) * 2 ** -20);
    });
  }

  it('declines shapes it does not take, leaving C alone', () => {
    const a = seededFloats(130 * 128, 1);
    const b = seededFloats(128 * 130, 2);
    const c = new Float32Array(130 * 130).fill(5);
    expect(strassenProduct(130, 128, 128, a, 0, 128, b, 0, 128, c, 0, 128)).toBe(false); // m not a multiple of 4
    expect(strassenProduct(128, 124, 128, a, 0, 128, b, 0, 124, c, 0, 124)).toBe(false); // n not a multiple of 8
    expect(strassenProduct(128, 128, 127, a, 0, 127, b, 0, 128, c, 0, 128)).toBe(false); // k odd
    expect(strassenProduct(32, 128, 128, a, 0, 128, b, 0, 128, c, 0, 128)).toBe(false); // too small to pay
    expect(strassenProduct(128, 128, 126, a, 0, 126, b, 0, 128, c, 0, 128)).toBe(false); // too shallow to pay
    const deep = seededFloats(64 * 1026, 3);
    expect(strassenProduct(64, 16, 1026, deep, 0, 1026, deep, 0, 16, c, 0, 16)).toBe(false); // n too small
    expect(strassenProduct(64, 64, 1026, deep, 0, 1026, seededFloats(1026 * 64, 4), 0, 64, c, 0, 64)).toBe(false); // k past 1024
    expect(c.every((v) => v === 5)).toBe(true);
  });
});
