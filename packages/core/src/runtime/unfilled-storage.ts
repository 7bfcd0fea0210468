import type { arrayConstructorOf, TensorData } from '../tensor/dtype.js';

type StorageCtor = NonNullable<ReturnType<typeof arrayConstructorOf>>;

/** Node's Buffer.allocUnsafeSlow: memory of its own, not cleared. Absent in browsers. */
const allocUnsafeSlow = (globalThis as { Buffer?: { allocUnsafeSlow?(size: number): Uint8Array } }).Buffer?.allocUnsafeSlow;

/**
 * Typed-array storage of `length` elements whose contents the caller is about to overwrite (the
 * RunContext allocator's tensors, which its contract says are not zeroed). Where Node's
 * Buffer.allocUnsafeSlow exists it skips the clearing a new typed array does: for a graph output of
 * 100 KB that is about a fifth of its allocate-and-copy-out. Elsewhere, a plain (zeroed) typed array.
 */
export function unfilledStorage(ctor: StorageCtor, length: number): TensorData {
  if (!allocUnsafeSlow || length === 0) return new ctor(length);
  const bytes = allocUnsafeSlow(length * ctor.BYTES_PER_ELEMENT);
  return new ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
}
