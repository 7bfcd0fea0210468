import type { CaseKind } from './cases.js';
import type { MachineInfo } from './machine.js';
import type { BenchResult, TimingSettings } from './measure.js';
import { geometricMean } from './stats.js';

export const BENCH_REPORT_SCHEMA = 'tessera-bench/1';

export interface RuntimeEntry {
  readonly id: string;
  readonly label: string;
  readonly family: 'tessera' | 'peer';
  /** How it ran, where it says (a delegate's backend and thread count). */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  /** Loading the framework itself (wasm instantiation and the like), once per process. */
  readonly initMs?: number;
  /** Set when the framework could not start; its cases are then left out. */
  readonly initError?: string;
}

export interface CaseEntry {
  readonly id: string;
  readonly kind: CaseKind;
  readonly title: string;
}

/** A Tessera flow's warm median over a peer's, on one case: above 1, Tessera is slower. */
export interface Ratio {
  readonly case: string;
  readonly tessera: string;
  readonly peer: string;
  readonly ratio: number;
}

/** One Tessera flow against one peer over every case both ran. */
export interface RatioSummary {
  readonly tessera: string;
  readonly peer: string;
  readonly cases: number;
  readonly geometricMean: number;
  readonly min: number;
  readonly max: number;
}

export interface BenchReport {
  readonly schema: typeof BENCH_REPORT_SCHEMA;
  readonly createdAt: string;
  /** The command line as run. */
  readonly command: string;
  readonly machine: MachineInfo;
  readonly packages: Readonly<Record<string, string>>;
  readonly settings: TimingSettings & { readonly seed: number; readonly coldShaderCache?: boolean };
  readonly runtimes: readonly RuntimeEntry[];
  readonly cases: readonly CaseEntry[];
  readonly results: readonly BenchResult[];
  readonly ratios: readonly Ratio[];
  readonly summary: readonly RatioSummary[];
  /** Cases left out because the reference could not run them, so nothing could be verified. */
  readonly skipped: readonly { readonly case: string; readonly reason: string }[];
  readonly durationMs: number;
}

/** Ratios wherever both sides were verified and timed on the same case. */
export function computeRatios(runtimes: readonly RuntimeEntry[], results: readonly BenchResult[]): Ratio[] {
  const median = (caseId: string, runtime: string) =>
    results.find((r) => r.case === caseId && r.runtime === runtime && r.status === 'ok')?.warm?.medianMs;
  const cases = [...new Set(results.map((r) => r.case))];
  const tessera = runtimes.filter((r) => r.family === 'tessera');
  const peers = runtimes.filter((r) => r.family === 'peer');
  const ratios: Ratio[] = [];
  for (const caseId of cases) {
    for (const t of tessera) {
      const mine = median(caseId, t.id);
      if (mine === undefined) continue;
      for (const p of peers) {
        const theirs = median(caseId, p.id);
        if (theirs !== undefined && theirs > 0) ratios.push({ case: caseId, tessera: t.id, peer: p.id, ratio: mine / theirs });
      }
    }
  }
  return ratios;
}

/** Per Tessera flow and peer, in the runtimes' order: how the ratios over every shared case spread. */
export function summarizeRatios(runtimes: readonly RuntimeEntry[], ratios: readonly Ratio[]): RatioSummary[] {
  const summaries: RatioSummary[] = [];
  for (const t of runtimes.filter((r) => r.family === 'tessera')) {
    for (const p of runtimes.filter((r) => r.family === 'peer')) {
      const values = ratios.filter((r) => r.tessera === t.id && r.peer === p.id).map((r) => r.ratio);
      if (values.length === 0) continue;
      summaries.push({
        tessera: t.id,
        peer: p.id,
        cases: values.length,
        geometricMean: geometricMean(values),
        min: Math.min(...values),
        max: Math.max(...values),
      });
    }
  }
  return summaries;
}

/** JSON has no Infinity or NaN (an SNR of identical outputs is Infinity): they are written as strings. */
export function serializeBenchReport(report: BenchReport): string {
  return JSON.stringify(
    report,
    (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    1,
  );
}
