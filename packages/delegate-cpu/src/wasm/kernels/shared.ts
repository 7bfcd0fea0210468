import { attrFloat, type Node } from '@tessera/core';

/** Fused activations a kernel applies as a clamp; others run as the first op of an epilogue chain. */
export const CLAMP_ACTIVATIONS: ReadonlySet<string> = new Set(['Relu', 'Clip']);

/** [lo, hi] of the node's fused Relu or Clip (the fusion pass stores Clip's bounds as attributes). */
export function clampRange(node: Node): [number, number] {
  const act = node.activation;
  if (act?.op === 'Relu') return [0, Number.POSITIVE_INFINITY];
  if (act?.op === 'Clip') {
    const holder = { ...node, attributes: act.attributes };
    return [attrFloat(holder, 'min', Number.NEGATIVE_INFINITY), attrFloat(holder, 'max', Number.POSITIVE_INFINITY)];
  }
  return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
}

export interface Blocks {
  readonly nBlock: number;
  readonly nBlocks: number;
  readonly mBlock: number;
  readonly mBlocks: number;
  readonly tasks: number;
}

/**
 * Splits a GEMM of `m` rows and `n` columns (repeated `outer` times) into tasks: column blocks of at
 * most `maxNBlock` (a multiple of 8), and, when that leaves too few tasks for the threads (see
 * threadsFor), row blocks (multiples of 4). At most 4095 tasks (the job word's limit).
 */
export function pickBlocks(n: number, m: number, outer: number, threads: number, maxNBlock: number): Blocks {
  let nBlock = Math.max(8, Math.min(Math.ceil(n / 8) * 8, maxNBlock));
  let nBlocks = Math.ceil(n / nBlock);
  let mBlocks = 1;
  const wanted = TASKS_PER_THREAD * threads;
  if (threads > 1 && outer * nBlocks < wanted) mBlocks = Math.min(Math.ceil(m / 4), Math.ceil(wanted / (outer * nBlocks)));
  let mBlock = Math.ceil(Math.ceil(m / mBlocks) / 4) * 4;
  mBlocks = Math.ceil(m / mBlock);
  // A task count the threads divide keeps the last round from leaving a thread idle: narrower column
  // blocks make it so where the job has only a few rounds.
  while (threads > 1 && (outer * nBlocks * mBlocks) % threads !== 0 && outer * nBlocks * mBlocks < 8 * threads) {
    const narrower = Math.max(8, Math.ceil(n / (nBlocks + 1) / 8) * 8);
    if (narrower >= nBlock) break;
    nBlock = narrower;
    nBlocks = Math.ceil(n / nBlock);
  }
  while (outer * nBlocks * mBlocks > 4095) {
    if (mBlocks > 1) {
      mBlock = Math.ceil(m / 4) * 4;
      mBlocks = 1;
    } else {
      nBlock *= 2;
      nBlocks = Math.ceil(n / nBlock);
    }
  }
  return { nBlock, nBlocks, mBlock, mBlocks, tasks: outer * nBlocks * mBlocks };
}

/** Work (about one multiply-add each) below which a job runs on the calling thread alone: waking the workers and waiting for them costs more than they save. */
export const PARALLEL_MIN_WORK = 500_000;
/** Tasks per thread a parallel job is cut into: enough for the dynamic hand-out to even out a slow thread, few enough to stay coarse. */
export const TASKS_PER_THREAD = 4;
/** Most tasks one job may have (the job word's 12 bits). */
export const MAX_TASKS = 4095;

/** Threads a job of `work` should use: one below PARALLEL_MIN_WORK, else all of them. */
export function threadsFor(threads: number, work: number): number {
  return work < PARALLEL_MIN_WORK ? 1 : threads;
}

/**
 * How many of `units` independent units (planes, rows, lines) one task takes, for a job whose units
 * cost about `unitWork` each: all of them in one task where there is one thread; one unit a task for a
 * small job on several (a worker still awake from the last job may take some); an even cut into a few
 * tasks per thread when the job is big enough to share.
 */
export function unitsPerTask(threads: number, units: number, unitWork: number): number {
  if (units <= 0) return 1;
  // Each task is a claim on the job word (an atomic compare-and-swap) and its own set-up: a
  // 14×14×512 depthwise conv cut into its 128 channel blocks ran 8% slower on one thread.
  if (threads <= 1) return units;
  if (units * unitWork < PARALLEL_MIN_WORK) return Math.ceil(units / MAX_TASKS);
  return Math.max(1, Math.ceil(units / Math.min(units, threads * TASKS_PER_THREAD)), Math.ceil(units / MAX_TASKS));
}

/** A 2-D conv's geometry for one input: input [n, c, h, w], output [n, oc, oh, ow], the window and its placement, the clamp. */
export interface ConvGeometry {
  readonly dims: readonly [n: number, c: number, h: number, w: number, oc: number, oh: number, ow: number];
  readonly window: readonly [kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, dh: number, dw: number];
  readonly clamp: readonly [lo: number, hi: number];
}
