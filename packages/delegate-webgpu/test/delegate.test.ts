import { createSession, inferShapes, Tensor, type Value } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { WebGpuError, WebGpuTensor, webgpuDelegate } from '@tessera/delegate-webgpu';
import { expect, it, vi } from 'vitest';
import { compileWhole } from './support/direct.js';
import { describeWebGpu, sharedDelegate } from './support/gpu.js';
import { graphModel } from './support/graph.js';
import { maxAbsDiff, oneNodeModel, randomTensor, runReference } from './support/one-node.js';

const ctxFor = (values: Map<string, Value>) => ({
  value: (name: string) => ({ name, type: values.get(name)?.type, constant: values.get(name)?.constant }),
  opsetVersion: () => 17,
});

await describeWebGpu('webgpuDelegate: support decisions', () => {
  it('declines with the reason: op, dtype, rank, attribute', async () => {
    const d = await sharedDelegate();
    const check = (op: string, inputs: Tensor[], attributes = {}) => {
      const { model } = oneNodeModel({ op, inputs, attributes });
      inferShapes(model.graph, model.opsets);
      return d.supports(model.graph.nodes[0] as never, ctxFor(model.graph.values));
    };
    expect(check('Hardmax', [randomTensor([2, 3], 1)])).toMatchObject({ supported: false, code: 'UNSUPPORTED_OP' });
    expect(check('Add', [new Tensor('int32', [1, 2], [2]), new Tensor('int32', [1, 2], [2])])).toMatchObject({
      supported: false,
      code: 'DTYPE',
    });
    expect(
      check('Resize', [randomTensor([1, 1, 2, 2], 1), new Tensor('float32', [], [0]), new Tensor('float32', [1, 1, 2, 2], [4])], {
        antialias: { type: 'int', value: 1 },
      }),
    ).toMatchObject({
      supported: false,
      code: 'ATTRIBUTE',
    });
    expect(check('Relu', [randomTensor([2, 3], 1)])).toEqual({ supported: true });
  });

  it("declines nodes beyond the adapter's limits with RESOURCE_LIMIT", async () => {
    const small = await webgpuDelegate({ limits: { maxStorageBufferBindingSize: 4096 } });
    const tiled = await webgpuDelegate({ gemmStrategy: 'workgroup-tiled', limits: { maxComputeWorkgroupStorageSize: 1024 } });
    try {
      const big = oneNodeModel({ op: 'Relu', inputs: [randomTensor([32, 64], 1)] });
      inferShapes(big.model.graph, big.model.opsets);
      const r = small.supports(big.model.graph.nodes[0] as never, ctxFor(big.model.graph.values));
      expect(r).toMatchObject({ supported: false, code: 'RESOURCE_LIMIT' });
      expect((r as { detail: string }).detail).toMatch(/maxStorageBufferBindingSize \(4096\)/);
      const mm = oneNodeModel({ op: 'MatMul', inputs: [randomTensor([4, 4], 1), randomTensor([4, 4], 2)] });
      inferShapes(mm.model.graph, mm.model.opsets);
      const m = tiled.supports(mm.model.graph.nodes[0] as never, ctxFor(mm.model.graph.values));
      expect(m).toMatchObject({ supported: false, code: 'RESOURCE_LIMIT' });
      expect((m as { detail: string }).detail).toMatch(/maxComputeWorkgroupStorageSize/);
    } finally {
      small.dispose();
      tiled.dispose();
    }
  });

  it('declares its support as data, and a policy that keeps tiny islands on the CPU', async () => {
    const d = await sharedDelegate();
    const conv = d.declaredSupport?.find((s) => s.op === 'Conv');
    expect(conv).toMatchObject({ domain: '', dtypes: ['float32'] });
    expect(d.declaredSupport?.length).toBeGreaterThan(60);
    expect(d.policy?.transferCostPerByte).toBeGreaterThan(0);
    // Sign (CPU only) → Relu → Sign: the lone Relu between CPU nodes costs more to move than it saves.
    const x = randomTensor([1, 8, 16, 16], 1);
    const model = graphModel({
      inputs: { x },
      nodes: [
        { op: 'Sign', inputs: ['x'], outputs: ['a'] },
        { op: 'Relu', inputs: ['a'], outputs: ['b'] },
        { op: 'Sign', inputs: ['b'], outputs: ['y'] },
      ],
      outputs: ['y'],
    });
    const session = await createSession(model, { delegates: [d, cpuDelegate()] });
    const relu = session.plan.nodes.find((n) => n.op === 'Relu');
    expect(relu?.delegate).toBe('cpu');
    expect(relu?.rejections).toContainEqual(expect.objectContaining({ delegate: 'webgpu', code: 'TRANSFER_COST' }));
    await session.dispose();
  });
});

