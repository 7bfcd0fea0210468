/**
 * The GEMM micro-kernel and the packing that feeds it, shared by `gemm` and the Winograd convolution.
 *
 * Operands are packed into one Float64Array: A as panels of MR rows (for each q, the MR values
 * A[i…i+MR−1][q] side by side), B as panels of NR columns (for each q, B[q][j…j+NR−1]), both zero
 * padded to whole panels. The kernel then reads two contiguous streams of doubles from a single array.
 * Accumulation is in float64.
 *
 * The tile is 2×3, chosen by measurement under V8 (Node 20, x64): 6 accumulators, 2 values of A and 3
 * of B fit the 15 xmm registers V8 allocates with room for the products, which V8 computes all before
 * any of the adds. A 3×3 tile (the previous choice) needs more, so V8 keeps 4 accumulators on the
 * stack; their store-to-load round trip each iteration then sets the pace. Kernels alone, 256×784×128:
 * 2×3 bound to its buffer 2.9–3.06 G multiply-adds a second; 3×3 2.2–2.4 whether bound or not; 3×4,
 * 2×4 and 4×2 2.1–2.65.
 */
export const MR = 2;
export const NR = 3;

/** Rounds `n` up to whole panels of `panel`. */
export function padded(n: number, panel: number): number {
  return Math.ceil(n / panel) * panel;
}

/**
 * tile = Σ_q A-panel[q] ⊗ B-panel[q] over k steps, written to p[out + i·ldo + j] (i < MR, j < NR).
 * `pa`, `pb` are the panels' offsets in `p`, the buffer the kernel was bound to.
 */
export type MicroKernel = (k: number, pa: number, pb: number, out: number, ldo: number) => void;

/** A packing buffer and the micro-kernel bound to it. */
export interface PackedBuffer {
  readonly p: Float64Array;
  readonly microKernel: MicroKernel;
}

/**
 * The kernel reads `p` from its closure rather than from a parameter. Where V8 inlines it into its
 * caller (a call site that always sees the same closure), `p` becomes a constant of the optimised
 * code: the map check and the reloads of the array's length and data pointer leave the loop, which
 * makes the loop about a third shorter and, measured, as much faster.
 */
function bindMicroKernel(p: Float64Array): MicroKernel {
  return (k, pa, pb, out, ldo) => {
    let c00 = 0,
      c01 = 0,
      c02 = 0,
      c10 = 0,
      c11 = 0,
      c12 = 0;
    // `| 0` keeps the index arithmetic in int32 without overflow checks.
    for (const end = (pb + 3 * k) | 0; pb < end; ) {
      const a0 = p[pa] as number;
      const a1 = p[(pa + 1) | 0] as number;
      let b = p[pb] as number;
      c00 += a0 * b;
      c10 += a1 * b;
      b = p[(pb + 1) | 0] as number;
      c01 += a0 * b;
      c11 += a1 * b;
      b = p[(pb + 2) | 0] as number;
      c02 += a0 * b;
      c12 += a1 * b;
      // Literals, not MR / NR: V8 reloads module constants (with a TDZ check) on every iteration.
      pa = (pa + 2) | 0;
      pb = (pb + 3) | 0;
    }
    p[out] = c00;
    p[out + 1] = c01;
    p[out + 2] = c02;
    out += ldo;
    p[out] = c10;
    p[out + 1] = c11;
    p[out + 2] = c12;
  };
}

/**
 * Doubles in the one packing buffer (10 MiB of address space; only what a model's shapes use is ever
 * touched). GEMM's blocks need under 0.3 M of it and Winograd sizes its tile blocks to fit the rest.
 * The size is fixed because a buffer that grew would come with a second kernel closure, and a call
 * site that has seen two closures is no longer inlined with a constant buffer, for the rest of the
 * process.
 */
export const PACKED_DOUBLES = 1.25 * (1 << 20);

let shared: PackedBuffer | undefined;

/**
 * The packing buffer shared by GEMM and Winograd, with its kernel. Kernels run synchronously one at a
 * time, so one buffer serves both; callers must not hold it across another kernel.
 */
export function packedBuffer(): PackedBuffer {
  if (!shared) {
    const p = new Float64Array(PACKED_DOUBLES);
    shared = { p, microKernel: bindMicroKernel(p) };
  }
  return shared;
}

/**
 * Packs `count` lines × k steps of a matrix into zero-padded panels of `width` lines (MR for A, NR for
 * B) at p[dst …]; returns the offset after them. Element (line l, step q) is
 * src[off + l·lineStride + q·stepStride]: for A the lines are rows, for B they are columns.
 */
export function packPanels(
  src: Float32Array,
  off: number,
  lineStride: number,
  stepStride: number,
  count: number,
  k: number,
  width: number,
  p: Float64Array,
  dst: number,
): number {
  for (let l0 = 0; l0 < count; l0 += width) {
    const s0 = off + l0 * lineStride;
    const valid = Math.min(width, count - l0);
    if (valid === 3) {
      for (let q = 0, s = s0; q < k; q++, s += stepStride) {
        p[dst] = src[s] as number;
        p[dst + 1] = src[s + lineStride] as number;
        p[dst + 2] = src[s + 2 * lineStride] as number;
        dst += 3;
      }
    } else if (valid === 2 && width === 2) {
      for (let q = 0, s = s0; q < k; q++, s += stepStride) {
        p[dst] = src[s] as number;
        p[dst + 1] = src[s + lineStride] as number;
        dst += 2;
      }
    } else {
      for (let q = 0, s = s0; q < k; q++, s += stepStride) {
        for (let l = 0; l < width; l++) p[dst + l] = l < valid ? (src[s + l * lineStride] as number) : 0;
        dst += width;
      }
    }
  }
  return dst;
}
