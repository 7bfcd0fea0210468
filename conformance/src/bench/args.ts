import { parseArgs } from 'node:util';
import { ConformanceSetupError, USAGE_ERROR } from '../errors.js';
import type { TimingSettings } from './measure.js';
import { DEFAULT_RUNTIMES, RUNTIME_SELECTORS } from './runtimes/index.js';

export interface BenchArgs {
  /** Delegate module specifiers, one Tessera flow each. */
  readonly delegates: readonly string[];
  /** --models selectors: det, rec, cls, light, light:<name>, op:<name>. */
  readonly models: readonly string[];
  /** --ops: every op case. */
  readonly ops: boolean;
  readonly runtimes: readonly string[];
  readonly timing: TimingSettings;
  readonly seed: number;
  /** Turn off Mesa's on-disk shader cache, so a first run pays its real shader compilation. */
  readonly coldShaderCache: boolean;
  readonly json?: string;
  readonly markdown?: string;
  readonly svg?: string;
}

export interface BenchHelpRequest {
  readonly help: true;
}

export function isBenchHelpRequest(args: object): args is BenchHelpRequest {
  return 'help' in args;
}

export const DEFAULT_DELEGATE = '@tessera/delegate-cpu';
export const DEFAULT_MODELS: readonly string[] = ['det', 'rec', 'cls', 'light'];
export const DEFAULT_TIMING: TimingSettings = { timeMs: 2000, iterations: 10, warmupRuns: 10, warmupTimeMs: 2000, rounds: 1 };

function usage(message: string): ConformanceSetupError {
  return new ConformanceSetupError(USAGE_ERROR, message);
}

function list(text: string, option: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw usage(`--${option} is empty.`);
  if (new Set(items).size !== items.length) throw usage(`--${option} '${text}' names something twice.`);
  return items;
}

function count(text: string | undefined, option: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw usage(`--${option} takes a whole number ≥ ${min}, got '${text}'.`);
  return value;
}

function path(text: string | undefined, option: string): string | undefined {
  if (text === '') throw usage(`--${option} needs a file name.`);
  return text;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs | BenchHelpRequest {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        delegate: { type: 'string', multiple: true },
        models: { type: 'string' },
        ops: { type: 'boolean' },
        runtimes: { type: 'string' },
        time: { type: 'string' },
        iterations: { type: 'string' },
        warmup: { type: 'string' },
        'warmup-time': { type: 'string' },
        rounds: { type: 'string' },
        seed: { type: 'string' },
        'cold-shader-cache': { type: 'boolean' },
        json: { type: 'string' },
        markdown: { type: 'string' },
        svg: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (err) {
    throw usage(`tessera-bench: ${(err as Error).message}`);
  }
  if (values.help) return { help: true };
  const runtimes = values.runtimes === undefined ? [...DEFAULT_RUNTIMES] : list(values.runtimes as string, 'runtimes');
  for (const id of runtimes) {
    if (!RUNTIME_SELECTORS.includes(id)) throw usage(`Unknown runtime '${id}'. Known: ${RUNTIME_SELECTORS.join(', ')}.`);
  }
  const ops = values.ops === true;
  const models = values.models === undefined ? (ops ? [] : DEFAULT_MODELS) : list(values.models as string, 'models');
  const json = path(values.json as string | undefined, 'json');
  const markdown = path(values.markdown as string | undefined, 'markdown');
  const svg = path(values.svg as string | undefined, 'svg');
  return {
    delegates: (values.delegate as string[] | undefined) ?? [DEFAULT_DELEGATE],
    models,
    // Without --models, the default run is every model and every op case.
    ops: ops || values.models === undefined,
    runtimes,
    timing: {
      timeMs: count(values.time as string | undefined, 'time', DEFAULT_TIMING.timeMs, 0),
      iterations: count(values.iterations as string | undefined, 'iterations', DEFAULT_TIMING.iterations, 1),
      warmupRuns: count(values.warmup as string | undefined, 'warmup', DEFAULT_TIMING.warmupRuns, 1),
      warmupTimeMs: count(values['warmup-time'] as string | undefined, 'warmup-time', DEFAULT_TIMING.warmupTimeMs, 0),
      rounds: count(values.rounds as string | undefined, 'rounds', DEFAULT_TIMING.rounds, 1),
    },
    seed: count(values.seed as string | undefined, 'seed', 1, 0),
    coldShaderCache: values['cold-shader-cache'] === true,
    ...(json !== undefined ? { json } : {}),
    ...(markdown !== undefined ? { markdown } : {}),
    ...(svg !== undefined ? { svg } : {}),
  };
}
