import {
  attrInt,
  type CompileContext,
  type Node,
  readWindowAttributes,
  type WindowAttributes,
  windowGeometry,
} from '@tessera/core';
import { JOB } from '../job-kinds.js';
import type { WasmKernel, WasmKernelContext, WasmKernelFactory } from '../kernel-types.js';
import type { WasmRuntime } from '../runtime.js';
import type { WasmValue } from '../values.js';
import { constantFloats, stageFloats } from '../weights.js';
import { DEPTHWISE_ADDRESS, DEPTHWISE_MAX_TAPS, type DepthwiseJob, WasmDepthwise } from './depthwise-conv.js';
import { type ConvGeometry, clampRange, pickBlocks, TASKS_PER_THREAD, threadsFor } from './shared.js';

/**
 * 2-D Conv on the WebAssembly kernels, with constant weights packed at compile:
 * - depthwise (one input channel per group, up to 64 taps): the direct kernels (depthwise-conv.ts);
 * - dense 3×3 stride 1 undilated with ≥ 16 channels in and out: Winograd F(4×4, 3×3);
 * - everything else (1×1 included): im2col packed straight into GEMM panels + the 4×8 micro-kernel.
 * Bias, Relu/Clip and a fused elementwise chain are applied while each output block is in cache.
 */
const WINOGRAD_MIN_CHANNELS = 16;
/** Floats of V (36 · C · tiles) one Winograd task aims to keep in L2. */
const WINOGRAD_V_FLOATS = 2200 * 36;
/** Bytes of packed im2col panels one GEMM task aims to keep in L2. */
const GEMM_B_BYTES = 192 * 1024;

type Path = 'depthwise' | 'winograd' | 'gemm';

/** A conv's geometry for one input shape. */
interface ConvShape {
  readonly input: readonly [n: number, c: number, h: number, w: number];
  readonly outDims: readonly number[];
  /** Whether the output has no elements (nothing to run). */
  readonly empty: boolean;
  readonly geometry: ConvGeometry;
  /** A depthwise conv's job, addresses filled in per run. */
  readonly depthwise: DepthwiseJob | undefined;
}

class WasmConv implements WasmKernel {
  readonly takesEpilogue = true;
  private readonly attrs: WindowAttributes;
  private readonly group: number;
  private readonly lo: number;
  private readonly hi: number;
  private readonly weights: number;
  private readonly bias: number;
  private readonly depthwise: WasmDepthwise | undefined;
  /** The last input shape's geometry: runs of a model usually repeat one shape. */
  private lastShape: ConvShape | undefined;

  constructor(
    private readonly rt: WasmRuntime,
    node: Node,
    private readonly wDims: readonly [number, number, number, number],
    w: Float32Array,
    bias: Float32Array | undefined,
    private readonly path: Path,
  ) {
    this.attrs = readWindowAttributes(node);
    this.group = attrInt(node, 'group', 1);
    [this.lo, this.hi] = clampRange(node);
    const [oc, cg, kh, kw] = wDims;
    if (path === 'depthwise') {
      const { strides = [1, 1], dilations = [1, 1] } = this.attrs;
      this.depthwise = new WasmDepthwise(rt, w, bias, wDims, this.group, strides, dilations);
      this.weights = this.bias = 0;
      return;
    }
    this.bias = bias ? stageFloats(rt, bias) : 0;
    if (path === 'winograd') {
      const raw = stageFloats(rt, w);
      this.weights = rt.heap.alloc(36 * Math.ceil(oc / 4) * 4 * cg * 4);
      rt.exports.winograd_weights(raw, oc, cg, this.weights);
      rt.heap.free(raw);
    } else {
      const raw = stageFloats(rt, w);
      const k = cg * kh * kw;
      const perGroup = oc / this.group;
      const panelBytes = Math.ceil(perGroup / 4) * 4 * k * 4;
      this.weights = rt.heap.alloc(panelBytes * this.group);
      for (let g = 0; g < this.group; g++)
        rt.exports.pack_a(raw + g * perGroup * k * 4, k, 0, perGroup, k, this.weights + g * panelBytes);
      rt.heap.free(raw);
    }
  }

