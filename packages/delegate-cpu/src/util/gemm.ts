import { MR, NR, packedBuffer, packPanels, padded } from './gemm-kernel.js';
import { strassenProduct } from './gemm-strassen.js';
import { scratchDoubles } from './scratch.js';

/**
 * Single-precision matrix multiply for the CPU kernels (Conv, ConvTranspose, Gemm, MatMul):
 *
 *   C = alpha · op(A) · op(B) + beta · C        (row-major; op(X) is X or Xᵀ)
 *
 * Blocked as in BLIS: a KC×NC block of op(B) and an MC×KC block of op(A) are packed into float64
 * panels (transposed operands are read in place while packing), then the kernel of gemm-kernel.ts
 * computes the block's result tiles into the packing buffer, from where they are stored to C.
 * Accumulation is in float64 (JavaScript numbers) within a K block of up to 256, so results are at
 * least as accurate as a float32 BLAS.
 *
 * As in BLAS, beta = 0 means C is written without being read: C may hold uninitialised arena memory.
 */
export interface GemmParams {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly alpha?: number;
  readonly beta?: number;
  /** op(A) is m×k; A is stored m×k (lda ≥ k), or k×m (lda ≥ m) when transA. */
  readonly a: Float32Array;
  readonly aOffset?: number;
  readonly lda: number;
  readonly transA?: boolean;
  /** op(B) is k×n; B is stored k×n (ldb ≥ n), or n×k (ldb ≥ k) when transB. */
  readonly b: Float32Array;
  readonly bOffset?: number;
  readonly ldb: number;
  readonly transB?: boolean;
  readonly c: Float32Array;
  readonly cOffset?: number;
  readonly ldc: number;
}

/** Depth of one K block. Float32 C holds the partial sums between K blocks, so keep it deep. */
const KC = 256;
/** Rows of A packed per block: MC × KC doubles (192 KiB) stay in L2 while B panels stream past. */
const MC = 96;
/** Columns of B packed per block (at most KC × NC doubles, 2 MiB). */
const NC = 1024;

export function gemm(p: GemmParams): void {
  const { m, n, k } = p;
  const alpha = p.alpha ?? 1;
  const beta = p.beta ?? 0;
  if (m === 0 || n === 0) return;
  const c = p.c;
  const cOffset = p.cOffset ?? 0;
  const ldc = p.ldc;
  if (k === 0 || alpha === 0) {
    scaleMatrix(c, cOffset, ldc, m, n, beta);
    return;
  }
  // Element strides of op(A) (i, q) and op(B) (q, j); packing reads transposed operands in place.
  const aOffset = p.aOffset ?? 0;
  const aRowStride = p.transA ? 1 : p.lda;
  const aColStride = p.transA ? p.lda : 1;
  const bOffset = p.bOffset ?? 0;
  const bRowStride = p.transB ? 1 : p.ldb;
  const bColStride = p.transB ? p.ldb : 1;
  // A large plain product: one level of Strassen (gemm-strassen.ts), an eighth fewer multiply-adds.
  if (
    alpha === 1 &&
    beta === 0 &&
    !p.transA &&
    !p.transB &&
    strassenProduct(m, n, k, p.a, aOffset, p.lda, p.b, bOffset, p.ldb, c, cOffset, ldc)
  )
    return;
  if (m < MR) {
    const a = { data: p.a, offset: aOffset, rowStride: aRowStride, colStride: aColStride };
    const b = { data: p.b, offset: bOffset, rowStride: bRowStride, colStride: bColStride };
    fewRows(m, n, k, alpha, beta, a, b, c, cOffset, ldc);
    return;
  }
  const kcMax = Math.min(KC, k);
  const aRegion = 0;
  const bRegion = aRegion + padded(Math.min(MC, m), MR) * kcMax;
  const cRegion = bRegion + padded(Math.min(NC, n), NR) * kcMax;
  // At most MC·KC + (NC + NR)·KC + MC·(NC + NR) doubles (0.39 M), well inside the packing buffer.
  const { p: buf, f32, kernels } = packedBuffer();
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    const ncPad = padded(nc, NR);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = Math.min(KC, k - k0);
      // Only the first K block applies beta; the later ones accumulate onto it.
      const blockBeta = k0 === 0 ? beta : 1;
      packPanels(p.b, bOffset + k0 * bRowStride + j0 * bColStride, bColStride, bRowStride, nc, kc, NR, buf, bRegion);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packPanels(p.a, aOffset + i0 * aRowStride + k0 * aColStride, aRowStride, aColStride, mc, kc, MR, buf, aRegion);
        const co = cOffset + i0 * ldc + j0;
        if (alpha === 1 && blockBeta === 0) {
          // A plain product: the kernel rounds to floats, and each row is one copy.
          kernels.tiles(padded(mc, MR), ncPad, kc, aRegion, bRegion, 2 * cRegion, ncPad, 1);
          for (let i = 0, from = 2 * cRegion; i < mc; i++, from += ncPad) c.set(f32.subarray(from, from + nc), co + i * ldc);
        } else {
          kernels.tiles(padded(mc, MR), ncPad, kc, aRegion, bRegion, cRegion, ncPad, 0);
          storeBlock(buf, cRegion, ncPad, mc, nc, alpha, blockBeta, c, co, ldc);
        }
      }
    }
  }
}

