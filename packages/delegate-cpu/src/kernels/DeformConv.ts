import {
  attrInt,
  attrInts,
  type KernelContext,
  type KernelDefinition,
  type Node,
  readWindowAttributes,
  reject,
  SUPPORTED,
  type SupportContext,
  type SupportResult,
  type Tensor,
  type WindowGeometry,
  windowGeometry,
} from '@tessera/core';
import { firstRejection, kernelFailure, product, requireRank } from '../util/checks.js';
import { FLOAT_DTYPES, floatOutput, readFloats } from '../util/float-io.js';
import { PlaneSampler } from '../util/grid-sample.js';
import { checkSameDType } from '../util/support.js';

/**
 * DeformConv, float types, any spatial rank: a grouped convolution whose every tap k at output position
 * o reads X at o·stride − pad_begin + k·dilation + offset[n, og, k, :, o] (bilinear, zero outside the
 * image), times mask[n, og, k, o] when the mask is given; og is the offset group of the input channel.
 * offset is [N, offset_group · ∏kernel · r, out…], mask [N, offset_group · ∏kernel, out…].
 */
function check(node: Node, ctx: SupportContext): SupportResult {
  const group = attrInt(node, 'group', 1);
  const offsetGroup = attrInt(node, 'offset_group', 1);
  if (group < 1 || offsetGroup < 1)
    return reject('ATTRIBUTE', `DeformConv '${node.name}': group ${group} and offset_group ${offsetGroup} must be positive`);
  return firstRejection(requireRank(node, ctx, 0, 3), checkSameDType(node, ctx, [0, 1, 2, 3, 4])) ?? SUPPORTED;
}

function geometry(node: Node, x: Tensor, w: Tensor): WindowGeometry {
  const r = x.dims.length - 2;
  const spatial = x.dims.slice(2);
  const kernel = attrInts(node, 'kernel_shape') ?? w.dims.slice(2);
  if (kernel.length !== r || w.dims.slice(2).join() !== kernel.join())
    throw kernelFailure(node, `kernel_shape [${kernel}] does not match W [${w.dims}] for ${r} spatial axes`);
  try {
    return windowGeometry(readWindowAttributes(node), spatial, kernel);
  } catch (e) {
    throw kernelFailure(node, `input [${x.dims}]: ${(e as Error).message}`);
  }
}

function run(node: Node, inputs: readonly (Tensor | undefined)[], ctx: KernelContext): Tensor[] {
  const [x, w, offset, bias, mask] = inputs;
  if (!x || !w || !offset) throw kernelFailure(node, 'X, W and offset are required');
  const group = attrInt(node, 'group', 1);
  const offsetGroups = attrInt(node, 'offset_group', 1);
  const g = geometry(node, x, w);
  const r = g.inShape.length;
  const [batch, channels] = x.dims as [number, number];
  const outChannels = w.dims[0] as number;
  const groupChannels = w.dims[1] as number;
  if (channels !== groupChannels * group || outChannels % group !== 0)
    throw kernelFailure(node, `X [${x.dims}] and W [${w.dims}] do not fit group ${group}`);
  if (channels % offsetGroups !== 0)
    throw kernelFailure(node, `${channels} channels do not split into ${offsetGroups} offset groups`);
  const taps = product(g.kernel);
  const positions = product(g.outShape);
  if (offset.dims.join() !== [batch, offsetGroups * taps * r, ...g.outShape].join())
    throw kernelFailure(node, `offset [${offset.dims}] must be [${[batch, offsetGroups * taps * r, ...g.outShape]}]`);
  if (mask && mask.dims.join() !== [batch, offsetGroups * taps, ...g.outShape].join())
    throw kernelFailure(node, `mask [${mask.dims}] must be [${[batch, offsetGroups * taps, ...g.outShape]}]`);
  const xd = readFloats(x);
  const wd = readFloats(w);
  const od = readFloats(offset);
  const md = mask ? readFloats(mask) : undefined;
  const bd = bias ? readFloats(bias) : undefined;
  const plane = product(g.inShape);
  const perOffsetGroup = channels / offsetGroups;
  const perGroupOut = outChannels / group;
  const sampler = new PlaneSampler(g.inShape, 'linear', 'zeros', true);
  const out = floatOutput(ctx, 0, x.dtype, [batch, outChannels, ...g.outShape]);
  // Sampled input per (channel, tap, position): the deformable im2col.
  const columns = new Float64Array(channels * taps * positions);
  const position = new Array<number>(r).fill(0);
  const outIndex = new Array<number>(r).fill(0);
  const tapIndex = new Array<number>(r).fill(0);
  for (let n = 0; n < batch; n++) {
    for (let og = 0; og < offsetGroups; og++) {
      for (let k = 0; k < taps; k++) {
        unravel(k, g.kernel, tapIndex);
        for (let p = 0; p < positions; p++) {
          unravel(p, g.outShape, outIndex);
          for (let a = 0; a < r; a++) {
            const shift = od[(((n * offsetGroups + og) * taps + k) * r + a) * positions + p] as number;
            position[a] =
              (outIndex[a] as number) * (g.strides[a] as number) -
              (g.padBegin[a] as number) +
              (tapIndex[a] as number) * (g.dilations[a] as number) +
              shift;
          }
          sampler.taps(position);
          const m = md ? (md[((n * offsetGroups + og) * taps + k) * positions + p] as number) : 1;
          for (let c = og * perOffsetGroup; c < (og + 1) * perOffsetGroup; c++) {
            const base = (n * channels + c) * plane;
            let v = 0;
            for (let t = 0; t < sampler.offsets.length; t++)
              v += (sampler.weights[t] as number) * (xd[base + (sampler.offsets[t] as number)] as number);
            columns[(c * taps + k) * positions + p] = v * m;
          }
        }
      }
    }
    for (let oc = 0; oc < outChannels; oc++) {
      const firstChannel = Math.floor(oc / perGroupOut) * groupChannels;
      const target = (n * outChannels + oc) * positions;
      for (let p = 0; p < positions; p++) {
        let sum = bd ? (bd[oc] as number) : 0;
        for (let ci = 0; ci < groupChannels; ci++) {
          const wBase = (oc * groupChannels + ci) * taps;
          const cBase = (firstChannel + ci) * taps;
          for (let k = 0; k < taps; k++) sum += (wd[wBase + k] as number) * (columns[(cBase + k) * positions + p] as number);
        }
        out.data[target + p] = sum;
      }
    }
  }
  return [out.finish()];
}

/** Row-major coordinates of flat index i in dims. */
function unravel(i: number, dims: readonly number[], into: number[]): void {
  let rest = i;
  for (let d = dims.length - 1; d >= 0; d--) {
    const extent = dims[d] as number;
    into[d] = rest % extent;
    rest = Math.floor(rest / extent);
  }
}

export const DeformConv: readonly KernelDefinition[] = [
  {
    op: 'DeformConv',
    sinceVersion: 19,
    dtypes: FLOAT_DTYPES,
    notes: 'Any spatial rank; group, offset_group, mask, bias.',
    check,
    create: (node) => ({ run: (inputs, ctx) => run(node, inputs, ctx) }),
  },
];
