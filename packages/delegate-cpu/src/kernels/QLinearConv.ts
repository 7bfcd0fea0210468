import {
  attrInt,
  type DType,
  type Kernel,
  type KernelContext,
  type KernelDefinition,
  type Node,
  readWindowAttributes,
  type Tensor,
} from '@tessera/core';
import { kernelFailure, requireInputDtypes } from '../util/checks.js';
import { integerConv, shifted } from '../util/integer-conv.js';
import { integerRange, numbersOf, roundHalfEven } from '../util/quant-values.js';
import { required } from '../util/support.js';
import { checkIntegerConv } from './ConvInteger.js';

const EIGHT_BIT: readonly DType[] = ['int8', 'uint8'];

/**
 * Quantized convolution: the exact int32 convolution of (x − x_zero_point) and (w − w_zero_point),
 * plus the int32 bias, is scaled by x_scale·w_scale / y_scale (float32, per output channel when
 * w_scale is), rounded half to even, shifted by y_zero_point and saturated to y's type.
 */
class QLinearConvKernel implements Kernel {
  constructor(private readonly node: Node) {}

  run(inputs: readonly (Tensor | undefined)[], ctx: KernelContext): Tensor[] {
    const node = this.node;
    const [x, xScale, xZero, w, wScale, wZero, yScale, yZero] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      required(inputs, i, 'QLinearConv'),
    ) as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    for (const t of [x, xZero, w, wZero, yZero]) {
      if (!EIGHT_BIT.includes(t.dtype)) throw kernelFailure(node, `quantized inputs must be int8 or uint8, got ${t.dtype}`);
    }
    for (const t of [xScale, wScale, yScale])
      if (t.dtype !== 'float32') throw kernelFailure(node, `scales must be float32, got ${t.dtype}`);
    if (xScale.size !== 1 || yScale.size !== 1 || yZero.size !== 1)
      throw kernelFailure(node, 'x_scale, y_scale and y_zero_point must be scalars');
    const outChannels = w.dims[0] as number;
    if (wScale.size !== 1 && (wScale.dims.length !== 1 || wScale.size !== outChannels)) {
      throw kernelFailure(node, `w_scale [${wScale.dims}] must be a scalar or one per output channel (${outChannels})`);
    }
    const bias = inputs[8];
    if (bias && (bias.dtype !== 'int32' || bias.dims.length !== 1 || bias.size !== outChannels)) {
      throw kernelFailure(node, `B must be int32 with one value per output channel (${outChannels})`);
    }
    const { outDims, sums } = integerConv(
      node,
      shifted(node, 'x', x, xZero),
      x.dims,
      shifted(node, 'w', w, wZero),
      w.dims,
      attrInt(node, 'group', 1),
      readWindowAttributes(node),
    );
    const xs = numbersOf(xScale)[0] as number;
    const ys = numbersOf(yScale)[0] as number;
    const ws = numbersOf(wScale);
    const multipliers = Float64Array.from({ length: outChannels }, (_, c) =>
      Math.fround(Math.fround(xs * (ws[wScale.size === 1 ? 0 : c] as number)) / ys),
    );
    const biases = bias?.data as Int32Array | undefined;
    const [lo, hi] = integerRange(yZero.dtype) as readonly [number, number];
    const zero = numbersOf(yZero)[0] as number;
    const out = ctx.output(0, yZero.dtype, outDims);
    const data = out.data as Int8Array | Uint8Array;
    const plane = sums.length / ((outDims[0] as number) * outChannels || 1);
    for (let i = 0; i < sums.length; i++) {
      const c = Math.floor(i / plane) % outChannels;
      const acc = ((sums[i] as number) + (biases ? (biases[c] as number) : 0)) | 0;
      const q = roundHalfEven(acc * (multipliers[c] as number)) + zero;
      data[i] = Math.min(hi, Math.max(lo, q));
    }
    return [out];
  }
}

export const QLinearConv: readonly KernelDefinition[] = [
  {
    op: 'QLinearConv',
    sinceVersion: 10,
    dtypes: EIGHT_BIT,
    check: (node, ctx) =>
      requireInputDtypes(node, ctx, [1, 4, 6], ['float32']) ?? checkIntegerConv(node, ctx, [0, 2, 3, 5, 7], 3),
    create: (node) => new QLinearConvKernel(node),
  },
];
