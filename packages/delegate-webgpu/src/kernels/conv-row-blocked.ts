import { attrInt, type Node, readWindowAttributes, windowGeometry } from '@tessera/core';
import { clampEpilogueOf, type Epilogue, epilogueOf } from '../kernel/activation.js';
import type { BuildContext, NodeKernel, PlanValue } from '../kernel/types.js';
import { as2d } from '../kernel/window.js';
import {
  convChannelBlockDispatch,
  convChannelBlockProgram,
  packChannelBlockWeights,
  rowBlockedSubgroups,
} from '../program/conv-channel-block.js';
import { convDepthwiseRowsDispatch, convDepthwiseRowsProgram, packDepthwiseWeights } from '../program/conv-depthwise-rows.js';

/**
 * Conv on a software adapter with a constant weight: the row-blocked shaders, over weights
 * repacked at compile time — conv-channel-block.ts for dense, pointwise and grouped convolutions
 * with at least 8 output channels per group, conv-depthwise-rows.ts for depthwise ones. Each has a
 * program reading the input and writing the output four columns at a time (explicit pads; used when
 * W and OW are multiples of 4) and one reading single columns.
 *
 * On lavapipe, 8 output channels × 8 pixels per invocation measured fastest for the dense shader
 * (3× the implicit GEMM on PaddleOCR det's 3×3 convolutions, 1.5–2× on 1×1; 4 pixels ran det 25%
 * slower). The depthwise one (5× the direct shader) takes 4 pixels: det ran as fast as with 8,
 * and its shaders JIT-compile in half the time (1.6 s less of det's cold start with Mesa's shader
 * cache off).
 */
/** Output channels per workgroup of the dense shader (also the pixel-shuffle ConvTranspose's). */
export const ROW_BLOCK_CHANNELS = 8;
const PIXELS = 8;
const DEPTHWISE_PIXELS = 4;

/** Whether the row-blocked shaders cover a Conv with weight dims `w` and `group` groups. */
/**
 * The options of a row-blocked shader. Everything that is not per-node data goes into the label and
 * the WGSL, so nodes of one kernel shape (and ConvTranspose pixel shuffles, as 1×1 convolutions) share
 * one pipeline.
 */
export function rowBlockedSpec(
  node: Node,
  ctx: BuildContext,
  depthwise: boolean,
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilations: readonly [number, number],
  clampForm: boolean,
  hasBias: boolean,
  epilogue: Epilogue,
) {
  const [KH, KW] = kernel;
  const [SH, SW] = strides;
  const [DH, DW] = dilations;
  const activation = clampForm ? '' : `${hasBias ? '.bias' : ''}.${node.activation?.op}`;
  return {
    label: `Conv.${depthwise ? 'depthwise' : 'channelBlock'}${activation}[${KH}x${KW}s${SH}x${SW}d${DH}x${DW}]`,
    pixels: depthwise ? DEPTHWISE_PIXELS : PIXELS,
    kernel,
    strides,
    dilations,
    hasBias,
    epilogue,
    ...rowBlockedSubgroups(ctx.subgroupSize),
  };
}

export function rowBlockedApplies(w: readonly number[], group: number): boolean {
  const mg = (w[0] as number) / group;
  return mg >= ROW_BLOCK_CHANNELS || (mg === 1 && w[1] === 1);
}

