import {
  attrInt,
  checkWindowAttributes,
  type Kernel,
  type KernelContext,
  type KernelDefinition,
  type Node,
  readWindowAttributes,
  reject,
  SUPPORTED,
  type SupportContext,
  type SupportResult,
  type Tensor,
  type WindowAttributes,
  windowGeometry,
} from '@tessera/core';
import { firstRejection, kernelFailure, product, requireRank, shapeOf } from '../util/checks.js';
import { FLOAT_DTYPES, floatOutput, readFloats } from '../util/float-io.js';
import { averagePool, PoolPlan } from '../util/pool.js';

/**
 * AveragePool over 1–3 spatial axes, float types: kernel_shape, strides, pads / auto_pad, dilations
 * (opset 19), ceil_mode and count_include_pad.
 */

function check(node: Node, ctx: SupportContext): SupportResult {
  const shape = shapeOf(ctx, node.inputs[0]);
  const rejection = firstRejection(
    requireRank(node, ctx, 0, 3, 5),
    checkWindowAttributes(node, shape ? shape.length - 2 : undefined),
    readWindowAttributes(node).kernel ? undefined : reject('ATTRIBUTE', `AveragePool '${node.name}' has no kernel_shape`),
  );
  return rejection ?? SUPPORTED;
}

class AveragePoolKernel implements Kernel {
  private readonly attrs: WindowAttributes;
  private readonly countIncludePad: boolean;
  private cached: { key: string; plan: PoolPlan; outShape: readonly number[] } | undefined;

  constructor(private readonly node: Node) {
    this.attrs = readWindowAttributes(node);
    this.countIncludePad = attrInt(node, 'count_include_pad', 0) !== 0;
  }

  run(inputs: readonly (Tensor | undefined)[], ctx: KernelContext): Tensor[] {
    const x = inputs[0];
    if (!x) throw kernelFailure(this.node, 'input is missing');
    if (x.dims.length < 3 || x.dims.length > 5) throw kernelFailure(this.node, `input rank ${x.dims.length} is not 3–5`);
    const key = x.dims.join();
    if (this.cached?.key !== key) {
      const g = windowGeometry(this.attrs, x.dims.slice(2));
      this.cached = { key, plan: new PoolPlan(g), outShape: g.outShape };
    }
    const { plan, outShape } = this.cached;
    const out = floatOutput(ctx, 0, x.dtype, [...x.dims.slice(0, 2), ...outShape]);
    averagePool(readFloats(x), out.data, product(x.dims, 0, 2), plan, this.countIncludePad);
    return [out.finish()];
  }
}

export const AveragePool: readonly KernelDefinition[] = [
  {
    op: 'AveragePool',
    sinceVersion: 1,
    dtypes: FLOAT_DTYPES,
    notes: '1–3 spatial axes; pads, auto_pad, dilations, ceil_mode, count_include_pad.',
    check,
    create: (node) => new AveragePoolKernel(node),
  },
];
