import {
  createSession,
  DELEGATE_API_VERSION,
  type Delegate,
  type DeviceTensor,
  previewPlan,
  StrictModeError,
  Tensor,
  TesseraError,
} from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { f32, model, node, testDelegate } from './support/tiny-models.js';

/** x → Relu → Neg → Sigmoid → Add(x) → y : four nodes. */
function chain() {
  return model(
    [
      node('Relu', ['x'], ['a'], {}, 'relu'),
      node('Neg', ['a'], ['b'], {}, 'neg'),
      node('Sigmoid', ['b'], ['c'], {}, 'sigmoid'),
      node('Add', ['c', 'x'], ['y'], {}, 'add'),
    ],
    { x: f32([4]) },
    { y: f32([4]) },
  );
}
const X = new Tensor('float32', new Float32Array([-2, -0.5, 0.5, 2]), [4]);
/** Sigmoid(-Relu(x)) + x, computed directly. */
function reference(): number[] {
  return Array.from(X.data as Float32Array, (v) => Math.fround(Math.fround(1 / (1 + Math.exp(Math.max(0, v)))) + v));
}

describe('session', () => {
  it('runs a graph on one delegate and reports the plan', async () => {
    const session = await createSession(chain(), { delegates: [testDelegate('t')] });
    const { y } = await session.run({ x: X });
    expect(Array.from(y?.data as Float32Array)).toEqual(reference());
    expect(session.plan.partitions).toHaveLength(1);
    expect(session.plan.nodes.every((n) => n.delegate === 't')).toBe(true);
    expect(JSON.parse(JSON.stringify(session.plan)).nodes).toHaveLength(4);
    expect(session.inputs).toEqual([{ name: 'x', kind: 'tensor', dtype: 'float32', dims: [4] }]);
  });

  it('falls back node by node, says why, and matches the single-delegate result', async () => {
    const partial = testDelegate('partial', ['Relu', 'Add']);
    const session = await createSession(chain(), { delegates: [partial, testDelegate('full')] });
    const owners = Object.fromEntries(session.plan.nodes.map((n) => [n.name, n.delegate]));
    expect(owners).toEqual({ relu: 'partial', neg: 'full', sigmoid: 'full', add: 'partial' });
    const neg = session.plan.nodes.find((n) => n.name === 'neg');
    expect(neg?.rejections).toEqual([{ delegate: 'partial', code: 'UNSUPPORTED_OP', detail: expect.stringContaining('Neg') }]);
    expect(session.plan.partitions.map((p) => p.delegate)).toEqual(['partial', 'full', 'partial']);
    expect(session.plan.summary()).toContain('neg');
    const { y } = await session.run({ x: X });
    expect(Array.from(y?.data as Float32Array)).toEqual(reference());
  });

  it('strict mode fails with the list of nodes that would fall back', async () => {
    const partial = testDelegate('partial', ['Relu', 'Add']);
    const err = await createSession(chain(), { delegates: [partial, testDelegate('full')], strict: true }).catch((e) => e);
    expect(err).toBeInstanceOf(StrictModeError);
    expect((err as StrictModeError).nodes).toEqual(['neg', 'sigmoid']);
    expect((err as Error).message).toContain('Neg');
  });

  it('a partition that fails to compile falls back to the next delegate, leaving nothing compiled behind', async () => {
    // flaky takes relu, sigmoid and add: partitions [relu] flaky, [neg] full, [sigmoid, add] flaky.
    const base = testDelegate('flaky', ['Relu', 'Sigmoid', 'Add']);
    let disposed = 0;
    const flaky: Delegate = {
      ...base,
      compile: async (partition, ctx) => {
        if (partition.nodes.some((n) => n.op === 'Sigmoid')) throw new Error('shader compiler crashed on Sigmoid');
        const compiled = await base.compile(partition, ctx);
        return { run: compiled.run.bind(compiled), dispose: () => void disposed++ };
      },
    };
    const session = await createSession(chain(), { delegates: [flaky, testDelegate('full')] });
    // The [relu] partition compiled before [sigmoid, add] failed; that first attempt was disposed.
    expect(disposed).toBe(1);
    const owners = Object.fromEntries(session.plan.nodes.map((n) => [n.name, n.delegate]));
    expect(owners).toEqual({ relu: 'flaky', neg: 'full', sigmoid: 'full', add: 'full' });
    const sigmoid = session.plan.nodes.find((n) => n.name === 'sigmoid');
    expect(sigmoid?.rejections[0]).toMatchObject({
      delegate: 'flaky',
      code: 'COMPILE_FAILED',
      detail: expect.stringContaining('crashed'),
    });
    const { y } = await session.run({ x: X });
    expect(Array.from(y?.data as Float32Array)).toEqual(reference());
    await session.dispose();
    expect(disposed).toBe(2);
    // In strict mode a failed compile is an error, not a fallback.
    const all = testDelegate('flaky-all');
    const failing: Delegate = { ...all, compile: () => Promise.reject(new Error('no device')) };
    await expect(createSession(chain(), { delegates: [failing, testDelegate('full')], strict: true })).rejects.toMatchObject({
      code: 'COMPILE_FAILED',
      message: expect.stringContaining('no device'),
    });
  });

  it('passes device tensors between partitions of the same device and downloads them only at boundaries', async () => {
    const base = testDelegate('dev');
    let downloads = 0;
    let disposals = 0;
    const wrap = (t: Tensor): DeviceTensor => ({
      dtype: t.dtype,
      dims: t.dims,
      location: 'test-device',
      download: async () => {
        downloads++;
        return t;
      },
      dispose: () => void disposals++,
    });
    const device: Delegate = {
      ...base,
      location: 'test-device',
      supports: (n, ctx) =>
        n.op === 'Neg' || n.op === 'Sigmoid'
          ? base.supports(n, ctx)
          : { supported: false, code: 'UNSUPPORTED_OP', detail: 'test' },
      compile: async (partition, ctx) => {
        const compiled = await base.compile(partition, ctx);
        return {
          run: async (inputs, rctx) => {
            const host = await Promise.all(inputs.map((t) => (t instanceof Tensor ? t : (t as DeviceTensor).download())));
            return (await compiled.run(host, rctx)).map((t) => wrap(t as Tensor));
          },
          dispose: () => compiled.dispose(),
        };
      },
    };
    const session = await createSession(chain(), { delegates: [device, testDelegate('cpu')] });
    expect(session.plan.partitions.map((p) => p.delegate)).toEqual(['cpu', 'dev', 'cpu']);
    const { y } = await session.run({ x: X });
    expect(y).toBeInstanceOf(Tensor);
    expect(downloads).toBe(1); // one boundary: Sigmoid's output into the CPU Add
    expect(disposals).toBe(1); // and the runtime gives that device tensor back once Add has read it
    expect(Array.from(y?.data as Float32Array)).toEqual(reference());
  });

  it('plans an arena per input-shape signature and reports it beside the tensor sum and the lower bound', async () => {
    const m = model(
      [
        node('Relu', ['x'], ['a']),
        node('Neg', ['a'], ['b']),
        node('Sigmoid', ['b'], ['c']),
        node('Neg', ['c'], ['d']),
        node('Relu', ['d'], ['y']),
      ],
      { x: f32(['n']) },
      { y: f32(['n']) },
    );
    const session = await createSession(m, { delegates: [testDelegate('t')] });
    const input = (n: number) =>
      new Tensor(
        'float32',
        Float32Array.from({ length: n }, (_, i) => i - n / 2),
        [n],
      );
    const first = (await session.run({ x: input(1000) })).y as Tensor;
    const second = (await session.run({ x: input(1000) })).y as Tensor;
    expect(Array.from(second.data as Float32Array)).toEqual(Array.from(first.data as Float32Array));
    expect(second.data).not.toBe(first.data); // outputs are the caller's, never arena memory
    await session.run({ x: input(10) });
    const reports = session.memory();
    expect(reports.map((r) => r.signature)).toEqual(['x:1000', 'x:10']);
    const r = reports[0];
    expect(r?.totalTensorBytes).toBe(4 * 4000); // a, b, c, d
    expect(r?.peakLiveBytes).toBe(2 * 4000); // a chain: two alive at once
    expect(r?.arenaBytes).toBeGreaterThanOrEqual(r?.peakLiveBytes as number);
    expect(r?.arenaBytes).toBeLessThan(r?.totalTensorBytes as number);
  });

  it("reports each partition's own memory where its delegate keeps account of it", async () => {
    const base = testDelegate('counted', ['Relu', 'Neg']);
    const counted: Delegate = {
      ...base,
      async compile(spec, ctx) {
        const compiled = await base.compile(spec, ctx);
        return Object.assign(Object.create(Object.getPrototypeOf(compiled)), compiled, {
          memory: () => ({ constantBytes: 64 * spec.nodes.length, peakWorkingBytes: 16 }),
        });
      },
    };
    const session = await createSession(chain(), { delegates: [counted, testDelegate('plain')] });
    // Partition 0 (Relu, Neg) reports; partition 1 (Sigmoid, Add) on a delegate that does not is left out.
    expect(session.partitionMemory()).toEqual([{ partition: 0, delegate: 'counted', constantBytes: 128, peakWorkingBytes: 16 }]);
  });

  it('profiles partitions and nodes and exports a Chrome trace', async () => {
    const session = await createSession(chain(), {
      delegates: [testDelegate('partial', ['Relu', 'Add']), testDelegate('full')],
      profiling: true,
    });
    await session.run({ x: X });
    const profile = session.lastProfile();
    expect(profile?.partitions).toHaveLength(3);
    expect(profile?.partitions.flatMap((p) => p.nodes.map((n) => n.node))).toEqual(['relu', 'neg', 'sigmoid', 'add']);
    const trace = profile?.toChromeTrace() as { traceEvents: { ph: string; name: string }[] };
    expect(trace.traceEvents.filter((e) => e.ph === 'X').map((e) => e.name)).toContain('sigmoid');
  });

  it('refuses a delegate built for another contract version', async () => {
    const old = { ...testDelegate('old'), apiVersion: DELEGATE_API_VERSION + 1 };
    await expect(createSession(chain(), { delegates: [old] })).rejects.toMatchObject({ code: 'DELEGATE_VERSION' });
  });

  it('runs concurrent calls one after another and refuses to run after dispose', async () => {
    const session = await createSession(chain(), { delegates: [testDelegate('t')] });
    const results = await Promise.all([1, 2, 3].map(() => session.run({ x: X })));
    for (const r of results) expect(Array.from(r.y?.data as Float32Array)).toEqual(reference());
    await session.dispose();
    await expect(session.run({ x: X })).rejects.toBeInstanceOf(TesseraError);
  });

  it('never overlaps two runs, the first started at once and the rest queued, also after a failed run', async () => {
    const base = testDelegate('t');
    let inside = 0;
    let most = 0;
    let failNext = false;
    const slow: Delegate = {
      ...base,
      compile: async (p, c) => {
        const compiled = await base.compile(p, c);
        return {
          dispose: () => compiled.dispose(),
          run: async (inputs, ctx) => {
            inside++;
            most = Math.max(most, inside);
            await new Promise((resolve) => setTimeout(resolve, 5));
            inside--;
            if (failNext) {
              failNext = false;
              throw new Error('partition failed on purpose');
            }
            return compiled.run(inputs, ctx);
          },
        };
      },
    };
    const session = await createSession(chain(), { delegates: [slow] });
    failNext = true;
    const runs = [1, 2, 3].map(() =>
      session.run({ x: X }).then(
        (r) => Array.from(r.y?.data as Float32Array),
        (e: Error) => e.message,
      ),
    );
    const results = await Promise.all(runs);
    expect(results[0]).toContain('partition failed on purpose');
    expect(results.slice(1)).toEqual([reference(), reference()]);
    expect(most).toBe(1);
    await session.dispose();
  });

  it('previews the plan without compiling', async () => {
    let compiled = 0;
    const base = testDelegate('t');
    const counting: Delegate = {
      ...base,
      compile: (p, c) => {
        compiled++;
        return base.compile(p, c);
      },
    };
    const plan = await previewPlan(chain(), [counting]);
    expect(plan.counts.t?.nodes).toBe(4);
    expect(compiled).toBe(0);
  });
});
