import {
  attrInt,
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
  windowGeometry,
} from '@tessera/core';
import { FUSABLE_ACTIVATIONS } from '../util/activation.js';
import { firstRejection, float32Data, kernelFailure, product, requireInputDtypes, requireRank, shapeOf } from '../util/checks.js';
import { depthwisePlane2d } from '../util/depthwise.js';
import { applyActivationRange, applyEpilogue, type Epilogue, epilogueOf } from '../util/epilogue.js';
import { gemm } from '../util/gemm.js';
import { Im2col } from '../util/im2col.js';
import { scratchFloats } from '../util/scratch.js';
import { winogradConv, winogradFits, winogradWeights } from '../util/winograd.js';

/**
 * Conv (any spatial rank ≥ 1), float32, with groups, strides, dilations, pads / auto_pad, bias and a
 * fused activation. Three paths:
 * - depthwise 2-D (one input channel per group): a direct loop;
 * - pointwise (1×…×1 kernel, unit strides, no padding): the input already is the GEMM's B operand;
 * - dense 3×3, stride 1, undilated, with enough channels: Winograd F(4×4, 3×3) (4× fewer MACs);
 * - everything else: im2col one tile of output positions at a time (bounded memory) + GEMM.
 * Weights in [M, C/group, k…] layout already are the row-major A operand of the GEMM, so a constant
 * weight is used in place; only the Winograd path transforms a constant weight, once, at creation.
 * A non-constant weight is read (and transformed) at run time.
 */

/** Floats per im2col tile (1 MiB): large enough for efficient GEMM tiles, small enough for L2. */
const TILE_FLOATS = 1 << 18;
/** Below this many input or output channels the Winograd transforms cost more than they save. */
const WINOGRAD_MIN_CHANNELS = 8;

function check(node: Node, ctx: SupportContext): SupportResult {
  const wShape = shapeOf(ctx, node.inputs[1]) ?? ctx.value(node.inputs[1] ?? '').constant?.dims;
  const xShape = shapeOf(ctx, node.inputs[0]);
  const spatial = wShape ? wShape.length - 2 : xShape ? xShape.length - 2 : undefined;
  const group = attrInt(node, 'group', 1);
  const rejection = firstRejection(
    node.inputs[1] ? undefined : reject('ATTRIBUTE', `Conv '${node.name}' has no weight input`),
    requireInputDtypes(node, ctx, [1, 2], ['float32']),
    requireRank(node, ctx, 0, 3),
    requireRank(node, ctx, 1, 3),
    checkWindowAttributes(node, spatial),
    group >= 1 ? undefined : reject('ATTRIBUTE', `Conv '${node.name}': group ${group} must be positive`),
  );
  if (rejection) return rejection;
  const channels = xShape?.[1];
  const wChannels = wShape?.[1];
  const outChannels = wShape?.[0];
  if (typeof channels === 'number' && typeof wChannels === 'number' && channels !== wChannels * group) {
    return reject(
      'ATTRIBUTE',
      `Conv '${node.name}': ${channels} input channels do not match weight channels ${wChannels} × group ${group}`,
    );
  }
  if (typeof outChannels === 'number' && outChannels % group !== 0) {
    return reject('ATTRIBUTE', `Conv '${node.name}': ${outChannels} output channels are not divisible by group ${group}`);
  }
  return SUPPORTED;
}

class ConvKernel implements Kernel {
  private readonly attrs: WindowAttributes;
  private readonly group: number;
  private readonly epilogue: Epilogue;
  private readonly constWeight: Tensor | undefined;
  private readonly constBias: Tensor | undefined;
  /** Winograd-transformed constant weight, when the node qualifies. */
  private readonly winogradU: Float32Array | undefined;
  private cached: ConvPlan | undefined;

  constructor(
    private readonly node: Node,
    ctx: CompileContext,
  ) {
    this.attrs = readWindowAttributes(node);
    this.group = attrInt(node, 'group', 1);
    this.epilogue = epilogueOf(node);
    this.constWeight = ctx.value(node.inputs[1] ?? '').constant;
    this.constBias = node.inputs[2] ? ctx.value(node.inputs[2]).constant : undefined;
    const w = this.constWeight;
    if (w && this.winogradApplies(w.dims))
      this.winogradU = winogradWeights(float32Data(node, w, 1), 0, w.dims[0] as number, w.dims[1] as number);
  }