await describeWebGpu('webgpuDelegate: running', () => {
  it('fails clearly where there is no adapter', async () => {
    const g = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => null } }, configurable: true });
    try {
      await expect(webgpuDelegate()).rejects.toMatchObject({
        code: 'WEBGPU_UNAVAILABLE',
        message: expect.stringMatching(/No WebGPU adapter/),
      });
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete g.navigator;
    }
  });

  it('keeps tensors on the GPU between its partitions: only CPU consumers and outputs download', async () => {
    const d = await webgpuDelegate({ policy: { transferCostPerByte: 0 } });
    const x = randomTensor([1, 4, 8, 8], 2);
    // Relu → Sign (CPU) → Add(relu, sign): the Add partition reads `a` straight from the first partition's buffer.
    const model = graphModel({
      inputs: { x },
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['a'] },
        { op: 'Sign', inputs: ['a'], outputs: ['s'] },
        { op: 'Add', inputs: ['a', 's'], outputs: ['y'] },
      ],
      outputs: ['y'],
    });
    const session = await createSession(model, { delegates: [d, cpuDelegate()] });
    expect(session.plan.partitions.map((p) => p.delegate)).toEqual(['webgpu', 'cpu', 'webgpu']);
    const downloads = vi.spyOn(WebGpuTensor.prototype, 'download');
    const y = (await session.run({ x })).y as Tensor;
    expect(downloads).toHaveBeenCalledTimes(2); // `a` for Sign, then `y`
    downloads.mockRestore();
    const [expected] = await runReference(model, { x });
    expect(maxAbsDiff(y, expected as Tensor)).toBe(0);
    await session.dispose();
    d.dispose();
  });

  it('reuses its memory run after run, reports it, and frees every GPU resource on dispose', async () => {
    const d = await webgpuDelegate();
    const { model, feeds } = oneNodeModel({
      op: 'Conv',
      inputs: [randomTensor([1, 3, 16, 16], 3), { constant: randomTensor([8, 3, 3, 3], 4) }],
    });
    const session = await createSession(model, { delegates: [d] });
    await session.run(feeds);
    const after1 = d.stats();
    for (let i = 0; i < 4; i++) await session.run(feeds);
    expect(d.stats().buffers.created).toBe(after1.buffers.created);
    // What the partition holds on the GPU: the weights (8·3·3·3 floats, in whatever layout the conv
    // shader packs them) and, for its runs, at least the input (3×16×16) and output (8×14×14) buffers.
    const [memory, ...others] = session.partitionMemory();
    expect(others).toEqual([]);
    expect(memory?.delegate).toBe('webgpu');
    expect(memory?.constantBytes).toBeGreaterThanOrEqual(8 * 27 * 4);
    expect(memory?.peakWorkingBytes).toBeGreaterThanOrEqual((3 * 16 * 16 + 8 * 14 * 14) * 4);
    expect(d.stats().constantBuffers).toBeGreaterThan(0);
    await session.dispose();
    expect(d.stats()).toMatchObject({ buffers: { inUse: 0 }, constantBuffers: 0 });
    d.dispose();
    await expect(createSession(model, { delegates: [d], strict: true })).rejects.toThrow(/disposed/);
  });

  it('turns a lost device into a clear error on the next run', async () => {
    const d = await webgpuDelegate();
    const { model, feeds } = oneNodeModel({ op: 'Relu', inputs: [randomTensor([4], 5)] });
    const session = await createSession(model, { delegates: [d] });
    await session.run(feeds);
    d.device.destroy();
    await d.device.lost;
    const failure = await session.run(feeds).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(WebGpuError);
    expect(failure).toMatchObject({ code: 'WEBGPU_DEVICE_LOST' });
    await session.dispose();
    d.dispose();
  });

  it('device tensors go stale when their partition runs again', async () => {
    const d = await sharedDelegate();
    const { model, feeds } = oneNodeModel({ op: 'Relu', inputs: [randomTensor([6], 6)] });
    inferShapes(model.graph, model.opsets);
    const { compiled } = await compileWhole(d, model);
    const ctx = {
      allocate: (_n: string, dtype: 'float32', dims: readonly number[]) => Tensor.zeros(dtype, dims),
      profiling: false,
    };
    const [first] = (await compiled.run([feeds.in0 as Tensor], ctx)) as WebGpuTensor[];
    expect(first).toBeInstanceOf(WebGpuTensor);
    expect(first?.location).toBe('webgpu');
    expect(Array.from((await first?.download())?.data as Float32Array)).toEqual(
      Array.from(feeds.in0?.data as Float32Array, (v) => Math.max(v, 0)),
    );
    await compiled.run([feeds.in0 as Tensor], ctx);
    await expect(first?.download()).rejects.toMatchObject({ code: 'WEBGPU_TENSOR_STALE' });
    await compiled.dispose();
  });

  it('fuses an elementwise chain into one shader and times every step on the GPU', async () => {
    const d = await sharedDelegate();
    if (!d.device.features.has('timestamp-query')) return;
    const x = randomTensor([1, 8, 12, 12], 7, -6, 6);
    // HardSwish as exported by Paddle: x · clip(x + 3, 0, 6) / 6.
    const model = graphModel({
      inputs: { x },
      initializers: {
        three: new Tensor('float32', [3], []),
        zero: new Tensor('float32', [0], []),
        six: new Tensor('float32', [6], []),
      },
      nodes: [
        { op: 'Add', inputs: ['x', 'three'], outputs: ['a'] },
        { op: 'Clip', inputs: ['a', 'zero', 'six'], outputs: ['c'] },
        { op: 'Div', inputs: ['c', 'six'], outputs: ['q'] },
        { op: 'Mul', inputs: ['x', 'q'], outputs: ['y'] },
        { op: 'Softmax', inputs: ['y'], outputs: ['z'] },
      ],
      outputs: ['z'],
      opset: 13,
    });
    const session = await createSession(model, { delegates: [d], strict: true, profiling: true });
    const z = (await session.run({ x })).z as Tensor;
    const nodes = session.lastProfile()?.partitions[0]?.nodes ?? [];
    expect(nodes.map((n) => n.op)).toEqual(['Fused(Add+Clip+Div+Mul)', 'Softmax']);
    expect(nodes.every((n) => n.durationMs >= 0)).toBe(true);
    const [expected] = await runReference(model, { x });
    expect(maxAbsDiff(z, expected as Tensor)).toBeLessThan(1e-6);
    await session.dispose();
  });
});
