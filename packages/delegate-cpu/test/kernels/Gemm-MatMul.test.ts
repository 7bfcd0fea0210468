import { type Attribute, type CompileContext, type Node, Tensor } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { Gemm } from '../../src/kernels/Gemm.js';
import { MatMul } from '../../src/kernels/MatMul.js';
import { gemm } from '../../src/util/gemm.js';
import { maxAbsDiff, runKernel, runReference, seededFloats } from '../support/one-node.js';
import { expectMatchesReference, expectRejected, randomTensor, tolerance, withDirtyOutputs } from './harness.js';

const int = (value: number): Attribute => ({ type: 'int', value });
const float = (value: number): Attribute => ({ type: 'float', value });

describe('gemm routine', () => {
  function naive(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    transA: boolean,
    transB: boolean,
  ): Float64Array {
    const c = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++)
          s += (a[transA ? q * m + i : i * k + q] as number) * (b[transB ? j * k + q : q * n + j] as number);
        c[i * n + j] = s;
      }
    return c;
  }
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [5, 9, 3],
    [4, 8, 300],
    [13, 530, 17],
    [7, 3, 600],
    // Several row blocks (MC = 96) with K blocks (KC = 256), and several column blocks (NC = 1024).
    [200, 40, 260],
    [100, 1030, 7],
    // One row, fewer than the 2×4 tile: the unpacked row path, both B layouts, k past one K block.
    [1, 37, 300],
    // Exactly one tile row; odd m leaves a half-filled A panel.
    [2, 11, 5],
    [3, 4, 9],
  ];
  for (const [m, n, k] of shapes) {
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`${m}×${n}×${k} transA=${transA} transB=${transB}, alpha 0.5, beta 2, offsets and padded strides`, () => {
        const a = seededFloats(m * k + 3, 11);
        const b = seededFloats(k * n + 5, 12);
        const c = seededFloats(m * (n + 2) + 1, 13);
        const c0 = c.slice();
        gemm({
          m,
          n,
          k,
          alpha: 0.5,
          beta: 2,
          a,
          aOffset: 3,
          lda: transA ? m : k,
          transA,
          b,
          bOffset: 5,
          ldb: transB ? k : n,
          transB,
          c,
          cOffset: 1,
          ldc: n + 2,
        });
        const ref = naive(m, n, k, a.subarray(3), b.subarray(5), transA, transB);
        let err = 0;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            const o = 1 + i * (n + 2) + j;
            err = Math.max(err, Math.abs((c[o] as number) - (0.5 * (ref[i * n + j] as number) + 2 * (c0[o] as number))));
          }
          // The padding between rows is untouched.
          expect(c[1 + i * (n + 2) + n]).toBe(c0[1 + i * (n + 2) + n]);
        }
        expect(err).toBeLessThan(1e-4);
      });
    }
  }
  it('beta 0 ignores NaN already in C', () => {
    const c = new Float32Array(12).fill(Number.NaN);
    gemm({
      m: 3,
      n: 4,
      k: 2,
      a: new Float32Array([1, 2, 3, 4, 5, 6]),
      lda: 2,
      b: new Float32Array(8).fill(1),
      ldb: 4,
      c,
      ldc: 4,
    });
    expect(Array.from(c)).toEqual([3, 3, 3, 3, 7, 7, 7, 7, 11, 11, 11, 11]);
  });
});

describe('Gemm matches onnxruntime', () => {
  const cases: [string, number[], number[], number[] | undefined, Record<string, Attribute>, boolean][] = [
    ['plain, C as [N]', [5, 7], [7, 9], [9], {}, true],
    ['transB (fully connected layer), constant B', [3, 64], [10, 64], [10], { transB: int(1) }, true],
    ['transA, alpha, beta, C as [M, 1]', [6, 4], [6, 5], [4, 1], { transA: int(1), alpha: float(0.5), beta: float(-2) }, true],
    ['transA and transB, C as [M, N]', [8, 3], [9, 8], [3, 9], { transA: int(1), transB: int(1) }, false],
    ['scalar C', [4, 4], [4, 4], [], {}, true],
    ['no C', [4, 300], [300, 33], undefined, {}, true],
    ['beta 0 with C', [4, 6], [6, 3], [4, 3], { beta: float(0) }, true],
    ['non-constant transposed B', [5, 12], [7, 12], [1, 7], { transB: int(1) }, false],
  ];
  for (const [name, a, b, c, attributes, constB] of cases) {
    it(name, async () => {
      const bt = randomTensor(b, 2);
      await expectMatchesReference(Gemm, {
        op: 'Gemm',
        opset: 13,
        attributes,
        inputs: [randomTensor(a, 1), constB ? { constant: bt } : bt, c ? { constant: randomTensor(c, 3) } : undefined],
      });
    });
  }
  it('applies a fused activation', async () => {
    const c = {
      op: 'Gemm',
      opset: 13,
      attributes: { transB: int(1) },
      inputs: [randomTensor([4, 16], 1), { constant: randomTensor([8, 16], 2) }, { constant: randomTensor([8], 3) }],
    };
    const fused = Gemm.map((def) => ({
      ...def,
      create: (node: Node, ctx: CompileContext) => def.create({ ...node, activation: { op: 'Relu', attributes: {} } }, ctx),
    }));
    const [ours] = await runKernel(withDirtyOutputs(fused), c);
    const [plain] = (await runReference(c)) as [Tensor];
    (plain.data as Float32Array).forEach((v, i, arr) => {
      arr[i] = Math.max(0, v);
    });
    expect(maxAbsDiff(ours as Tensor, plain)).toBeLessThanOrEqual(tolerance(plain));
  });
  it('rejects a 3-D A', () => {
    expectRejected(Gemm, { op: 'Gemm', opset: 13, inputs: [randomTensor([2, 3, 4], 1), randomTensor([4, 5], 2)] }, 'RANK');
  });
});

describe('MatMul matches onnxruntime', () => {
  const cases: [string, number[], number[], boolean][] = [
    ['2-D × 2-D', [7, 13], [13, 9], false],
    ['batched A × constant 2-D B (folded)', [2, 3, 5, 16], [16, 10], true],
    ['broadcast batch dims', [2, 1, 4, 6], [3, 6, 5], false],
    ['A without batch × batched B', [4, 6], [2, 6, 3], false],
    ['1-D × 2-D', [6], [6, 4], false],
    ['2-D × 1-D', [3, 6], [6], false],
    ['1-D × 1-D', [8], [8], false],
    ['1-D × batched', [5], [2, 5, 3], false],
    ['attention-like [1,8,26,32]×[1,8,32,26]', [1, 8, 26, 32], [1, 8, 32, 26], false],
    ['large inner dimension', [9, 700], [700, 12], true],
  ];
  for (const [name, a, b, constB] of cases) {
    it(name, async () => {
      const bt = randomTensor(b, 2);
      await expectMatchesReference(MatMul, {
        op: 'MatMul',
        opset: 13,
        inputs: [randomTensor(a, 1), constB ? { constant: bt } : bt],
      });
    });
  }
  it('rejects a non-float32 B', () => {
    expectRejected(
      MatMul,
      {
        op: 'MatMul',
        opset: 13,
        inputs: [randomTensor([2, 3], 1), { constant: new Tensor('int32', new Int32Array(6), [3, 2]) }],
      },
      'DTYPE',
    );
  });
});