  /**
   * Dense 3×3 stride-1 undilated 2-D convolution with enough channels, but not so many that its GEMMs
   * outgrow the packing buffer (padding is free to vary).
   */
  private winogradApplies(wDims: readonly number[]): boolean {
    const a = this.attrs;
    return (
      this.group === 1 &&
      wDims.length === 4 &&
      wDims[2] === 3 &&
      wDims[3] === 3 &&
      (wDims[0] as number) >= WINOGRAD_MIN_CHANNELS &&
      (wDims[1] as number) >= WINOGRAD_MIN_CHANNELS &&
      winogradFits(wDims[1] as number, wDims[0] as number) &&
      (a.strides ?? [1, 1]).every((v) => v === 1) &&
      (a.dilations ?? [1, 1]).every((v) => v === 1)
    );
  }

  run(inputs: readonly (Tensor | undefined)[], ctx: KernelContext): Tensor[] {
    const node = this.node;
    const x = inputs[0] as Tensor;
    const w = this.constWeight ?? inputs[1];
    const xd = float32Data(node, x, 0);
    const wd = float32Data(node, w, 1);
    const biasTensor = node.inputs[2] ? (this.constBias ?? inputs[2]) : undefined;
    const bias = biasTensor ? float32Data(node, biasTensor, 2) : undefined;
    const wDims = (w as Tensor).dims;
    const rank = x.dims.length;
    if (rank < 3 || wDims.length !== rank)
      throw kernelFailure(node, `input rank ${rank} and weight rank ${wDims.length} must agree and be ≥ 3`);
    const [batch, channels] = x.dims as [number, number];
    const [outChannels, groupChannels] = wDims as [number, number];
    const group = this.group;
    if (channels !== groupChannels * group)
      throw kernelFailure(node, `${channels} input channels ≠ ${groupChannels} weight channels × group ${group}`);
    if (outChannels % group !== 0)
      throw kernelFailure(node, `${outChannels} output channels are not divisible by group ${group}`);
    if (bias && bias.length !== outChannels)
      throw kernelFailure(node, `bias has ${bias.length} values for ${outChannels} output channels`);
    const kernel = wDims.slice(2);
    if (this.attrs.kernel && this.attrs.kernel.join() !== kernel.join())
      throw kernelFailure(node, `kernel_shape [${this.attrs.kernel}] ≠ weight's [${kernel}]`);

    const plan = this.plan(x.dims.slice(2), wDims);
    const g = plan.geometry;
    const out = ctx.output(0, 'float32', [batch, outChannels, ...g.outShape]);
    const p: ConvProblem = {
      x: xd,
      w: wd,
      bias,
      out: out.data as Float32Array,
      batch,
      channels,
      outChannels,
      groupChannels,
      inSize: product(g.inShape),
      outSize: product(g.outShape),
      geometry: g,
    };
    if (p.out.length === 0) return [out];
    if (plan.path === 'depthwise') this.runDepthwise(p);
    else if (plan.path === 'winograd') this.runWinograd(p);
    else this.runGemm(p, plan.im2col);
    return [out];
  }

  /** One input channel per group: a direct loop per output plane (channel oc reads input oc / perGroup). */
  private runDepthwise(p: ConvProblem): void {
    const perGroup = p.outChannels / this.group;
    const taps = product(p.geometry.kernel);
    for (let n = 0; n < p.batch; n++) {
      for (let oc = 0; oc < p.outChannels; oc++) {
        const ic = Math.floor(oc / perGroup);
        const o = (n * p.outChannels + oc) * p.outSize;
        const b = p.bias ? (p.bias[oc] as number) : 0;
        depthwisePlane2d(p.x, (n * p.channels + ic) * p.inSize, p.w, oc * taps, b, p.out, o, p.geometry);
        if (this.epilogue.kind !== 'none') applyActivationRange(p.out, o, o + p.outSize, this.epilogue);
      }
    }
  }

  private runWinograd(p: ConvProblem): void {
    const g = p.geometry;
    const u = this.winogradU ?? winogradWeights(p.w, 0, p.outChannels, p.channels);
    const shape = {
      channels: p.channels,
      outChannels: p.outChannels,
      height: g.inShape[0] as number,
      width: g.inShape[1] as number,
      outHeight: g.outShape[0] as number,
      outWidth: g.outShape[1] as number,
      padTop: g.padBegin[0] as number,
      padLeft: g.padBegin[1] as number,
    };
    const imageSize = p.outChannels * p.outSize;
    for (let n = 0; n < p.batch; n++) {
      winogradConv(p.x, n * p.channels * p.inSize, u, p.bias, p.out, n * imageSize, shape);
      if (this.epilogue.kind !== 'none') applyActivationRange(p.out, n * imageSize, (n + 1) * imageSize, this.epilogue);
    }
  }

