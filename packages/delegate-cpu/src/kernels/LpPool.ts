import {
  attrFloat,
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
import { lpPool, PoolPlan } from '../util/pool.js';

/**
 * LpPool over 1–3 spatial axes, float types: (Σ |x|^p)^(1/p) over each window, padding contributing
 * nothing. p is a float attribute in op-set 1 and an int from 2; ceil_mode and dilations from 18.
 */
function check(node: Node, ctx: SupportContext): SupportResult {
  const shape = shapeOf(ctx, node.inputs[0]);
  return (
    firstRejection(
      requireRank(node, ctx, 0, 3, 5),
      checkWindowAttributes(node, shape ? shape.length - 2 : undefined),
      readWindowAttributes(node).kernel ? undefined : reject('ATTRIBUTE', `LpPool '${node.name}' has no kernel_shape`),
      readP(node) > 0 ? undefined : reject('ATTRIBUTE', `LpPool '${node.name}': p = ${readP(node)} must be positive`),
    ) ?? SUPPORTED
  );
}

function readP(node: Node): number {
  return node.opsetVersion < 2 ? attrFloat(node, 'p', 2) : attrInt(node, 'p', 2);
}

class LpPoolKernel implements Kernel {
  private readonly attrs: WindowAttributes;
  private readonly p: number;
  private cached: { key: string; plan: PoolPlan; outShape: readonly number[] } | undefined;

  constructor(private readonly node: Node) {
    this.attrs = readWindowAttributes(node);
    this.p = readP(node);
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
    lpPool(readFloats(x), out.data, product(x.dims, 0, 2), plan, this.p);
    return [out.finish()];
  }
}

export const LpPool: readonly KernelDefinition[] = [
  {
    op: 'LpPool',
    sinceVersion: 1,
    dtypes: FLOAT_DTYPES,
    notes: '1–3 spatial axes; pads, auto_pad, dilations, ceil_mode.',
    check,
    create: (node) => new LpPoolKernel(node),
  },
];
