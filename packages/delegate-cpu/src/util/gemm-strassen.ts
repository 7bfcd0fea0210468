import { MR, NR, PACKED_DOUBLES, packedBuffer } from './gemm-kernel.js';

/**
 * One level of Strassen's algorithm for a large plain product C = A·B (float32, row-major, no
 * transposes): seven products of half the size instead of eight, so an eighth fewer multiply-adds.
 *
 * Everything is float64 until C: the operands' block sums are formed while packing (sums of two
 * float32 values, exact or within float64 rounding), the seven products accumulate in float64, and each
 * element of C is the sum of its two to four products rounded once to float32. The extra error of the
 * method is of float64's order, far below float32's rounding, so results are as close to the exact
 * product as the classic loop's.
 *
 * The packing, the seven products and the final sums all run in the asm.js module (gemm-asm.ts): A and B
 * are first copied into the packing buffer as floats. Under Node 20, against the classic loop in the
 * same process: 256×784×128 (the 1×1 conv's product) 6.90–6.95 ms against 7.32–7.37, 256³ 4.54 against
 * 4.82. The seven products save about 0.9 ms there; packing seven operand pairs (0.26 ms) and summing
 * the products (0.19 ms) give back half of it.
 */

/** Smallest m and n worth it: below, the packing and the sums cost more than the eighth saved. */
const MIN_DIM = 64;
/**
 * Shallowest product worth it: with k/2 under 64 each tile's set-up and the packing weigh more (128×3136×64
 * measured the same either way).
 */
const MIN_K = 128;
/** Deepest product taken: the classic loop blocks K to keep its panels in cache; this one does not. */
const MAX_K = 1024;
/** Rows of the half-size result computed and summed together (a multiple of MR). */
const BAND_ROWS = 16;

/**
 * Computes C = A·B by one level of Strassen when the shape suits it (m a multiple of 2·MR, n of 2·NR, k
 * even, m and n at least MIN_DIM, k from MIN_K to MAX_K, and everything fits the packing buffer); returns false,
 * touching nothing, when it does not.
 */
export function strassenProduct(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOffset: number,
  lda: number,
  b: Float32Array,
  bOffset: number,
  ldb: number,
  c: Float32Array,
  cOffset: number,
  ldc: number,
): boolean {
  if (m % (2 * MR) !== 0 || n % (2 * NR) !== 0 || k % 2 !== 0) return false;
  if (m < MIN_DIM || n < MIN_DIM || k < MIN_K || k > MAX_K) return false;
  const h = m / 2;
  const w = n / 2;
  const d = k / 2;
  // Doubles: A and B as floats, the seven A and seven B operands packed, a band of the seven products,
  // C as floats.
  const aFloats = m * k;
  const bFloats = k * n;
  const band = Math.min(BAND_ROWS, h);
  const need = (aFloats + bFloats) / 2 + 7 * (h * d + d * w + band * w) + (m * n) / 2 + 4;
  if (need > PACKED_DOUBLES) return false;
  const { f32, kernels } = packedBuffer();
  // Float offsets for the copies and C, double offsets for the panels and products.
  const fa = 0;
  const fb = aFloats;
  const aPanels = Math.ceil((aFloats + bFloats) / 2);
  const bPanels = aPanels + 7 * h * d;
  const products = bPanels + 7 * d * w;
  const fc = 2 * (products + 7 * band * w);
  copyRows(a, aOffset, lda, m, k, f32, fa);
  copyRows(b, bOffset, ldb, k, n, f32, fb);
  const a11 = fa;
  const a12 = fa + d;
  const a21 = fa + h * k;
  const a22 = a21 + d;
  const b11 = fb;
  const b12 = fb + w;
  const b21 = fb + d * n;
  const b22 = b21 + w;
  const NONE = -1;
  // [A operand (x + sign·y), B operand (x + sign·y)] of M1 … M7.
  const plan: readonly (readonly [number, number, number, number, number, number])[] = [
    [a11, a22, 1, b11, b22, 1],
    [a21, a22, 1, b11, NONE, 0],
    [a11, NONE, 0, b12, b22, -1],
    [a22, NONE, 0, b21, b11, -1],
    [a11, a12, 1, b22, NONE, 0],
    [a21, a11, -1, b11, b12, 1],
    [a12, a22, -1, b21, b22, 1],
  ];
  plan.forEach(([ax, ay, as, bx, by, bs], r) => {
    kernels.packRowPairs(ax, ay, as, k, h, d, aPanels + r * h * d);
    kernels.packColumnQuads(bx, by, bs, n, d, w, bPanels + r * d * w);
  });
  // A band of rows at a time: its seven products stay in L2 until they are summed into C (all seven
  // whole, 2.8 MB for the 1×1 conv, made the sums alone cost half a millisecond).
  for (let i0 = 0; i0 < h; i0 += band) {
    const rows = Math.min(band, h - i0);
    for (let r = 0; r < 7; r++)
      kernels.tiles(rows, w, d, aPanels + r * h * d + i0 * d, bPanels + r * d * w, products + r * rows * w, w, 0);
    kernels.strassenCombine(products, rows, w, fc + i0 * n, n, h);
  }
  for (let i = 0; i < m; i++) c.set(f32.subarray(fc + i * n, fc + (i + 1) * n), cOffset + i * ldc);
  return true;
}

/** Copies rows × cols of `src` (rows `ld` apart from `offset`) into `dst` from `at`, rows packed. */
function copyRows(
  src: Float32Array,
  offset: number,
  ld: number,
  rows: number,
  cols: number,
  dst: Float32Array,
  at: number,
): void {
  if (ld === cols) {
    dst.set(src.subarray(offset, offset + rows * cols), at);
    return;
  }
  for (let i = 0; i < rows; i++) dst.set(src.subarray(offset + i * ld, offset + i * ld + cols), at + i * cols);
}
