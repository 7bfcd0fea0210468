import { DEFAULT_DELEGATE, DEFAULT_MODELS, DEFAULT_TIMING } from './args.js';
import { MODEL_SELECTORS, OP_CASE_IDS } from './cases.js';
import { OPT_IN_RUNTIMES, RUNTIME_SELECTORS } from './runtimes/index.js';

export function benchUsageText(): string {
  const t = DEFAULT_TIMING;
  return `Usage: tessera-bench [options]

Times Tessera flows beside onnxruntime-node, onnxruntime-web (wasm) and TensorFlow.js (wasm, cpu) on
the same models and shapes, in one process. Every runtime's first-run outputs are checked against
onnxruntime-node (1 thread) before it is timed. Prints a Markdown table with Tessera ÷ peer ratios.

  --delegate <module>    a Tessera delegate module, loaded as tessera-conformance loads it (a package
                         name or a path, '#export' to pick an export); one flow each (repeatable;
                         default ${DEFAULT_DELEGATE})
  --models <list>        comma-separated: ${MODEL_SELECTORS.join(', ')}
                         (default ${DEFAULT_MODELS.join(',')} plus every op case)
  --ops                  add every op case: ${OP_CASE_IDS.join(', ')}
  --runtimes <list>      comma-separated: ${RUNTIME_SELECTORS.join(', ')} (default all but
                         ${OPT_IN_RUNTIMES.join(', ')}, which need a WebGPU adapter; TensorFlow.js runs the
                         op cases only, ort-node-webgpu the model cases only)
  --time <ms>            tinybench time budget per case and runtime (default ${t.timeMs})
  --iterations <n>       fewest timed runs per case and runtime (default ${t.iterations})
  --warmup <n>           warm-up runs before timing (default ${t.warmupRuns}) ...
  --warmup-time <ms>     ... and warm-up time (default ${t.warmupTimeMs}); slow cases stop at 3× this
  --rounds <n>           load, warm up and time each pair n times, the case's runtimes taking turns;
                         a pair's warm median is the median of its rounds' (default ${t.rounds})
  --cold-shader-cache    turn off Mesa's on-disk shader cache (MESA_SHADER_CACHE_DISABLE) for the
                         whole run, so WebGPU first runs on lavapipe pay their real shader
                         compilation rather than a cache hit from an earlier run
  --seed <n>             seed of the random inputs and weights (default 1)
  --json <file>          write the full report as JSON
  --markdown <file>      write the Markdown report
  --svg <file>           write a bar chart of warm medians

Exit codes: 0 done; 1 a runtime's outputs did not match the reference or it failed to run;
2 a bad command line or delegate module.`;
}
