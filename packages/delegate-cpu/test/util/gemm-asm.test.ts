import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gemmAsmModule } from '../../src/util/gemm-asm.js';
import { MR, NR, PACKED_DOUBLES } from '../../src/util/gemm-kernel.js';

/** Whether V8 validates a module function's source as asm.js (it then compiles it as WebAssembly). */
function validatedAsAsmJs(source: string): boolean {
  const script = `
    const source = require('node:fs').readFileSync(0, 'utf8');
    const module = (0, eval)('(' + source + '\\n)');
    module(globalThis, undefined, new ArrayBuffer(${PACKED_DOUBLES * 8}));
    process.stdout.write(String(%IsAsmWasmCode(module)));`;
  return execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], { input: source }).toString() === 'true';
}

describe('the asm.js GEMM kernel', () => {
  it('is validated by V8 as built (tsc) and as transpiled for these tests', () => {
    const built = readFileSync(fileURLToPath(new URL('../../dist/util/gemm-asm.js', import.meta.url)), 'utf8');
    const builtFunction = built.slice(built.indexOf('function gemmAsmModule'));
    expect(validatedAsAsmJs(builtFunction)).toBe(true);
    expect(validatedAsAsmJs(gemmAsmModule.toString())).toBe(true);
  });

  it('computes every 2×4 tile of a block of packed panels, rows ldc apart, as doubles or floats', () => {
    expect([MR, NR]).toEqual([2, 4]);
    const heap = new ArrayBuffer(PACKED_DOUBLES * 8);
    const p = new Float64Array(heap);
    const f32 = new Float32Array(heap);
    const { tiles } = gemmAsmModule(globalThis, undefined, heap);
    const m = 6;
    const n = 12;
    const k = 7;
    const ldc = 15;
    const a = 100;
    const b = a + m * k;
    const c = b + n * k + 3;
    let seed = 5;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    for (let i = a; i < c; i++) p[i] = next();
    const want = (i: number, j: number) => {
      let sum = 0;
      for (let q = 0; q < k; q++) {
        const ai = p[a + Math.floor(i / MR) * MR * k + q * MR + (i % MR)] as number;
        const bj = p[b + Math.floor(j / NR) * NR * k + q * NR + (j % NR)] as number;
        sum += ai * bj;
      }
      return sum;
    };
    p.fill(9, c, c + m * ldc);
    tiles(m, n, k, a, b, c, ldc, 0);
    for (let i = 0; i < m; i++) for (let j = 0; j < ldc; j++) expect(p[c + i * ldc + j]).toBeCloseTo(j < n ? want(i, j) : 9, 12); // columns past n untouched
    // Floats: the same sums rounded once, at float offsets (here the second half of the double block).
    const cf = 2 * (c + m * ldc);
    f32.fill(9, cf, cf + m * ldc);
    tiles(m, n, k, a, b, cf, ldc, 1);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < ldc; j++) expect(f32[cf + i * ldc + j]).toBe(j < n ? Math.fround(want(i, j)) : 9);
  });
});
