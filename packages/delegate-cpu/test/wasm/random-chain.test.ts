import { type Attribute, Tensor } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { generator } from '../../../../test-support/random-geometry.js';
import { runOrtGraph } from '../kernels/ort-graph.js';
import { randomTensor } from '../support/one-node.js';
import { expectClose, type GraphCase, node, runPartitionOn } from './partition-harness.js';

// Seeded random chains of elementwise ops (fused into one WebAssembly program) against onnxruntime:
// unary ops with their attributes, binary ops whose other operand is a constant or a second input of
// every broadcast shape the program handles (scalar, per channel, last axis, a plane, full), on
// either side. On one and two threads.
const oneThread = cpuDelegate({ backend: 'wasm', threads: 1 });
const twoThreads = cpuDelegate({ backend: 'wasm', threads: 2 });
afterAll(async () => {
  for (const d of [oneThread, twoThreads]) await d.dispose?.();
});

const float = (value: number): Attribute => ({ type: 'float', value });
const UNARY: readonly [string, Record<string, Attribute>][] = [
  ['Relu', {}],
  ['Sigmoid', {}],
  ['Tanh', {}],
  ['Neg', {}],
  ['Abs', {}],
  ['HardSwish', {}],
  ['LeakyRelu', { alpha: float(0.1) }],
  ['HardSigmoid', { alpha: float(0.3), beta: float(0.4) }],
];
const BINARY = ['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min'] as const;

interface ChainCase {
  readonly label: string;
  readonly graph: GraphCase;
}

function randomChain(seed: number): ChainCase {
  const pick = generator(seed);
  const [n, c, h, w] = [1 + pick(2), 1 + pick(8), 1 + pick(9), 1 + pick(12)];
  const shapes = [[1], [c, 1, 1], [w], [h, w], [1, c, 1, 1], [n, c, h, w]];
  const nodes = [];
  const constants: Record<string, Tensor> = {};
  const feeds: Record<string, Tensor> = { x: randomTensor([n, c, h, w], seed) };
  const steps: string[] = [];
  let current = 'x';
  const length = 2 + pick(4);
  for (let i = 0; i < length; i++) {
    const out = i === length - 1 ? 'y' : `t${i}`;
    if (pick(2) === 0) {
      const [op, attributes] = UNARY[pick(UNARY.length)] as [string, Record<string, Attribute>];
      nodes.push(node(op, [current], [out], attributes));
      steps.push(op);
    } else if (pick(5) === 0) {
      // Clip with constant bounds (op-set 11+: inputs, not attributes).
      constants[`lo${i}`] = new Tensor('float32', new Float32Array([-0.3]), []);
      constants[`hi${i}`] = new Tensor('float32', new Float32Array([0.6]), []);
      nodes.push(node('Clip', [current, `lo${i}`, `hi${i}`], [out]));
      steps.push('Clip');
    } else {
      const op = BINARY[pick(BINARY.length)] as string;
      const dims = shapes[pick(shapes.length)] as number[];
      const name = `o${i}`;
      // A divisor kept away from zero; other operands in [-1, 1).
      const operand = op === 'Div' ? randomTensor(dims, seed + 10 + i, 0.5, 1.5) : randomTensor(dims, seed + 10 + i);
      if (pick(3) === 0 && !Object.keys(feeds).includes('z')) feeds.z = operand;
      else constants[name] = operand;
      const other = feeds.z === operand ? 'z' : name;
      const inputs = op !== 'Div' && pick(2) === 0 ? [other, current] : [current, other];
      nodes.push(node(op, inputs, [out]));
      steps.push(`${op}(${inputs[0] === current ? '' : `[${dims}] `}·${inputs[0] === current ? ` [${dims}]` : ''})`);
    }
    current = out;
  }
  return {
    label: `chain seed ${seed}: [${n},${c},${h},${w}] ${steps.join(' → ')}`,
    graph: { nodes, constants, feeds, outputs: ['y'] },
  };
}

const CASES = Array.from({ length: 200 }, (_, i) => randomChain(i + 1));

describe('WebAssembly elementwise chains on random ops and broadcasts, against onnxruntime', () => {
  for (const c of CASES) {
    it(c.label, async () => {
      const g = c.graph;
      const [expected] = await runOrtGraph({
        opset: 17,
        nodes: g.nodes.map((n) => ({ op: n.op, inputs: [...n.inputs], outputs: [...n.outputs], attributes: n.attributes })),
        feeds: g.feeds,
        constants: g.constants ?? {},
        outputs: g.outputs,
      });
      for (const delegate of [oneThread, twoThreads]) {
        const { outputs, ran } = await runPartitionOn(delegate, g, 2);
        expect(ran?.js).toBe(0);
        expectClose(outputs[0] as Tensor, expected as Tensor);
      }
    });
  }
});