  run(inputs: readonly (WasmValue | undefined)[], ctx: WasmKernelContext): WasmValue[] | undefined {
    const x = inputs[0];
    if (x?.dtype !== 'float32' || x.dims.length !== 4) return undefined;
    const shape = this.shapeFor(x.dims as readonly [number, number, number, number]);
    if (!shape) return undefined;
    const out = ctx.output(shape.outDims);
    if (shape.empty) return [out];
    const program = ctx.epilogue(shape.outDims, 2);
    const xa = ctx.address(x);
    const [n, c, h, w, oc, oh, ow] = shape.geometry.dims;
    const [kh, kw, sh, sw, ph, pw, dh, dw] = shape.geometry.window;
    if (shape.depthwise) {
      const job = shape.depthwise;
      job.ints[DEPTHWISE_ADDRESS.x] = xa;
      job.ints[DEPTHWISE_ADDRESS.out] = out.address;
      job.ints[DEPTHWISE_ADDRESS.program] = program;
      this.rt.run(job.kind, job.ints, job.floats, job.tasks, job.scratchBytes, job.work);
    } else if (this.path === 'winograd') {
      this.runWinograd(xa, out.address, program, n, c, h, w, oc, oh, ow, ph, pw);
    } else {
      const [, cg] = this.wDims;
      const k = cg * kh * kw;
      const p = oh * ow;
      const perGroup = oc / this.group;
      const maxNBlock = Math.max(8, Math.floor(GEMM_B_BYTES / (k * 4) / 8) * 8);
      const b = pickBlocks(p, perGroup, n * this.group, threadsFor(this.rt.threads, n * oc * p * k), maxNBlock);
      const ints = [
        xa,
        out.address,
        this.weights,
        this.bias,
        program,
        ...shape.geometry.dims,
        this.group,
        kh,
        kw,
        sh,
        sw,
        ph,
        pw,
        dh,
        dw,
      ];
      const blocks = [b.nBlock, b.nBlocks, b.mBlock, b.mBlocks];
      this.rt.run(JOB.convGemm, [...ints, ...blocks], shape.geometry.clamp, b.tasks, k * b.nBlock * 4, n * oc * p * k);
    }
    return [out];
  }

  /**
   * The geometry of a run on an input of `dims`, worked out on the first run with those dims and kept
   * (with a depthwise conv's whole job) while they stay the same; undefined when the channels do not
   * match the weights.
   */
  private shapeFor(dims: readonly [number, number, number, number]): ConvShape | undefined {
    const [n, c, h, w] = dims;
    const last = this.lastShape;
    if (last && last.input[0] === n && last.input[1] === c && last.input[2] === h && last.input[3] === w) return last;
    const [oc, cg, kh, kw] = this.wDims;
    if (c !== cg * this.group) return undefined;
    const g = windowGeometry(this.attrs, [h, w], [kh, kw]);
    const [oh, ow] = g.outShape as [number, number];
    const [sh, sw] = g.strides as [number, number];
    const [ph, pw] = g.padBegin as [number, number];
    const [dh, dw] = g.dilations as [number, number];
    const geometry: ConvGeometry = {
      dims: [n, c, h, w, oc, oh, ow],
      window: [kh, kw, sh, sw, ph, pw, dh, dw],
      clamp: [this.lo, this.hi],
    };
    const empty = n * oc * oh * ow === 0;
    const shape: ConvShape = {
      input: [n, c, h, w],
      outDims: [n, oc, oh, ow],
      empty,
      geometry,
      depthwise: this.depthwise && !empty ? this.depthwise.prepare(geometry) : undefined,
    };
    this.lastShape = shape;
    return shape;
  }

