/**
 * One shared, growable float32 scratch buffer for the tiles kernels build while they run (im2col
 * columns, ConvTranspose columns, resize passes). Kernels run synchronously one at a time, so one
 * buffer per purpose suffices; sharing it keeps a model with a hundred convolutions from holding a
 * hundred tile buffers. Callers must not hold a scratch array across an `await` or another kernel.
 */
const floats = new Map<string, Float32Array>();
const doubles = new Map<string, Float64Array>();

function grown<T extends Float32Array | Float64Array>(
  buffers: Map<string, T>,
  purpose: string,
  length: number,
  make: (n: number) => T,
): T {
  let buf = buffers.get(purpose);
  if (!buf || buf.length < length) {
    buf = make(Math.max(length, Math.ceil((buf?.length ?? 0) * 1.5)));
    buffers.set(purpose, buf);
  }
  return buf;
}

export function scratchFloats(purpose: string, length: number): Float32Array {
  return grown(floats, purpose, length, (n) => new Float32Array(n));
}

/** The float64 counterpart, for packed GEMM panels (util/gemm-kernel.ts). */
export function scratchDoubles(purpose: string, length: number): Float64Array {
  return grown(doubles, purpose, length, (n) => new Float64Array(n));
}
