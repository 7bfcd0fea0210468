import { attrInt, type Node, readWindowAttributes, windowGeometry } from '@tessera/core';
import { epilogueOf } from '../kernel/activation.js';
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
 * (3× the implicit GEMM on PaddleOCR det's 3×3 convolutions, 1.5–2× on 1×1), and 8 pixels for the
 * depthwise one (5× the direct shader); 16 pixels ran a little faster still but doubled JIT time.
 */
const CHANNELS = 8;
const PIXELS = 8;

/** Whether the row-blocked shaders cover a Conv with weight dims `w` and `group` groups. */
export function rowBlockedApplies(w: readonly number[], group: number): boolean {
  const mg = (w[0] as number) / group;
  return mg >= CHANNELS || (mg === 1 && w[1] === 1);
}

export function createRowBlocked(node: Node, ctx: BuildContext, w: readonly number[], weight: Float32Array): NodeKernel {
  const group = attrInt(node, 'group', 1);
  const attrs = readWindowAttributes(node);
  const hasBias = Boolean(node.inputs[2]);
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
  const label = `Conv.${depthwise ? 'depthwise' : 'channelBlock'}${hasBias ? '.bias' : ''}${node.activation ? `.${node.activation.op}` : ''}[${KH}x${KW}s${SH}x${SW}d${DH}x${DW}]`;
  const spec = {
    label,
    pixels: PIXELS,
    kernel: [KH, KW] as const,
    strides: [SH, SW] as const,
    dilations: [DH, DW] as const,
    hasBias,
    epilogue: epilogueOf(node),
    ...rowBlockedSubgroups(ctx.subgroupSize),
  };
  const variants = explicitPads ? [{}, { vectorPadLeft: padLeft }] : [{}];
  const programs = depthwise
    ? variants.map((v) => convDepthwiseRowsProgram({ ...spec, ...v }))
    : variants.map((v) => convChannelBlockProgram({ ...spec, ...v, channels: CHANNELS }));
  const packed = ctx.upload(
    depthwise ? packDepthwiseWeights(weight, M, KH * KW) : packChannelBlockWeights(weight, group, mg, cg, KH * KW, CHANNELS),
    'T',
    `${node.name} packed weights`,
  );
  return {
    programs,
    plan([x]) {
      const xd = (x as PlanValue).dims;
      const [batch, C] = xd as [number, number];
      if (C !== cg * group) throw new Error(`${C} input channels ≠ ${cg} × group ${group}`);
      const g = windowGeometry(attrs, xd.slice(2), kernel);
      const outDims = [batch, M, ...g.outShape];
      const outputs = [{ dtype: 'float32' as const, dims: outDims }];
      if (outDims.some((d) => d === 0)) return { outputs, dispatches: [] };
      const [H, W] = as2d(xd.slice(2), 1);
      const [OH, OW] = as2d(g.outShape, 1);
      const [PT, PL] = as2d(g.padBegin, 0);
      // A 1×1 convolution at stride 1 without padding reads its input as one row of H·W pixels.
      const shape = pointwise ? { H: 1, W: H * W, OH: 1, OW: OH * OW } : { H, W, OH, OW };
      const vector = explicitPads && shape.W % 4 === 0 && shape.OW % 4 === 0;
      const d = depthwise
        ? convDepthwiseRowsDispatch(batch, M, shape.OH, shape.OW, PIXELS)
        : convChannelBlockDispatch(batch, group, mg, shape.OH, shape.OW, CHANNELS, PIXELS);
      return {
        outputs,
        dispatches: [
          {
            program: vector ? 1 : 0,
            bindings: [{ input: 0 }, { constant: packed }, ...(hasBias ? [{ input: 2 }] : []), { output: 0 }],
            uniforms: { ...shape, ...d.uniforms, groups: group, C, Cg: cg, M, Mg: mg, PT, PL },
            workgroups: d.workgroups,
          },
        ],
      };
    },
  };
}
