import type { Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import {
  firstCases,
  oneNodeCaseOf,
  randomConv,
  randomConvTranspose,
  randomPool,
  type WindowCase,
} from '../../../../test-support/random-geometry.js';
import { runReference } from '../support/one-node.js';
import { expectClose, type GraphCase, node, runPartition, runPartitionOn } from './partition-harness.js';

// Randomised window geometries, WebAssembly against the TypeScript kernels on one and two threads:
// every kernel choice (Winograd, GEMM, three depthwise kernels, col2im, pooling) has edges (short
// rows, ragged channel blocks, spills past a row, padding wider than the window, padding only at the
// end) that hand-picked shapes miss. Two bugs were found this way: row pairs of one-column outputs
// spilling into the next channel's plane, and a 1×1 conv padded at the end taken for a plain copy of
// rows. The TypeScript oracle itself is checked against onnxruntime wherever the case is plain ONNX.
const js = cpuDelegate({ backend: 'js' });
const oneThread = cpuDelegate({ backend: 'wasm', threads: 1 });
const twoThreads = cpuDelegate({ backend: 'wasm', threads: 2 });
afterAll(async () => {
  for (const d of [js, oneThread, twoThreads]) await d.dispose?.();
});

/** The case as a one-node partition, with its fused activation when it has one. */
function graphOf(c: WindowCase): GraphCase {
  const [x, w, b] = oneNodeCaseOf(c).inputs as [Tensor, { constant: Tensor }?, { constant: Tensor }?];
  const inputs = ['x', ...(w ? ['w'] : []), ...(b ? ['b'] : [])];
  const extra = c.activation ? { activation: { op: c.activation, attributes: {} } } : {};
  return {
    nodes: [node(c.op, inputs, ['y'], c.attributes, extra)],
    constants: { ...(w ? { w: w.constant } : {}), ...(b ? { b: b.constant } : {}) },
    feeds: { x },
    outputs: ['y'],
  };
}

const CASES = [...firstCases(500, randomConv), ...firstCases(150, randomConvTranspose), ...firstCases(200, randomPool)];

describe('WebAssembly kernels on random geometries, against the TypeScript kernels', () => {
  it('covers depthwise, dense and grouped convs, strided, dilated, padded and fused', () => {
    const labels = CASES.map((c) => c.label);
    expect(labels.some((l) => l.startsWith('Conv') && l.includes('group 1 '))).toBe(true);
    expect(labels.some((l) => /w \[\d+,1,3,3\] group [2-9]/.test(l) && l.includes('strides [2,2]'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Conv') && !l.includes('dilations [1,1]'))).toBe(true);
    expect(CASES.filter((c) => c.activation).length).toBeGreaterThan(100);
  });

  for (const c of CASES) {
    it(c.label, async () => {
      const graph = graphOf(c);
      const [expected] = await runPartition(js, graph);
      if (!c.activation) expectClose(expected as Tensor, (await runReference(oneNodeCaseOf(c)))[0] as Tensor);
      for (const delegate of [oneThread, twoThreads]) {
        const { outputs, ran } = await runPartitionOn(delegate, graph, 2);
        expect(ran?.js).toBe(0);
        expectClose(outputs[0] as Tensor, expected as Tensor);
      }
    });
  }
});
