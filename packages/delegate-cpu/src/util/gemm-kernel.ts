import { gemmAsmModule } from './gemm-asm.js';

/**
 * The GEMM kernel and the packing that feeds it, shared by `gemm` and the Winograd convolution.
 *
 * Operands are packed into one Float64Array: A as panels of MR rows (for each q, the MR values
 * A[i…i+MR−1][q] side by side), B as panels of NR columns (for each q, B[q][j…j+NR−1]), both zero
 * padded to whole panels. The kernel (gemm-asm.ts) then reads two contiguous streams of doubles and
 * writes whole MR×NR result tiles. Accumulation is in float64.
 *
 * The tile is 2×4, chosen by measurement under V8 (Node 20, x64) in the asm.js kernel: 3.6–3.7 G
 * multiply-adds a second over 256×784×128, where 4×2 matched it and 2×3, 3×3, 3×4, 4×4, 2×5 and 2×6
 * gave 2.4–3.4 (more accumulators than the 15 vector registers V8 allocates hold spill to the stack).
 */
export const MR = 2;
export const NR = 4;

/** Rounds `n` up to whole panels of `panel`. */
export function padded(n: number, panel: number): number {
  return Math.ceil(n / panel) * panel;
}

/**
 * The packing buffer, as doubles and as floats (for float results), and the asm.js kernels that work in
 * it (gemm-asm.ts): `tiles` for every GEMM, the packing and sums for Strassen.
 */
export interface PackedBuffer {
  readonly p: Float64Array;
  readonly f32: Float32Array;
  readonly kernels: ReturnType<typeof gemmAsmModule>;
}

/**
 * Doubles in the one packing buffer: 16 MiB of address space (a size asm.js accepts for its heap),
 * touched only as far as a model's shapes use it. GEMM's blocks need under 0.4 M of it and Winograd
 * sizes its tile blocks to fit the rest.
 */
export const PACKED_DOUBLES = 1 << 21;

let shared: PackedBuffer | undefined;

/**
 * The packing buffer shared by GEMM and Winograd, with its kernels. Kernels run synchronously one at a
 * time, so one buffer serves both; callers must not hold it across another kernel.
 */
export function packedBuffer(): PackedBuffer {
  if (!shared) {
    const heap = new ArrayBuffer(PACKED_DOUBLES * 8);
    const kernels = gemmAsmModule(globalThis, undefined, heap);
    shared = { p: new Float64Array(heap), f32: new Float32Array(heap), kernels };
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
    if (valid === 4 && width === 4) {
      for (let q = 0, s = s0; q < k; q++, s += stepStride) {
        p[dst] = src[s] as number;
        p[dst + 1] = src[s + lineStride] as number;
        p[dst + 2] = src[s + 2 * lineStride] as number;
        p[dst + 3] = src[s + 3 * lineStride] as number;
        dst += 4;
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
