/**
 * `navigator.gpu` for libraries that look for it there (TensorFlow.js's webgpu backend): in a browser
 * it is already set; in Node 20 there is no `navigator`, so it comes from the `webgpu` package (Dawn),
 * whose instance is kept for the life of the process (Dawn crashes when it is collected while in use).
 */
let instance: GPU | undefined;

export async function ensureNavigatorGpu(): Promise<void> {
  const existing = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (existing?.gpu) return;
  const dawn = await import('webgpu');
  Object.assign(globalThis, dawn.globals);
  instance ??= dawn.create([]);
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...(existing ?? {}), gpu: instance, userAgent: `Node.js ${process.version}` },
    configurable: true,
  });
}
