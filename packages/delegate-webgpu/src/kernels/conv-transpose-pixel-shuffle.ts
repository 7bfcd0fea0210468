import { attrInt, attrInts, attrString, type Node } from '@tessera/core';
import { clampEpilogueOf, epilogueOf } from '../kernel/activation.js';
import type { BuildContext, NodeKernel, PlanValue } from '../kernel/types.js';
import { as2d } from '../kernel/window.js';
import {
  convChannelBlockDispatch,
  convChannelBlockProgram,
  packChannelBlockWeights,
  rowBlockedSubgroups,
} from '../program/conv-channel-block.js';

const CHANNELS = 8;
// 4 pixels: det ran as fast as with 8, and the shader (64 scattered scalar stores at 8) JIT-compiles in half the time.
const PIXELS = 4;

/**
 * Whether a ConvTranspose is a pixel shuffle of a 1×1 convolution: stride = kernel, no padding,
 * output padding, output shape, dilation or groups. PaddleOCR det upsamples with such 2×2 / 2
 * ones; every output pixel then takes exactly one tap.
 */
export function isPixelShuffleTranspose(node: Node, kernel: readonly number[]): boolean {
  const strides = attrInts(node, 'strides') ?? kernel.map(() => 1);
  const zero = (name: string) => (attrInts(node, name) ?? []).every((v) => v === 0);
  return (
    attrInt(node, 'group', 1) === 1 &&
    strides.every((s, i) => s === kernel[i]) &&
    (attrInts(node, 'dilations') ?? []).every((d) => d === 1) &&
    zero('pads') &&
    zero('output_padding') &&
    !attrInts(node, 'output_shape') &&
    ['NOTSET', 'VALID'].includes(attrString(node, 'auto_pad', 'NOTSET'))
  );
}

/**
 * Such a ConvTranspose on a software adapter with a constant weight: the channel-block shader as a
 * 1×1 convolution to M·KH·KW channels that scatters each channel to its tap (see
 * conv-channel-block.ts), with the weight [C, M, KH, KW] repacked as that convolution's.
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
  // As a 1×1 convolution's weight: [M·KH·KW, C].
  const gemm = new Float32Array(rows * C);
  for (let ci = 0; ci < C; ci++) for (let r = 0; r < rows; r++) gemm[r * C + ci] = weight[ci * rows + r] as number;
  // As in conv-row-blocked.ts: bias (zeros if none) and activation as data where the activation allows.
  const clamp = clampEpilogueOf(node);
  const epilogue = clamp ?? epilogueOf(node);
  const hasBias = Boolean(node.inputs[2]) || clamp !== undefined;
  const bias = !node.inputs[2] && hasBias ? ctx.upload(new Float32Array(M), 'T', `${node.name} zero bias`) : undefined;
  const spec = {
    label: `ConvTranspose.pixelShuffle${clamp ? '' : `${hasBias ? '.bias' : ''}.${node.activation?.op}`}`,
    channels: CHANNELS,
    pixels: PIXELS,
    kernel: [1, 1] as const,
    strides: [1, 1] as const,
    dilations: [1, 1] as const,
    scatter: [KH, KW] as const,
    hasBias,
    epilogue,
    ...rowBlockedSubgroups(ctx.subgroupSize),
  };
  const programs = [convChannelBlockProgram(spec), convChannelBlockProgram({ ...spec, vectorPadLeft: 0 })];
  const packed = ctx.upload(packChannelBlockWeights(gemm, 1, rows, C, 1, CHANNELS), 'T', `${node.name} packed weights`);
  // Only the program the input's width picks is warmed up; the vector one where it is unknown.
  const width = ctx.meta(node.inputs[0] ?? '').shape?.at(-1);
  return {
    programs,
    fallbackPrograms: new Set([typeof width === 'number' && width % 4 !== 0 ? 1 : 0]),
    plan([x]) {
      const xd = (x as PlanValue).dims;
      const [batch, channels] = xd as [number, number];
      if (channels !== C) throw new Error(`${channels} input channels ≠ weight's ${C}`);
      const outDims = [batch, M, ...xd.slice(2).map((d, i) => d * (w[2 + i] as number))];
      const outputs = [{ dtype: 'float32' as const, dims: outDims }];
      if (outDims.some((d) => d === 0)) return { outputs, dispatches: [] };
      const [H, W] = as2d(xd.slice(2), 1);
      const d = convChannelBlockDispatch(batch, 1, rows, H, W, CHANNELS, PIXELS);
      return {
        outputs,
        dispatches: [
          {
            program: W % 4 === 0 ? 1 : 0,
            bindings: [
              { input: 0 },
              { constant: packed },
              ...(bias ? [{ constant: bias }] : hasBias ? [{ input: 2 }] : []),
              { output: 0 },
            ],
            uniforms: {
              ...d.uniforms,
              ...epilogue.values,
              groups: 1,
              C,
              Cg: C,
              M: rows,
              Mg: rows,
              H,
              W,
              OH: H,
              OW: W,
              PT: 0,
              PL: 0,
              TM: M,
              TOH: H * KH,
              TOW: W * KW,
            },
            workgroups: d.workgroups,
          },
        ],
      };
    },
  };
}
