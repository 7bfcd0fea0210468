import {
  attrFloat,
  attrInt,
  attrInts,
  attrString,
  type Node,
  type ResizeAxisMap,
  type ResizeAxisParams,
  type ResizeCoordinateMode,
  type ResizeMode,
  type ResizeNearestMode,
  type ResizeOptions,
  resizeAxisMap,
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

export function readResizeOptions(
  node: Node,
): ResizeOptions & { extrapolation: number; policy: string; axes: readonly number[] | undefined } {
  const v10 = node.opsetVersion < 11;
  return {
    mode: attrString(node, 'mode', 'nearest') as ResizeMode,
    coordinateMode: v10
      ? 'asymmetric'
      : (attrString(node, 'coordinate_transformation_mode', 'half_pixel') as ResizeCoordinateMode),
    nearestMode: v10 ? 'simple' : (attrString(node, 'nearest_mode', 'round_prefer_floor') as ResizeNearestMode),
    cubicCoeffA: attrFloat(node, 'cubic_coeff_a', -0.75),
    excludeOutside: attrInt(node, 'exclude_outside', 0) !== 0,
    extrapolation: attrFloat(node, 'extrapolation_value', 0),
    policy: attrString(node, 'keep_aspect_ratio_policy', 'stretch'),
    axes: attrInts(node, 'axes'),
    antialias: attrInt(node, 'antialias', 0) !== 0,
  };
}

/** A present, non-empty optional input (op-set 13 lets scales or roi be an empty tensor). */
function given(t: Tensor | undefined): Tensor | undefined {
  return t && t.size > 0 ? t : undefined;
}

/** The plan for input dims `inDims` and the node's other inputs (roi, scales, sizes; op-set 10: scales). */
export function planResize(node: Node, inDims: readonly number[], inputs: readonly (Tensor | undefined)[]): ResizePlan {
  const o = readResizeOptions(node);
  const rank = inDims.length;
  const v10 = node.opsetVersion < 11;
  const roi = v10 ? undefined : given(inputs[1]);
  const scalesT = given(inputs[v10 ? 1 : 2]);
  const sizesT = v10 ? undefined : given(inputs[3]);
  if (!scalesT === !sizesT) throw kernelFailure(node, 'exactly one of scales and sizes must be given');
  const axes = (o.axes ?? inDims.map((_, i) => i)).map((a) => normalizeAxis(node, a, rank));
  const count = axes.length;

  // Per-axis scale and output size; axes outside `axes` keep scale 1.
  const scales = new Array<number>(rank).fill(1);
  const outDims = [...inDims];
  if (scalesT) {
    const values = float32Data(node, scalesT, v10 ? 1 : 2);
    if (values.length !== count) throw kernelFailure(node, `scales has ${values.length} values for ${count} axes`);
    axes.forEach((a, i) => {
      const s = values[i] as number;
      if (!(s > 0)) throw kernelFailure(node, `scale ${s} on axis ${a} is not positive`);
      scales[a] = s;
      outDims[a] = Math.floor(Math.fround(s * (inDims[a] as number)));
    });
  } else {
    const sizes = intValues(sizesT as Tensor);
    if (sizes.length !== count) throw kernelFailure(node, `sizes has ${sizes.length} values for ${count} axes`);
    if (o.policy === 'stretch') {
      axes.forEach((a, i) => {
        outDims[a] = sizes[i] as number;
        scales[a] = Math.fround((sizes[i] as number) / (inDims[a] as number));
      });
    } else {
      // One scale for all the axes, so the aspect ratio is kept: the largest that fits, or the smallest that covers.
      const ratios = axes.map((a, i) => Math.fround((sizes[i] as number) / (inDims[a] as number)));
      const scale = o.policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
      for (const a of axes) {
        scales[a] = scale;
        outDims[a] = Math.round(Math.fround(scale * (inDims[a] as number)));
      }
    }
  }

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
