import type { WindowGeometry } from '@tessera/core';
import { validOutputRange } from './window.js';

/**
 * The bookkeeping im2col and col2im share. Both walk a tile of flattened positions as segments of the
 * innermost axis ("lines"), and for each kernel tap copy (or add) a strided run over the part of the
 * line where the tap stays inside the other tensor.
 */
export interface WindowTaps {
  readonly rank: number;
  /** Kernel taps of the outer (all but the last) spatial axes, each as its rank − 1 coordinates. */
  readonly outerTaps: Int32Array;
  readonly outerTapCount: number;
  /** Per inner tap: the range of line positions whose tap lands inside the other tensor's line. */
  readonly innerLo: Int32Array;
  readonly innerHi: Int32Array;
  /** Rows of the column matrix: channels × every kernel tap. */
  readonly rows: number;
}

/**
 * Taps of a window over lines of `lineLength` positions whose taps read (or write) lines of
 * `otherLength`: im2col walks output lines reading input, col2im walks input lines writing output.
 */
export function windowTaps(g: WindowGeometry, channels: number, lineLength: number, otherLength: number): WindowTaps {
  const r = g.inShape.length;
  let count = 1;
  for (let d = 0; d < r - 1; d++) count *= g.kernel[d] as number;
  const outerTaps = new Int32Array(count * Math.max(1, r - 1));
  for (let t = 0; t < count; t++) {
    let rest = t;
    for (let d = r - 2; d >= 0; d--) {
      const kd = g.kernel[d] as number;
      outerTaps[t * (r - 1) + d] = rest % kd;
      rest = Math.floor(rest / kd);
    }
  }
  const kw = g.kernel[r - 1] as number;
  const innerLo = new Int32Array(kw);
  const innerHi = new Int32Array(kw);
  for (let t = 0; t < kw; t++) {
    const s = g.strides[r - 1] as number;
    const [lo, hi] = validOutputRange(
      otherLength,
      lineLength,
      s,
      g.padBegin[r - 1] as number,
      t * (g.dilations[r - 1] as number),
    );
    innerLo[t] = lo;
    innerHi[t] = hi;
  }
  return { rank: r, outerTaps, outerTapCount: count, innerLo, innerHi, rows: channels * count * kw };
}

/** Row-major strides of a spatial shape, and the size of one plane of it. */
export function planeStrides(shape: readonly number[]): { strides: number[]; planeSize: number } {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  return { strides, planeSize: (strides[0] as number) * (shape[0] as number) };
}

/** The positions [p0, p1) of a shape, cut where lines end: each segment's span and its outer coordinates. */
export interface LineSegments {
  readonly count: number;
  readonly start: number[];
  readonly end: number[];
  /** count × (rank − 1) coordinates of each segment's line on the outer axes. */
  readonly outer: Int32Array;
}

export function lineSegments(shape: readonly number[], p0: number, p1: number): LineSegments {
  const r = shape.length;
  const length = shape[r - 1] as number;
  const lines: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  for (let p = p0; p < p1; ) {
    const line = Math.floor(p / length);
    const a = p - line * length;
    const b = Math.min(length, a + (p1 - p));
    lines.push(line);
    start.push(a);
    end.push(b);
    p += b - a;
  }
  const outer = new Int32Array(lines.length * Math.max(1, r - 1));
  for (let s = 0; s < lines.length; s++) {
    let rest = lines[s] as number;
    for (let d = r - 2; d >= 0; d--) {
      const size = shape[d] as number;
      outer[s * (r - 1) + d] = rest % size;
      rest = Math.floor(rest / size);
    }
  }
  return { count: lines.length, start, end, outer };
}
