import type { WindowGeometry } from '@tessera/core';
import { lineSegments, planeStrides, type WindowTaps, windowTaps } from './window-taps.js';

/**
 * im2col for an n-D convolution, one tile at a time: for the output positions [p0, p1) (flattened,
 * row-major over the output's spatial axes), writes the K × (p1 − p0) matrix whose row
 * (c, k₀, …, k_{r−1}) holds the input value under that kernel tap for each output position (0 in the
 * padding). Rows are ordered like a Conv weight's [C, k₀, …] dims, so weight · cols is the output tile.
 *
 * Output positions are walked as segments of the innermost axis ("lines"), so the inner loop is a
 * branch-free strided copy over the taps' valid range.
 */
export class Im2col {
  private readonly taps: WindowTaps;
  private readonly inStrides: number[];
  private readonly planeSize: number;
  readonly rows: number;

  constructor(
    private readonly g: WindowGeometry,
    private readonly channels: number,
  ) {
    const r = g.inShape.length;
    this.taps = windowTaps(g, channels, g.outShape[r - 1] as number, g.inShape[r - 1] as number);
    ({ strides: this.inStrides, planeSize: this.planeSize } = planeStrides(g.inShape));
    this.rows = this.taps.rows;
  }

  /** Fills `cols` (rows × (p1 − p0), row-major) from the channels starting at `x[xOffset]`. */
  fill(x: Float32Array, xOffset: number, p0: number, p1: number, cols: Float32Array): void {
    const g = this.g;
    const { rank: r, outerTaps, outerTapCount, innerLo, innerHi } = this.taps;
    const nc = p1 - p0;
    const kw = g.kernel[r - 1] as number;
    const sw = g.strides[r - 1] as number;
    const dw = g.dilations[r - 1] as number;
    const pw = g.padBegin[r - 1] as number;
    const seg = lineSegments(g.outShape, p0, p1);
    let row = 0;
    for (let c = 0; c < this.channels; c++) {
      const plane = xOffset + c * this.planeSize;
      for (let t = 0; t < outerTapCount; t++) {
        for (let k = 0; k < kw; k++, row++) {
          const lo = innerLo[k] as number;
          const hi = innerHi[k] as number;
          const tapShift = k * dw - pw;
          let dst = row * nc;
          for (let s = 0; s < seg.count; s++) {
            const a = seg.start[s] as number;
            const b = seg.end[s] as number;
            // Input offset of this line under the outer taps, or -1 when it falls in the padding.
            let base = plane;
            for (let d = 0; d < r - 1; d++) {
              const i =
                (seg.outer[s * (r - 1) + d] as number) * (g.strides[d] as number) -
                (g.padBegin[d] as number) +
                (outerTaps[t * (r - 1) + d] as number) * (g.dilations[d] as number);
              if (i < 0 || i >= (g.inShape[d] as number)) {
                base = -1;
                break;
              }
              base += i * (this.inStrides[d] as number);
            }
            if (base < 0) {
              cols.fill(0, dst, dst + (b - a));
              dst += b - a;
              continue;
            }
            const vLo = Math.max(a, Math.min(b, lo));
            const vHi = Math.max(vLo, Math.min(b, hi));
            for (let o = a; o < vLo; o++) cols[dst++] = 0;
            let src = base + vLo * sw + tapShift;
            if (sw === 1) {
              for (let o = vLo; o < vHi; o++) cols[dst++] = x[src++] as number;
            } else {
              for (let o = vLo; o < vHi; o++, src += sw) cols[dst++] = x[src] as number;
            }
            for (let o = vHi; o < b; o++) cols[dst++] = 0;
          }
        }
      }
    }
  }
}