export function createRowBlocked(node: Node, ctx: BuildContext, w: readonly number[], weight: Float32Array): NodeKernel {
  const group = attrInt(node, 'group', 1);
  const attrs = readWindowAttributes(node);
  const kernel = w.slice(2);
  const M = w[0] as number;
  const mg = M / group;
  const cg = w[1] as number;
  const depthwise = mg === 1 && cg === 1;
  const [KH, KW] = as2d(kernel, 1);
  const [SH, SW] = as2d(attrs.strides ?? kernel.map(() => 1), 1);
  const [DH, DW] = as2d(attrs.dilations ?? kernel.map(() => 1), 1);
  // auto_pad SAME_* pads depend on the input shape, so only explicit pads can be shader constants.
  const explicitPads = attrs.autoPad === 'NOTSET' || attrs.autoPad === 'VALID';
  const pads = attrs.autoPad === 'NOTSET' && attrs.pads ? attrs.pads : new Array<number>(2 * kernel.length).fill(0);
  const padLeft = pads[kernel.length - 1] as number;
  const pointwise = KH === 1 && KW === 1 && SH === 1 && SW === 1 && pads.every((p) => p === 0) && explicitPads;
  // Bias (zeros when the node has none) and activation are per-node data, not shader text, where the
  // activation allows: convolutions of one kernel shape then share a shader (see clampEpilogueOf).
  const clamp = clampEpilogueOf(node);
  const epilogue = clamp ?? epilogueOf(node);
  const hasBias = Boolean(node.inputs[2]) || clamp !== undefined;
  const bias = !node.inputs[2] && hasBias ? ctx.upload(new Float32Array(M), 'T', `${node.name} zero bias`) : undefined;
  const pixels = depthwise ? DEPTHWISE_PIXELS : PIXELS;
  const spec = rowBlockedSpec(node, ctx, depthwise, [KH, KW], [SH, SW], [DH, DW], clamp !== undefined, hasBias, epilogue);
  const variants = explicitPads ? [{}, { vectorPadLeft: padLeft }] : [{}];
  const programs = depthwise
    ? variants.map((v) => convDepthwiseRowsProgram({ ...spec, ...v }))
    : variants.map((v) => convChannelBlockProgram({ ...spec, ...v, channels: ROW_BLOCK_CHANNELS }));
  const packed = ctx.upload(
    depthwise
      ? packDepthwiseWeights(weight, M, KH * KW)
      : packChannelBlockWeights(weight, group, mg, cg, KH * KW, ROW_BLOCK_CHANNELS),
    'T',
    `${node.name} packed weights`,
  );
  /** The shader's view of input dims `xd`: a 1×1 convolution at stride 1 without padding reads its input as one row of H·W pixels. */
  const geometry = (xd: readonly number[]) => {
    const g = windowGeometry(attrs, xd.slice(2), kernel);
    const [H, W] = as2d(xd.slice(2), 1);
    const [OH, OW] = as2d(g.outShape, 1);
    const shape = pointwise ? { H: 1, W: H * W, OH: 1, OW: OH * OW } : { H, W, OH, OW };
    return { g, shape, vector: explicitPads && shape.W % 4 === 0 && shape.OW % 4 === 0 };
  };
  // Only the program the input's spatial dims pick is warmed up; the vector one where they are unknown.
  const spatial = ctx.meta(node.inputs[0] ?? '').shape?.slice(2);
  const vectorLikely =
    spatial?.length !== kernel.length ||
    !spatial.every((d) => typeof d === 'number') ||
    geometry([1, cg * group, ...(spatial as number[])]).vector;
  return {
    programs,
    ...(programs.length > 1 ? { fallbackPrograms: new Set([vectorLikely ? 0 : 1]) } : {}),
    plan([x]) {
      const xd = (x as PlanValue).dims;
      const [batch, C] = xd as [number, number];
      if (C !== cg * group) throw new Error(`${C} input channels ≠ ${cg} × group ${group}`);
      const { g, shape, vector } = geometry(xd);
      const outDims = [batch, M, ...g.outShape];
      const outputs = [{ dtype: 'float32' as const, dims: outDims }];
      if (outDims.some((d) => d === 0)) return { outputs, dispatches: [] };
      const [PT, PL] = as2d(g.padBegin, 0);
      const d = depthwise
        ? convDepthwiseRowsDispatch(batch, M, shape.OH, shape.OW, pixels, spec.subgroupSize)
        : convChannelBlockDispatch(batch, group, mg, shape.OH, shape.OW, ROW_BLOCK_CHANNELS, pixels);
      return {
        outputs,
        dispatches: [
          {
            program: vector ? 1 : 0,
            bindings: [
              { input: 0 },
              { constant: packed },
              ...(bias ? [{ constant: bias }] : hasBias ? [{ input: 2 }] : []),
              { output: 0 },
            ],
            uniforms: { ...shape, ...d.uniforms, ...epilogue.values, groups: group, C, Cg: cg, M, Mg: mg, PT, PL },
            workgroups: d.workgroups,
          },
        ],
      };
    },
  };
}
