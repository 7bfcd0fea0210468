import type { Node } from '@tessera/core';
import type { WasmKernel, WasmKernelContext, WasmKernelFactory } from '../kernel-types.js';
import type { WasmRuntime } from '../runtime.js';
import type { WasmValue } from '../values.js';
import { constantFloats, stageFloats } from '../weights.js';
import { runMatmulJob } from './matmul-job.js';

/**
 * MatMul on the packed GEMM (float32, both operands at least 2-D). A constant 2-D right-hand side is
 * packed once at compile and every row of every batch of A runs as one GEMM; otherwise each batch
 * is a GEMM with its operands packed per task. Batch dims broadcast when one side's are all 1.
 */
class WasmMatMul implements WasmKernel {
  readonly takesEpilogue = true;
  private readonly packedB: number;
  private readonly bDims: readonly number[] | undefined;

  constructor(
    private readonly rt: WasmRuntime,
    constantB: { data: Float32Array; dims: readonly number[] } | undefined,
  ) {
    this.bDims = constantB?.dims;
    if (constantB) {
      const [k, n] = constantB.dims as [number, number];
      const raw = stageFloats(rt, constantB.data);
      this.packedB = rt.heap.alloc(Math.ceil(n / 8) * 8 * k * 4);
      rt.exports.pack_b(raw, n, 0, k, n, this.packedB);
      rt.heap.free(raw);
    } else {
      this.packedB = 0;
    }
  }

  run(inputs: readonly (WasmValue | undefined)[], ctx: WasmKernelContext): WasmValue[] | undefined {
    const a = inputs[0];
    const b = inputs[1];
    if (a?.dtype !== 'float32' || a.dims.length < 2) return undefined;
    const bDims = this.bDims ?? b?.dims;
    if (!bDims || bDims.length < 2 || (!this.bDims && b?.dtype !== 'float32')) return undefined;
    const ar = a.dims.length;
    const br = bDims.length;
    const m = a.dims[ar - 2] as number;
    const k = a.dims[ar - 1] as number;
    const n = bDims[br - 1] as number;
    if (bDims[br - 2] !== k) return undefined;
    const aBatch = a.dims.slice(0, ar - 2);
    const bBatch = bDims.slice(0, br - 2);
    const aCount = aBatch.reduce((p, d) => p * d, 1);
    const bCount = bBatch.reduce((p, d) => p * d, 1);
    let batchDims: readonly number[];
    if (bCount === 1 && (this.packedB || bBatch.length <= aBatch.length)) batchDims = aBatch;
    else if (aCount === 1 && aBatch.length <= bBatch.length) batchDims = bBatch;
    else if (aBatch.join() === bBatch.join()) batchDims = aBatch;
    else return undefined;
    const outDims = [...batchDims, m, n];
    const out = ctx.output(outDims);
    const batch = batchDims.reduce((p, d) => p * d, 1);
    if (batch * m * n === 0) return [out];
    if (k === 0) {
      this.rt.f32.fill(0, out.address >> 2, (out.address >> 2) + batch * m * n);
      return [out];
    }
    const program = ctx.epilogue(outDims, outDims.length - 1);
    // A constant B (the same for every batch) lets all rows of all batches run as one GEMM.
    const flat = this.packedB !== 0 && bCount === 1;
    runMatmulJob(this.rt, {
      a: ctx.address(a),
      lda: k,
      transA: false,
      aBatchStride: flat || aCount === 1 ? 0 : m * k,
      b: this.packedB || ctx.address(b as WasmValue),
      ldb: n,
      transB: false,
      bBatchStride: this.packedB || bCount === 1 ? 0 : k * n,
      bPacked: this.packedB !== 0,
      c: out.address,
      ldc: n,
      cBatchStride: m * n,
      m: flat ? batch * m : m,
      n,
      k,
      batches: flat ? 1 : batch,
      program,
    });
    return [out];
  }

  dispose(): void {
    if (this.packedB) this.rt.heap.free(this.packedB);
  }
}

export const wasmMatMul: WasmKernelFactory = (node: Node, ctx, rt) => {
  if (node.op !== 'MatMul' || node.domain !== '' || node.inputs.length !== 2) return undefined;
  const at = ctx.value(node.inputs[0] ?? '').type;
  const bInfo = ctx.value(node.inputs[1] ?? '');
  if (at?.kind !== 'tensor' || at.dtype !== 'float32') return undefined;
  if (bInfo.type?.kind !== 'tensor' || bInfo.type.dtype !== 'float32') return undefined;
  const c = bInfo.constant;
  const data = constantFloats(c);
  return new WasmMatMul(rt, c && data && c.dims.length === 2 ? { data, dims: c.dims } : undefined);
};
