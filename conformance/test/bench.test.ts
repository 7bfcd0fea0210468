import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from '@tessera/core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/bench/args.js';
import { nchwToNhwc, nhwcToNchw } from '../src/bench/layout.js';
import { type BenchOutput, benchMain } from '../src/bench/main.js';
import { type BenchResult, measurePair } from '../src/bench/measure.js';
import { medianOpTimes } from '../src/bench/profile.js';
import type { BenchReport } from '../src/bench/report.js';
import type { BenchRuntime } from '../src/bench/runtimes/types.js';
import { toleranceFor } from '../src/tolerances.js';

const cwd = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: BenchOutput = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) };
  const code = await benchMain(argv, io, cwd);
  return { code, out, err };
}

// Short on purpose: the figures are not the point here, the plumbing is.
const QUICK = ['--time', '20', '--iterations', '3', '--warmup', '2', '--warmup-time', '20'];
const OP_CASE = 'op:dw3x3-14x14x512-s2';

describe('tessera-bench', () => {
  it('times cls and an op case on every runtime that takes them, verified first, with ratios in JSON, Markdown and SVG', async () => {
    const { code, out, err } = await run(
      '--models',
      `cls,${OP_CASE}`,
      ...QUICK,
      '--json',
      'r/bench.json',
      '--markdown',
      'r/bench.md',
      '--svg',
      'r/bench.svg',
    );
    expect(err).not.toMatch(/error/i);
    const report = JSON.parse(readFileSync(join(cwd, 'r/bench.json'), 'utf8')) as BenchReport;
    expect(report.schema).toBe('tessera-bench/1');
    expect(report.machine.nproc).toBeGreaterThan(0);
    expect(report.packages.tinybench).toBe('6.2.3');

    // TensorFlow.js has no ONNX importer: it runs the op case only.
    const pairs = report.results.map((r) => `${r.case} × ${r.runtime}`);
    expect(pairs).toEqual([
      'cls × tessera-cpu',
      'cls × ort-node-1t',
      'cls × ort-node',
      'cls × ort-web-1t',
      `${OP_CASE} × tessera-cpu`,
      `${OP_CASE} × ort-node-1t`,
      `${OP_CASE} × ort-node`,
      `${OP_CASE} × ort-web-1t`,
      `${OP_CASE} × tfjs-wasm`,
      `${OP_CASE} × tfjs-cpu`,
    ]);
    for (const r of report.results) {
      const why = `${r.case} × ${r.runtime}: ${r.error ?? JSON.stringify(r.verification?.outputs)}`;
      expect(r.status, why).toBe('ok');
      // Each output was compared with the reference and found within tolerance before any timing.
      expect(r.verification?.pass).toBe(true);
      expect(r.verification?.outputs.length).toBeGreaterThan(0);
      for (const o of r.verification?.outputs ?? []) expect(Number(o.maxAbs)).toBeLessThanOrEqual(o.allowed);
      expect(r.warm?.samples).toBeGreaterThanOrEqual(3);
      expect(r.warmup?.runs).toBeGreaterThanOrEqual(1);
      expect(r.warm?.minMs).toBeLessThanOrEqual(r.warm?.medianMs as number);
      expect(r.warm?.medianMs).toBeLessThanOrEqual(r.warm?.p90Ms as number);
      expect(r.loadMs).toBeGreaterThan(0);
      expect(r.memory?.peakRssMiB).toBeGreaterThan(0);
    }
    expect(code).toBe(0);
    const tessera = report.results.filter((r) => r.runtime === 'tessera-cpu');
    expect(tessera.every((r) => (r.profile ?? []).some((o) => o.op === 'Conv' && o.ms > 0))).toBe(true);

    // One ratio per Tessera flow, peer and case: Tessera's warm median over the peer's.
    expect(report.ratios).toHaveLength(3 + 5);
    const median = (c: string, rt: string) =>
      report.results.find((r) => r.case === c && r.runtime === rt)?.warm?.medianMs as number;
    for (const ratio of report.ratios) {
      expect(ratio.tessera).toBe('tessera-cpu');
      expect(ratio.ratio).toBeCloseTo(median(ratio.case, 'tessera-cpu') / median(ratio.case, ratio.peer), 9);
    }
    expect(report.summary.find((s) => s.peer === 'tfjs-wasm')?.cases).toBe(1);
    expect(report.summary.find((s) => s.peer === 'ort-node-1t')?.cases).toBe(2);

    const markdown = readFileSync(join(cwd, 'r/bench.md'), 'utf8');
    expect(out).toContain(markdown.trim());
    const header = markdown.split('\n').find((l) => l.startsWith('| case | tessera-cpu'));
    expect(header).toContain('cpu ÷ ort-node-1t');
    expect(header).toContain('cpu ÷ tfjs-wasm');
    const clsRow = markdown.split('\n').find((l) => l.startsWith('| cls |')) as string;
    const cells = clsRow.split('|').map((s) => s.trim());
    const column = (name: string) =>
      cells[
        (header as string)
          .split('|')
          .map((s) => s.trim())
          .indexOf(name)
      ];
    expect(column('tfjs-wasm')).toBe('n/a');
    expect(Number(column('cpu ÷ ort-node-1t'))).toBeGreaterThan(0);

    const svg = readFileSync(join(cwd, 'r/bench.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    // One bar per timed pair, each titled with its case, runtime and median.
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(report.results.length);
    expect(svg).toContain(`${OP_CASE} × tfjs-wasm:`);
  });

  it('does not time a runtime whose outputs differ from the reference', async () => {
    let runs = 0;
    const wrong: BenchRuntime = {
      id: 'off-by-one',
      label: 'adds one to every output',
      family: 'peer',
      kinds: ['op'],
      tolerance: (dtype) => toleranceFor('cpu', dtype),
      init: async () => {},
      load: async (data) => ({
        run: async () => {
          runs++;
          const x = data.feeds.x as Tensor;
          return () => ({
            y: new Tensor(
              'float32',
              (x.data as Float32Array).map((v) => v + 1),
              x.dims,
            ),
          });
        },
        dispose: async () => {},
      }),
      dispose: async () => {},
    };
    const x = new Tensor('float32', [1, 2, 3, 4], [1, 4]);
    const result: BenchResult = await measurePair(
      wrong,
      'op:identity',
      { model: new Uint8Array(), feeds: { x } },
      { y: x },
      { timeMs: 10, iterations: 3, warmupRuns: 2, warmupTimeMs: 10, rounds: 1 },
    );
    expect(result.status).toBe('mismatch');
    expect(result.verification?.outputs[0]).toMatchObject({ output: 'y', maxAbs: 1, pass: false });
    expect(result.warm).toBeUndefined();
    expect(runs).toBe(1);
  });

  it('profiles each op by its median over runs, so one stalled run does not skew it', () => {
    const run = (conv: number, add: number) => [
      { op: 'Conv', ms: conv, nodes: 3 },
      { op: 'Add', ms: add, nodes: 2 },
    ];
    expect(medianOpTimes([run(10, 1), run(500, 1), run(12, 3)])).toEqual([
      { op: 'Conv', ms: 12, nodes: 3 },
      { op: 'Add', ms: 1, nodes: 2 },
    ]);
  });

  it('turns NCHW into NHWC and back', () => {
    const nchw = new Tensor(
      'float32',
      Float32Array.from({ length: 24 }, (_, i) => i),
      [1, 2, 3, 4],
    );
    const nhwc = nchwToNhwc(nchw);
    expect(nhwc.dims).toEqual([1, 3, 4, 2]);
    // Element (c=1, h=2, w=3) sits at ((2·4)+3)·2+1 in NHWC and at 1·12+2·4+3 in NCHW.
    expect((nhwc.data as Float32Array)[(2 * 4 + 3) * 2 + 1]).toBe(1 * 12 + 2 * 4 + 3);
    expect(Array.from(nhwcToNchw(nhwc).data as Float32Array)).toEqual(Array.from(nchw.data as Float32Array));
  });

  it('refuses a bad command line before anything loads', async () => {
    expect(() => parseBenchArgs(['--runtimes', 'tessera,onnx-magic'])).toThrow(/Unknown runtime 'onnx-magic'/);
    expect(() => parseBenchArgs(['--iterations', '0'])).toThrow(/--iterations takes a whole number/);
    expect(parseBenchArgs(['--ops'])).toMatchObject({ models: [], ops: true, coldShaderCache: false });
    expect(parseBenchArgs(['--ops', '--cold-shader-cache'])).toMatchObject({ coldShaderCache: true });
    expect(parseBenchArgs([])).toMatchObject({ models: ['det', 'rec', 'cls', 'light'], ops: true });
    const bad = await run('--models', 'light:nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Unknown light model 'light:nope'/);
  });
});
