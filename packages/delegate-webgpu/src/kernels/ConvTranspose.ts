import { attrInt, attrInts, attrString, checkWindowAttributes, type Node, reject, SUPPORTED } from '@tessera/core';
import { checkActivation, epilogueOf } from '../kernel/activation.js';
import { checkWorkgroup, firstRejection, requireFloatInputs } from '../kernel/checks.js';
import type { CheckContext, GpuOpDefinition, PlanValue } from '../kernel/types.js';
import { as2d } from '../kernel/window.js';
import { convDirectInvocations, convDirectProgram } from '../program/conv-direct.js';
import { groupsFor } from '../program/indexing.js';
import { bakeConstants } from '../program/program.js';
import { createPixelShuffleTranspose, isPixelShuffleTranspose } from './conv-transpose-pixel-shuffle.js';

const WORKGROUP = 128;

function weightDims(node: Node, ctx: Pick<CheckContext, 'meta'>): number[] | undefined {
  const shape = ctx.meta(node.inputs[1] ?? '').shape;
  return shape?.every((d) => typeof d === 'number') ? (shape as number[]) : undefined;
}

/** Output size and leading padding per spatial axis, as onnxruntime resolves output_shape, output_padding and auto_pad. */
function transposeGeometry(node: Node, inShape: readonly number[], kernel: readonly number[]) {
  const rank = inShape.length;
  const strides = attrInts(node, 'strides') ?? new Array<number>(rank).fill(1);
  const dilations = attrInts(node, 'dilations') ?? new Array<number>(rank).fill(1);
  const outputPadding = attrInts(node, 'output_padding') ?? new Array<number>(rank).fill(0);
  const pads = attrInts(node, 'pads') ?? new Array<number>(2 * rank).fill(0);
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  const outputShape = attrInts(node, 'output_shape');
  const out: number[] = [];
  const padBegin: number[] = [];
  for (let d = 0; d < rank; d++) {
    const s = strides[d] as number;
    const extent = ((kernel[d] as number) - 1) * (dilations[d] as number) + 1;
    const full = s * ((inShape[d] as number) - 1) + (outputPadding[d] as number) + extent;
    let size: number | undefined = outputShape ? (outputShape[outputShape.length - rank + d] as number) : undefined;
    if (size === undefined && (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER')) size = (inShape[d] as number) * s;
    if (size !== undefined) {
      const total = Math.max(0, full - size);
      padBegin.push(autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2));
      out.push(size);
    } else {
      padBegin.push(pads[d] as number);
      out.push(full - (pads[d] as number) - (pads[d + rank] as number));
    }
  }
  return { out, padBegin, strides, dilations };
}

export const ConvTranspose: readonly GpuOpDefinition[] = [
  {
    op: 'ConvTranspose',
    sinceVersion: 1,
    dtypes: ['float32'],
    notes:
      '1-D and 2-D; groups, strides, dilations, pads, output_padding, output_shape, auto_pad, bias, fused activation; a direct gather shader.',
    check(node, ctx) {
      const w = weightDims(node, ctx);
      if (!w) return reject('DYNAMIC_SHAPE', `ConvTranspose '${node.name}': the weight's shape must be known at compile time`);
      if (w.length < 3 || w.length > 4)
        return reject('RANK', `ConvTranspose '${node.name}': ${w.length - 2}-D; the WebGPU kernel covers 1-D and 2-D`);
      const group = attrInt(node, 'group', 1);
      if (group < 1 || (w[0] as number) % group !== 0)
        return reject('ATTRIBUTE', `ConvTranspose '${node.name}': group ${group} does not divide ${w[0]} channels`);
      return (
        firstRejection(
          requireFloatInputs(node, ctx),
          checkWindowAttributes(node, w.length - 2),
          checkActivation(node),
          checkWorkgroup(node, ctx, 0, WORKGROUP),
        ) ?? SUPPORTED
      );
    },
    create(node, ctx) {
      const w = weightDims(node, ctx) as number[];
      const group = attrInt(node, 'group', 1);
      const hasBias = Boolean(node.inputs[2]);
      const kernel = attrInts(node, 'kernel_shape') ?? w.slice(2);
      const [SH, SW] = as2d(attrInts(node, 'strides') ?? kernel.map(() => 1), 1);
      const [DH, DW] = as2d(attrInts(node, 'dilations') ?? kernel.map(() => 1), 1);
      // Four output channels per invocation share every input load; a group with fewer computes one.
      const weight = ctx.meta(node.inputs[1] ?? '').constant;
      if (ctx.gemm === 'register-blocked' && weight?.dtype === 'float32' && isPixelShuffleTranspose(node, kernel, ctx))
        return createPixelShuffleTranspose(node, ctx, w, weight.data as Float32Array);
      const perInvocation = (w[1] as number) >= 4 ? 4 : 1;
      const program = bakeConstants(
        convDirectProgram({
          label: 'ConvTranspose.direct',
          transpose: true,
          hasBias,
          epilogue: epilogueOf(node),
          workgroupSize: WORKGROUP,
          channels: perInvocation,
        }),
        { SH, SW, DH, DW },
      );
      return {
        programs: [program],
        plan([x]) {
          const xd = (x as PlanValue).dims;
          const [batch, channels] = xd as [number, number];
          if (channels !== w[0]) throw new Error(`${channels} input channels ≠ weight's ${w[0]}`);
          const g = transposeGeometry(node, xd.slice(2), kernel);
          const mg = w[1] as number;
          const outDims = [batch, mg * group, ...g.out];
          const total = outDims.reduce((a, b) => a * b, 1);
          const [H, W] = as2d(xd.slice(2), 1);
          const [OH, OW] = as2d(g.out, 1);
          const [KH, KW] = as2d(kernel, 1);
          const [SH, SW] = as2d(g.strides, 1);
          const [DH, DW] = as2d(g.dilations, 1);
          const [PT, PL] = as2d(g.padBegin, 0);
          const uniforms = {
            C: channels,
            Cg: channels / group,
            M: mg * group,
            Mg: mg,
            groups: group,
            ...convDirectInvocations(batch, group, mg, OH, OW, perInvocation),
            H,
            W,
            OH,
            OW,
            KH,
            KW,
            SH,
            SW,
            DH,
            DW,
            PT,
            PL,
          };
          return {
            outputs: [{ dtype: 'float32', dims: outDims }],
            dispatches:
              total === 0
                ? []
                : [
                    {
                      program: 0,
                      bindings: [{ input: 0 }, { input: 1 }, ...(hasBias ? [{ input: 2 }] : []), { output: 0 }],
                      uniforms,
                      workgroups: groupsFor(uniforms.total, WORKGROUP),
                    },
                  ],
          };
        },
      };
    },
  },
];
