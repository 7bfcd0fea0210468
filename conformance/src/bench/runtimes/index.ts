import type { LoadedDelegate } from '../../delegate-loader.js';
import { ortNodeRuntime } from './ort-node.js';
import { ortNodeWebGpuRuntime } from './ort-node-webgpu.js';
import { ortWebRuntime } from './ort-web.js';
import { tesseraRuntime } from './tessera.js';
import { tfjsRuntime } from './tfjs.js';
import type { BenchRuntime } from './types.js';

/** The peers, by the id --runtimes takes, in the order tables show them. */
export const PEER_FACTORIES: Readonly<Record<string, () => BenchRuntime>> = {
  'ort-node-1t': () => ortNodeRuntime(1),
  'ort-node': () => ortNodeRuntime('default'),
  'ort-node-webgpu': () => ortNodeWebGpuRuntime(),
  'ort-web-1t': () => ortWebRuntime(),
  'tfjs-wasm': () => tfjsRuntime('wasm'),
  'tfjs-cpu': () => tfjsRuntime('cpu'),
  'tfjs-webgpu': () => tfjsRuntime('webgpu'),
};

/** What --runtimes takes: 'tessera' (one runtime per --delegate) and the peers. */
export const RUNTIME_SELECTORS: readonly string[] = ['tessera', ...Object.keys(PEER_FACTORIES)];

/** Peers that run only when named: they need hardware (a WebGPU adapter) that not every machine has. */
export const OPT_IN_RUNTIMES: readonly string[] = ['ort-node-webgpu', 'tfjs-webgpu'];

/** What runs without --runtimes: every selector but the opt-in ones. */
export const DEFAULT_RUNTIMES: readonly string[] = RUNTIME_SELECTORS.filter((id) => !OPT_IN_RUNTIMES.includes(id));

/** Tessera flows first (one per delegate, if 'tessera' is selected), then the selected peers in table order. */
export function createRuntimes(selected: readonly string[], delegates: readonly LoadedDelegate[]): BenchRuntime[] {
  const tessera = selected.includes('tessera') ? delegates.map(tesseraRuntime) : [];
  const peers = Object.entries(PEER_FACTORIES)
    .filter(([id]) => selected.includes(id))
    .map(([, create]) => create());
  return [...tessera, ...peers];
}
