import {
  type KernelContext,
  type KernelDefinition,
  type Node,
  type ResizeCoordinateMode,
  type ResizeMode,
  readResizeAttributes,
  reject,
  SUPPORTED,
  type SupportContext,
  type SupportResult,
  type Tensor,
} from '@tessera/core';
import { firstRejection, float32Data, kernelFailure, requireInputDtypes } from '../util/checks.js';
import { gatherNearest, interpolate } from '../util/resize-apply.js';
import { planResize } from '../util/resize-plan.js';

/**
 * Resize, float32, op-sets 10 to 19+: nearest (every nearest_mode), n-D linear and cubic
 * (cubic_coeff_a, exclude_outside), every coordinate_transformation_mode including
 * tf_crop_and_resize with extrapolation_value, from scales or sizes; op-set 18's axes and
 * keep_aspect_ratio_policy; op-set 18's antialias (linear and cubic filters widened by 1 / scale when
 * downsampling, as ONNX's reference does; no effect on nearest).
 */

const MODES: readonly ResizeMode[] = ['nearest', 'linear', 'cubic'];
const NEAREST_MODES: readonly string[] = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];
const POLICIES: readonly string[] = ['stretch', 'not_larger', 'not_smaller'];

/** The coordinate modes each op-set range defines. */
function coordinateModes(opset: number): readonly ResizeCoordinateMode[] {
  const common: ResizeCoordinateMode[] = [
    'half_pixel',
    'pytorch_half_pixel',
    'align_corners',
    'asymmetric',
    'tf_crop_and_resize',
  ];
  if (opset < 13) return [...common, 'tf_half_pixel_for_nn'];
  if (opset >= 19) return [...common, 'half_pixel_symmetric'];
  return common;
}

function check(node: Node, ctx: SupportContext): SupportResult {
  const o = readResizeAttributes(node);
  const where = `Resize '${node.name}'`;
  const v10 = node.opsetVersion < 11;
  if (!MODES.includes(o.mode) || (v10 && o.mode === 'cubic'))
    return reject('ATTRIBUTE', `${where}: mode '${o.mode}' is not a Resize mode at op-set ${node.opsetVersion}`);
  if (!v10 && !coordinateModes(node.opsetVersion).includes(o.coordinateMode)) {
    return reject(
      'ATTRIBUTE',
      `${where}: coordinate_transformation_mode '${o.coordinateMode}' is not defined at op-set ${node.opsetVersion}`,
    );
  }
  if (!v10 && !NEAREST_MODES.includes(o.nearestMode))
    return reject('ATTRIBUTE', `${where}: unknown nearest_mode '${o.nearestMode}'`);
  if (!POLICIES.includes(o.policy)) return reject('ATTRIBUTE', `${where}: unknown keep_aspect_ratio_policy '${o.policy}'`);
  const scalesIndex = v10 ? 1 : 2;
  return (
    firstRejection(
      requireInputDtypes(node, ctx, v10 ? [scalesIndex] : [1, scalesIndex], ['float32']),
      v10 ? undefined : requireInputDtypes(node, ctx, [3], ['int64']),
    ) ?? SUPPORTED
  );
}

function run(node: Node, inputs: readonly (Tensor | undefined)[], ctx: KernelContext): Tensor[] {
  const x = inputs[0] as Tensor;
  const xd = float32Data(node, x, 0);
  const { outDims, maps, extrapolation, mode } = planResize(node, x.dims, inputs);
  const out = ctx.output(0, 'float32', outDims);
  const od = out.data as Float32Array;
  if (od.length === 0) return [out];
  if (xd.length === 0) throw kernelFailure(node, 'cannot resize an empty input to a non-empty output');
  if (mode === 'nearest') gatherNearest(xd, x.dims, maps, od, outDims, extrapolation);
  else interpolate(xd, x.dims, maps, od, outDims, extrapolation);
  return [out];
}

function definition(sinceVersion: number, untilVersion: number | undefined, notes: string): KernelDefinition {
  return {
    op: 'Resize',
    sinceVersion,
    ...(untilVersion !== undefined ? { untilVersion } : {}),
    dtypes: ['float32'],
    notes,
    check,
    create: (node) => ({ run: (inputs, ctx) => run(node, inputs, ctx) }),
  };
}

export const Resize: readonly KernelDefinition[] = [
  definition(10, 10, 'Inputs X, scales; nearest (onnxruntime rounding) or linear, asymmetric coordinates.'),
  definition(11, 12, 'Inputs X, roi, scales, sizes; nearest / linear / cubic; all coordinate modes incl. tf_half_pixel_for_nn.'),
  definition(13, 17, 'roi and scales optional.'),
  definition(18, 18, 'axes, keep_aspect_ratio_policy and antialias.'),
  definition(19, undefined, 'half_pixel_symmetric.'),
];
