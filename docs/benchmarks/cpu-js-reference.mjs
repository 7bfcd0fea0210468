// The CPU delegate's TypeScript reference kernels (what runs where WebAssembly SIMD is unavailable),
// under their own name so they can run beside the WebAssembly path:
//   tessera-bench --delegate ./docs/benchmarks/cpu-js-reference.mjs --runtimes tessera,tfjs-cpu --ops
// Its ratio against tfjs-cpu (TensorFlow.js's plain-JavaScript backend) is like for like.
import { cpuDelegate } from '@tessera/delegate-cpu';

export default function cpuJsReferenceDelegate() {
  const delegate = cpuDelegate({ backend: 'js' });
  return Object.assign(Object.create(Object.getPrototypeOf(delegate)), delegate, { name: 'cpu-js' });
}
