import type { WindowGeometry } from '@tessera/core';
import { lineSegments, planeStrides, type WindowTaps, windowTaps } from './window-taps.js';

/**
 * col2im for an n-D transposed convolution, one tile of input positions at a time: `cols` holds,
 * for the input positions [p0, p1) (flattened over the input's spatial axes), the rows
 * (m, k₀, …, k_{r−1}) of weightᵀ · input; each value is added into the output position
 * `i·stride − padBegin + k·dilation` (dropped where that falls in the cropped padding).
 *
 * Here `g.inShape` is the transposed convolution's input and `g.outShape` its output.
 */
export class Col2im {
  private readonly taps: WindowTaps;
  private readonly outStrides: number[];
  private readonly planeSize: number;
  readonly rows: number;

  constructor(
    private readonly g: WindowGeometry,
    private readonly channels: number,
  ) {
    const r = g.inShape.length;
    // Input positions on the inner axis whose output position lands inside the (cropped) output.
    this.taps = windowTaps(g, channels, g.inShape[r - 1] as number, g.outShape[r - 1] as number);
    ({ strides: this.outStrides, planeSize: this.planeSize } = planeStrides(g.outShape));
    this.rows = this.taps.rows;
  }

  /** Adds `cols` (rows × (p1 − p0)) into the output channels starting at `out[outOffset]`. */
  accumulate(cols: Float32Array, p0: number, p1: number, out: Float32Array, outOffset: number): void {
    const g = this.g;
    const { rank: r, outerTaps, outerTapCount, innerLo, innerHi } = this.taps;
    const nc = p1 - p0;
    const kw = g.kernel[r - 1] as number;
    const sw = g.strides[r - 1] as number;
    const dw = g.dilations[r - 1] as number;
    const pw = g.padBegin[r - 1] as number;
    const seg = lineSegments(g.inShape, p0, p1);
    let row = 0;
    for (let c = 0; c < this.channels; c++) {
      const plane = outOffset + c * this.planeSize;
      for (let t = 0; t < outerTapCount; t++) {
        for (let k = 0; k < kw; k++, row++) {
          const lo = innerLo[k] as number;
          const hi = innerHi[k] as number;
          const tapShift = k * dw - pw;
          let src = row * nc;
          for (let s = 0; s < seg.count; s++) {
            const a = seg.start[s] as number;
            const b = seg.end[s] as number;
            let base = plane;
            for (let d = 0; d < r - 1; d++) {
              const o =
                (seg.outer[s * (r - 1) + d] as number) * (g.strides[d] as number) -
                (g.padBegin[d] as number) +
                (outerTaps[t * (r - 1) + d] as number) * (g.dilations[d] as number);
              if (o < 0 || o >= (g.outShape[d] as number)) {
                base = -1;
                break;
              }
              base += o * (this.outStrides[d] as number);
            }
            if (base >= 0) {
              const vLo = Math.max(a, Math.min(b, lo));
              const vHi = Math.max(vLo, Math.min(b, hi));
              let dst = base + vLo * sw + tapShift;
              for (let i = src + (vLo - a), end = src + (vHi - a); i < end; i++, dst += sw)
                out[dst] = (out[dst] as number) + (cols[i] as number);
            }
            src += b - a;
          }
        }
      }
    }
  }
}
