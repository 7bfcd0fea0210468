import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webgpuDelegate } from '@tessera/delegate-webgpu';
import { afterAll, describe, expect, it } from 'vitest';
import { type BenchOutput, benchMain } from '../src/bench/main.js';
import type { BenchReport } from '../src/bench/report.js';

// tessera-bench's WebGPU peers beside the WebGPU delegate: TensorFlow.js's webgpu backend on an op
// case (navigator.gpu from Dawn in Node) and onnxruntime-node's WebGPU execution provider on a model.
const TITLE = 'tessera-bench WebGPU peers';
const probe = await webgpuDelegate().then(
  (d) => {
    d.dispose();
    return undefined;
  },
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
);

const cwd = mkdtempSync(join(tmpdir(), 'tessera-bench-webgpu-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const QUICK = ['--time', '20', '--iterations', '3', '--warmup', '2', '--warmup-time', '20'];

if (probe !== undefined) {
  // In CI a missing adapter is a broken runner, not a reason to skip.
  if (process.env.CI) {
    describe(TITLE, () => {
      it('has a WebGPU adapter (required in CI)', () => {
        throw new Error(`No WebGPU adapter in CI: ${probe}`);
      });
    });
  } else describe.skip(`${TITLE} — skipped, no WebGPU adapter: ${probe}`, () => {});
} else {
  describe(TITLE, () => {
    it('times the WebGPU delegate beside TensorFlow.js webgpu (op case) and onnxruntime webgpu (model), verified first', async () => {
      let err = '';
      const io: BenchOutput = { out: () => {}, err: (t) => void (err += `${t}\n`) };
      const argv = ['--delegate', '@tessera/delegate-webgpu', '--models', 'cls,op:dw3x3-14x14x512-s2'];
      const code = await benchMain(
        [...argv, '--runtimes', 'tessera,tfjs-webgpu,ort-node-webgpu', ...QUICK, '--json', 'b.json'],
        io,
        cwd,
      );
      expect(err).not.toMatch(/error/i);
      expect(code).toBe(0);
      const report = JSON.parse(readFileSync(join(cwd, 'b.json'), 'utf8')) as BenchReport;
      // TensorFlow.js has no ONNX importer (op cases only); onnxruntime's WebGPU provider runs models only.
      expect(report.results.map((r) => `${r.case} × ${r.runtime} × ${r.status}`)).toEqual([
        'cls × tessera-webgpu × ok',
        'cls × ort-node-webgpu × ok',
        'op:dw3x3-14x14x512-s2 × tessera-webgpu × ok',
        'op:dw3x3-14x14x512-s2 × tfjs-webgpu × ok',
      ]);
      expect(report.packages['@tensorflow/tfjs-backend-webgpu']).toBe('4.22.0');
      expect(report.ratios.map((r) => `${r.case}: ${r.tessera} ÷ ${r.peer}`)).toEqual([
        'cls: tessera-webgpu ÷ ort-node-webgpu',
        'op:dw3x3-14x14x512-s2: tessera-webgpu ÷ tfjs-webgpu',
      ]);
    }, 180_000);
  });
}
