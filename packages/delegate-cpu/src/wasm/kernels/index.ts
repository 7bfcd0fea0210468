import type { WasmKernelFactory } from '../kernel-types.js';
import { wasmAveragePool } from './AveragePool.js';
import { wasmConv } from './Conv.js';
import { wasmConvTranspose } from './ConvTranspose.js';
import { wasmGemm } from './Gemm.js';
import { wasmGlobalAveragePool } from './GlobalAveragePool.js';
import { wasmGlobalMaxPool } from './GlobalMaxPool.js';
import { wasmLogSoftmax } from './LogSoftmax.js';
import { wasmLRN } from './LRN.js';
import { wasmMatMul } from './MatMul.js';
import { wasmMaxPool } from './MaxPool.js';
import { wasmResize } from './Resize.js';
import { wasmSoftmax } from './Softmax.js';

/** WebAssembly kernels by op; elementwise ops run as fused chains (../chain.ts) instead. */
export const WASM_KERNELS: ReadonlyMap<string, WasmKernelFactory> = new Map([
  ['Conv', wasmConv],
  ['ConvTranspose', wasmConvTranspose],
  ['MatMul', wasmMatMul],
  ['Gemm', wasmGemm],
  ['MaxPool', wasmMaxPool],
  ['AveragePool', wasmAveragePool],
  ['GlobalAveragePool', wasmGlobalAveragePool],
  ['GlobalMaxPool', wasmGlobalMaxPool],
  ['LRN', wasmLRN],
  ['Softmax', wasmSoftmax],
  ['LogSoftmax', wasmLogSoftmax],
  ['Resize', wasmResize],
]);
