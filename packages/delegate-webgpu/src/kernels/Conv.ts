import {
  attrInt,
  checkWindowAttributes,
  type Node,
  readWindowAttributes,
  reject,
  SUPPORTED,
  windowGeometry,
} from '@tessera/core';
import { checkActivation, clampEpilogueOf, type Epilogue, epilogueOf } from '../kernel/activation.js';
import { checkWorkgroup, firstRejection, requireFloatInputs } from '../kernel/checks.js';
import type { BuildContext, CheckContext, GpuOpDefinition, NodeKernel, PlanValue } from '../kernel/types.js';
import { as2d } from '../kernel/window.js';
import { CONV_BLOCK_WORKGROUP, convBlockedProgram } from '../program/conv-blocked.js';
import { convDirectInvocations, convDirectProgram } from '../program/conv-direct.js';
import { groupsFor } from '../program/indexing.js';
import { bakeConstants, fieldsOf, type ProgramSpec } from '../program/program.js';
import {
  GEMM_WORKGROUP,
  GEMM_WORKGROUP_BYTES,
  type GemmStrategy,
  gemmColumns,
  gemmDispatchSize,
  tiledGemmProgram,
} from '../program/tiled-gemm.js';
import { createRowBlocked, rowBlockedApplies } from './conv-row-blocked.js';

/**
 * Conv over 1 or 2 spatial axes, float32: groups, strides, dilations, pads / auto_pad, bias and a
 * fused activation. Two shaders, chosen at compile time from the weight's shape:
 * - an implicit GEMM (tiled in workgroup memory) per image and group: C[Mg × OH·OW] = W[Mg × Cg·k] ·
 *   im2col(X), the im2col being computed while loading tiles (a plain read for 1×1 kernels);
 * - a direct loop per output element when each group has few output channels (depthwise), where
 *   32-row GEMM tiles would mostly be empty.
 */
const DIRECT_WORKGROUP = 128;
/** Per-group output channels below which the direct shader beats the GEMM tiles. */
const DIRECT_MAX_GROUP_OUTPUTS = 4;

function weightDims(node: Node, ctx: Pick<CheckContext, 'meta'>): number[] | undefined {
  const shape = ctx.meta(node.inputs[1] ?? '').shape;
  return shape?.every((d) => typeof d === 'number') ? (shape as number[]) : undefined;
}

function check(node: Node, ctx: CheckContext) {
  const w = weightDims(node, ctx);
  if (!node.inputs[1]) return reject('ATTRIBUTE', `Conv '${node.name}' has no weight`);
  if (!w) return reject('DYNAMIC_SHAPE', `Conv '${node.name}': the weight's shape must be known at compile time`);
  if (w.length < 3 || w.length > 4)
    return reject('RANK', `Conv '${node.name}': ${w.length - 2}-D convolution; the WebGPU kernel covers 1-D and 2-D`);
  const xRank = ctx.meta(node.inputs[0] ?? '').shape?.length;
  if (xRank !== undefined && xRank !== w.length)
    return reject('RANK', `Conv '${node.name}': input rank ${xRank} ≠ weight rank ${w.length}`);
  const group = attrInt(node, 'group', 1);
  if (group < 1 || (w[0] as number) % group !== 0)
    return reject('ATTRIBUTE', `Conv '${node.name}': ${w[0]} output channels are not divisible by group ${group}`);
  const channels = ctx.meta(node.inputs[0] ?? '').shape?.[1];
  if (typeof channels === 'number' && channels !== (w[1] as number) * group)
    return reject('ATTRIBUTE', `Conv '${node.name}': ${channels} input channels ≠ ${w[1]} weight channels × group ${group}`);
  return (
    firstRejection(
      requireFloatInputs(node, ctx),
      checkWindowAttributes(node, w.length - 2),
      checkActivation(node),
      checkWorkgroup(
        node,
        ctx,
        ctx.gemm === 'workgroup-tiled' ? GEMM_WORKGROUP_BYTES : 0,
        Math.max(GEMM_WORKGROUP, DIRECT_WORKGROUP),
      ),
    ) ?? SUPPORTED
  );
}

