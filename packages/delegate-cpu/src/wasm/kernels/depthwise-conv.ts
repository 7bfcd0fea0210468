import { JOB } from '../job-kinds.js';
import type { WasmRuntime } from '../runtime.js';
import { stageFloats } from '../weights.js';
import { type ConvGeometry, unitsPerTask } from './shared.js';

/** Largest window the direct depthwise kernels take (wasm/depthwise.c: MAX_TAPS). */
export const DEPTHWISE_MAX_TAPS = 64;

/**
 * Output columns above which a 3×3 stride-2 depthwise conv reads the planes directly
 * (wasm/depthwise_s2.c) rather than four channels at a time. Measured on MobileNet's stride-2 layers,
 * kernel alone: 112² and 56² inputs run 10–20% faster from the planes, 28² about even, and 14²
 * (rows of 7 outputs, one of two vectors masked) 20% slower.
 */
const STRIDE2_MIN_COLUMNS = 8;

/**
 * Whether a depthwise conv with channel multiplier 1 runs four channels at a time
 * (wasm/depthwise_c4.c) rather than a plane at a time along rows (wasm/depthwise.c). Measured on
 * PaddleOCR and MobileNet layers: four channels win for 3×3 windows at every plane size and for
 * column-strided windows; plane rows win for unstrided 5×5 windows.
 */
function useChannelBlocks(kh: number, kw: number, columnStride: number): boolean {
  return kh * kw <= 9 || columnStride > 1;
}

/** [C][taps] → [⌈C/4⌉][taps][4]: one vector per tap holds four channels' weights, zeros past C. */
function interleaveFour(w: Float32Array, channels: number, taps: number): Float32Array {
  const out = new Float32Array(Math.ceil(channels / 4) * 4 * taps);
  for (let c = 0; c < channels; c++)
    for (let t = 0; t < taps; t++) out[((c >> 2) * taps + t) * 4 + (c & 3)] = w[c * taps + t] as number;
  return out;
}

function padToFour(v: Float32Array): Float32Array {
  const out = new Float32Array(Math.ceil(v.length / 4) * 4);
  out.set(v);
  return out;
}

/**
 * A depthwise job for one geometry, made once and run many times: a run writes its input, output and
 * epilogue program addresses into `ints` (DEPTHWISE_ADDRESS) and hands the rest to WasmRuntime.run.
 */
export interface DepthwiseJob {
  readonly kind: number;
  readonly ints: number[];
  readonly floats: readonly number[];
  readonly tasks: number;
  readonly scratchBytes: number;
  readonly work: number;
}

/** Where a depthwise job's ints take the run's addresses. */
export const DEPTHWISE_ADDRESS = { x: 0, out: 1, program: 4 } as const;

/**
 * Depthwise Conv (one input channel per group) on the direct kernels. Which kernel runs is decided per
 * run, from the output width and padding, so the weights are staged in each layout a kernel may need.
 */
export class WasmDepthwise {
  private readonly weights: number;
  private readonly bias: number;
  /** Four-channel layouts, when the channel multiplier is 1 and the window suits them. */
  private readonly blocked: { readonly weights: number; readonly bias: number } | undefined;
  private readonly stride2: boolean;

  constructor(
    private readonly rt: WasmRuntime,
    w: Float32Array,
    bias: Float32Array | undefined,
    wDims: readonly [number, number, number, number],
    group: number,
    strides: readonly number[],
    dilations: readonly number[],
  ) {
    const [oc, , kh, kw] = wDims;
    const columnStride = strides[1] ?? 1;
    this.blocked =
      oc === group && useChannelBlocks(kh, kw, columnStride)
        ? {
            weights: stageFloats(rt, interleaveFour(w, oc, kh * kw)),
            bias: bias ? stageFloats(rt, padToFour(bias)) : 0,
          }
        : undefined;
    this.stride2 = kh === 3 && kw === 3 && strides.every((s) => s === 2) && dilations.every((d) => d === 1);
    // The plane kernels' layout, where one of them may run.
    const planes = this.stride2 || !this.blocked;
    this.weights = planes ? stageFloats(rt, w) : 0;
    this.bias = planes && bias ? stageFloats(rt, bias) : 0;
  }

  /** The job for one geometry: which kernel, its arguments (addresses left 0) and its split into tasks. */
  prepare(g: ConvGeometry): DepthwiseJob {
    const [n, c, h, w, oc, oh, ow] = g.dims;
    const [kh, kw, sh, sw, ph, pw, dh, dw] = g.window;
    const threads = this.rt.threads;
    const work = n * oc * oh * ow * kh * kw;
    const job = (kind: number, weights: number, bias: number, per: number, units: number, scratchBytes: number) => ({
      kind,
      ints: [0, 0, weights, bias, 0, ...g.dims, ...g.window, per],
      floats: g.clamp,
      tasks: Math.ceil(units / per),
      scratchBytes,
      work,
    });
    // wasm/depthwise_s2.c takes one column of padding on either side (its loads may run 6 + that many
    // floats past a row, within the heap's 16 floats of slack) and at most one row on top.
    const rightPad = 2 * ow + 1 - pw - w;
    if (this.stride2 && ph <= 1 && pw <= 1 && rightPad <= 1 && ow > STRIDE2_MIN_COLUMNS) {
      const planes = n * oc;
      const per = unitsPerTask(threads, planes, oh * ow * kh * kw);
      const scratch = this.rt.exports.depthwise_s2_scratch(ow) * 4;
      return job(JOB.depthwiseS2, this.weights, this.bias, per, planes, scratch);
    }
    if (this.blocked) {
      const blocks = n * Math.ceil(c / 4);
      const per = unitsPerTask(threads, blocks, 4 * oh * ow * kh * kw);
      const scratch = this.rt.exports.depthwise_c4_scratch(oh, ow, kh, kw, sh, sw, dh, dw) * 4;
      return job(JOB.depthwiseC4, this.blocked.weights, this.blocked.bias, per, blocks, scratch);
    }
    const planes = n * oc;
    const per = unitsPerTask(threads, planes, oh * ow * kh * kw);
    const scratch = this.rt.exports.depthwise_scratch(h, w, oh, ow, kh, kw, sh, sw, dh, dw) * 4;
    return job(JOB.depthwise, this.weights, this.bias, per, planes, scratch);
  }

  dispose(): void {
    for (const address of [this.weights, this.bias, this.blocked?.weights ?? 0, this.blocked?.bias ?? 0])
      if (address) this.rt.heap.free(address);
  }
}
