import type { Node, ResizeAxisMap, Tensor } from '@tessera/core';
import { planResize } from '../../util/resize-plan.js';
import { JOB } from '../job-kinds.js';
import type { WasmKernel, WasmKernelContext, WasmKernelFactory } from '../kernel-types.js';
import type { WasmRuntime } from '../runtime.js';
import type { WasmValue } from '../values.js';
import { unitsPerTask } from './shared.js';

/** Most taps per axis the WebAssembly Resize takes (nearest 1, linear 2, cubic 4; antialiasing widens them). */
const MAX_TAPS = 8;

/** The tap tables of one plan in the kernels' memory, kept while the input dims and scales stay the same. */
interface StagedTables {
  readonly key: string;
  readonly blocks: readonly number[];
  readonly ints: readonly number[];
}

/**
 * Resize of the last two axes of a 4-D float32 tensor (N and C unchanged) on the WebAssembly kernels
 * (wasm/resize.c), from the TypeScript kernel's own per-axis tables, so both pick the same inputs.
 * Other cases (other axes, extrapolated tf_crop_and_resize outputs, wide antialiasing filters) run
 * on the TypeScript kernel.
 */
class WasmResize implements WasmKernel {
  readonly takesEpilogue = false;
  private staged: StagedTables | undefined;

  constructor(
    private readonly rt: WasmRuntime,
    private readonly node: Node,
  ) {}

  run(inputs: readonly (WasmValue | undefined)[], ctx: WasmKernelContext): WasmValue[] | undefined {
    const x = inputs[0];
    if (x?.dtype !== 'float32' || x.dims.length !== 4) return undefined;
    const others = inputs.map((v, i) => (i > 0 && v ? v.tensor(this.rt) : undefined));
    const key = `${x.dims.join(',')}|${others.map((t) => (t ? Array.from(t.data as ArrayLike<number | bigint>).join(',') : '')).join('|')}`;
    const tables = this.staged?.key === key ? this.staged : this.stage(key, x.dims, others);
    if (!tables) return undefined;
    const [n, c, h, w] = x.dims as [number, number, number, number];
    const [oh, ow, taps] = tables.ints as [number, number, number];
    const out = ctx.output([n, c, oh, ow]);
    const planes = n * c;
    if (planes * oh * ow === 0) return [out];
    const per = unitsPerTask(this.rt.threads, planes, oh * ow);
    const ints = [ctx.address(x), out.address, planes, h, w, ...tables.ints, per];
    this.rt.run(JOB.resize, ints, [], Math.ceil(planes / per), taps * (ow + 8) * 4, planes * oh * ow * taps);
    return [out];
  }

  /** Computes and stages the tables for these dims, or returns undefined when the case is not one this kernel takes. */
  private stage(key: string, dims: readonly number[], others: readonly (Tensor | undefined)[]): StagedTables | undefined {
    const plan = planResize(this.node, dims, others);
    const [mn, mc, mh, mw] = plan.maps as [ResizeAxisMap, ResizeAxisMap, ResizeAxisMap, ResizeAxisMap];
    if (!mn.identity || !mc.identity) return undefined;
    if (mh.outside.includes(1) || mw.outside.includes(1) || mh.taps > MAX_TAPS || mw.taps > MAX_TAPS) return undefined;
    const [oh, ow] = [plan.outDims[2] as number, plan.outDims[3] as number];
    this.release();
    const blocks = [this.stageInts(mh.index), this.stageFloats(mh.weight), this.stageInts(mw.index), this.stageFloats(mw.weight)];
    const factor = mh.taps === 1 && mw.taps === 1 ? integerFactor(mw.index, dims[3] as number) : 0;
    this.staged = { key, blocks, ints: [oh, ow, mh.taps, mw.taps, ...blocks, factor] };
    return this.staged;
  }

  private stageInts(values: Int32Array): number {
    const address = this.rt.heap.alloc(values.length * 4);
    this.rt.i32.set(values, address >> 2);
    return address;
  }

  private stageFloats(values: Float64Array): number {
    const address = this.rt.heap.alloc(values.length * 4);
    this.rt.f32.set(values, address >> 2);
    return address;
  }

  private release(): void {
    for (const b of this.staged?.blocks ?? []) this.rt.heap.free(b);
    this.staged = undefined;
  }

  dispose(): void {
    this.release();
  }
}

/** f when a nearest axis maps output i to input ⌊i / f⌋ for f in 2, 4, 8 (whole-factor upsampling); else 0. */
function integerFactor(index: Int32Array, inSize: number): number {
  for (const f of [2, 4, 8]) {
    if (index.length !== f * inSize) continue;
    let ok = true;
    for (let i = 0; i < index.length && ok; i++) ok = index[i] === Math.floor(i / f);
    if (ok) return f;
  }
  return 0;
}

export const wasmResize: WasmKernelFactory = (node, ctx, rt) => {
  if (node.op !== 'Resize' || node.domain !== '') return undefined;
  const xt = ctx.value(node.inputs[0] ?? '').type;
  if (xt?.kind !== 'tensor' || xt.dtype !== 'float32') return undefined;
  return new WasmResize(rt, node);
};
