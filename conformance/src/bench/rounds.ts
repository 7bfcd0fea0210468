import type { BenchResult } from './measure.js';
import { quantile } from './stats.js';

/**
 * One pair's result over several rounds. Each round loaded, verified, warmed and timed the pair anew,
 * with every other runtime of the case timed in between, so a slow phase of a shared machine, or a
 * runtime that settles into a slower state for a whole load (an allocator's layout, a tier-up), shows
 * as one round among several instead of deciding the figure. The warm median is the median of the
 * rounds' medians; the rounds' own medians stay in `roundMediansMs`. A round that failed makes the
 * pair fail with that round's status.
 */
export function mergeRounds(rounds: readonly BenchResult[]): BenchResult {
  const first = rounds[0];
  if (!first) throw new Error('mergeRounds needs at least one round');
  const failed = rounds.find((r) => r.status !== 'ok');
  if (rounds.length === 1 || failed) return failed ?? first;
  const warms = rounds.map((r) => r.warm).filter((w) => w !== undefined);
  const medians = warms.map((w) => w.medianMs);
  const sortedMedians = [...medians].sort((a, b) => a - b);
  const median = quantile(sortedMedians, 0.5);
  // The round closest to the median lends its p90 and profile, so they describe a typical round.
  const typical = rounds[medians.indexOf(sortedMedians[Math.floor((sortedMedians.length - 1) / 2)] as number)] ?? first;
  const samples = warms.reduce((sum, w) => sum + w.samples, 0);
  const memories = rounds.map((r) => r.memory).filter((m) => m !== undefined);
  return {
    ...first,
    warmup: {
      runs: rounds.reduce((sum, r) => sum + (r.warmup?.runs ?? 0), 0),
      ms: rounds.reduce((sum, r) => sum + (r.warmup?.ms ?? 0), 0),
    },
    warm: {
      medianMs: median,
      p90Ms: typical.warm?.p90Ms ?? Number.NaN,
      minMs: Math.min(...warms.map((w) => w.minMs)),
      maxMs: Math.max(...warms.map((w) => w.maxMs)),
      meanMs: warms.reduce((sum, w) => sum + w.meanMs * w.samples, 0) / samples,
      samples,
    },
    roundMediansMs: medians,
    ...(memories.length > 0
      ? {
          memory: {
            rssBeforeMiB: Math.min(...memories.map((m) => m.rssBeforeMiB)),
            peakRssMiB: Math.max(...memories.map((m) => m.peakRssMiB)),
            growthMiB: Math.max(...memories.map((m) => m.growthMiB)),
          },
        }
      : {}),
    ...(typical.profile ? { profile: typical.profile } : {}),
  };
}
