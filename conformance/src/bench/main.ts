import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { type Tensor, TesseraError } from '@tessera/core';
import { type Output, processOutput } from '../cli/output.js';
import { type LoadedDelegate, loadDelegate } from '../delegate-loader.js';
import { ConformanceSetupError, USAGE_ERROR } from '../errors.js';
import { disposeReferenceSessions, runOnnxRuntime } from '../reference-ort.js';
import { type BenchArgs, isBenchHelpRequest, parseBenchArgs } from './args.js';
import { type BenchCase, selectCases } from './cases.js';
import { formatMs } from './format.js';
import { machineInfo, packageVersions } from './machine.js';
import { renderBenchMarkdown } from './markdown.js';
import { type BenchResult, measurePair } from './measure.js';
import { Progress, type ProgressSink } from './progress.js';
import {
  BENCH_REPORT_SCHEMA,
  type BenchReport,
  computeRatios,
  type RuntimeEntry,
  serializeBenchReport,
  summarizeRatios,
} from './report.js';
import { mergeRounds } from './rounds.js';
import { createRuntimes } from './runtimes/index.js';
import type { BenchRuntime } from './runtimes/types.js';
import { renderBenchSvg } from './svg.js';
import { benchUsageText } from './usage.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_SETUP = 2;

/** The command's streams; `tty` is stderr when it is a terminal, for the progress bar. */
export interface BenchOutput extends Output {
  readonly tty?: ProgressSink['tty'];
}

export const processBenchOutput: BenchOutput = {
  ...processOutput,
  ...(process.stderr.isTTY
    ? {
        tty: {
          write: (text: string) => void process.stderr.write(text),
          get columns() {
            return process.stderr.columns || 80;
          },
        },
      }
    : {}),
};

async function loadDelegates(specifiers: readonly string[], cwd: string): Promise<LoadedDelegate[]> {
  const loaded: LoadedDelegate[] = [];
  for (const specifier of specifiers) loaded.push(await loadDelegate(specifier, cwd));
  const names = loaded.map((l) => l.delegate.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) {
    throw new ConformanceSetupError(
      USAGE_ERROR,
      `Two --delegate modules give a delegate named '${twice}'; flows are named by delegate.`,
    );
  }
  return loaded;
}

function outcomeText(result: BenchResult): string {
  if (result.status === 'ok' && result.warm)
    return `median ${formatMs(result.warm.medianMs)} ms over ${result.warm.samples} runs`;
  return result.error ? `${result.status}: ${result.error.slice(0, 200)}` : result.status;
}

/** Starts each framework once, on first use, and remembers how long that took or why it failed. */
class RuntimeStarter {
  readonly entries = new Map<string, { initMs?: number; initError?: string }>();

  async ready(runtime: BenchRuntime): Promise<boolean> {
    let entry = this.entries.get(runtime.id);
    if (!entry) {
      const start = performance.now();
      try {
        await runtime.init();
        entry = { initMs: performance.now() - start };
      } catch (error) {
        entry = { initError: error instanceof Error ? error.message : String(error) };
      }
      this.entries.set(runtime.id, entry);
    }
    return entry.initError === undefined;
  }
}

async function referenceOutputs(data: ReturnType<BenchCase['load']>): Promise<Record<string, Tensor>> {
  try {
    return await runOnnxRuntime(data.model, data.feeds as Record<string, Tensor>, { threads: 1 });
  } finally {
    // The reference session is not part of any runtime's memory figures.
    await disposeReferenceSessions();
  }
}