interface Strided {
  readonly data: Float32Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * Fewer rows of op(A) than a register tile (a classifier's matrix-vector product): packing B would
 * cost as much as the product itself, so each row is accumulated in float64 over all of k straight
 * from B, row by row where B's rows are contiguous, else as one dot product per column.
 */
function fewRows(
  m: number,
  n: number,
  k: number,
  alpha: number,
  beta: number,
  a: Strided,
  b: Strided,
  c: Float32Array,
  cOffset: number,
  ldc: number,
): void {
  const acc = scratchDoubles('gemm-rows', n);
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < m; i++) {
    const ai = a.offset + i * a.rowStride;
    if (b.colStride === 1) {
      acc.fill(0, 0, n);
      for (let q = 0; q < k; q++) {
        const aq = A[ai + q * a.colStride] as number;
        const bq = b.offset + q * b.rowStride;
        for (let j = 0; j < n; j++) acc[j] = (acc[j] as number) + aq * (B[bq + j] as number);
      }
    } else {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let q = 0, bj = b.offset + j * b.colStride; q < k; q++, bj += b.rowStride)
          sum += (A[ai + q * a.colStride] as number) * (B[bj] as number);
        acc[j] = sum;
      }
    }
    const ci = cOffset + i * ldc;
    for (let j = 0; j < n; j++) {
      const v = alpha * (acc[j] as number);
      c[ci + j] = beta === 0 ? v : v + beta * (c[ci + j] as number);
    }
  }
}

/**
 * c[co + i·ldc + j] = alpha · block[i][j] + beta · c[…] for the rows × cols of a result block held as
 * doubles at p[from …] with rows `stride` apart.
 */
function storeBlock(
  p: Float64Array,
  from: number,
  stride: number,
  rows: number,
  cols: number,
  alpha: number,
  beta: number,
  c: Float32Array,
  co: number,
  ldc: number,
): void {
  for (let i = 0; i < rows; i++, co += ldc, from += stride) {
    for (let j = 0; j < cols; j++) {
      const v = alpha * (p[from + j] as number);
      c[co + j] = beta === 0 ? v : v + beta * (c[co + j] as number);
    }
  }
}

/** Returns the transpose of a rows×cols matrix stored with leading dimension `ld`, as cols×rows. */
export function transposeToRowMajor(src: Float32Array, offset: number, ld: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const s = offset + r * ld;
    for (let j = 0; j < cols; j++) out[j * rows + r] = src[s + j] as number;
  }
  return out;
}

function scaleMatrix(c: Float32Array, offset: number, ldc: number, m: number, n: number, beta: number): void {
  for (let i = 0; i < m; i++) {
    const o = offset + i * ldc;
    if (beta === 0) c.fill(0, o, o + n);
    else if (beta !== 1) for (let j = o; j < o + n; j++) c[j] = beta * (c[j] as number);
  }
}
