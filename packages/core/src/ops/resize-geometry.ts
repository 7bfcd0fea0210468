import { attrFloat, attrInt, attrInts, attrString } from '../ir/attributes.js';
import type { Node } from '../ir/types.js';
import type { ResizeCoordinateMode, ResizeMode, ResizeNearestMode, ResizeOptions } from './resize-axis.js';

/**
 * Resize's attributes and output geometry for delegates' kernels, so that every delegate sizes its
 * output from scales or sizes the same way (onnxruntime's float32 rounding included). The per-axis
 * input maps are in resize-axis.ts.
 */
export interface ResizeAttributes extends ResizeOptions {
  /** tf_crop_and_resize's value for outputs that map outside the input. */
  readonly extrapolation: number;
  /** Op-set 18's keep_aspect_ratio_policy: 'stretch', 'not_larger' or 'not_smaller'. */
  readonly policy: string;
  /** Op-set 18's axes, as written (possibly negative); undefined for every axis. */
  readonly axes: readonly number[] | undefined;
}

/** The node's Resize attributes, with op-set 10's fixed rules (asymmetric coordinates, 'simple' nearest). */
export function readResizeAttributes(node: Node): ResizeAttributes {
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

/**
 * Output dims and per-axis scales of a Resize over `dims` on the (normalized) `axes`, from exactly one
 * of `scales` and `sizes`, with the keep_aspect_ratio `policy`; axes not listed keep scale 1. A bad
 * count or a non-positive scale goes to `fail`, which throws the caller's own error type.
 */
export function resizeOutputGeometry(
  dims: readonly number[],
  axes: readonly number[],
  scaleValues: ArrayLike<number> | undefined,
  sizeValues: ArrayLike<number> | undefined,
  policy: string,
  fail: (message: string) => never,
): { scales: number[]; outDims: number[] } {
  const scales = new Array<number>(dims.length).fill(1);
  const outDims = [...dims];
  if (scaleValues) {
    if (scaleValues.length !== axes.length) fail(`scales has ${scaleValues.length} values for ${axes.length} axes`);
    axes.forEach((a, i) => {
      const s = scaleValues[i] as number;
      if (!(s > 0)) fail(`scale ${s} on axis ${a} is not positive`);
      scales[a] = s;
      outDims[a] = Math.floor(Math.fround(s * (dims[a] as number)));
    });
    return { scales, outDims };
  }
  const sizes = sizeValues ?? [];
  if (sizes.length !== axes.length) fail(`sizes has ${sizes.length} values for ${axes.length} axes`);
  if (policy === 'stretch') {
    axes.forEach((a, i) => {
      outDims[a] = sizes[i] as number;
      scales[a] = Math.fround((sizes[i] as number) / (dims[a] as number));
    });
  } else {
    // One scale for all the axes, so the aspect ratio is kept: the largest that fits, or the smallest that covers.
    const ratios = axes.map((a, i) => Math.fround((sizes[i] as number) / (dims[a] as number)));
    const scale = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
    for (const a of axes) {
      scales[a] = scale;
      outDims[a] = Math.round(Math.fround(scale * (dims[a] as number)));
    }
  }
  return { scales, outDims };
}