async function bench(args: BenchArgs, argv: readonly string[], io: BenchOutput, cwd: string): Promise<number> {
  const started = performance.now();
  const machine = machineInfo();
  const cases = selectCases(args.models, args.ops);
  if (cases.length === 0) throw new ConformanceSetupError(USAGE_ERROR, 'No case selected: name some with --models or add --ops.');
  // Mesa reads this when a runtime first opens its Vulkan driver, so it must be set before any loads.
  if (args.coldShaderCache) process.env.MESA_SHADER_CACHE_DISABLE = 'true';
  const delegates = args.runtimes.includes('tessera') ? await loadDelegates(args.delegates, cwd) : [];
  const runtimes = createRuntimes(args.runtimes, delegates);
  const pairs = cases.flatMap((c) => runtimes.filter((r) => r.kinds.includes(c.kind)).map((r) => ({ c, r })));
  const progress = new Progress(pairs.length * args.timing.rounds, {
    line: (t) => io.err(t),
    ...(io.tty ? { tty: io.tty } : {}),
  });
  const starter = new RuntimeStarter();
  const results: BenchResult[] = [];
  const skipped: { case: string; reason: string }[] = [];
  try {
    for (const c of cases) {
      const data = c.load(args.seed);
      let reference: Record<string, Tensor>;
      try {
        reference = await referenceOutputs(data);
      } catch (error) {
        // Without a reference nothing can be verified, and unverified timings are not reported.
        skipped.push({ case: c.id, reason: (error as Error).message });
        progress.note(`${c.id}: skipped, the reference could not run it: ${(error as Error).message}`);
        continue;
      }
      const rounds = new Map<BenchRuntime, BenchResult[]>();
      for (let round = 1; round <= args.timing.rounds; round++) {
        for (const { r } of pairs.filter((p) => p.c === c)) {
          const pair = args.timing.rounds > 1 ? `${c.id} × ${r.id} (round ${round})` : `${c.id} × ${r.id}`;
          progress.update(pair, 'starting');
          if (!(await starter.ready(r))) {
            progress.finish(pair, `skipped: ${r.id} could not start (${starter.entries.get(r.id)?.initError})`);
            continue;
          }
          // A pair that failed a round is not run again: its result is that failure.
          const earlier = rounds.get(r) ?? [];
          if (earlier.some((e) => e.status !== 'ok')) {
            progress.finish(pair, 'skipped: failed in an earlier round');
            continue;
          }
          const result = await measurePair(r, c.id, data, reference, args.timing, (phase) => progress.update(pair, phase));
          rounds.set(r, [...earlier, result]);
          progress.finish(pair, outcomeText(result));
        }
      }
      for (const pairRounds of rounds.values()) results.push(mergeRounds(pairRounds));
    }
  } finally {
    progress.close();
    await Promise.allSettled(runtimes.map((r) => r.dispose()));
  }

  const runtimeEntries: RuntimeEntry[] = runtimes.map((r) => ({
    id: r.id,
    label: r.label,
    family: r.family,
    ...(r.details && Object.keys(r.details()).length > 0 ? { details: r.details() } : {}),
    ...starter.entries.get(r.id),
  }));
  const ratios = computeRatios(runtimeEntries, results);
  const report: BenchReport = {
    schema: BENCH_REPORT_SCHEMA,
    createdAt: new Date().toISOString(),
    command: ['tessera-bench', ...argv].join(' '),
    machine,
    packages: packageVersions(),
    settings: { ...args.timing, seed: args.seed, coldShaderCache: args.coldShaderCache },
    runtimes: runtimeEntries,
    cases: cases.map((c) => ({ id: c.id, kind: c.kind, title: c.title })),
    results,
    ratios,
    summary: summarizeRatios(runtimeEntries, ratios),
    skipped,
    durationMs: performance.now() - started,
  };
  const markdown = renderBenchMarkdown(report);
  io.out(markdown);
  const written: string[] = [];
  const write = (file: string | undefined, content: string) => {
    if (file === undefined) return;
    const target = resolve(cwd, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    written.push(relative(cwd, target) || target);
  };
  write(args.json, `${serializeBenchReport(report)}\n`);
  write(args.markdown, markdown);
  write(args.svg, renderBenchSvg(report));
  if (written.length > 0) io.err(`Wrote ${written.join(', ')}.`);
  const failed = results.filter((r) => r.status === 'mismatch' || r.status === 'load-failed' || r.status === 'run-failed');
  if (failed.length > 0) io.err(`${failed.length} pair(s) failed or did not match the reference: see the Details table.`);
  return failed.length > 0 || skipped.length > 0 ? EXIT_FAILED : EXIT_OK;
}

function describeError(error: unknown): string {
  if (error instanceof TesseraError) return `error [${error.code}]: ${error.message}`;
  if (error instanceof Error) return `error: ${error.stack ?? error.message}`;
  return `error: ${String(error)}`;
}

/**
 * The tessera-bench command. Returns the exit code: 0 every pair verified and timed (or declared
 * unsupported), 1 a pair failed or did not match the reference, 2 the run could not start.
 */
export async function benchMain(
  argv: readonly string[],
  io: BenchOutput = processBenchOutput,
  cwd: string = process.cwd(),
): Promise<number> {
  try {
    const args = parseBenchArgs(argv);
    if (isBenchHelpRequest(args)) {
      io.out(benchUsageText());
      return EXIT_OK;
    }
    return await bench(args, argv, io, cwd);
  } catch (error) {
    io.err(describeError(error));
    return error instanceof ConformanceSetupError ? EXIT_SETUP : EXIT_FAILED;
  }
}
