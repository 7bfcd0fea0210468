import type { WindowGeometry } from '@tessera/core';
import type { NumberArray } from './typed-array.js';

/**
 * Max and average pooling over 1, 2 or 3 spatial axes (fewer axes are run as 3-D with leading axes
 * of size 1). For every output position and axis a table gives the window's first input position and
 * its range of valid taps, so the inner loops never test bounds.
 */
interface AxisTable {
  /** Input position of tap 0, per output index. */
  readonly start: Int32Array;
  /** Valid taps [lo, hi), per output index. */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  /** Taps inside input + padding (the count_include_pad divisor on this axis), per output index. */
  readonly padded: Int32Array;
  readonly dilation: number;
}

function axisTable(
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  padBegin: number,
  padEnd: number,
): AxisTable {
  const start = new Int32Array(outSize);
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const padded = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const s = o * stride - padBegin;
    start[o] = s;
    lo[o] = s >= 0 ? 0 : Math.min(kernel, Math.ceil(-s / dilation));
    hi[o] = Math.max(lo[o] as number, Math.min(kernel, Math.floor((inSize - 1 - s) / dilation) + 1));
    padded[o] = Math.max(0, Math.min(kernel, Math.floor((inSize + padEnd - 1 - s) / dilation) + 1));
  }
  return { start, lo, hi, padded, dilation };
}

/** The geometry lifted to exactly 3 spatial axes, with per-axis tables. */
export class PoolPlan {
  readonly inDims: [number, number, number];
  readonly outDims: [number, number, number];
  readonly tables: [AxisTable, AxisTable, AxisTable];
  readonly inSize: number;
  readonly outSize: number;

  constructor(g: WindowGeometry) {
    const r = g.inShape.length;
    if (r < 1 || r > 3) throw new Error(`pooling over ${r} spatial axes is not supported (1–3)`);
    const lift = (values: readonly number[], fill: number) => [...new Array<number>(3 - r).fill(fill), ...values];
    const inDims = lift(g.inShape, 1);
    const outDims = lift(g.outShape, 1);
    const kernel = lift(g.kernel, 1);
    const strides = lift(g.strides, 1);
    const dilations = lift(g.dilations, 1);
    const padBegin = lift(g.padBegin, 0);
    const padEnd = lift(g.padEnd, 0);
    this.inDims = inDims as [number, number, number];
    this.outDims = outDims as [number, number, number];
    this.tables = [0, 1, 2].map((d) =>
      axisTable(
        inDims[d] as number,
        outDims[d] as number,
        kernel[d] as number,
        strides[d] as number,
        dilations[d] as number,
        padBegin[d] as number,
        padEnd[d] as number,
      ),
    ) as [AxisTable, AxisTable, AxisTable];
    this.inSize = (inDims[0] as number) * (inDims[1] as number) * (inDims[2] as number);
    this.outSize = (outDims[0] as number) * (outDims[1] as number) * (outDims[2] as number);
  }
}

/** onnxruntime's value for a float32 window that covers only padding (the type's lowest value). */
export const LOWEST_FLOAT32 = -3.4028234663852886e38;

/**
 * Max pooling of `planes` planes (any numeric storage; a window of padding only gives `lowest`). When
 * `indices` is given, writes the row-major flat index (over the whole input tensor) of each maximum,
 * as ONNX MaxPool's Indices output with storage_order 0.
 */
export function maxPool(
  x: NumberArray,
  out: NumberArray,
  planes: number,
  plan: PoolPlan,
  indices?: BigInt64Array,
  lowest = LOWEST_FLOAT32,
): void {
  const [, H, W] = plan.inDims;
  const [OD, OH, OW] = plan.outDims;
  const [td, th, tw] = plan.tables;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plan.inSize;
    for (let od = 0; od < OD; od++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++, o++) {
          let best = lowest;
          let at = -1;
          for (let kd = td.lo[od] as number, kdEnd = td.hi[od] as number; kd < kdEnd; kd++) {
            const id = (td.start[od] as number) + kd * td.dilation;
            for (let kh = th.lo[oh] as number, khEnd = th.hi[oh] as number; kh < khEnd; kh++) {
              const row = base + (id * H + (th.start[oh] as number) + kh * th.dilation) * W + (tw.start[ow] as number);
              for (let kw = tw.lo[ow] as number, kwEnd = tw.hi[ow] as number; kw < kwEnd; kw++) {
                const i = row + kw * tw.dilation;
                const v = x[i] as number;
                if (v > best || at < 0) {
                  best = v;
                  at = i;
                }
              }
            }
          }
          out[o] = best;
          if (indices) indices[o] = BigInt(at);
        }
      }
    }
  }
}

/** Average pooling; the divisor is the taps inside the input, or inside input + padding with count_include_pad. */
export function averagePool(x: NumberArray, out: NumberArray, planes: number, plan: PoolPlan, countIncludePad: boolean): void {
  const [, H, W] = plan.inDims;
  const [OD, OH, OW] = plan.outDims;
  const [td, th, tw] = plan.tables;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plan.inSize;
    for (let od = 0; od < OD; od++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++, o++) {
          let sum = 0;
          const dLo = td.lo[od] as number;
          const dHi = td.hi[od] as number;
          const hLo = th.lo[oh] as number;
          const hHi = th.hi[oh] as number;
          const wLo = tw.lo[ow] as number;
          const wHi = tw.hi[ow] as number;
          for (let kd = dLo; kd < dHi; kd++) {
            const id = (td.start[od] as number) + kd * td.dilation;
            for (let kh = hLo; kh < hHi; kh++) {
              const row = base + (id * H + (th.start[oh] as number) + kh * th.dilation) * W + (tw.start[ow] as number);
              for (let kw = wLo; kw < wHi; kw++) sum += x[row + kw * tw.dilation] as number;
            }
          }
          const count = countIncludePad
            ? (td.padded[od] as number) * (th.padded[oh] as number) * (tw.padded[ow] as number)
            : (dHi - dLo) * (hHi - hLo) * (wHi - wLo);
          out[o] = sum / count;
        }
      }
    }
  }
}

/** Lp pooling: (Σ |x|^p)^(1/p) over each window's taps inside the input (padding adds nothing). */
export function lpPool(x: NumberArray, out: NumberArray, planes: number, plan: PoolPlan, p: number): void {
  const [, H, W] = plan.inDims;
  const [OD, OH, OW] = plan.outDims;
  const [td, th, tw] = plan.tables;
  let o = 0;
  for (let q = 0; q < planes; q++) {
    const base = q * plan.inSize;
    for (let od = 0; od < OD; od++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++, o++) {
          let sum = 0;
          for (let kd = td.lo[od] as number, kdEnd = td.hi[od] as number; kd < kdEnd; kd++) {
            const id = (td.start[od] as number) + kd * td.dilation;
            for (let kh = th.lo[oh] as number, khEnd = th.hi[oh] as number; kh < khEnd; kh++) {
              const row = base + (id * H + (th.start[oh] as number) + kh * th.dilation) * W + (tw.start[ow] as number);
              for (let kw = tw.lo[ow] as number, kwEnd = tw.hi[ow] as number; kw < kwEnd; kw++)
                sum += Math.abs(x[row + kw * tw.dilation] as number) ** p;
            }
          }
          out[o] = sum ** (1 / p);
        }
      }
    }
  }
}