  private runWinograd(
    xa: number,
    outAddress: number,
    program: number,
    n: number,
    c: number,
    h: number,
    w: number,
    oc: number,
    oh: number,
    ow: number,
    ph: number,
    pw: number,
  ): void {
    const tilesH = Math.ceil(oh / 4);
    const tilesW = Math.ceil(ow / 4);
    const target = Math.max(16, Math.min(64, Math.floor(WINOGRAD_V_FLOATS / 36 / c)));
    const tbw = Math.min(Math.ceil(tilesW / 4) * 4, Math.max(4, Math.floor(target / 4) * 4));
    let tbh = Math.max(1, Math.min(tilesH, Math.floor(target / tbw)));
    let blocks = n * Math.ceil(tilesH / tbh) * Math.ceil(tilesW / tbw);
    while (blocks > 4095) {
      tbh *= 2;
      blocks = n * Math.ceil(tilesH / tbh) * Math.ceil(tilesW / tbw);
    }
    const work = 36 * n * oc * c * tilesH * tilesW;
    // Extra tasks repeat the input transform, a loss when the calling thread would run them all.
    const threads = this.rt.sharesWork(work) ? threadsFor(this.rt.threads, work) : 1;
    const wanted = TASKS_PER_THREAD * threads;
    // Splitting output channels makes every task transform the same input tiles again (0.35 ms for
    // 16 tiles of 256 channels, a tenth of such a layer), so tiles are what threads share. Only a map
    // too small to give every thread a block of tiles (ResNet-50's 14×14 stage: 16 tiles) splits its
    // output channels, once per thread: four tasks per thread made those layers, and 28×28 ones with
    // a channel split, 10–40% slower on two threads. Cutting such a map's tiles finer would make each
    // task stream all of U (36·OC·C weights, 9 MB there) for a handful of tiles.
    let ocBlocks = 1;
    if (threads > 1 && blocks < threads) {
      ocBlocks = Math.min(Math.ceil(oc / 16), Math.ceil(threads / blocks));
    } else {
      // A block count that the threads divide keeps the last round of blocks from leaving a thread idle.
      for (let rows = tbh; threads > 1 && blocks % threads !== 0 && blocks < 4 * wanted && rows >= 1; rows--) {
        const b = n * Math.ceil(tilesH / rows) * Math.ceil(tilesW / tbw);
        if (b % threads === 0 || b >= 4 * wanted) {
          tbh = rows;
          blocks = b;
        }
      }
    }
    const ocBlock = Math.ceil(Math.ceil(oc / ocBlocks) / 16) * 16;
    ocBlocks = Math.ceil(oc / ocBlock);
    const tp = Math.ceil((tbh * tbw) / 8) * 8;
    const scratch = (36 * c * tp + 36 * 16 * tp + 6 * (4 * tbw + 8) + 36 * 4 + 64) * 4;
    const ints = [xa, outAddress, this.weights, this.bias, program, n, c, h, w, oc, oh, ow, ph, pw];
    const blocking = [tilesH, tilesW, tbh, tbw, Math.ceil(tilesH / tbh), Math.ceil(tilesW / tbw), ocBlock, ocBlocks];
    this.rt.run(JOB.winograd, [...ints, ...blocking], [this.lo, this.hi], blocks * ocBlocks, scratch, work);
  }

  dispose(): void {
    this.depthwise?.dispose();
    if (this.weights) this.rt.heap.free(this.weights);
    if (this.bias) this.rt.heap.free(this.bias);
  }
}

function choosePath(node: Node, ctx: CompileContext, wDims: readonly number[], group: number): Path | undefined {
  const [oc, cg, kh, kw] = wDims as [number, number, number, number];
  const attrs = readWindowAttributes(node);
  if (cg === 1 && group > 1) {
    if (kh * kw > DEPTHWISE_MAX_TAPS) return undefined;
    return 'depthwise';
  }
  const unit = (v: readonly number[] | undefined) => !v || v.every((x) => x === 1);
  if (
    group === 1 &&
    kh === 3 &&
    kw === 3 &&
    unit(attrs.strides) &&
    unit(attrs.dilations) &&
    cg >= WINOGRAD_MIN_CHANNELS &&
    oc >= WINOGRAD_MIN_CHANNELS
  ) {
    // Tiny known outputs (a 7×7 map is four mostly wasted 4×4 tiles) go to the GEMM.
    const xs = ctx.value(node.inputs[0] as string).type;
    const spatial = xs?.kind === 'tensor' ? xs.shape?.slice(2) : undefined;
    const small = spatial?.every((d) => typeof d === 'number') && (spatial as number[]).every((d) => d < 12);
    if (!small) return 'winograd';
  }
  return 'gemm';
}

export const wasmConv: WasmKernelFactory = (node, ctx, rt) => {
  if (node.op !== 'Conv' || node.domain !== '') return undefined;
  const w = ctx.value(node.inputs[1] ?? '').constant;
  const wData = constantFloats(w);
  if (!w || !wData || w.dims.length !== 4) return undefined;
  const biasName = node.inputs[2];
  const biasTensor = biasName ? ctx.value(biasName).constant : undefined;
  if (biasName && !biasTensor) return undefined;
  const bias = biasTensor ? constantFloats(biasTensor) : undefined;
  if (biasTensor && (!bias || bias.length !== w.dims[0])) return undefined;
  const xt = ctx.value(node.inputs[0] ?? '').type;
  if (xt?.kind !== 'tensor' || xt.dtype !== 'float32' || (xt.shape && xt.shape.length !== 4)) return undefined;
  const group = attrInt(node, 'group', 1);
  if (!(group >= 1) || (w.dims[0] as number) % group !== 0) return undefined;
  const path = choosePath(node, ctx, w.dims, group);
  if (!path) return undefined;
  return new WasmConv(rt, node, w.dims as [number, number, number, number], wData, bias, path);
};