/**
 * The GEMM shader of a convolution. `vector` (1×1 kernels, register-blocked, H·W a multiple of 4)
 * also binds the input as vec4s and reads four pixels per load.
 */
function gemmProgram(
  pointwise: boolean,
  hasBias: boolean,
  epilogue: Epilogue,
  strategy: GemmStrategy,
  wide: boolean,
  vector: boolean,
): ProgramSpec {
  const im2col = `fn im2col(k: u32, n: u32, base: u32) -> f32 {
  let ci = k / u.KHW;
  let r = k % u.KHW;
  let iy = i32((n / u.OW) * u.SH + (r / u.KW) * u.DH) - u.PT;
  let ix = i32((n % u.OW) * u.SW + (r % u.KW) * u.DW) - u.PL;
  if (iy < 0 || ix < 0 || iy >= i32(u.H) || ix >= i32(u.W)) { return 0.0; }
  return f32(x[base + ci * u.H * u.W + u32(iy) * u.W + u32(ix)]);
}`;
  return tiledGemmProgram({
    strategy,
    wide,
    label: `Conv.gemm${pointwise ? '.1x1' : ''}${hasBias ? '.bias' : ''}`,
    buffers: [
      { name: 'x', access: 'read' },
      ...(vector ? [{ name: 'x4', access: 'read' as const, element: 'vec4T' as const }] : []),
      { name: 'w', access: 'read' },
      ...(hasBias ? [{ name: 'bias', access: 'read' as const }] : []),
      { name: 'y', access: 'read_write' },
    ],
    uniforms: [
      ...fieldsOf('u32', 'groups', 'C', 'Cg', 'Mall', 'H', 'W', 'OW', 'KW', 'KHW', 'SH', 'SW', 'DH', 'DW'),
      { name: 'PT', type: 'i32' },
      { name: 'PL', type: 'i32' },
      ...(epilogue.uniforms ?? []),
    ],
    prologue: `  let image = batch / u.groups;
  let g = batch % u.groups;
  let xBase = (image * u.C + g * u.Cg) * u.H * u.W;
  let wBase = g * u.M * u.K;
  let yBase = (image * u.Mall + g * u.M) * u.N;`,
    loadA: (m, k) => `f32(w[wBase + ${m} * u.K + ${k}])`,
    loadB: (k, n) => (pointwise ? `f32(x[xBase + ${k} * u.N + ${n}])` : `im2col(${k}, ${n}, xBase)`),
    ...(vector ? { loadB4: (k: string, n: string) => `vec4<f32>(x4[(xBase + ${k} * u.N + ${n}) / 4u])` } : {}),
    store: (m, n, v) =>
      `y[yBase + ${m} * u.N + ${n}] = T(${epilogue.apply(hasBias ? `(${v} + f32(bias[g * u.M + ${m}]))` : v)});`,
    declarations: `${pointwise ? '' : im2col}\n${epilogue.declarations}`,
  });
}

type ConvPath = 'direct' | 'gemm' | 'blocked';

