import { attrInt, attrInts, attrString, type Node } from '@tessera/core';
import { clampEpilogueOf, epilogueOf } from '../kernel/activation.js';
import type { BuildContext, NodeKernel, PlanValue } from '../kernel/types.js';
import { as2d } from '../kernel/window.js';
import { convChannelBlockDispatch, convChannelBlockProgram, packChannelBlockWeights } from '../program/conv-channel-block.js';
import { COPY_WORKGROUP, stridedCopyProgram } from '../program/copy-programs.js';
import { dimValues, groupsFor, strideValues } from '../program/indexing.js';
import { ROW_BLOCK_CHANNELS, rowBlockedSpec } from './conv-row-blocked.js';

/**
 * Whether a ConvTranspose is a pixel shuffle of a 1×1 convolution: stride = kernel, no padding,
 * output padding, output shape, dilation or groups, and a bias that is absent or constant. PaddleOCR
 * det upsamples with such 2×2 / 2 ones; every output pixel then takes exactly one tap.
 */
export function isPixelShuffleTranspose(node: Node, kernel: readonly number[], ctx: BuildContext): boolean {
  const strides = attrInts(node, 'strides') ?? kernel.map(() => 1);
  const zero = (name: string) => (attrInts(node, name) ?? []).every((v) => v === 0);
  const bias = node.inputs[2];
  return (
    attrInt(node, 'group', 1) === 1 &&
    strides.every((s, i) => s === kernel[i]) &&
    (attrInts(node, 'dilations') ?? []).every((d) => d === 1) &&
    zero('pads') &&
    zero('output_padding') &&
    !attrInts(node, 'output_shape') &&
    ['NOTSET', 'VALID'].includes(attrString(node, 'auto_pad', 'NOTSET')) &&
    (!bias || ctx.meta(bias).constant?.dtype === 'float32')
  );
}

/**
 * Such a ConvTranspose on a software adapter with a constant weight, in two dispatches: the
 * row-blocked 1×1 convolution to M·KH·KW channels (the very shader the model's pointwise
 * convolutions use, so no shader of its own to compile: on lavapipe each costs up to a second at
 * start-up), then a strided copy that moves channel (m·KH + ky)·KW + kx of input pixel (iy, ix) to
 * output m at (iy·KH + ky, ix·KW + kx).
 */
export function createPixelShuffleTranspose(
  node: Node,
  ctx: BuildContext,
  w: readonly number[],
  weight: Float32Array,
): NodeKernel {
  const [C, M] = w as [number, number];
  const [KH, KW] = as2d(w.slice(2), 1);
  const taps = KH * KW;
  const rows = M * taps;
  // As a 1×1 convolution's weight: [M·KH·KW, C]; the bias repeats for every tap of its channel.
  const gemm = new Float32Array(rows * C);
  for (let ci = 0; ci < C; ci++) for (let r = 0; r < rows; r++) gemm[r * C + ci] = weight[ci * rows + r] as number;
  const biasData = ctx.meta(node.inputs[2] ?? '').constant?.data as Float32Array | undefined;
  const expandedBias = new Float32Array(rows);
  if (biasData) for (let r = 0; r < rows; r++) expandedBias[r] = biasData[Math.floor(r / taps)] as number;
  const clamp = clampEpilogueOf(node);
  const epilogue = clamp ?? epilogueOf(node);
  const hasBias = biasData !== undefined || clamp !== undefined;
  const bias = hasBias ? ctx.upload(expandedBias, 'T', `${node.name} bias per tap`) : undefined;
  const spec = rowBlockedSpec(node, ctx, false, [1, 1], [1, 1], [1, 1], clamp !== undefined, hasBias, epilogue);
  const conv = [0, 1].map((vector) =>
    convChannelBlockProgram({ ...spec, channels: ROW_BLOCK_CHANNELS, ...(vector ? { vectorPadLeft: 0 } : {}) }),
  );
  const packed = ctx.upload(packChannelBlockWeights(gemm, 1, rows, C, 1, ROW_BLOCK_CHANNELS), 'T', `${node.name} packed weights`);
  // The convolution reads its input as one row of H·W pixels; only the variant that width picks is warmed up.
  const spatial = ctx.meta(node.inputs[0] ?? '').shape?.slice(2);
  const pixels = spatial?.every((d) => typeof d === 'number') ? (spatial as number[]).reduce((a, b) => a * b, 1) : 0;
  return {
    programs: [...conv, stridedCopyProgram(6)],
    fallbackPrograms: new Set([pixels % 4 === 0 ? 0 : 1]),
    plan([x]) {
      const xd = (x as PlanValue).dims;
      const [batch, channels] = xd as [number, number];
      if (channels !== C) throw new Error(`${channels} input channels ≠ weight's ${C}`);
      const [H, W] = as2d(xd.slice(2), 1);
      const outDims = [batch, M, ...xd.slice(2).map((d, i) => d * (w[2 + i] as number))];
      const outputs = [{ dtype: 'float32' as const, dims: outDims }];
      const total = batch * rows * H * W;
      if (total === 0) return { outputs, dispatches: [] };
      const HW = H * W;
      const d = convChannelBlockDispatch(batch, 1, rows, 1, HW, ROW_BLOCK_CHANNELS, spec.pixels);
      const shuffled = { scratch: 0, bytes: total * 4 };
      // Output viewed as [N, M, H, KH, W, KW]; the convolution's result is [N, M, KH, KW, H, W].
      const copyDims = [batch, M, H, KH, W, KW];
      const copyStrides = [rows * HW, taps * HW, W, KW * HW, 1, HW];
      return {
        outputs,
        dispatches: [
          {
            program: HW % 4 === 0 ? 1 : 0,
            bindings: [{ input: 0 }, { constant: packed }, ...(bias ? [{ constant: bias }] : []), shuffled],
            uniforms: {
              ...d.uniforms,
              ...epilogue.values,
              groups: 1,
              C,
              Cg: C,
              M: rows,
              Mg: rows,
              H: 1,
              W: HW,
              OH: 1,
              OW: HW,
              PT: 0,
              PL: 0,
            },
            workgroups: d.workgroups,
          },
          {
            program: 2,
            bindings: [shuffled, { output: 0 }],
            uniforms: {
              total,
              base: 0,
              ...dimValues('o', copyDims),
              ...strideValues('src', copyStrides),
            },
            workgroups: groupsFor(total, COPY_WORKGROUP),
          },
        ],
      };
    },
  };
}
