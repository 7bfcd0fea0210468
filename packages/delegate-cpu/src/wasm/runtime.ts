import { WasmHeap } from './heap.js';
import { KERNELS_SINGLE_BASE64, KERNELS_THREADED_BASE64 } from './kernels-binary.js';
import { ThreadPool } from './thread-pool.js';

/** The exports of the kernel module (wasm/*.c) that JavaScript calls. */
interface KernelExports {
  readonly __heap_base: WebAssembly.Global;
  readonly __stack_pointer: WebAssembly.Global;
  run_tasks(job: number, gen: number, tid: number): number;
  pack_a(a: number, lda: number, trans: number, m: number, k: number, ap: number): void;
  pack_b(b: number, ldb: number, trans: number, k: number, n: number, bp: number): void;
  winograd_weights(w: number, oc: number, c: number, u: number): void;
  pool_scratch(oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number): number;
  depthwise_scratch(
    h: number,
    w: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
  ): number;
  depthwise_c4_scratch(oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number): number;
  depthwise_s2_scratch(ow: number): number;
}

/** Job block layout (wasm/common.h): header words, then ints at word 8, floats at word 64. */
const JOB_WORDS = 72;
const JOB_INTS_AT = 8;
const JOB_FLOATS_AT = 64;
const MAX_TASKS = 4095;
const WORKER_STACK_BYTES = 256 * 1024;
const INITIAL_PAGES = 256;
const MAX_PAGES = 32768;

/** Work (about one multiply-add each) worth waking a sleeping worker for: a wake-up takes tens of microseconds. */
const WAKE_MIN_WORK = 4_000_000;
/** Polls of the finished-task counter before the publishing thread sleeps on it (about 10 µs). */
const WAIT_SPIN = 1000;
/** Longest single sleep on the counter (a safety net: the last task's notify ends it). */
const WAIT_TIMEOUT_MS = 20;

const modules = new Map<string, Promise<WebAssembly.Module>>();

/** Whether this thread may block in Atomics.wait (not a browser page's main thread). */
function threadMayBlock(memory: WebAssembly.Memory): boolean {
  try {
    // A value that cannot match returns 'not-equal' at once where waiting is allowed, and throws where not.
    const probe = new Int32Array(memory.buffer, 0, 1);
    Atomics.wait(probe, 0, Atomics.load(probe, 0) + 1, 0);
    return true;
  } catch {
    return false;
  }
}

