import type { ResizeAxisMap } from '@tessera/core';

/**
 * Applying per-axis resize maps to a tensor. Nearest is one gather over all axes. Linear and cubic
 * interpolation are tensor products of per-axis filters, so they run as one pass per changed axis
 * (each pass a 1-D interpolation with contiguous inner rows), in float64 between passes.
 */

/** Nearest-neighbour gather: out[o₀, o₁, …] = x[idx₀[o₀], idx₁[o₁], …], or `fill` where any axis extrapolates. */
export function gatherNearest(
  x: Float32Array,
  inDims: readonly number[],
  maps: readonly ResizeAxisMap[],
  out: Float32Array,
  outDims: readonly number[],
  fill: number,
): void {
  const rank = inDims.length;
  const inStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) inStrides[d] = (inStrides[d + 1] as number) * (inDims[d + 1] as number);
  if (rank === 0) {
    out[0] = x[0] as number;
    return;
  }
  let o = 0;
  const innerSize = outDims[rank - 1] as number;
  const inner = maps[rank - 1] as ResizeAxisMap;
  const innerOutside = inner.outside.includes(1);
  const walk = (d: number, base: number): void => {
    const map = maps[d] as ResizeAxisMap;
    const size = outDims[d] as number;
    if (d === rank - 1) {
      if (innerOutside)
        for (let i = 0; i < size; i++) out[o++] = inner.outside[i] ? fill : (x[base + (inner.index[i] as number)] as number);
      else for (let i = 0; i < size; i++) out[o++] = x[base + (inner.index[i] as number)] as number;
      return;
    }
    const block = blockSize(outDims, d + 1);
    for (let i = 0; i < size; i++) {
      if (map.outside[i]) {
        out.fill(fill, o, o + block);
        o += block;
      } else if (i > 0 && !map.outside[i - 1] && map.index[i] === map.index[i - 1]) {
        // Upsampling repeats source rows: the block equals the one just written.
        out.copyWithin(o, o - block, o);
        o += block;
      } else {
        walk(d + 1, base + (map.index[i] as number) * (inStrides[d] as number));
      }
    }
  };
  if (innerSize === 0) return;
  walk(0, 0);
}

function blockSize(dims: readonly number[], from: number): number {
  let n = 1;
  for (let i = from; i < dims.length; i++) n *= dims[i] as number;
  return n;
}

/** Linear / cubic resize as one 1-D pass per axis whose map is not the identity. */
export function interpolate(
  x: Float32Array,
  inDims: readonly number[],
  maps: readonly ResizeAxisMap[],
  out: Float32Array,
  outDims: readonly number[],
  fill: number,
): void {
  const axes = maps.map((m, d) => (m.identity ? -1 : d)).filter((d) => d >= 0);
  if (axes.length === 0) {
    out.set(x);
    return;
  }
  let src: Float32Array | Float64Array = x;
  const dims = [...inDims];
  axes.forEach((d, k) => {
    const nextDims = [...dims];
    nextDims[d] = outDims[d] as number;
    const dst = k === axes.length - 1 ? out : new Float64Array(blockSize(nextDims, 0));
    interpolateAxis(src, dims, d, maps[d] as ResizeAxisMap, dst, nextDims[d] as number, fill);
    src = dst;
    dims[d] = nextDims[d] as number;
  });
}

function interpolateAxis(
  src: Float32Array | Float64Array,
  dims: readonly number[],
  axis: number,
  map: ResizeAxisMap,
  dst: Float32Array | Float64Array,
  outSize: number,
  fill: number,
): void {
  const outer = blockSize(dims.slice(0, axis), 0);
  const inSize = dims[axis] as number;
  const inner = blockSize(dims, axis + 1);
  const taps = map.taps;
  for (let o = 0; o < outer; o++) {
    const srcBase = o * inSize * inner;
    for (let j = 0; j < outSize; j++) {
      const dstRow = (o * outSize + j) * inner;
      if (map.outside[j]) {
        dst.fill(fill, dstRow, dstRow + inner);
        continue;
      }
      const at = j * taps;
      if (inner === 1) {
        let acc = 0;
        for (let t = 0; t < taps; t++)
          acc += (map.weight[at + t] as number) * (src[srcBase + (map.index[at + t] as number)] as number);
        dst[dstRow] = acc;
        continue;
      }
      const w0 = map.weight[at] as number;
      const r0 = srcBase + (map.index[at] as number) * inner;
      for (let i = 0; i < inner; i++) dst[dstRow + i] = w0 * (src[r0 + i] as number);
      for (let t = 1; t < taps; t++) {
        const w = map.weight[at + t] as number;
        if (w === 0) continue;
        const r = srcBase + (map.index[at + t] as number) * inner;
        for (let i = 0; i < inner; i++) dst[dstRow + i] = (dst[dstRow + i] as number) + w * (src[r + i] as number);
      }
    }
  }
}
