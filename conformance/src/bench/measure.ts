import { type Tensor, TesseraError } from '@tessera/core';
import { Bench } from 'tinybench';
import type { CaseData } from './cases.js';
import { collectGarbage, type MemoryFigures, RssTracker } from './memory.js';
import { medianOpTimes } from './profile.js';
import type { BenchRuntime, LoadedCase, OpTime } from './runtimes/types.js';
import { type WarmStats, warmStats } from './stats.js';
import { type Verification, verifyOutputs } from './verify.js';

/** How long and how often each (case, runtime) pair runs. */
export interface TimingSettings {
  /** tinybench time budget per pair, in ms: timing goes on until both this and `iterations` are met. */
  readonly timeMs: number;
  /** Fewest timed runs per pair. */
  readonly iterations: number;
  /** Warm-up runs wanted before timing. */
  readonly warmupRuns: number;
  /** Warm-up time wanted before timing, in ms; see `warmUp` for how the two combine. */
  readonly warmupTimeMs: number;
  /** Times each pair is loaded, warmed and timed, the case's runtimes taking turns (see rounds.ts). */
  readonly rounds: number;
}

/**
 * ok: verified and timed. mismatch: outputs differ from the reference beyond tolerance, so it was
 * not timed (a fast wrong answer proves nothing). unsupported: the runtime declines the model (for
 * Tessera: the delegate does not take every node, and strict sessions do not fall back).
 */
export type ResultStatus = 'ok' | 'mismatch' | 'unsupported' | 'load-failed' | 'run-failed';

export interface BenchResult {
  readonly case: string;
  readonly runtime: string;
  readonly status: ResultStatus;
  readonly error?: string;
  /** Model load + session create (compile), ms. */
  readonly loadMs?: number;
  /** The first run after load, ms: what a one-shot user waits for on top of loadMs. */
  readonly firstRunMs?: number;
  readonly verification?: Verification;
  readonly warmup?: { readonly runs: number; readonly ms: number };
  readonly warm?: WarmStats;
  /** With several rounds: each round's warm median, in order (`warm.medianMs` is their median). */
  readonly roundMediansMs?: readonly number[];
  readonly memory?: MemoryFigures;
  /** Per-op time, each op's median over the timed runs (Tessera only), slowest first. */
  readonly profile?: readonly OpTime[];
}

export type Phase = 'load' | 'first run' | 'warm-up' | 'timing';

/** Errors that say "this runtime does not handle this model", not "it broke". */
const UNSUPPORTED_CODES: ReadonlySet<string> = new Set(['STRICT_FALLBACK', 'NO_DELEGATE', 'UNKNOWN_OP', 'UNSUPPORTED_DTYPE']);

function describe(error: unknown): string {
  if (error instanceof TesseraError) return `[${error.code}] ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs until it has done `warmupRuns` runs and spent `warmupTimeMs`; a case too slow for both stops
 * at 3 × warmupTimeMs. V8 compiles hot wasm and JS with its optimizing tier in the background, so a
 * fast case needs time, not only runs, before it reaches its steady state; a slow case gets there
 * within its first runs (each one calls every kernel many times).
 */
async function warmUp(loaded: LoadedCase, settings: TimingSettings, rss: RssTracker): Promise<{ runs: number; ms: number }> {
  const start = performance.now();
  let runs = 0;
  for (;;) {
    await loaded.run();
    rss.sample();
    runs++;
    const ms = performance.now() - start;
    const enough = runs >= settings.warmupRuns && ms >= settings.warmupTimeMs;
    if (enough || ms >= 3 * settings.warmupTimeMs) return { runs, ms };
  }
}

/**
 * The timed runs, through tinybench. Each sample is the run alone: the task times it and hands the
 * figure back as overriddenDuration, so the RSS sample and the profile read taken after it stay off
 * the clock.
 */
async function timeRuns(
  loaded: LoadedCase,
  settings: TimingSettings,
  rss: RssTracker,
  name: string,
): Promise<{ warm: WarmStats; profile?: OpTime[] }> {
  const profiles: (readonly OpTime[])[] = [];
  const bench = new Bench({
    time: settings.timeMs,
    iterations: settings.iterations,
    warmup: false,
    retainSamples: true,
    throws: true,
  });
  bench.add(
    name,
    async () => {
      const start = performance.now();
      await loaded.run();
      const overriddenDuration = performance.now() - start;
      rss.sample();
      if (loaded.profile) profiles.push(loaded.profile());
      return { overriddenDuration };
    },
    { async: true },
  );
  await bench.run();
  const result = bench.getTask(name)?.result;
  if (result?.state !== 'completed' || !result.latency.samples) {
    throw new Error(`tinybench did not complete '${name}' (state ${result?.state ?? 'missing'}).`);
  }
  const warm = warmStats(result.latency.samples);
  return profiles.length > 0 ? { warm, profile: medianOpTimes(profiles) } : { warm };
}

/**
 * One runtime on one case: load and compile, first run, outputs checked against the reference,
 * then warm-up and timed runs. Never throws for the runtime's own failures: each is a status with
 * its reason, so one broken pair does not stop the table.
 */
export async function measurePair(
  runtime: BenchRuntime,
  caseId: string,
  data: CaseData,
  reference: Readonly<Record<string, Tensor>>,
  settings: TimingSettings,
  onPhase: (phase: Phase) => void = () => {},
): Promise<BenchResult> {
  const base = { case: caseId, runtime: runtime.id };
  collectGarbage();
  const rss = new RssTracker();
  let loaded: LoadedCase | undefined;
  let step: Phase = 'load';
  let figures: Pick<BenchResult, 'loadMs' | 'firstRunMs' | 'verification'> = {};
  try {
    onPhase(step);
    let start = performance.now();
    loaded = await runtime.load(data);
    const loadMs = performance.now() - start;
    rss.sample();
    onPhase((step = 'first run'));
    start = performance.now();
    const read = await loaded.run();
    const firstRunMs = performance.now() - start;
    rss.sample();
    const verification = verifyOutputs(read(), reference, (dtype) => runtime.tolerance(dtype));
    figures = { loadMs, firstRunMs, verification };
    if (!verification.pass) return { ...base, status: 'mismatch', ...figures, memory: rss.figures() };
    onPhase((step = 'warm-up'));
    const warmup = await warmUp(loaded, settings, rss);
    onPhase((step = 'timing'));
    const { warm, profile } = await timeRuns(loaded, settings, rss, `${caseId} × ${runtime.id}`);
    return { ...base, status: 'ok', ...figures, warmup, warm, memory: rss.figures(), ...(profile ? { profile } : {}) };
  } catch (error) {
    const unsupported = step === 'load' && error instanceof TesseraError && UNSUPPORTED_CODES.has(error.code);
    const status: ResultStatus = unsupported ? 'unsupported' : step === 'load' ? 'load-failed' : 'run-failed';
    return { ...base, status, error: describe(error), ...figures, memory: rss.figures() };
  } finally {
    await loaded?.dispose();
  }
}