function compiledModule(threaded: boolean): Promise<WebAssembly.Module> {
  const key = threaded ? 'threaded' : 'single';
  let m = modules.get(key);
  if (!m) {
    m = WebAssembly.compile(decodeBase64(threaded ? KERNELS_THREADED_BASE64 : KERNELS_SINGLE_BASE64));
    modules.set(key, m);
  }
  return m;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * One instance of the kernels over one memory: the heap that tensors and packed weights live in, the
 * job block, per-thread scratch, and (when threads > 1) the worker pool. A CPU delegate owns one.
 */
export class WasmRuntime {
  private gen = 0;
  private scratchAddress = 0;
  private scratchStride = 0;
  private views: { buffer: ArrayBufferLike; i32: Int32Array; f32: Float32Array; u8: Uint8Array } | undefined;
  private disposed = false;
  private readonly mayBlock: boolean;
  private readonly counts = { sharedJobs: 0, workerTasks: 0 };

  private constructor(
    readonly memory: WebAssembly.Memory,
    private readonly ex: KernelExports,
    readonly heap: WasmHeap,
    private readonly job: number,
    private readonly pool: ThreadPool | undefined,
  ) {
    this.mayBlock = pool !== undefined && threadMayBlock(memory);
  }

  /** Threads that run jobs: the workers and the calling thread. */
  get threads(): number {
    return (this.pool?.size ?? 0) + 1;
  }

  get shared(): boolean {
    return this.pool !== undefined;
  }

  /**
   * Instantiates the kernels. With `threads` > 1 the threaded build runs on shared memory with
   * threads − 1 workers; the caller checks shared memory is available before asking for that.
   */
  static async create(threads: number): Promise<WasmRuntime> {
    const threaded = threads > 1;
    const module = await compiledModule(threaded);
    const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, ...(threaded ? { shared: true } : {}) });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const ex = instance.exports as unknown as KernelExports;
    const heap = new WasmHeap(memory, ex.__heap_base.value as number, MAX_PAGES * 65536);
    const job = heap.alloc(JOB_WORDS * 4);
    if (!threaded) return new WasmRuntime(memory, ex, heap, job, undefined);
    const control = heap.alloc(16);
    new Int32Array(memory.buffer, control, 4).fill(0);
    const stackTops: number[] = [];
    for (let t = 1; t < threads; t++) stackTops.push(heap.alloc(WORKER_STACK_BYTES) + WORKER_STACK_BYTES);
    const pool = await ThreadPool.start({ module, memory, control, job, stackTops });
    return new WasmRuntime(memory, ex, heap, job, pool);
  }

  get exports(): KernelExports {
    return this.ex;
  }

  /** Int32, Float32 and byte views of the whole memory, remade after it grows. */
  private view(): { i32: Int32Array; f32: Float32Array; u8: Uint8Array } {
    const buffer = this.memory.buffer;
    if (this.views?.buffer !== buffer) {
      this.views = { buffer, i32: new Int32Array(buffer), f32: new Float32Array(buffer), u8: new Uint8Array(buffer) };
    }
    return this.views;
  }

  get f32(): Float32Array {
    return this.view().f32;
  }

  get i32(): Int32Array {
    return this.view().i32;
  }

  get u8(): Uint8Array {
    return this.view().u8;
  }

  /**
   * Runs job `kind` with its arguments over `tasks` tasks, each thread with `scratchBytes` of scratch.
   * `work` (about one multiply-add each) decides whether sleeping workers are woken for it: below
   * WAKE_MIN_WORK only workers already awake (spinning after the last job) join, since waking one
   * takes longer than such a job. Returns when every task has finished.
   */
  run(kind: number, ints: readonly number[], floats: readonly number[], tasks: number, scratchBytes: number, work: number): void {
    if (this.disposed) throw new Error('WebAssembly kernels used after dispose()');
    if (tasks <= 0) return;
    if (tasks > MAX_TASKS) throw new RangeError(`job of ${tasks} tasks exceeds ${MAX_TASKS}`);
    this.ensureScratch(scratchBytes);
    const { i32, f32 } = this.view();
    const base = this.job >> 2;
    i32[base] = kind;
    i32[base + 3] = this.scratchAddress;
    i32[base + 4] = this.scratchStride;
    for (let i = 0; i < ints.length; i++) i32[base + JOB_INTS_AT + i] = ints[i] as number;
    for (let i = 0; i < floats.length; i++) f32[base + JOB_FLOATS_AT + i] = floats[i] as number;
    this.gen = (this.gen + 1) & 0x7fffffff;
    const gen = this.gen;
    Atomics.store(i32, base + 2, 0);
    Atomics.store(i32, base + 1, ((gen & 0xff) << 24) | (tasks << 12));
    const parallel = tasks > 1 && this.sharesWork(work);
    if (parallel) this.pool?.publish(gen);
    const ranHere = this.ex.run_tasks(this.job, gen, 0);
    if (parallel) {
      this.awaitTasks(base + 2, tasks);
      this.counts.sharedJobs++;
      this.counts.workerTasks += tasks - ranHere;
    }
  }

  /**
   * Whether a job of `work` would be offered to the workers now: it is big enough to wake them, or one
   * is still awake. Kernels whose extra tasks repeat work (Winograd's channel split) plan for one
   * thread when it would not.
   */
  sharesWork(work: number): boolean {
    return this.pool !== undefined && (work >= WAKE_MIN_WORK || this.pool.awake() > 0);
  }

  /** Jobs offered to the workers so far, and the tasks the workers ran. */
  get stats(): { readonly sharedJobs: number; readonly workerTasks: number } {
    return { ...this.counts };
  }

  /**
   * Waits until `tasks` tasks have finished: a short spin (a worker's last task is usually about to
   * end), then, where this thread may block, Atomics.wait on the counter, which the thread finishing
   * the last task notifies, so a waiting thread gives its core to a worker that was descheduled
   * holding a task instead of spinning against it. A browser page's main thread may not block: it
   * spins.
   */
  private awaitTasks(index: number, tasks: number): void {
    const i32 = this.view().i32;
    for (let spin = 0; ; spin++) {
      const done = Atomics.load(i32, index);
      if (done >= tasks) return;
      if (spin >= WAIT_SPIN && this.mayBlock) Atomics.wait(i32, index, done, WAIT_TIMEOUT_MS);
    }
  }

  private ensureScratch(bytes: number): void {
    if (bytes <= this.scratchStride) return;
    if (this.scratchAddress) this.heap.free(this.scratchAddress);
    const stride = Math.ceil((bytes * 1.25) / 64) * 64;
    this.scratchAddress = this.heap.alloc(stride * this.threads);
    this.scratchStride = stride;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pool?.terminate();
  }
}
