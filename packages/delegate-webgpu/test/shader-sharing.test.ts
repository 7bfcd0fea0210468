import { createSession, Tensor } from '@tessera/core';
import { webgpuDelegate } from '@tessera/delegate-webgpu';
import { expect, it } from 'vitest';
import { float, ints } from './support/attributes.js';
import { describeWebGpu } from './support/gpu.js';
import { graphModel } from './support/graph.js';
import { maxAbs, maxAbsDiff, randomTensor, runReference } from './support/one-node.js';

// Software adapters JIT-compile every shader on first use, so the delegate keeps per-node data
// (bias, activation parameters, scalar constants) out of shader text and warms up only the programs
// a shape needs. These tests count pipelines to hold it to that.
await describeWebGpu('shaders shared across nodes', () => {
  it('convolutions differing only in bias and fused activation (none, Relu, HardSigmoid, Clip) share one shader', async () => {
    const delegate = await webgpuDelegate({ gemmStrategy: 'register-blocked' });
    try {
      const pads = { pads: ints([1, 1, 1, 1]) };
      const x = randomTensor([1, 8, 12, 16], 1);
      const model = graphModel({
        inputs: { x },
        initializers: {
          w1: randomTensor([8, 8, 3, 3], 2),
          w2: randomTensor([8, 8, 3, 3], 3),
          w3: randomTensor([8, 8, 3, 3], 4),
          w4: randomTensor([8, 8, 3, 3], 5),
          b: randomTensor([8], 6),
          lo: new Tensor('float32', new Float32Array([-0.25]), []),
          hi: new Tensor('float32', new Float32Array([0.5]), []),
        },
        nodes: [
          { op: 'Conv', inputs: ['x', 'w1', 'b'], outputs: ['c1'], attributes: pads },
          { op: 'Relu', inputs: ['c1'], outputs: ['a1'] },
          { op: 'Conv', inputs: ['a1', 'w2'], outputs: ['c2'], attributes: pads },
          { op: 'HardSigmoid', inputs: ['c2'], outputs: ['a2'], attributes: { alpha: float(0.3), beta: float(0.4) } },
          { op: 'Conv', inputs: ['a2', 'w3', 'b'], outputs: ['c3'], attributes: pads },
          { op: 'Clip', inputs: ['c3', 'lo', 'hi'], outputs: ['a3'] },
          { op: 'Conv', inputs: ['a3', 'w4', 'b'], outputs: ['y'], attributes: pads },
        ],
        outputs: ['y'],
      });
      const session = await createSession(model, { delegates: [delegate], strict: true });
      // Activations fused: four Conv nodes, one vector program and its scalar twin between them.
      expect(session.plan.counts.webgpu?.nodes).toBe(4);
      expect(delegate.stats().pipelines).toBe(2);
      const actual = (await session.run({ x })).y as Tensor;
      const [expected] = (await runReference(model, { x })) as [Tensor];
      expect(maxAbsDiff(actual, expected)).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs(expected)));
      await session.dispose();
    } finally {
      delegate.dispose();
    }
  });

  it('elementwise chains differing only in scalar constants share one shader', async () => {
    const delegate = await webgpuDelegate();
    try {
      const x = randomTensor([2, 3, 5], 7);
      const scalar = (v: number) => new Tensor('float32', new Float32Array([v]), []);
      const model = graphModel({
        inputs: { x },
        initializers: { s1: scalar(1.5), t1: scalar(-0.25), s2: scalar(0.75), t2: scalar(2) },
        nodes: [
          { op: 'Mul', inputs: ['x', 's1'], outputs: ['m1'] },
          { op: 'Add', inputs: ['m1', 't1'], outputs: ['a1'] },
          { op: 'Sigmoid', inputs: ['a1'], outputs: ['g'] },
          { op: 'Mul', inputs: ['g', 's2'], outputs: ['m2'] },
          { op: 'Add', inputs: ['m2', 't2'], outputs: ['y'] },
        ],
        outputs: ['y'],
      });
      const session = await createSession(model, { delegates: [delegate], strict: true });
      const pipelines = delegate.stats().pipelines;
      const actual = (await session.run({ x })).y as Tensor;
      const [expected] = (await runReference(model, { x })) as [Tensor];
      expect(maxAbsDiff(actual, expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, maxAbs(expected)));
      // However the chain is fused, Mul+Add with other constants compiles no new shader.
      const again = graphModel({
        inputs: { x },
        initializers: { s1: scalar(-3), t1: scalar(0.5), s2: scalar(4), t2: scalar(-1) },
        nodes: model.graph.nodes.map((n) => ({ op: n.op, inputs: n.inputs, outputs: n.outputs })),
        outputs: ['y'],
      });
      const second = await createSession(again, { delegates: [delegate], strict: true });
      expect(delegate.stats().pipelines).toBe(pipelines);
      const [reference] = (await runReference(again, { x })) as [Tensor];
      const result = (await second.run({ x })).y as Tensor;
      expect(maxAbsDiff(result, reference)).toBeLessThanOrEqual(1e-6 * Math.max(1, maxAbs(reference)));
      await session.dispose();
      await second.dispose();
    } finally {
      delegate.dispose();
    }
  });
});
