import { attrFloat, attrInt, type Node } from '@tessera/core';
import type { WasmKernel, WasmKernelContext, WasmKernelFactory } from '../kernel-types.js';
import type { WasmRuntime } from '../runtime.js';
import type { WasmValue } from '../values.js';
import { constantFloats, stageFloats } from '../weights.js';
import { runMatmulJob } from './matmul-job.js';
import { clampRange } from './shared.js';

/**
 * Gemm as a fully connected layer: Y = alpha · op(A) · op(B) + beta · C with B a constant matrix and C
 * absent or a constant broadcast along rows (a scalar, [N] or [1, N]). alpha · op(B) is packed once at
 * compile and beta · C becomes a column bias added while each tile is in cache, before a fused
 * Relu/Clip. Other Gemms (B computed at run time, C per row or per element) stay on the TypeScript
 * kernel.
 */
class WasmGemm implements WasmKernel {
  readonly takesEpilogue = true;
  private readonly lo: number;
  private readonly hi: number;

  constructor(
    private readonly rt: WasmRuntime,
    node: Node,
    private readonly transA: boolean,
    private readonly k: number,
    private readonly n: number,
    private readonly packedB: number,
    private readonly columnBias: number,
  ) {
    [this.lo, this.hi] = clampRange(node);
  }

  run(inputs: readonly (WasmValue | undefined)[], ctx: WasmKernelContext): WasmValue[] | undefined {
    const a = inputs[0];
    if (a?.dtype !== 'float32' || a.dims.length !== 2) return undefined;
    const [rows, cols] = a.dims as [number, number];
    const m = this.transA ? cols : rows;
    if ((this.transA ? rows : cols) !== this.k) return undefined;
    const out = ctx.output([m, this.n]);
    if (m * this.n === 0) return [out];
    const program = ctx.epilogue([m, this.n], 1);
    runMatmulJob(this.rt, {
      a: ctx.address(a),
      lda: cols,
      transA: this.transA,
      aBatchStride: 0,
      b: this.packedB,
      ldb: this.n,
      transB: false,
      bBatchStride: 0,
      bPacked: true,
      c: out.address,
      ldc: this.n,
      cBatchStride: 0,
      m,
      n: this.n,
      k: this.k,
      batches: 1,
      program,
      colBias: this.columnBias,
      lo: this.lo,
      hi: this.hi,
    });
    return [out];
  }

  dispose(): void {
    this.rt.heap.free(this.packedB);
    if (this.columnBias) this.rt.heap.free(this.columnBias);
  }
}

/** beta · C as one value per output column, when C broadcasts along rows; undefined when it does not. */
function columnBias(c: { data: Float32Array; dims: readonly number[] }, n: number, beta: number): Float32Array | undefined {
  const { data, dims } = c;
  const perColumn = (dims.length === 1 && dims[0] === n) || (dims.length === 2 && dims[0] === 1 && dims[1] === n);
  const scalar = data.length === 1 && dims.length <= 2 && dims.every((d) => d === 1);
  if (!perColumn && !scalar) return undefined;
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = beta * (data[scalar ? 0 : j] as number);
  return out;
}

export const wasmGemm: WasmKernelFactory = (node: Node, ctx, rt) => {
  if (node.op !== 'Gemm' || node.domain !== '' || node.inputs.length < 2) return undefined;
  const at = ctx.value(node.inputs[0] ?? '').type;
  if (at?.kind !== 'tensor' || at.dtype !== 'float32') return undefined;
  const b = ctx.value(node.inputs[1] ?? '').constant;
  const bData = constantFloats(b);
  if (!b || !bData || b.dims.length !== 2) return undefined;
  const transB = attrInt(node, 'transB', 0) !== 0;
  const [rows, cols] = b.dims as [number, number];
  const [k, n] = transB ? [cols, rows] : [rows, cols];
  const alpha = attrFloat(node, 'alpha', 1);
  const beta = attrFloat(node, 'beta', 1);
  let bias: Float32Array | undefined;
  const cName = node.inputs[2];
  if (cName) {
    const c = ctx.value(cName).constant;
    const cData = constantFloats(c);
    if (!c || !cData) return undefined;
    bias = columnBias({ data: cData, dims: c.dims }, n, beta);
    if (!bias) return undefined;
  }
  // alpha folds into the packed weights: one multiply at compile instead of one per output.
  const raw = stageFloats(rt, alpha === 1 ? bData : bData.map((v) => alpha * v));
  const packedB = rt.heap.alloc(Math.ceil(n / 8) * 8 * k * 4);
  rt.exports.pack_b(raw, cols, transB ? 1 : 0, k, n, packedB);
  rt.heap.free(raw);
  const transA = attrInt(node, 'transA', 0) !== 0;
  return new WasmGemm(rt, node, transA, k, n, packedB, bias ? stageFloats(rt, bias) : 0);
};
