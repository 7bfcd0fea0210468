import { type Attribute, Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { generator } from '../../../../test-support/random-geometry.js';
import { type OneNodeCase, randomTensor, runReference } from '../support/one-node.js';
import { expectClose, type GraphCase, node, runPartitionOn } from './partition-harness.js';

// Seeded random MatMul and Gemm shapes on the WebAssembly GEMM against onnxruntime: batch
// broadcasting, constant and run-time right-hand sides, vectors and single rows (the matrix-vector
// kernel), ragged tiles, Gemm's transposes, alpha, beta and C broadcast. Each case runs on one and
// two threads.
const oneThread = cpuDelegate({ backend: 'wasm', threads: 1 });
const twoThreads = cpuDelegate({ backend: 'wasm', threads: 2 });
afterAll(async () => {
  for (const d of [oneThread, twoThreads]) await d.dispose?.();
});

interface RandomCase {
  readonly label: string;
  readonly op: 'MatMul' | 'Gemm';
  readonly attributes: Record<string, Attribute>;
  /** Inputs in order: run-time tensors or constants. */
  readonly inputs: readonly (Tensor | { constant: Tensor })[];
  /** Whether the WebAssembly kernels take it: not a Gemm whose C varies along rows (the TypeScript kernel's). */
  readonly onWasm: boolean;
}

const size = (pick: (n: number) => number) => [1, 1 + pick(9), 1 + pick(40), 16 + pick(100)][pick(4)] as number;

function randomMatMul(seed: number): RandomCase {
  const pick = generator(seed);
  const [m, k, n] = [size(pick), size(pick), size(pick)];
  const batch = [[], [1 + pick(3)], [1 + pick(2), 1 + pick(3)]][pick(3)] as number[];
  const constantB = pick(2) === 0;
  // A constant B is one matrix; a run-time one may share A's batch dims or broadcast.
  const bBatch = constantB ? [] : ([[], batch, batch.map(() => 1)][pick(3)] as number[]);
  const a = randomTensor([...batch, m, k], seed);
  const b = randomTensor([...bBatch, k, n], seed + 1);
  return {
    label: `MatMul seed ${seed}: [${a.dims}] · [${b.dims}]${constantB ? ' (constant)' : ''}`,
    op: 'MatMul',
    attributes: {},
    inputs: [a, constantB ? { constant: b } : b],
    onWasm: true,
  };
}

function randomGemm(seed: number): RandomCase {
  const pick = generator(seed);
  const [m, k, n] = [size(pick), size(pick), size(pick)];
  const transA = pick(2);
  const transB = pick(2);
  const cDims = [undefined, [], [1], [n], [1, n], [m, 1], [m, n]][pick(7)];
  const alpha = [1, 0.5, -2][pick(3)] as number;
  const beta = [1, 0.25, 3][pick(3)] as number;
  const a = randomTensor(transA ? [k, m] : [m, k], seed);
  const b = randomTensor(transB ? [n, k] : [k, n], seed + 1);
  const inputs: (Tensor | { constant: Tensor })[] = [a, { constant: b }];
  if (cDims) inputs.push({ constant: randomTensor(cDims, seed + 2) });
  return {
    label: `Gemm seed ${seed}: A [${a.dims}]${transA ? 'ᵀ' : ''} B [${b.dims}]${transB ? 'ᵀ' : ''} C ${cDims ? `[${cDims}]` : 'none'} alpha ${alpha} beta ${beta}`,
    op: 'Gemm',
    attributes: {
      transA: { type: 'int', value: transA },
      transB: { type: 'int', value: transB },
      alpha: { type: 'float', value: alpha },
      beta: { type: 'float', value: beta },
    },
    inputs,
    onWasm: !cDims || cDims.length < 2 || cDims[0] === 1,
  };
}

function graphOf(c: RandomCase): GraphCase {
  const names = c.inputs.map((_, i) => `in${i}`);
  const feeds: Record<string, Tensor> = {};
  const constants: Record<string, Tensor> = {};
  c.inputs.forEach((v, i) => {
    if (v instanceof Tensor) feeds[names[i] as string] = v;
    else constants[names[i] as string] = v.constant;
  });
  return { nodes: [node(c.op, names, ['y'], c.attributes)], feeds, constants, outputs: ['y'] };
}

const CASES = [
  ...Array.from({ length: 120 }, (_, i) => randomMatMul(i + 1)),
  ...Array.from({ length: 120 }, (_, i) => randomGemm(i + 1)),
];

describe('WebAssembly MatMul and Gemm on random shapes, against onnxruntime', () => {
  for (const c of CASES) {
    it(c.label, async () => {
      const reference: OneNodeCase = { op: c.op, attributes: c.attributes, inputs: c.inputs };
      const [expected] = await runReference(reference);
      for (const delegate of [oneThread, twoThreads]) {
        const { outputs, ran } = await runPartitionOn(delegate, graphOf(c), 2);
        expect(ran?.js).toBe(c.onWasm ? 0 : 1);
        expectClose(outputs[0] as Tensor, expected as Tensor);
      }
    });
  }
});
