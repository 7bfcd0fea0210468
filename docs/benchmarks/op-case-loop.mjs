// One op case in a plain loop, Tessera's CPU delegate on one thread beside TensorFlow.js wasm, for
// taking a small case apart (see cpu-goal4-gaps.md); tessera-bench remains the source of the ratios.
//   node docs/benchmarks/op-case-loop.mjs dw3x3-14x14x512-s2 [tessera|tfjs]
// (the second argument times one engine alone in the process)
// A timed run is tessera-bench's own run of that runtime, from the input in JavaScript memory to the
// output there. The engines take turns in blocks of 200 runs; printed are the median and 10th
// percentile of every run's time.
import { fileURLToPath } from 'node:url';
import { buildOpCase, createRuntimes, loadDelegate, OP_CASES } from '@tessera/conformance';

const name = process.argv[2] ?? 'dw3x3-14x14x512-s2';
const definition = OP_CASES.find((c) => c.name === name);
if (!definition) throw new Error(`no op case '${name}': ${OP_CASES.map((c) => c.name).join(', ')}`);
const op = buildOpCase(definition, 1);
const data = { model: op.model, feeds: op.feeds, op };

const delegate = await loadDelegate(fileURLToPath(new URL('./cpu-single-thread.mjs', import.meta.url)));
const only = process.argv[3];
const runtimes = createRuntimes(['tessera', 'tfjs-wasm'], [delegate]).filter((r) => !only || r.id.includes(only));
const loaded = [];
for (const runtime of runtimes) {
  await runtime.init();
  loaded.push({ id: runtime.id, runtime, flow: await runtime.load(data), times: [] });
}
for (const { flow } of loaded) for (let i = 0; i < 3000; i++) await flow.run();
for (let block = 0; block < 10; block++) {
  for (const { flow, times } of loaded) {
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await flow.run();
      times.push(performance.now() - t0);
    }
  }
}
const at = (sorted, q) => sorted[Math.floor(q * (sorted.length - 1))] * 1000;
for (const { id, runtime, flow, times } of loaded) {
  times.sort((a, b) => a - b);
  console.log(`${name} ${id}: median ${at(times, 0.5).toFixed(1)} µs, 10th percentile ${at(times, 0.1).toFixed(1)} µs`);
  await flow.dispose();
  await runtime.dispose();
}
