import {
  attrInt,
  attrInts,
  type CompileContext,
  checkWindowAttributes,
  type Kernel,
  type KernelContext,
  type KernelDefinition,
  type Node,
  readWindowAttributes,
  reject,
  SUPPORTED,
  type SupportContext,
  type SupportResult,
  type Tensor,
  type WindowAttributes,
  type WindowGeometry,
} from '@tessera/core';
import { FUSABLE_ACTIVATIONS } from '../util/activation.js';
import { firstRejection, float32Data, kernelFailure, product, requireInputDtypes, requireRank, shapeOf } from '../util/checks.js';
import { Col2im } from '../util/col2im.js';
import { applyActivationRange, type Epilogue, epilogueOf } from '../util/epilogue.js';
import { gemm } from '../util/gemm.js';
import { scratchFloats } from '../util/scratch.js';

/**
 * ConvTranspose (any spatial rank ≥ 1), float32: per group, columns = Wᵀ · X by GEMM over a tile of
 * input positions, then col2im scatters the columns into the output (initialised with the bias).
 * A constant weight is transposed once, when the kernel is created.
 */

const TILE_FLOATS = 1 << 18;

function check(node: Node, ctx: SupportContext): SupportResult {
  const wShape = shapeOf(ctx, node.inputs[1]) ?? ctx.value(node.inputs[1] ?? '').constant?.dims;
  const spatial = wShape ? wShape.length - 2 : undefined;
  const group = attrInt(node, 'group', 1);
  const rejection = firstRejection(
    node.inputs[1] ? undefined : reject('ATTRIBUTE', `ConvTranspose '${node.name}' has no weight input`),
    requireInputDtypes(node, ctx, [1, 2], ['float32']),
    requireRank(node, ctx, 0, 3),
    requireRank(node, ctx, 1, 3),
    checkWindowAttributes(node, spatial),
    group >= 1 ? undefined : reject('ATTRIBUTE', `ConvTranspose '${node.name}': group ${group} must be positive`),
  );
  if (rejection) return rejection;
  const outputPadding = attrInts(node, 'output_padding');
  if (outputPadding?.some((v) => v < 0))
    return reject('ATTRIBUTE', `ConvTranspose '${node.name}': negative output_padding [${outputPadding}]`);
  const channels = shapeOf(ctx, node.inputs[0])?.[1];
  const wChannels = wShape?.[0];
  if (typeof channels === 'number' && typeof wChannels === 'number' && channels !== wChannels) {
    return reject('ATTRIBUTE', `ConvTranspose '${node.name}': ${channels} input channels ≠ weight's ${wChannels}`);
  }
  if (typeof wChannels === 'number' && wChannels % group !== 0) {
    return reject('ATTRIBUTE', `ConvTranspose '${node.name}': ${wChannels} input channels are not divisible by group ${group}`);
  }
  return SUPPORTED;
}

/**
 * Output size and cropping of each spatial axis, as onnxruntime resolves them: the full output is
 * (in − 1)·stride + output_padding + (k − 1)·dilation + 1; explicit pads crop it; an output_shape
 * (or SAME auto_pad, whose output is in·stride) fixes the size and the crop is split between the ends.
 */
export function transposeGeometry(
  attrs: WindowAttributes,
  inShape: readonly number[],
  kernel: readonly number[],
  outputPadding: readonly number[] | undefined,
  outputShape: readonly number[] | undefined,
): WindowGeometry {
  const rank = inShape.length;
  const strides = attrs.strides ?? new Array<number>(rank).fill(1);
  const dilations = attrs.dilations ?? new Array<number>(rank).fill(1);
  const padBegin: number[] = [];
  const padEnd: number[] = [];
  const outShape: number[] = [];
  // output_shape may list all dims (N, C, …) or only the spatial ones.
  const requested = outputShape ? outputShape.slice(outputShape.length - rank) : undefined;
  for (let d = 0; d < rank; d++) {
    const full =
      ((inShape[d] as number) - 1) * (strides[d] as number) +
      (outputPadding?.[d] ?? 0) +
      ((kernel[d] as number) - 1) * (dilations[d] as number) +
      1;
    let out: number;
    let begin = 0;
    let end = 0;
    const same = attrs.autoPad === 'SAME_UPPER' || attrs.autoPad === 'SAME_LOWER';
    if (requested || same) {
      out = requested ? (requested[d] as number) : (inShape[d] as number) * (strides[d] as number);
      const total = Math.max(0, full - out);
      // As the ONNX spec (and onnxruntime): SAME_UPPER crops the odd element at the end, otherwise at the beginning.
      begin = attrs.autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
      end = total - begin;
    } else if (attrs.autoPad === 'VALID') {
      out = full;
    } else {
      begin = attrs.pads?.[d] ?? 0;
      end = attrs.pads?.[d + rank] ?? 0;
      out = full - begin - end;
    }
    if (out < 1) throw new Error(`output size ${out} on spatial axis ${d} is not positive`);
    padBegin.push(begin);
    padEnd.push(end);
    outShape.push(out);
  }
  return { inShape, outShape, kernel, strides, dilations, padBegin, padEnd };
}

class ConvTransposeKernel implements Kernel {
  private readonly attrs: WindowAttributes;
  private readonly group: number;
  private readonly outputPadding: readonly number[] | undefined;
  private readonly outputShape: readonly number[] | undefined;
  private readonly epilogue: Epilogue;
  private readonly constBias: Tensor | undefined;
  /** Wᵀ per group ([group][M/group · k…][C/group]) when the weight is constant. */
  private readonly packedWeight: Float32Array | undefined;
  private readonly constWeightDims: readonly number[] | undefined;
  private cached: { key: string; geometry: WindowGeometry; col2im: Col2im } | undefined;

