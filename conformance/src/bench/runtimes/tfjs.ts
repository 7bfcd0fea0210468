import { join } from 'node:path';
import type * as Tf from '@tensorflow/tfjs-core';
import { Tensor } from '@tessera/core';
import { toleranceFor } from '../../tolerances.js';
import { nhwcToNchw } from '../layout.js';
import type { TfjsCall } from '../op-cases.js';
import { packageDir, packageVersion } from '../versions.js';
import { ensureNavigatorGpu } from './node-webgpu.js';
import type { BenchRuntime, LoadedCase } from './types.js';

type TfModule = typeof Tf;
export type TfjsBackend = 'wasm' | 'cpu' | 'webgpu';

let tfModule: Promise<TfModule> | undefined;
let webgpuRegistered: Promise<void> | undefined;

/** The webgpu backend, registered on first use: it needs navigator.gpu (Dawn in Node). */
function registerWebGpu(): Promise<void> {
  webgpuRegistered ??= (async () => {
    await ensureNavigatorGpu();
    await import('@tensorflow/tfjs-backend-webgpu');
  })();
  return webgpuRegistered;
}

/**
 * tfjs-core with its cpu and wasm backends registered, loaded once per process and shared by the
 * runtimes (and by docs/benchmarks/op-case-parts.mjs, which times the same calls step by step).
 */
export function loadTfjs(): Promise<TfModule> {
  tfModule ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the backend reads its .wasm with fs from this folder: nothing is downloaded.
    wasm.setWasmPaths(`${join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')}/`);
    // XNNPACK would size its pool by the core count where threads are possible; the peer is single-threaded.
    wasm.setThreadsCount(1);
    // Production mode: no debug checks, and no "install tfjs-node" banner on stderr.
    tf.enableProdMode();
    return tf;
  })();
  return tfModule;
}

function tfTensor(tf: TfModule, t: Tensor): Tf.Tensor {
  return tf.tensor(t.data as Float32Array, [...t.dims], 'float32');
}

/** The op case's TensorFlow.js call on `input` (the activation) and `weight`. */
export function computeTfjsCall(tf: TfModule, call: TfjsCall, input: Tf.Tensor, weight: Tf.Tensor): Tf.Tensor {
  switch (call.op) {
    case 'conv2d':
      return tf.conv2d(input as Tf.Tensor4D, weight as Tf.Tensor4D, call.stride, call.pad as Tf.backend_util.ExplicitPadding);
    case 'depthwiseConv2d':
      return tf.depthwiseConv2d(
        input as Tf.Tensor4D,
        weight as Tf.Tensor4D,
        call.stride,
        call.pad as Tf.backend_util.ExplicitPadding,
      );
    case 'matMul':
      return tf.matMul(input, weight);
  }
}

const LABELS: Record<TfjsBackend, (version: string) => string> = {
  wasm: (v) => `TensorFlow.js ${v}, wasm backend (XNNPACK, SIMD, 1 thread)`,
  cpu: (v) => `TensorFlow.js ${v}, cpu backend (JavaScript)`,
  webgpu: (v) => `TensorFlow.js ${v}, webgpu backend`,
};

/**
 * TensorFlow.js on its wasm backend (XNNPACK, SIMD, one thread), its cpu backend (plain
 * JavaScript) or its webgpu backend (the Tessera WebGPU delegate's op-level peer). It has no ONNX
 * importer, so it runs the op cases only, as the same tf.conv2d / tf.depthwiseConv2d / tf.matMul call
 * in NHWC; outputs are turned back to NCHW off the clock.
 *
 * A timed run does what a Tessera or onnxruntime run does: it takes the activation from JavaScript
 * memory (tf.tensor, which copies it into the backend: the wasm heap, or a GPU buffer) and returns the
 * output in JavaScript memory. The weight, a constant in the ONNX model, is uploaded once at load.
 */
export function tfjsRuntime(backend: TfjsBackend): BenchRuntime {
  const version = packageVersion('@tensorflow/tfjs-core');
  let tf: TfModule | undefined;
  const select = async (): Promise<TfModule> => {
    const loaded = tf ?? (await loadTfjs());
    if (backend === 'webgpu') await registerWebGpu();
    // The runtimes share one tfjs: each switches to its backend before it loads a case.
    if (loaded.getBackend() !== backend && !(await loaded.setBackend(backend))) {
      throw new Error(`TensorFlow.js could not start its '${backend}' backend.`);
    }
    await loaded.ready();
    return loaded;
  };
  return {
    id: `tfjs-${backend}`,
    label: LABELS[backend](version),
    family: 'peer',
    kinds: ['op'],
    tolerance: (dtype) => toleranceFor(backend === 'webgpu' ? 'webgpu' : 'cpu', dtype),
    async init() {
      tf = await select();
    },
    async load(data): Promise<LoadedCase> {
      const op = data.op;
      if (!op) throw new Error(`tfjs-${backend} runs op cases only.`);
      const lib = await select();
      const call = op.tfjs;
      const [activation, weightData] = call.op === 'matMul' ? [call.a, call.b] : [call.x, call.filter];
      const weight = tfTensor(lib, weightData);
      return {
        run: async () => {
          const input = tfTensor(lib, activation);
          const y = computeTfjsCall(lib, call, input, weight);
          // Read back into JS memory, as the other runtimes' results are (the GPU backend asynchronously).
          const values = (backend === 'webgpu' ? await y.data() : y.dataSync()) as Float32Array;
          const dims = [...y.shape];
          y.dispose();
          input.dispose();
          return () => {
            const out = new Tensor('float32', values, dims);
            return { [op.outputName]: op.tfjsOutputIsNhwc ? nhwcToNchw(out) : out };
          };
        },
        dispose: async () => {
          weight.dispose();
        },
      };
    },
    dispose: async () => {},
  };
}