function create(node: Node, ctx: BuildContext): NodeKernel {
  const w = weightDims(node, ctx) as number[];
  const group = attrInt(node, 'group', 1);
  const attrs = readWindowAttributes(node);
  const kernel = w.slice(2);
  const noPads = (attrs.pads ?? []).every((p) => p === 0) && attrs.autoPad !== 'SAME_UPPER' && attrs.autoPad !== 'SAME_LOWER';
  const pointwise = kernel.every((k) => k === 1) && (attrs.strides ?? []).every((s) => s === 1) && noPads;
  // A 1×1 convolution of a 1×1 map (squeeze-and-excitation blocks after a global pool) is tiny:
  // it takes the direct path, whose one small shader every such convolution shares (see below),
  // rather than compiling a row-blocked or GEMM shader of its own.
  const pooled =
    pointwise &&
    ctx
      .meta(node.inputs[0] ?? '')
      .shape?.slice(2)
      .every((d) => d === 1) === true;
  // Software adapters with a constant weight: the row-blocked shaders over repacked weights
  // (conv-row-blocked.ts): dense and pointwise convolutions and depthwise ones.
  const weight = ctx.meta(node.inputs[1] ?? '').constant;
  if (ctx.gemm === 'register-blocked' && weight?.dtype === 'float32' && !pooled && rowBlockedApplies(w, group))
    return createRowBlocked(node, ctx, w, weight.data as Float32Array);
  // Few outputs per group: direct. 1×1: a GEMM. Otherwise an implicit GEMM on GPUs, the blocked direct shader on software adapters.
  // On lavapipe the blocked direct shader ran a 96→24 3×3 convolution 3.6× faster than the implicit
  // GEMM (whose im2col divides per element), and the GEMM ran 1×1 convolutions faster than it.
  const path: ConvPath =
    pooled || (w[0] as number) / group <= DIRECT_MAX_GROUP_OUTPUTS
      ? 'direct'
      : pointwise || ctx.gemm === 'workgroup-tiled'
        ? 'gemm'
        : 'blocked';
  // Bias (zeros when the node has none) and activation are per-node data where the activation
  // allows, so that convolutions of one kind share a shader (see clampEpilogueOf).
  const clamp = path === 'blocked' ? undefined : clampEpilogueOf(node);
  const hasBias = Boolean(node.inputs[2]) || clamp !== undefined;
  const zeroBias =
    node.inputs[2] || !clamp ? undefined : ctx.upload(new Float32Array(w[0] as number), 'T', `${node.name} zero bias`);
  // A 1×1 convolution's C is channels × pixels: wide, so 8 pixels per invocation (~1.3× faster on lavapipe).
  const wide = pointwise;
  const epilogue = epilogueOf(node);
  // Depthwise: one output channel per group; a few per group (channel multipliers): all of them per invocation.
  // Blocked shader: 8 output channels × 4 pixels per invocation (measured best on lavapipe; 4 when a group has fewer).
  const blockedChannels = (w[0] as number) / group >= 8 ? 8 : 4;
  const directChannels = (w[0] as number) / group === 1 ? 1 : 4;
  // Strides and dilations are attributes: shader constants, so their products and divisions are
  // strength-reduced. Kernel sizes stay uniforms for the loop shaders (unrolled window loops ran
  // slower on lavapipe) and become constants where they are divisors (the implicit GEMM's im2col).
  // Pads stay uniforms: auto_pad makes them shape-dependent.
  const [KH, KW] = as2d(kernel, 1);
  const [SH, SW] = as2d(attrs.strides ?? kernel.map(() => 1), 1);
  const [DH, DW] = as2d(attrs.dilations ?? kernel.map(() => 1), 1);
  const baked: Record<string, number> = path === 'gemm' ? { KW, KHW: KH * KW, SH, SW, DH, DW } : { SH, SW, DH, DW };
  const generic =
    path === 'direct'
      ? convDirectProgram({
          label: 'Conv.direct',
          transpose: false,
          hasBias,
          epilogue: clamp ?? epilogue,
          workgroupSize: DIRECT_WORKGROUP,
          channels: directChannels,
        })
      : path === 'blocked'
        ? convBlockedProgram({
            channels: blockedChannels,
            label: `Conv.blocked${hasBias ? '.bias' : ''}${node.activation ? `.${node.activation.op}` : ''}`,
            hasBias,
            epilogue,
          })
        : gemmProgram(pointwise, hasBias, clamp ?? epilogue, ctx.gemm, wide, false);
  // 1×1 on a software adapter: a second program reading four pixels per load, used when H·W allows it.
  const vectorized = path === 'gemm' && pointwise && ctx.gemm === 'register-blocked';
  const vectorProgram = vectorized
    ? [bakeConstants(gemmProgram(pointwise, hasBias, clamp ?? epilogue, ctx.gemm, wide, true), baked)]
    : [];
  const program = bakeConstants(generic, baked);
  // Only the program the input's shape picks is warmed up; the vector one where the shape is unknown.
  const xDims = ctx.meta(node.inputs[0] ?? '').shape?.slice(2);
  const pixels = xDims?.every((d) => typeof d === 'number') ? (xDims as number[]).reduce((a, b) => a * b, 1) : undefined;
  return {
    programs: [program, ...vectorProgram],
    ...(vectorized ? { fallbackPrograms: new Set([pixels === undefined || pixels % 4 === 0 ? 0 : 1]) } : {}),
    plan([x]) {
      const xd = (x as PlanValue).dims;
      const [batch, channels] = xd as [number, number];
      const g = windowGeometry(attrs, xd.slice(2), kernel);
      const outDims = [batch, w[0] as number, ...g.outShape];
      const [H, W] = as2d(xd.slice(2), 1);
      const [OH, OW] = as2d(g.outShape, 1);
      const [KH, KW] = as2d(kernel, 1);
      const [SH, SW] = as2d(g.strides, 1);
      const [DH, DW] = as2d(g.dilations, 1);
      const [PT, PL] = as2d(g.padBegin, 0);
      if (channels !== (w[1] as number) * group) throw new Error(`${channels} input channels ≠ ${w[1]} × group ${group}`);
      const bias = zeroBias ? [{ constant: zeroBias }] : hasBias ? [{ input: 2 }] : [];
      const bindings = [{ input: 0 }, { input: 1 }, ...bias, { output: 0 }];
      const shape = { H, W, OW, KW, SH, SW, DH, DW, PT, PL };
      const total = outDims.reduce((a, b) => a * b, 1);
      if (total === 0) return { outputs: [{ dtype: 'float32', dims: outDims }], dispatches: [] };
      const mg = (w[0] as number) / group;
      const common = { ...shape, OH, KH, C: channels, Cg: w[1] as number, M: w[0] as number, Mg: mg, groups: group };
      if (path === 'direct') {
        const inv = convDirectInvocations(batch, group, mg, OH, OW, directChannels);
        return {
          outputs: [{ dtype: 'float32', dims: outDims }],
          dispatches: [
            {
              program: 0,
              bindings,
              uniforms: { ...common, ...inv, ...clamp?.values },
              workgroups: groupsFor(inv.total, DIRECT_WORKGROUP),
            },
          ],
        };
      }
      if (path === 'blocked') {
        const MB = Math.ceil(mg / blockedChannels);
        const OWB = Math.ceil(OW / 4);
        const blocks = batch * group * MB * OH * OWB;
        return {
          outputs: [{ dtype: 'float32', dims: outDims }],
          dispatches: [
            {
              program: 0,
              bindings,
              uniforms: { ...common, MB, OWB, total: blocks },
              workgroups: groupsFor(blocks, CONV_BLOCK_WORKGROUP),
            },
          ],
        };
      }
      const k = (w[1] as number) * KH * KW;
      const size = gemmDispatchSize(mg, OH * OW, k, batch * group, gemmColumns({ strategy: ctx.gemm, wide }));
      const uniforms = {
        ...size.uniforms,
        ...shape,
        groups: group,
        C: channels,
        Cg: w[1] as number,
        Mall: w[0] as number,
        KHW: KH * KW,
        ...clamp?.values,
      };
      if (vectorized && (OH * OW) % 4 === 0) {
        const vectorBindings = [{ input: 0 }, { input: 0 }, ...bindings.slice(1)];
        return {
          outputs: [{ dtype: 'float32', dims: outDims }],
          dispatches: [{ program: 1, bindings: vectorBindings, uniforms, workgroups: size.workgroups }],
        };
      }
      return {
        outputs: [{ dtype: 'float32', dims: outDims }],
        dispatches: [{ program: 0, bindings, uniforms, workgroups: size.workgroups }],
      };
    },
  };
}

export const Conv: readonly GpuOpDefinition[] = [
  {
    op: 'Conv',
    sinceVersion: 1,
    dtypes: ['float32'],
    notes:
      '1-D and 2-D; groups, strides, dilations, pads/auto_pad, bias, fused activation. Implicit-GEMM shader tiled in workgroup memory (1×1 kernels read the input directly); a direct shader for depthwise-like groups.',
    check,
    create,
  },
];