  constructor(
    private readonly node: Node,
    ctx: CompileContext,
  ) {
    this.attrs = readWindowAttributes(node);
    this.group = attrInt(node, 'group', 1);
    this.outputPadding = attrInts(node, 'output_padding');
    this.outputShape = attrInts(node, 'output_shape');
    this.epilogue = epilogueOf(node);
    this.constBias = node.inputs[2] ? ctx.value(node.inputs[2]).constant : undefined;
    const w = ctx.value(node.inputs[1] ?? '').constant;
    if (w) {
      this.packedWeight = packTransposed(float32Data(node, w, 1), w.dims, this.group);
      this.constWeightDims = w.dims;
    }
  }

  run(inputs: readonly (Tensor | undefined)[], ctx: KernelContext): Tensor[] {
    const node = this.node;
    const x = inputs[0] as Tensor;
    const xd = float32Data(node, x, 0);
    const wDims = this.constWeightDims ?? (inputs[1] as Tensor | undefined)?.dims;
    const biasTensor = node.inputs[2] ? (this.constBias ?? inputs[2]) : undefined;
    const bias = biasTensor ? float32Data(node, biasTensor, 2) : undefined;
    const rank = x.dims.length;
    if (!wDims || rank < 3 || wDims.length !== rank)
      throw kernelFailure(node, `input rank ${rank} and weight rank ${wDims?.length} must agree and be ≥ 3`);
    const [batch, channels] = x.dims as [number, number];
    const [wChannels, perGroup] = wDims as [number, number];
    const group = this.group;
    if (channels !== wChannels || channels % group !== 0)
      throw kernelFailure(node, `${channels} input channels do not fit weight [${wDims}] with group ${group}`);
    const outChannels = perGroup * group;
    if (bias && bias.length !== outChannels)
      throw kernelFailure(node, `bias has ${bias.length} values for ${outChannels} output channels`);
    const kernel = wDims.slice(2);
    if (this.attrs.kernel && this.attrs.kernel.join() !== kernel.join()) {
      throw kernelFailure(node, `kernel_shape [${this.attrs.kernel}] ≠ weight's [${kernel}]`);
    }
    const groupChannels = channels / group;
    const wt = this.packedWeight ?? packTransposed(float32Data(node, inputs[1], 1), wDims, group);

    const key = `${x.dims.join()}|${wDims.join()}`;
    if (this.cached?.key !== key) {
      const geometry = transposeGeometry(this.attrs, x.dims.slice(2), kernel, this.outputPadding, this.outputShape);
      this.cached = { key, geometry, col2im: new Col2im(geometry, perGroup) };
    }
    const { geometry: g, col2im } = this.cached;
    const out = ctx.output(0, 'float32', [batch, outChannels, ...g.outShape]);
    const od = out.data as Float32Array;
    const inSize = product(g.inShape);
    const outSize = product(g.outShape);
    for (let c = 0; c < batch * outChannels; c++)
      od.fill(bias ? (bias[c % outChannels] as number) : 0, c * outSize, (c + 1) * outSize);
    const rows = col2im.rows;
    const tile = Math.min(inSize, Math.max(64, Math.floor(TILE_FLOATS / rows / 8) * 8));
    const cols = scratchFloats('convtranspose-cols', rows * tile);
    for (let n = 0; n < batch; n++) {
      for (let gi = 0; gi < group; gi++) {
        const xOff = (n * channels + gi * groupChannels) * inSize;
        const outOff = (n * outChannels + gi * perGroup) * outSize;
        for (let p0 = 0; p0 < inSize; p0 += tile) {
          const nc = Math.min(tile, inSize - p0);
          gemm({
            m: rows,
            n: nc,
            k: groupChannels,
            a: wt,
            aOffset: gi * rows * groupChannels,
            lda: groupChannels,
            b: xd,
            bOffset: xOff + p0,
            ldb: inSize,
            c: cols,
            ldc: nc,
          });
          col2im.accumulate(cols, p0, p0 + nc, od, outOff);
        }
      }
    }
    if (this.epilogue.kind !== 'none') applyActivationRange(od, 0, od.length, this.epilogue);
    return [out];
  }
}

/** Weight [C, M/group, k…] → per group the (M/group · k…) × (C/group) matrix Wᵀ, row-major. */
function packTransposed(w: Float32Array, dims: readonly number[], group: number): Float32Array {
  const channels = dims[0] as number;
  const rows = product(dims, 1);
  const groupChannels = channels / group;
  const out = new Float32Array(w.length);
  for (let gi = 0; gi < group; gi++) {
    const base = gi * rows * groupChannels;
    for (let c = 0; c < groupChannels; c++) {
      const src = (gi * groupChannels + c) * rows;
      for (let r = 0; r < rows; r++) out[base + r * groupChannels + c] = w[src + r] as number;
    }
  }
  return out;
}

export const ConvTranspose: readonly KernelDefinition[] = [
  {
    op: 'ConvTranspose',
    sinceVersion: 1,
    dtypes: ['float32'],
    epilogues: FUSABLE_ACTIVATIONS,
    notes: 'Any spatial rank; GEMM + col2im per group; pads, output_padding, output_shape, auto_pad; fused activation epilogue.',
    check,
    create: (node, ctx) => new ConvTransposeKernel(node, ctx),
  },
];
