import {
  attrFloats,
  attrString,
  type Kernel,
  type KernelDefinition,
  type Node,
  type ResizeAxisMap,
  type ResizeOptions,
  reject,
  resizeAxisMap,
  SUPPORTED,
  type SupportContext,
  type SupportResult,
  type Tensor,
} from '@tessera/core';
import { interpolate } from '../util/resize-apply.js';
import { formatDims, stridesOf } from '../util/strides.js';
import { onElementCodes, STORAGE_DTYPES } from '../util/sub-byte.js';
import { allOf, checkDType, checkTensorInputs, required } from '../util/support.js';
import type { Elements } from '../util/typed-array.js';

/**
 * Upsample (op-sets 7 to 10; Resize replaced it): output size floor(dim · scale) per axis, with
 * Resize-10's rules — asymmetric coordinates (x / scale), nearest picks truncated — as onnxruntime
 * runs it. Nearest moves elements, so it takes every dtype; linear interpolates float32.
 */

function modeOf(node: Node): 'nearest' | 'linear' {
  return attrString(node, 'mode', 'nearest') as 'nearest' | 'linear';
}

function options(mode: 'nearest' | 'linear'): ResizeOptions {
  return { mode, coordinateMode: 'asymmetric', nearestMode: 'simple', cubicCoeffA: -0.75, excludeOutside: false };
}

function axisMaps(
  x: Tensor,
  scales: readonly number[],
  mode: 'nearest' | 'linear',
): { maps: ResizeAxisMap[]; outDims: number[] } {
  if (scales.length !== x.dims.length) throw new Error(`Upsample has ${scales.length} scales for input ${formatDims(x.dims)}`);
  const outDims = x.dims.map((d, k) => {
    if (!(scales[k] >= 1)) throw new Error(`Upsample scale ${scales[k]} on axis ${k} is below 1`);
    return Math.floor(Math.fround(scales[k] * d));
  });
  const maps = x.dims.map((inSize, k) =>
    resizeAxisMap({ inSize, outSize: outDims[k], scale: Math.fround(scales[k]), roiStart: 0, roiEnd: 1 }, options(mode)),
  );
  return { maps, outDims };
}

/** out[o₀, o₁, …] = x[idx₀[o₀], idx₁[o₁], …] for any element storage. */
function gatherNearest(x: Tensor, maps: readonly ResizeAxisMap[], out: Tensor): void {
  const inStrides = stridesOf(x.dims);
  const offsets = maps.map((m, k) => Int32Array.from(m.index, (i) => i * inStrides[k]));
  const src = x.data as Elements;
  const dst = out.data as Elements;
  const rank = out.dims.length;
  for (let i = 0; i < dst.length; i++) {
    let at = 0;
    let rest = i;
    for (let k = rank - 1; k >= 0; k--) {
      at += offsets[k][rest % out.dims[k]];
      rest = Math.floor(rest / out.dims[k]);
    }
    dst[i] = src[at];
  }
}

function upsample(node: Node, x: Tensor, scales: readonly number[], outputOf: (dims: number[]) => Tensor): Tensor {
  const mode = modeOf(node);
  const { maps, outDims } = axisMaps(x, scales, mode);
  const out = outputOf(outDims);
  if (out.size === 0) return out;
  if (mode === 'nearest') gatherNearest(x, maps, out);
  else {
    if (x.dtype !== 'float32') throw new Error(`Upsample linear takes float32, got ${x.dtype}`);
    interpolate(x.data as Float32Array, x.dims, maps, out.data as Float32Array, outDims, 0);
  }
  return out;
}

function checkMode(node: Node, ctx: SupportContext): SupportResult {
  const mode = attrString(node, 'mode', 'nearest');
  if (mode === 'nearest') return SUPPORTED;
  if (mode === 'linear') return checkDType(node, ctx, 0, ['float32']);
  return reject('ATTRIBUTE', `Upsample mode '${mode}' is not nearest or linear`);
}

export const Upsample: readonly KernelDefinition[] = [
  {
    op: 'Upsample',
    sinceVersion: 7,
    untilVersion: 8,
    dtypes: STORAGE_DTYPES,
    notes: 'scales attribute',
    check: (node, ctx) =>
      allOf(
        () => checkTensorInputs(node, ctx),
        () => checkMode(node, ctx),
        () => (attrFloats(node, 'scales') ? SUPPORTED : reject('ATTRIBUTE', "Upsample needs the 'scales' attribute")),
      ),
    create: (node): Kernel => {
      const scales = attrFloats(node, 'scales', []);
      return onElementCodes({
        run(inputs, ctx) {
          const x = required(inputs, 0, 'Upsample');
          return [upsample(node, x, scales, (dims) => ctx.output(0, x.dtype, dims))];
        },
      });
    },
  },
  {
    op: 'Upsample',
    sinceVersion: 9,
    untilVersion: 10,
    dtypes: STORAGE_DTYPES,
    notes: 'scales input (float32)',
    check: (node, ctx) =>
      allOf(
        () => checkTensorInputs(node, ctx),
        () => checkMode(node, ctx),
        () => checkDType(node, ctx, 1, ['float32']),
      ),
    create: (node): Kernel =>
      onElementCodes({
        run(inputs, ctx) {
          const x = required(inputs, 0, 'Upsample');
          const scales = Array.from(required(inputs, 1, 'Upsample').data as Float32Array);
          return [upsample(node, x, scales, (dims) => ctx.output(0, x.dtype, dims))];
        },
      }),
  },
];
