import { type ResizeAxisParams, type ResizeOptions, resizeAxisMap } from '@tessera/core';

/**
 * One Resize axis as the shader reads it: `taps` input indices and float32 weights per output index,
 * index −1 marking an extrapolated output (tf_crop_and_resize). Built on the host, once per plan,
 * from core's axis map, which every delegate shares so that they agree; an axis the map finds
 * unchanged is one tap of weight 1.
 */
export interface AxisTable {
  readonly taps: number;
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

export function axisTable(p: ResizeAxisParams, o: ResizeOptions): AxisTable {
  const map = resizeAxisMap(p, o);
  if (map.identity) {
    const index = Int32Array.from({ length: p.outSize }, (_, x) => x);
    return { taps: 1, index, weight: new Float32Array(p.outSize).fill(1) };
  }
  const index = Int32Array.from(map.index);
  for (let x = 0; x < p.outSize; x++) if (map.outside[x]) index[x * map.taps] = -1;
  return { taps: map.taps, index, weight: Float32Array.from(map.weight) };
}
