import { JOB } from '../job-kinds.js';
import type { WasmRuntime } from '../runtime.js';
import { TASKS_PER_THREAD, threadsFor } from './shared.js';

/** Floats of packed A one task aims to keep in L1/L2. */
const A_BLOCK_FLOATS = 16 * 1024;
/** Floats of B one task packs (when B is not packed at compile). */
const B_BLOCK_FLOATS = 48 * 1024;

/** One batched GEMM for wasm/gemm.c's matmul job: C[b] = op(A[b]) · op(B[b]) (+ biases, clamp, program). */
export interface MatmulJob {
  readonly a: number;
  readonly lda: number;
  readonly transA: boolean;
  /** Floats between batches of A; 0 when every batch reads the same A. */
  readonly aBatchStride: number;
  /** B's address: its panels when `bPacked`. */
  readonly b: number;
  readonly ldb: number;
  readonly transB: boolean;
  readonly bBatchStride: number;
  readonly bPacked: boolean;
  readonly c: number;
  readonly ldc: number;
  readonly cBatchStride: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batches: number;
  /** Elementwise program applied to each finished tile, or 0. */
  readonly program: number;
  /** Bias per row of C, or 0. */
  readonly rowBias?: number;
  /** Bias per column of C (Gemm's C), or 0. */
  readonly colBias?: number;
  readonly lo?: number;
  readonly hi?: number;
}

/**
 * Splits the GEMM into tasks (row blocks of A times column blocks of B, per batch) and runs it. Row
 * blocks keep packed A in cache; with threads, they are made smaller until each thread has a few
 * tasks. At most 4095 tasks (the job word's limit).
 */
export function runMatmulJob(rt: WasmRuntime, j: MatmulJob): void {
  const { m: rows, n, k, batches } = j;
  const threads = threadsFor(rt.threads, batches * rows * n * k);
  let mBlock = Math.max(4, Math.min(Math.ceil(rows / 4) * 4, Math.floor(A_BLOCK_FLOATS / k / 4) * 4));
  const nBlock = j.bPacked
    ? Math.ceil(n / 8) * 8
    : Math.max(8, Math.min(Math.ceil(n / 8) * 8, Math.floor(B_BLOCK_FLOATS / k / 8) * 8));
  const nBlocks = Math.ceil(n / nBlock);
  let mBlocks = Math.ceil(rows / mBlock);
  if (threads > 1 && batches * nBlocks * mBlocks < TASKS_PER_THREAD * threads) {
    mBlock = Math.max(4, Math.ceil(rows / Math.ceil((TASKS_PER_THREAD * threads) / (batches * nBlocks)) / 4) * 4);
    mBlocks = Math.ceil(rows / mBlock);
  }
  while (batches * nBlocks * mBlocks > 4095) {
    mBlock *= 2;
    mBlocks = Math.ceil(rows / mBlock);
  }
  const ints = [
    j.a,
    j.lda,
    j.transA ? 1 : 0,
    j.aBatchStride,
    j.b,
    j.ldb,
    j.transB ? 1 : 0,
    j.bBatchStride,
    j.bPacked ? 1 : 0,
    j.c,
    j.ldc,
    j.cBatchStride,
    rows,
    n,
    k,
    batches,
    mBlock,
    mBlocks,
    nBlock,
    nBlocks,
    j.program,
    j.rowBias ?? 0,
    j.colBias ?? 0,
  ];
  const scratch = (mBlock * k + (j.bPacked ? 0 : nBlock * k) + 64) * 4;
  const bounds = [j.lo ?? Number.NEGATIVE_INFINITY, j.hi ?? Number.POSITIVE_INFINITY];
  rt.run(JOB.matmul, ints, bounds, batches * mBlocks * nBlocks, scratch, batches * rows * n * k);
}
