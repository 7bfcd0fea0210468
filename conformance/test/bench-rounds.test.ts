import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/bench/args.js';
import { type BenchOutput, benchMain } from '../src/bench/main.js';
import type { BenchResult } from '../src/bench/measure.js';
import type { BenchReport } from '../src/bench/report.js';
import { mergeRounds } from '../src/bench/rounds.js';

const cwd = mkdtempSync(join(tmpdir(), 'tessera-rounds-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function round(medianMs: number, extra: Partial<BenchResult> = {}): BenchResult {
  return {
    case: 'op:x',
    runtime: 'r',
    status: 'ok',
    loadMs: 1,
    firstRunMs: 2,
    warmup: { runs: 10, ms: 100 },
    warm: { medianMs, p90Ms: medianMs * 1.5, minMs: medianMs / 2, maxMs: medianMs * 3, meanMs: medianMs, samples: 10 },
    memory: { rssBeforeMiB: 100, peakRssMiB: 100 + medianMs, growthMiB: medianMs },
    profile: [{ op: 'Conv', ms: medianMs, nodes: 1 }],
    ...extra,
  };
}

describe('tessera-bench rounds', () => {
  it('takes the median of the rounds’ medians, and p90 and profile from the median round', () => {
    const merged = mergeRounds([round(3), round(1), round(2)]);
    expect(merged.warm).toMatchObject({ medianMs: 2, p90Ms: 3, minMs: 0.5, maxMs: 9, samples: 30 });
    expect(merged.roundMediansMs).toEqual([3, 1, 2]);
    expect(merged.profile).toEqual([{ op: 'Conv', ms: 2, nodes: 1 }]);
    expect(merged.warmup).toEqual({ runs: 30, ms: 300 });
    expect(merged.memory).toEqual({ rssBeforeMiB: 100, peakRssMiB: 103, growthMiB: 3 });
  });

  it('averages two medians, and reports a failed round as the pair’s result', () => {
    expect(mergeRounds([round(1), round(4)]).warm?.medianMs).toBe(2.5);
    const failed = round(1, { status: 'run-failed', error: 'boom' });
    expect(mergeRounds([round(1), failed])).toBe(failed);
    const only = round(5);
    expect(mergeRounds([only])).toBe(only);
  });

  it('takes --rounds from the command line, at least 1', () => {
    expect(parseBenchArgs(['--ops'])).toMatchObject({ timing: { rounds: 1 } });
    expect(parseBenchArgs(['--ops', '--rounds', '3'])).toMatchObject({ timing: { rounds: 3 } });
    expect(() => parseBenchArgs(['--rounds', '0'])).toThrow(/--rounds takes a whole number/);
  });

  it('runs every pair once per round, the runtimes taking turns, and reports each round’s median', async () => {
    let err = '';
    const io: BenchOutput = { out: () => {}, err: (t) => void (err += `${t}\n`) };
    const argv = ['--models', 'op:dw3x3-14x14x512-s2', '--runtimes', 'tessera,tfjs-wasm', '--rounds', '2'];
    const quick = ['--time', '20', '--iterations', '3', '--warmup', '2', '--warmup-time', '20', '--json', 'r.json'];
    expect(await benchMain([...argv, ...quick], io, cwd)).toBe(0);
    const order = [...err.matchAll(/op:dw3x3-14x14x512-s2 × (\S+) \(round (\d)\)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect([...new Set(order)]).toEqual(['tessera-cpu 1', 'tfjs-wasm 1', 'tessera-cpu 2', 'tfjs-wasm 2']);
    const report = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8')) as BenchReport;
    expect(report.settings.rounds).toBe(2);
    expect(report.results.map((r) => r.runtime)).toEqual(['tessera-cpu', 'tfjs-wasm']);
    for (const r of report.results) {
      expect(r.status).toBe('ok');
      const [a, b] = r.roundMediansMs as number[];
      expect(r.warm?.medianMs).toBeCloseTo(((a as number) + (b as number)) / 2, 10);
    }
    expect(report.ratios).toHaveLength(1);
  });
});
