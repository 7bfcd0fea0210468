// One op case in a plain loop, Tessera's CPU delegate on one thread beside TensorFlow.js wasm, for
// taking a small case apart (see cpu-goal4-gaps.md); tessera-bench remains the source of the ratios.
//   node docs/benchmarks/op-case-loop.mjs dw3x3-14x14x512-s2 [tessera|tfjs]
// (the second argument times one engine alone in the process)
// Each timed run does what a tessera-bench run does: Tessera's session.run from the input in
// JavaScript memory; TensorFlow.js's tf.tensor() of the activation, the op, dataSync(). The engines
// take turns in blocks of 200 runs; printed are the median and 10th percentile of every run's time.
import { createRequire } from 'node:module';
import { buildOpCase, OP_CASES } from '@tessera/conformance';
import { createSession, loadModel } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';

// TensorFlow.js is a dependency of the conformance package (the benchmark's peer), not of the root.
const require = createRequire(import.meta.resolve('@tessera/conformance'));
const tf = require('@tensorflow/tfjs-core');
const tfWasm = require('@tensorflow/tfjs-backend-wasm');

const name = process.argv[2] ?? 'dw3x3-14x14x512-s2';
const definition = OP_CASES.find((c) => c.name === name);
if (!definition) throw new Error(`no op case '${name}': ${OP_CASES.map((c) => c.name).join(', ')}`);
if (definition.spec.op === 'matmul') throw new Error('this loop takes the conv and depthwise cases');
const data = buildOpCase(definition, 1);

const delegate = cpuDelegate({ threads: 1 });
const session = await createSession(await loadModel(data.model), { delegates: [delegate] });
const tessera = () => session.run(data.feeds);

tfWasm.setThreadsCount(1);
await tf.setBackend('wasm');
const call = data.tfjs;
const filter = tf.tensor(call.filter.data, [...call.filter.dims], 'float32');
const op = call.op === 'depthwiseConv2d' ? tf.depthwiseConv2d : tf.conv2d;
const tfjs = () => {
  const x = tf.tensor(call.x.data, [...call.x.dims], 'float32');
  const y = op(x, filter, call.stride, call.pad);
  y.dataSync();
  y.dispose();
  x.dispose();
};

const only = process.argv[3];
const engines = Object.fromEntries(
  Object.entries({ 'tessera-cpu-1t': tessera, 'tfjs-wasm': tfjs }).filter(([engine]) => !only || engine.startsWith(only)),
);
const times = Object.fromEntries(Object.keys(engines).map((k) => [k, []]));
for (const run of Object.values(engines)) for (let i = 0; i < 3000; i++) await run();
for (let block = 0; block < 10; block++) {
  for (const [engine, run] of Object.entries(engines)) {
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await run();
      times[engine].push(performance.now() - t0);
    }
  }
}
const at = (sorted, q) => sorted[Math.floor(q * (sorted.length - 1))] * 1000;
for (const [engine, t] of Object.entries(times)) {
  t.sort((a, b) => a - b);
  console.log(`${name} ${engine}: median ${at(t, 0.5).toFixed(1)} µs, 10th percentile ${at(t, 0.1).toFixed(1)} µs`);
}
await session.dispose();
await delegate.dispose?.();
filter.dispose();