  /**
   * Per image and group, tile by tile over the output positions: the GEMM's B operand is the input
   * itself (pointwise) or an im2col tile; bias and activation are applied while the tile is in cache.
   */
  private runGemm(p: ConvProblem, im2col: Im2col | undefined): void {
    const perGroup = p.outChannels / this.group;
    const k = im2col ? im2col.rows : p.groupChannels;
    // A pointwise conv's B is the input itself, so one call takes every position (each call packs
    // the weights again); an im2col tile is bounded to stay in L2.
    const tile = im2col ? Math.min(p.outSize, Math.max(64, Math.floor(TILE_FLOATS / k / 8) * 8)) : p.outSize;
    const cols = im2col ? scratchFloats('conv-im2col', k * tile) : undefined;
    for (let n = 0; n < p.batch; n++) {
      for (let gi = 0; gi < this.group; gi++) {
        const xOff = (n * p.channels + gi * p.groupChannels) * p.inSize;
        const outOff = (n * p.outChannels + gi * perGroup) * p.outSize;
        for (let p0 = 0; p0 < p.outSize; p0 += tile) {
          const nc = Math.min(tile, p.outSize - p0);
          if (im2col && cols) im2col.fill(p.x, xOff, p0, p0 + nc, cols);
          gemm({
            m: perGroup,
            n: nc,
            k,
            a: p.w,
            aOffset: gi * perGroup * k,
            lda: k,
            ...(cols ? { b: cols, ldb: nc } : { b: p.x, bOffset: xOff + p0, ldb: p.inSize }),
            c: p.out,
            cOffset: outOff + p0,
            ldc: p.outSize,
          });
          applyEpilogue(p.out, outOff + p0, perGroup, nc, p.outSize, p.bias, gi * perGroup, this.epilogue);
        }
      }
    }
  }

  /** Geometry and algorithm for an input shape; cached, as shapes rarely change between runs. */
  private plan(inShape: readonly number[], wDims: readonly number[]): ConvPlan {
    const key = `${inShape.join()}|${wDims.join()}`;
    if (this.cached?.key === key) return this.cached;
    const kernel = wDims.slice(2);
    const geometry = windowGeometry(this.attrs, inShape, kernel);
    const pointwise =
      kernel.every((v) => v === 1) &&
      geometry.strides.every((v) => v === 1) &&
      geometry.padBegin.every((v) => v === 0) &&
      geometry.padEnd.every((v) => v === 0);
    let path: ConvPlan['path'] = 'gemm';
    if (wDims[1] === 1 && inShape.length === 2) path = 'depthwise';
    else if (inShape.length === 2 && this.winogradApplies(wDims)) path = 'winograd';
    const im2col = path === 'gemm' && !pointwise ? new Im2col(geometry, wDims[1] as number) : undefined;
    this.cached = { key, geometry, path, im2col };
    return this.cached;
  }
}

interface ConvPlan {
  readonly key: string;
  readonly geometry: WindowGeometry;
  readonly path: 'depthwise' | 'winograd' | 'gemm';
  /** For the GEMM path: the im2col of a non-pointwise kernel. */
  readonly im2col: Im2col | undefined;
}

/** One run's operands and sizes. */
interface ConvProblem {
  readonly x: Float32Array;
  readonly w: Float32Array;
  readonly bias: Float32Array | undefined;
  readonly out: Float32Array;
  readonly batch: number;
  readonly channels: number;
  readonly outChannels: number;
  readonly groupChannels: number;
  readonly inSize: number;
  readonly outSize: number;
  readonly geometry: WindowGeometry;
}

export const Conv: readonly KernelDefinition[] = [
  {
    op: 'Conv',
    sinceVersion: 1,
    dtypes: ['float32'],
    epilogues: FUSABLE_ACTIVATIONS,
    notes:
      'Any spatial rank; depthwise 2-D direct, 1×1 as GEMM, 3×3 stride 1 by Winograd F(4×4, 3×3), otherwise tiled im2col + GEMM; fused activation epilogue.',
    check,
    create: (node, ctx) => new ConvKernel(node, ctx),
  },
];
