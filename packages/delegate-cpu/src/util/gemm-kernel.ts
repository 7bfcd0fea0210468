/**
 * The GEMM micro-kernel and the packing that feeds it, shared by `gemm` and the Winograd convolution.
 *
 * Operands are packed into one Float64Array: A as panels of MR rows (for each q, the MR values
 * A[i…i+MR−1][q] side by side), B as panels of NR columns (for each q, B[q][j…j+NR−1]), both zero
 * padded to whole panels. The kernel then reads two contiguous streams of doubles from a single array.
 * In V8 every typed-array read pays a map check, a bounds check and address arithmetic, and the number
 * of reads, not the multiplies, bounds the speed. A 3×3 tile keeps 9 accumulators and 3 values of A in
 * registers (x64 has 16 xmm registers, so larger tiles spill) and measured fastest of the 2…8 × 2…8
 * tiles tried. Accumulation is in float64.
 */
export const MR = 3;
export const NR = 3;

/** Rounds `n` up to whole panels of `panel`. */
export function padded(n: number, panel: number): number {
  return Math.ceil(n / panel) * panel;
}

/**
 * tile = Σ_q A-panel[q] ⊗ B-panel[q] over k steps, written to p[out + i·ldo + j] (i < MR, j < NR).
 * `pa`, `pb` are the panels' offsets in `p`.
 */
export function microKernel(k: number, p: Float64Array, pa: number, pb: number, out: number, ldo: number): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c10 = 0,
    c11 = 0,
    c12 = 0,
    c20 = 0,
    c21 = 0,
    c22 = 0;
  // `| 0` keeps the index arithmetic in int32 without overflow checks.
  for (const end = (pb + 3 * k) | 0; pb < end; ) {
    const a0 = p[pa] as number;
    const a1 = p[(pa + 1) | 0] as number;
    const a2 = p[(pa + 2) | 0] as number;
    let b = p[pb] as number;
    c00 += a0 * b;
    c10 += a1 * b;
    c20 += a2 * b;
    b = p[(pb + 1) | 0] as number;
    c01 += a0 * b;
    c11 += a1 * b;
    c21 += a2 * b;
    b = p[(pb + 2) | 0] as number;
    c02 += a0 * b;
    c12 += a1 * b;
    c22 += a2 * b;
    // Literals, not MR / NR: V8 reloads module constants (with a TDZ check) on every iteration.
    pa = (pa + 3) | 0;
    pb = (pb + 3) | 0;
  }
  p[out] = c00;
  p[out + 1] = c01;
  p[out + 2] = c02;
  out += ldo;
  p[out] = c10;
  p[out + 1] = c11;
  p[out + 2] = c12;
  out += ldo;
  p[out] = c20;
  p[out + 1] = c21;
  p[out + 2] = c22;
}

/**
 * Packs `count` lines × k steps of a matrix into zero-padded panels of three lines (MR = NR = 3, so one
 * routine serves both operands) at p[dst …]; returns the offset after them. Element (line l, step q) is
 * src[off + l·lineStride + q·stepStride]: for A the lines are rows, for B they are columns.
 */
export function packPanels(
  src: Float32Array,
  off: number,
  lineStride: number,
  stepStride: number,
  count: number,
  k: number,
  p: Float64Array,
  dst: number,
): number {
  for (let l0 = 0; l0 < count; l0 += 3) {
    const s0 = off + l0 * lineStride;
    if (l0 + 3 <= count) {
      for (let q = 0, s = s0; q < k; q++, s += stepStride) {
        p[dst] = src[s] as number;
        p[dst + 1] = src[s + lineStride] as number;
        p[dst + 2] = src[s + 2 * lineStride] as number;
        dst += 3;
      }
    } else {
      const valid = count - l0;
      for (let q = 0, s = s0; q < k; q++, s += stepStride) {
        for (let l = 0; l < 3; l++) p[dst + l] = l < valid ? (src[s + l * lineStride] as number) : 0;
        dst += 3;
      }
    }
  }
  return dst;
}
