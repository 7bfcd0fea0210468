import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { packageVersion } from './versions.js';

/** Where the figures were taken: they mean little without it. */
export interface MachineInfo {
  readonly cpuModel: string;
  /** Logical CPUs this process may use (what `nproc` prints). */
  readonly nproc: number;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly totalMemoryGiB: number;
  /** 1-minute load average when the run started: above nproc means other work competed for the CPUs. */
  readonly loadAverageAtStart: number;
}

function cpuModel(): string {
  // /proc/cpuinfo names the model even where os.cpus() comes back empty (some containers).
  if (existsSync('/proc/cpuinfo')) {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpuModel(),
    nproc: availableParallelism(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    totalMemoryGiB: totalmem() / 1024 ** 3,
    loadAverageAtStart: loadavg()[0] ?? 0,
  };
}

/** The packages whose code is being timed, and the timer. */
export const BENCHMARKED_PACKAGES: readonly string[] = [
  '@tessera/core',
  '@tessera/delegate-cpu',
  'onnxruntime-node',
  'onnxruntime-web',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-webgpu',
  'webgpu',
  'tinybench',
];

export function packageVersions(): Record<string, string> {
  return Object.fromEntries(BENCHMARKED_PACKAGES.map((name) => [name, packageVersion(name)]));
}
