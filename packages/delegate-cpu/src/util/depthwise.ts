import type { WindowGeometry } from '@tessera/core';
import { validOutputRange } from './window.js';

/**
 * Direct 2-D depthwise convolution of one channel plane (group count = input channels, so each
 * output channel reads a single input channel): `out[oh, ow] = bias + Σ w[kh, kw] · in[ih, iw]`.
 * im2col would copy every input value kh·kw times for a 1-row GEMM; a direct loop does far less work.
 * The interior (all taps inside the input) runs without bounds checks; 3×3 undilated kernels — the
 * common MobileNet / PP-LCNet case — are fully unrolled.
 */
export function depthwisePlane2d(
  x: Float32Array,
  xOff: number,
  w: Float32Array,
  wOff: number,
  bias: number,
  out: Float32Array,
  outOff: number,
  g: WindowGeometry,
): void {
  const [H, W] = g.inShape as [number, number];
  const [OH, OW] = g.outShape as [number, number];
  const [KH, KW] = g.kernel as [number, number];
  const [sh, sw] = g.strides as [number, number];
  const [dh, dw] = g.dilations as [number, number];
  const [ph, pw] = g.padBegin as [number, number];
  // Output columns / rows whose whole window lies inside the input.
  const [cLo, cHi] = interiorRange(W, OW, sw, pw, KW, dw);
  const [rLo, rHi] = interiorRange(H, OH, sh, ph, KH, dh);
  if (KH === 3 && KW === 3 && dh === 1 && dw === 1) {
    const w0 = w[wOff] as number,
      w1 = w[wOff + 1] as number,
      w2 = w[wOff + 2] as number;
    const w3 = w[wOff + 3] as number,
      w4 = w[wOff + 4] as number,
      w5 = w[wOff + 5] as number;
    const w6 = w[wOff + 6] as number,
      w7 = w[wOff + 7] as number,
      w8 = w[wOff + 8] as number;
    for (let oh = 0; oh < OH; oh++) {
      const row = outOff + oh * OW;
      if (oh < rLo || oh >= rHi || cLo >= cHi) {
        for (let ow = 0; ow < OW; ow++) out[row + ow] = bias + borderTap(x, xOff, w, wOff, g, oh, ow);
        continue;
      }
      for (let ow = 0; ow < cLo; ow++) out[row + ow] = bias + borderTap(x, xOff, w, wOff, g, oh, ow);
      const r0 = xOff + (oh * sh - ph) * W - pw;
      const r1 = r0 + W;
      const r2 = r1 + W;
      for (let ow = cLo; ow < cHi; ow++) {
        const c = ow * sw;
        out[row + ow] =
          bias +
          w0 * (x[r0 + c] as number) +
          w1 * (x[r0 + c + 1] as number) +
          w2 * (x[r0 + c + 2] as number) +
          w3 * (x[r1 + c] as number) +
          w4 * (x[r1 + c + 1] as number) +
          w5 * (x[r1 + c + 2] as number) +
          w6 * (x[r2 + c] as number) +
          w7 * (x[r2 + c + 1] as number) +
          w8 * (x[r2 + c + 2] as number);
      }
      for (let ow = cHi; ow < OW; ow++) out[row + ow] = bias + borderTap(x, xOff, w, wOff, g, oh, ow);
    }
    return;
  }
  // Any other kernel: accumulate one kernel row at a time into the output row.
  const tapLo = new Int32Array(KW);
  const tapHi = new Int32Array(KW);
  for (let kw = 0; kw < KW; kw++) [tapLo[kw], tapHi[kw]] = validOutputRange(W, OW, sw, pw, kw * dw);
  for (let oh = 0; oh < OH; oh++) {
    const row = outOff + oh * OW;
    out.fill(bias, row, row + OW);
    for (let kh = 0; kh < KH; kh++) {
      const ih = oh * sh - ph + kh * dh;
      if (ih < 0 || ih >= H) continue;
      const wr = wOff + kh * KW;
      const src = xOff + ih * W - pw;
      // Interior columns: every tap of this kernel row is valid.
      if (KW === 5 && cLo < cHi) {
        const v0 = w[wr] as number,
          v1 = w[wr + 1] as number,
          v2 = w[wr + 2] as number;
        const v3 = w[wr + 3] as number,
          v4 = w[wr + 4] as number;
        for (let ow = cLo; ow < cHi; ow++) {
          const q = src + ow * sw;
          out[row + ow] =
            (out[row + ow] as number) +
            v0 * (x[q] as number) +
            v1 * (x[q + dw] as number) +
            v2 * (x[q + 2 * dw] as number) +
            v3 * (x[q + 3 * dw] as number) +
            v4 * (x[q + 4 * dw] as number);
        }
      } else {
        for (let ow = cLo; ow < cHi; ow++) {
          const q = src + ow * sw;
          let acc = 0;
          for (let kw = 0; kw < KW; kw++) acc += (w[wr + kw] as number) * (x[q + kw * dw] as number);
          out[row + ow] = (out[row + ow] as number) + acc;
        }
      }
      // Border columns: each tap over its own valid range.
      for (let kw = 0; kw < KW; kw++) {
        const wv = w[wr + kw] as number;
        const lo = tapLo[kw] as number;
        const hi = tapHi[kw] as number;
        const shift = src + kw * dw;
        for (let ow = lo; ow < Math.min(hi, cLo); ow++)
          out[row + ow] = (out[row + ow] as number) + wv * (x[shift + ow * sw] as number);
        for (let ow = Math.max(lo, cHi); ow < hi; ow++)
          out[row + ow] = (out[row + ow] as number) + wv * (x[shift + ow * sw] as number);
      }
    }
  }
}

/** Output range on one axis whose whole window (all `k` taps) lies inside the input. */
function interiorRange(
  inSize: number,
  outSize: number,
  stride: number,
  pad: number,
  k: number,
  dilation: number,
): [number, number] {
  const [lo] = validOutputRange(inSize, outSize, stride, pad, 0);
  const [, hi] = validOutputRange(inSize, outSize, stride, pad, (k - 1) * dilation);
  return [lo, Math.max(lo, hi)];
}

/** One output value computed tap by tap with bounds checks (border pixels). */
function borderTap(
  x: Float32Array,
  xOff: number,
  w: Float32Array,
  wOff: number,
  g: WindowGeometry,
  oh: number,
  ow: number,
): number {
  const [H, W] = g.inShape as [number, number];
  const [KH, KW] = g.kernel as [number, number];
  let acc = 0;
  for (let kh = 0; kh < KH; kh++) {
    const ih = oh * (g.strides[0] as number) - (g.padBegin[0] as number) + kh * (g.dilations[0] as number);
    if (ih < 0 || ih >= H) continue;
    for (let kw = 0; kw < KW; kw++) {
      const iw = ow * (g.strides[1] as number) - (g.padBegin[1] as number) + kw * (g.dilations[1] as number);
      if (iw < 0 || iw >= W) continue;
      acc += (w[wOff + kh * KW + kw] as number) * (x[xOff + ih * W + iw] as number);
    }
  }
  return acc;
}
