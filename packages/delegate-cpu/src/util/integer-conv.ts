import type { Node, Tensor } from '@tessera/core';
import { type WindowAttributes, windowGeometry } from '@tessera/core';
import { kernelFailure } from './checks.js';
import { numbersOf } from './quant-values.js';
import { formatDims } from './strides.js';

/**
 * Direct n-D grouped convolution over integers, for ConvInteger and QLinearConv. Inputs arrive with
 * their zero points already subtracted, so zero padding is padding with the zero point. Sums are
 * exact (JS numbers hold them to 2^53); callers wrap or requantize them.
 */
export interface IntegerConvResult {
  readonly outDims: readonly number[];
  /** Exact sums, [N, M, out spatial…] row-major. */
  readonly sums: Float64Array;
}

/** A tensor's values minus a zero point that is a scalar or (for weights) one value per output channel. */
export function shifted(node: Node, what: string, t: Tensor, zero: Tensor | undefined): Float64Array {
  const values = numbersOf(t);
  const out = Float64Array.from(values);
  if (!zero) return out;
  const zeros = numbersOf(zero);
  if (zero.size === 1) {
    const z = zeros[0] as number;
    for (let i = 0; i < out.length; i++) out[i] -= z;
    return out;
  }
  const channels = t.dims[0] as number;
  if (what !== 'w' || zero.dims.length !== 1 || zero.size !== channels) {
    throw kernelFailure(
      node,
      `${what}'s zero point ${formatDims(zero.dims)} must be a scalar${what === 'w' ? ` or one per output channel (${channels})` : ''}`,
    );
  }
  const perChannel = out.length / channels;
  for (let i = 0; i < out.length; i++) out[i] -= zeros[Math.floor(i / perChannel)] as number;
  return out;
}

export function integerConv(
  node: Node,
  x: Float64Array,
  xDims: readonly number[],
  w: Float64Array,
  wDims: readonly number[],
  group: number,
  attrs: WindowAttributes,
): IntegerConvResult {
  const rank = xDims.length;
  if (rank < 3 || wDims.length !== rank)
    throw kernelFailure(node, `input ${formatDims(xDims)} and weight ${formatDims(wDims)} must share a rank ≥ 3`);
  const [batch, channels] = xDims as [number, number];
  const [outChannels, groupChannels] = wDims as [number, number];
  if (channels !== groupChannels * group || outChannels % group !== 0) {
    throw kernelFailure(
      node,
      `${channels} input channels and ${outChannels} output channels do not fit weight ${formatDims(wDims)} with group ${group}`,
    );
  }
  const kernel = wDims.slice(2);
  if (attrs.kernel && attrs.kernel.join() !== kernel.join())
    throw kernelFailure(node, `kernel_shape [${attrs.kernel}] ≠ weight's [${kernel}]`);
  const g = windowGeometry(attrs, xDims.slice(2), kernel);
  const spatial = rank - 2;
  const inSize = g.inShape.reduce((p, d) => p * d, 1);
  const outSize = g.outShape.reduce((p, d) => p * d, 1);
  const taps = kernel.reduce((p, d) => p * d, 1);
  // Each tap's offset along every spatial axis (dilated) and its flat input offset.
  const tapOffsets = new Int32Array(taps * spatial);
  for (let t = 0; t < taps; t++) {
    let rest = t;
    for (let d = spatial - 1; d >= 0; d--) {
      tapOffsets[t * spatial + d] = (rest % (kernel[d] as number)) * (g.dilations[d] as number);
      rest = Math.floor(rest / (kernel[d] as number));
    }
  }
  const inStrides = new Array<number>(spatial).fill(1);
  for (let d = spatial - 2; d >= 0; d--) inStrides[d] = (inStrides[d + 1] as number) * (g.inShape[d + 1] as number);
  const perGroup = outChannels / group;
  const sums = new Float64Array(batch * outChannels * outSize);
  const origin = new Int32Array(spatial);
  for (let p = 0; p < outSize; p++) {
    // Output position p → its window's corner in input coordinates (may lie in the padding).
    let rest = p;
    for (let d = spatial - 1; d >= 0; d--) {
      const o = rest % (g.outShape[d] as number);
      rest = Math.floor(rest / (g.outShape[d] as number));
      origin[d] = o * (g.strides[d] as number) - (g.padBegin[d] as number);
    }
    for (let t = 0; t < taps; t++) {
      let inOffset = 0;
      let inside = true;
      for (let d = 0; d < spatial && inside; d++) {
        const c = (origin[d] as number) + (tapOffsets[t * spatial + d] as number);
        inside = c >= 0 && c < (g.inShape[d] as number);
        inOffset += c * (inStrides[d] as number);
      }
      if (!inside) continue;
      for (let n = 0; n < batch; n++) {
        for (let oc = 0; oc < outChannels; oc++) {
          const firstChannel = Math.floor(oc / perGroup) * groupChannels;
          let sum = 0;
          for (let ic = 0; ic < groupChannels; ic++) {
            const xv = x[(n * channels + firstChannel + ic) * inSize + inOffset] as number;
            sum += xv * (w[(oc * groupChannels + ic) * taps + t] as number);
          }
          sums[(n * outChannels + oc) * outSize + p] += sum;
        }
      }
    }
  }
  return { outDims: [batch, outChannels, ...g.outShape], sums };
}
