import {
  type Node,
  type ResizeAxisMap,
  type ResizeAxisParams,
  type ResizeMode,
  readResizeAttributes,
  resizeAxisMap,
  resizeOutputGeometry,
  type Tensor,
} from '@tessera/core';
import { float32Data, intValues, kernelFailure, normalizeAxis } from './checks.js';

/**
 * What a Resize node does to an input of known dims: the output dims and, per axis, which inputs (and
 * with what weights) each output index reads. The TypeScript kernel and the WebAssembly one both
 * start from this, so they pick the same inputs.
 */
export interface ResizePlan {
  readonly outDims: number[];
  readonly maps: ResizeAxisMap[];
  readonly mode: ResizeMode;
  /** tf_crop_and_resize's value for outputs that map outside the input. */
  readonly extrapolation: number;
}

/** A present, non-empty optional input (op-set 13 lets scales or roi be an empty tensor). */
function given(t: Tensor | undefined): Tensor | undefined {
  return t && t.size > 0 ? t : undefined;
}

/** The plan for input dims `inDims` and the node's other inputs (roi, scales, sizes; op-set 10: scales). */
export function planResize(node: Node, inDims: readonly number[], inputs: readonly (Tensor | undefined)[]): ResizePlan {
  const o = readResizeAttributes(node);
  const rank = inDims.length;
  const v10 = node.opsetVersion < 11;
  const roi = v10 ? undefined : given(inputs[1]);
  const scalesT = given(inputs[v10 ? 1 : 2]);
  const sizesT = v10 ? undefined : given(inputs[3]);
  if (!scalesT === !sizesT) throw kernelFailure(node, 'exactly one of scales and sizes must be given');
  const axes = (o.axes ?? inDims.map((_, i) => i)).map((a) => normalizeAxis(node, a, rank));
  const count = axes.length;

  const fail = (message: string): never => {
    throw kernelFailure(node, message);
  };
  const scaleValues = scalesT ? float32Data(node, scalesT, v10 ? 1 : 2) : undefined;
  const sizeValues = sizesT ? intValues(sizesT) : undefined;
  const { scales, outDims } = resizeOutputGeometry(inDims, axes, scaleValues, sizeValues, o.policy, fail);

  let roiValues: number[] | undefined;
  if (roi && o.coordinateMode === 'tf_crop_and_resize') {
    roiValues = Array.from(float32Data(node, roi, 1));
    if (roiValues.length !== 2 * count) throw kernelFailure(node, `roi has ${roiValues.length} values for ${count} axes`);
  }
  const maps = inDims.map((inSize, d) => {
    const k = axes.indexOf(d);
    const params: ResizeAxisParams = {
      inSize,
      outSize: outDims[d] as number,
      scale: scales[d] as number,
      roiStart: roiValues && k >= 0 ? (roiValues[k] as number) : 0,
      roiEnd: roiValues && k >= 0 ? (roiValues[k + count] as number) : 1,
    };
    return resizeAxisMap(params, o);
  });
  return { outDims, maps, mode: o.mode, extrapolation: o.extrapolation };
}
