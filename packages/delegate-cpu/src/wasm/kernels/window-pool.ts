import type { Node } from '@tessera/core';
import { readWindowAttributes, type WindowAttributes, windowGeometry } from '@tessera/core';
import { JOB } from '../job-kinds.js';
import type { WasmKernel, WasmKernelContext } from '../kernel-types.js';
import type { WasmRuntime } from '../runtime.js';
import type { WasmValue } from '../values.js';
import { unitsPerTask } from './shared.js';

/** How wasm/pool.c reduces a window: max, average counting padding, average over valid taps. */
export const POOL_MODE = { max: 0, averageCountingPads: 1, average: 2 } as const;
export type PoolMode = (typeof POOL_MODE)[keyof typeof POOL_MODE];

/**
 * MaxPool (without its Indices output) and AveragePool over 2-D windows on the WebAssembly kernels
 * (wasm/pool.c), planes split across threads; a fused elementwise chain runs on each plane as it is
 * finished.
 */
export class WasmWindowPool implements WasmKernel {
  readonly takesEpilogue = true;
  private readonly attrs: WindowAttributes;

  constructor(
    private readonly rt: WasmRuntime,
    node: Node,
    private readonly mode: PoolMode,
  ) {
    this.attrs = readWindowAttributes(node);
  }

  run(inputs: readonly (WasmValue | undefined)[], ctx: WasmKernelContext): WasmValue[] | undefined {
    const x = inputs[0];
    if (x?.dtype !== 'float32' || x.dims.length !== 4 || !this.attrs.kernel || this.attrs.kernel.length !== 2) return undefined;
    const [n, c, h, w] = x.dims as [number, number, number, number];
    const g = windowGeometry(this.attrs, [h, w]);
    const [oh, ow] = g.outShape as [number, number];
    const dims = [n, c, oh, ow];
    const out = ctx.output(dims);
    const planes = n * c;
    if (planes * oh * ow === 0) return [out];
    const program = ctx.epilogue(dims, 2);
    const [kh, kw] = g.kernel as [number, number];
    const [sh, sw] = g.strides as [number, number];
    const [ph, pw] = g.padBegin as [number, number];
    const [pb, pr] = g.padEnd as [number, number];
    const [dh, dw] = g.dilations as [number, number];
    const per = unitsPerTask(this.rt.threads, planes, oh * ow * kh * kw);
    const geometry = [h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw];
    const ints = [ctx.address(x), out.address, planes, ...geometry, this.mode, pb, pr, per, program];
    const scratch = this.mode === POOL_MODE.max ? this.rt.exports.pool_scratch(oh, ow, kh, kw, sh, sw, dh, dw) * 4 : 0;
    this.rt.run(JOB.pool, ints, [], Math.ceil(planes / per), scratch, planes * oh * ow * kh * kw);
    return [out];
  }

  dispose(): void {}
}
