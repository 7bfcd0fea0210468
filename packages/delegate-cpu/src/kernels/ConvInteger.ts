import {
  attrInt,
  checkWindowAttributes,
  type DType,
  type Kernel,
  type KernelContext,
  type KernelDefinition,
  type Node,
  readWindowAttributes,
  SUPPORTED,
  type SupportContext,
  type SupportResult,
  type Tensor,
} from '@tessera/core';
import { firstRejection, kernelFailure, requireInputDtypes, requireRank } from '../util/checks.js';
import { integerConv, shifted } from '../util/integer-conv.js';
import { required } from '../util/support.js';

const EIGHT_BIT: readonly DType[] = ['int8', 'uint8'];

export function checkIntegerConv(node: Node, ctx: SupportContext, quantized: readonly number[], weight: number): SupportResult {
  const wDims = ctx.value(node.inputs[weight] ?? '').constant?.dims;
  const wType = ctx.value(node.inputs[weight] ?? '').type;
  const rank = wDims?.length ?? (wType?.kind === 'tensor' ? wType.shape?.length : undefined);
  return (
    firstRejection(
      requireInputDtypes(node, ctx, quantized, EIGHT_BIT),
      requireRank(node, ctx, 0, 3),
      checkWindowAttributes(node, rank === undefined ? undefined : rank - 2),
    ) ?? SUPPORTED
  );
}

/**
 * int32 convolution of (x − x_zero_point) and (w − w_zero_point), with Conv's attributes; x's zero
 * point is a scalar, w's a scalar or one per output channel. Sums wrap in int32.
 */
class ConvIntegerKernel implements Kernel {
  constructor(private readonly node: Node) {}

  run(inputs: readonly (Tensor | undefined)[], ctx: KernelContext): Tensor[] {
    const node = this.node;
    const x = required(inputs, 0, 'ConvInteger');
    const w = required(inputs, 1, 'ConvInteger');
    for (const t of [x, w, inputs[2], inputs[3]]) {
      if (t && !EIGHT_BIT.includes(t.dtype)) throw kernelFailure(node, `inputs must be int8 or uint8, got ${t.dtype}`);
    }
    const { outDims, sums } = integerConv(
      node,
      shifted(node, 'x', x, inputs[2]),
      x.dims,
      shifted(node, 'w', w, inputs[3]),
      w.dims,
      attrInt(node, 'group', 1),
      readWindowAttributes(node),
    );
    const out = ctx.output(0, 'int32', outDims);
    const data = out.data as Int32Array;
    for (let i = 0; i < sums.length; i++) data[i] = (sums[i] as number) | 0;
    return [out];
  }
}

export const ConvInteger: readonly KernelDefinition[] = [
  {
    op: 'ConvInteger',
    sinceVersion: 10,
    dtypes: EIGHT_BIT,
    check: (node, ctx) => checkIntegerConv(node, ctx, [0, 1, 2, 3], 1),
    create: (node) => new ConvIntegerKernel(node),
  },
];
