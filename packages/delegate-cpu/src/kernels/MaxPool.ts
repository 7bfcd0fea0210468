import {
  attrInt,
  checkWindowAttributes,
  type DType,
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
import { FLOAT_DTYPES, floatOutput, isFloatDType, readFloats } from '../util/float-io.js';
import { LOWEST_FLOAT32, maxPool, PoolPlan } from '../util/pool.js';
import type { NumberArray } from '../util/typed-array.js';

/**
 * MaxPool over 1–3 spatial axes, float types and (op-set 12) int8 / uint8: kernel_shape, strides,
 * pads / auto_pad, dilations, ceil_mode, and the optional Indices output: flat indices over the whole
 * input, row-major (storage_order 0) or with the spatial axes column-major (storage_order 1).
 */
const DTYPES: readonly DType[] = [...FLOAT_DTYPES, 'int8', 'uint8'];

/** A window of padding only gives the type's lowest value, as in onnxruntime. */
function lowestOf(dtype: DType): number {
  switch (dtype) {
    case 'int8':
      return -128;
    case 'uint8':
      return 0;
    case 'float64':
      return -Number.MAX_VALUE;
    case 'float16':
      return -65504;
    default:
      return LOWEST_FLOAT32;
  }
}

function check(node: Node, ctx: SupportContext): SupportResult {
  const shape = shapeOf(ctx, node.inputs[0]);
  const storageOrder = attrInt(node, 'storage_order', 0);
  const rejection = firstRejection(
    requireRank(node, ctx, 0, 3, 5),
    checkWindowAttributes(node, shape ? shape.length - 2 : undefined),
    readWindowAttributes(node).kernel ? undefined : reject('ATTRIBUTE', `MaxPool '${node.name}' has no kernel_shape`),
    storageOrder === 0 || storageOrder === 1
      ? undefined
      : reject('ATTRIBUTE', `MaxPool '${node.name}': storage_order ${storageOrder} is not 0 or 1`),
  );
  return rejection ?? SUPPORTED;
}

/** Rewrites row-major flat indices into ones whose spatial axes are column-major (storage_order 1). */
function toColumnMajor(indices: BigInt64Array, spatial: readonly number[]): void {
  const size = product(spatial);
  const columnStrides = spatial.map((_, d) => product(spatial, 0, d));
  for (let k = 0; k < indices.length; k++) {
    const i = Number(indices[k]);
    let rest = i % size;
    let columnMajor = 0;
    for (let d = spatial.length - 1; d >= 0; d--) {
      const extent = spatial[d] as number;
      columnMajor += (rest % extent) * (columnStrides[d] as number);
      rest = Math.floor(rest / extent);
    }
    indices[k] = BigInt(i - (i % size) + columnMajor);
  }
}

class MaxPoolKernel implements Kernel {
  private readonly attrs: WindowAttributes;
  private cached: { key: string; plan: PoolPlan; outShape: readonly number[] } | undefined;

  constructor(private readonly node: Node) {
    this.attrs = readWindowAttributes(node);
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
    const planes = product(x.dims, 0, 2);
    const dims = [...x.dims.slice(0, 2), ...outShape];
    const float = isFloatDType(x.dtype);
    const out = float ? floatOutput(ctx, 0, x.dtype, dims) : undefined;
    const y = out ? out.tensor : ctx.output(0, x.dtype, dims);
    const indices = this.node.outputs[1] ? ctx.output(1, 'int64', dims) : undefined;
    const xd = float ? readFloats(x) : (x.data as NumberArray);
    const yd = out ? out.data : (y.data as NumberArray);
    maxPool(xd, yd, planes, plan, indices?.data as BigInt64Array | undefined, lowestOf(x.dtype));
    if (indices && attrInt(this.node, 'storage_order', 0) === 1) toColumnMajor(indices.data as BigInt64Array, x.dims.slice(2));
    const result = out ? out.finish() : y;
    return indices ? [result, indices] : [result];
  }
}

export const MaxPool: readonly KernelDefinition[] = [
  {
    op: 'MaxPool',
    sinceVersion: 1,
    dtypes: DTYPES,
    notes: '1–3 spatial axes; pads, auto_pad, dilations, ceil_mode, Indices in either storage order.',
    check,
    create: (node) => new MaxPoolKernel(node),
  },
];
