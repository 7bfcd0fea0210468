// One conv op case taken apart in a run: Tessera's CPU delegate (one thread) and TensorFlow.js wasm
// (XNNPACK, one thread), each step of a run timed on its own (cpu-goal4-gaps.md, "Sixth session").
//   node docs/benchmarks/op-case-parts.mjs dw3x3-14x14x512-s2
// Tessera: the partition's copy-in, WebAssembly job and copy-out are timed by wrapping those methods;
// the rest of the partition's run and the session are what remains of the whole run. TensorFlow.js:
// tf.tensor(), the op, dataSync() and the disposes, timed one by one. Medians of 5000 runs after 3000.
// Wrapping adds a few tenths of a µs per wrapped call; tessera-bench remains the source of the ratios.
import { buildOpCase, computeTfjsCall, loadTfjs, OP_CASES } from '@tessera/conformance';
import { createSession, loadModel } from '@tessera/core';
import { cpuDelegate } from '@tessera/delegate-cpu';
import { WasmPartition } from '../../packages/delegate-cpu/dist/wasm/partition.js';
import { WasmRuntime } from '../../packages/delegate-cpu/dist/wasm/runtime.js';
import { ValueStore } from '../../packages/delegate-cpu/dist/wasm/values.js';

const WARM = 3000;
const RUNS = 5000;
const name = process.argv[2] ?? 'dw3x3-14x14x512-s2';
const definition = OP_CASES.find((c) => c.name === name);
if (!definition || definition.spec.op === 'matmul') throw new Error(`no conv op case '${name}'`);
const op = buildOpCase(definition, 1);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1] * 1000;

const COPY_IN = 'input copied into the heap (copyIn)';
const JOB = 'the WebAssembly job (WasmRuntime.run)';
const COPY_OUT = 'output allocated and copied out (copyOut)';
const PARTITION = 'partition run';

/** Tessera: whole runs, with the wrapped steps' own times collected alongside (after the warm-up). */
async function tessera() {
  const steps = {};
  const wrap = (proto, method, label) => {
    const original = proto[method];
    proto[method] = function (...args) {
      const t0 = performance.now();
      const result = original.apply(this, args);
      steps[label]?.push(performance.now() - t0);
      return result;
    };
  };
  wrap(ValueStore.prototype, 'copyIn', COPY_IN);
  wrap(WasmRuntime.prototype, 'run', JOB);
  wrap(WasmPartition.prototype, 'copyOut', COPY_OUT);
  // A partition's run has no await when all its steps are WebAssembly: the call returns when it is done.
  wrap(WasmPartition.prototype, 'run', PARTITION);
  const session = await createSession(await loadModel(op.model), { delegates: [cpuDelegate({ threads: 1 })], strict: true });
  for (let i = 0; i < WARM; i++) await session.run(op.feeds);
  for (const label of [COPY_IN, JOB, COPY_OUT, PARTITION]) steps[label] = [];
  const whole = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await session.run(op.feeds);
    whole.push(performance.now() - t0);
  }
  await session.dispose();
  const m = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)]));
  return [
    [COPY_IN, m[COPY_IN]],
    [JOB, m[JOB]],
    [COPY_OUT, m[COPY_OUT]],
    ['the rest of the partition run', m[PARTITION] - m[COPY_IN] - m[JOB] - m[COPY_OUT]],
    ['the session around it', median(whole) - m[PARTITION]],
    ['whole run', median(whole)],
  ];
}

/** TensorFlow.js wasm, as tessera-bench's tfjs-wasm runtime calls it, each call timed. */
async function tensorflow() {
  // The same tfjs set-up as tessera-bench's tfjs-wasm runtime: one thread, production mode.
  const tf = await loadTfjs();
  await tf.setBackend('wasm');
  await tf.ready();
  const call = op.tfjs;
  const filter = tf.tensor(call.filter.data, [...call.filter.dims], 'float32');
  const parts = { 'tf.tensor()': [], 'the op': [], 'dataSync()': [], 'dispose() ×2': [], 'whole run': [] };
  for (let i = 0; i < WARM + RUNS; i++) {
    const t0 = performance.now();
    const x = tf.tensor(call.x.data, [...call.x.dims], 'float32');
    const t1 = performance.now();
    const y = computeTfjsCall(tf, call, x, filter);
    const t2 = performance.now();
    y.dataSync();
    const t3 = performance.now();
    y.dispose();
    x.dispose();
    const t4 = performance.now();
    if (i < WARM) continue;
    parts['tf.tensor()'].push(t1 - t0);
    parts['the op'].push(t2 - t1);
    parts['dataSync()'].push(t3 - t2);
    parts['dispose() ×2'].push(t4 - t3);
    parts['whole run'].push(t4 - t0);
  }
  filter.dispose();
  return Object.entries(parts).map(([k, v]) => [k, median(v)]);
}

for (const [engine, rows] of [
  ['Tessera cpu, 1 thread', await tessera()],
  ['TensorFlow.js wasm, 1 thread', await tensorflow()],
]) {
  console.log(`${name}, ${engine}:`);
  for (const [label, us] of rows) console.log(`  ${label.padEnd(44)} ${us.toFixed(1).padStart(7)} µs`);
}
