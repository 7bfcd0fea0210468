import { WebGpuError } from '../errors.js';
import type { Precision } from '../options.js';

/** The GPU entry point, and whatever must stay referenced while it is used. */
interface GpuSource {
  readonly gpu: GPU;
  readonly origin: 'navigator.gpu' | 'dawn (webgpu package)';
}

let dawn: Promise<GpuSource> | undefined;

/**
 * Dawn's `create()` result must outlive every device made from it: dropping it crashes Dawn at
 * random. It is therefore created once per process and held here for good.
 */
async function loadDawn(): Promise<GpuSource> {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  if (env && !env.XDG_RUNTIME_DIR) {
    // Dawn's Vulkan loader warns about a missing runtime dir on headless machines.
    const { tmpdir } = await import('node:os');
    env.XDG_RUNTIME_DIR = tmpdir();
  }
  let mod: { create(flags: string[]): GPU; globals: object };
  try {
    mod = (await import('webgpu')) as typeof mod;
  } catch (error) {
    throw new WebGpuError(
      'WEBGPU_UNAVAILABLE',
      `No WebGPU here: there is no navigator.gpu and the 'webgpu' package (Dawn for Node) could not be loaded (${(error as Error).message}).`,
      { cause: error },
    );
  }
  // GPUBufferUsage, GPUMapMode, … as browsers define them; existing globals are left alone.
  for (const [key, value] of Object.entries(mod.globals)) {
    if (!(key in globalThis)) (globalThis as Record<string, unknown>)[key] = value;
  }
  return { gpu: mod.create([]), origin: 'dawn (webgpu package)' };
}

async function gpuSource(): Promise<GpuSource> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, origin: 'navigator.gpu' };
  dawn ??= loadDawn();
  try {
    return await dawn;
  } catch (error) {
    dawn = undefined;
    throw error;
  }
}

export interface AcquiredDevice {
  readonly device: GPUDevice;
  /** A CPU implementation of WebGPU (lavapipe, SwiftShader, WARP): no fast workgroup memory. */
  readonly software: boolean;
  /** Whether the delegate created the device (and so destroys it on dispose). */
  readonly owned: boolean;
  readonly description: string;
  /** See fixedSubgroupSize. */
  readonly subgroupSize: number | undefined;
}

/** Features the delegate asks for when the adapter has them. */
const WANTED_FEATURES: readonly GPUFeatureName[] = ['timestamp-query', 'subgroups' as GPUFeatureName];

/**
 * The subgroup size shaders may rely on: set when the device has the 'subgroups' feature and the
 * adapter runs every subgroup at one size (lavapipe: the SIMD width, 8 with AVX2).
 */
export function fixedSubgroupSize(device: GPUDevice, info: GPUAdapterInfo | undefined): number | undefined {
  const sizes = info as { subgroupMinSize?: number; subgroupMaxSize?: number } | undefined;
  if (!device.features.has('subgroups' as GPUFeatureName) || !sizes?.subgroupMinSize) return undefined;
  return sizes.subgroupMinSize === sizes.subgroupMaxSize ? sizes.subgroupMinSize : undefined;
}

/** Limits raised to the adapter's maximum, since the defaults are far below what models need. */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Whether an adapter runs on the CPU: fallback adapters and Mesa's llvmpipe/lavapipe, SwiftShader. */
export function isSoftwareAdapter(info: GPUAdapterInfo | undefined): boolean {
  if (!info) return false;
  const text = `${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  return (
    (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    /software|llvmpipe|lavapipe|swiftshader|warp/.test(text)
  );
}

function describe(adapter: GPUAdapter, origin: string): string {
  const info = adapter.info;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s);
  return `${parts.length > 0 ? parts.join(' ') : 'unnamed adapter'} via ${origin}`;
}

/** Finds an adapter and requests a device with the features and limits the delegate uses. */
export async function acquireDevice(options: {
  precision: Precision;
  powerPreference?: GPUPowerPreference;
}): Promise<AcquiredDevice> {
  const source = await gpuSource();
  const adapter = await source.gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : {});
  if (!adapter) {
    throw new WebGpuError(
      'WEBGPU_UNAVAILABLE',
      `No WebGPU adapter found through ${source.origin}. On Linux without a GPU install Mesa's Vulkan drivers (lavapipe, package mesa-vulkan-drivers); in a browser enable WebGPU.`,
    );
  }
  const features: GPUFeatureName[] = WANTED_FEATURES.filter((f) => adapter.features.has(f));
  if (options.precision === 'fp16') {
    if (!adapter.features.has('shader-f16')) {
      throw new WebGpuError(
        'WEBGPU_FEATURE_MISSING',
        `precision 'fp16' needs the adapter feature 'shader-f16', which ${describe(adapter, source.origin)} does not have; use precision 'fp32'.`,
      );
    }
    features.push('shader-f16');
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ requiredFeatures: features, requiredLimits });
  return {
    device,
    owned: true,
    software: isSoftwareAdapter(adapter.info),
    description: describe(adapter, source.origin),
    subgroupSize: fixedSubgroupSize(device, adapter.info),
  };
}
