import { formatMs, formatRatio, markdownTable } from './format.js';
import type { BenchResult, ResultStatus } from './measure.js';
import type { BenchReport, RuntimeEntry } from './report.js';

/** Ops listed per case in the profile table. */
const PROFILE_TOP = 5;

const STATUS_TEXT: Readonly<Record<ResultStatus, string>> = {
  ok: 'ok',
  mismatch: 'mismatch',
  unsupported: 'unsupported',
  'load-failed': 'load failed',
  'run-failed': 'run failed',
};

function shortId(runtime: string): string {
  return runtime.replace(/^tessera-/, '');
}

function resultOf(report: BenchReport, caseId: string, runtime: string): BenchResult | undefined {
  return report.results.find((r) => r.case === caseId && r.runtime === runtime);
}

function medianCell(result: BenchResult | undefined): string {
  if (!result) return 'n/a';
  return result.status === 'ok' ? formatMs(result.warm?.medianMs) : STATUS_TEXT[result.status];
}

function scientific(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x === 0 ? '0' : x.toExponential(1);
}

function errorCell(result: BenchResult): string {
  const outputs = result.verification?.outputs ?? [];
  if (outputs.length === 0) return '—';
  const worst = outputs.reduce((a, b) => (b.maxAbs / (b.allowed || 1) > a.maxAbs / (a.allowed || 1) ? b : a));
  return `${scientific(worst.maxAbs)} (≤ ${scientific(worst.allowed)})${worst.problem ? `, ${worst.problem}` : ''}`;
}

function mediansTable(report: BenchReport, tessera: readonly RuntimeEntry[], peers: readonly RuntimeEntry[]): string {
  const runtimes = [...tessera, ...peers];
  const ratioColumns = tessera.flatMap((t) => peers.map((p) => ({ t: t.id, p: p.id })));
  const header = ['case', ...runtimes.map((r) => r.id), ...ratioColumns.map(({ t, p }) => `${shortId(t)} ÷ ${p}`)];
  const rows = report.cases.map((c) => [
    c.id,
    ...runtimes.map((r) => medianCell(resultOf(report, c.id, r.id))),
    ...ratioColumns.map(({ t, p }) => {
      const ratio = report.ratios.find((x) => x.case === c.id && x.tessera === t && x.peer === p)?.ratio;
      return ratio === undefined ? '—' : formatRatio(ratio);
    }),
  ]);
  return markdownTable(
    header,
    rows,
    header.map((_, i) => i > 0),
  );
}

function summaryTable(report: BenchReport): string {
  const rows = report.summary.map((s) => [
    s.tessera,
    s.peer,
    String(s.cases),
    formatRatio(s.geometricMean),
    `${formatRatio(s.min)} – ${formatRatio(s.max)}`,
  ]);
  return markdownTable(['Tessera flow', 'peer', 'cases', 'geometric mean of ratios', 'range'], rows, [
    false,
    false,
    true,
    true,
    false,
  ]);
}

function detailsTable(report: BenchReport): string {
  const header = [
    'case',
    'runtime',
    'status',
    'load + compile ms',
    'first run ms',
    'warm median ms',
    'round medians ms',
    'p90 ms',
    'min ms',
    'warm-up / timed runs',
    'peak RSS MiB',
    'RSS growth MiB',
    'max abs error (allowed)',
  ];
  const rows = report.results.map((r) => [
    r.case,
    r.runtime,
    r.error ? `${STATUS_TEXT[r.status]}: ${r.error.slice(0, 160)}` : STATUS_TEXT[r.status],
    formatMs(r.loadMs),
    formatMs(r.firstRunMs),
    formatMs(r.warm?.medianMs),
    r.roundMediansMs ? r.roundMediansMs.map((ms) => formatMs(ms)).join(' / ') : '—',
    formatMs(r.warm?.p90Ms),
    formatMs(r.warm?.minMs),
    r.warmup && r.warm ? `${r.warmup.runs} / ${r.warm.samples}` : '—',
    r.memory ? r.memory.peakRssMiB.toFixed(0) : '—',
    r.memory ? r.memory.growthMiB.toFixed(1) : '—',
    errorCell(r),
  ]);
  return markdownTable(
    header,
    rows,
    header.map((_, i) => i >= 3 && i <= 11),
  );
}

function profileTable(report: BenchReport): string | undefined {
  const profiled = report.results.filter((r) => r.profile && r.profile.length > 0);
  if (profiled.length === 0) return undefined;
  const rows = profiled.map((r) => {
    const ops = r.profile ?? [];
    const total = ops.reduce((sum, o) => sum + o.ms, 0);
    const top = ops
      .slice(0, PROFILE_TOP)
      .map((o) => `${o.op} ${formatMs(o.ms)} (${total > 0 ? Math.round((100 * o.ms) / total) : 0}%, ×${o.nodes})`);
    return [r.case, r.runtime, formatMs(total), top.join(', ')];
  });
  return markdownTable(['case', 'flow', 'sum of op medians, ms', `slowest ops: ms (share, nodes)`], rows, [
    false,
    false,
    true,
    false,
  ]);
}

function detailsText(runtime: RuntimeEntry): string {
  const entries = Object.entries(runtime.details ?? {});
  return entries.length > 0 ? ` (${entries.map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
}

/** Framework start-up, paid once per process before its first case (wasm instantiation); imports that cost nothing measurable are not listed. */
function initText(runtime: RuntimeEntry): string {
  if (runtime.initError) return `; could not start: ${runtime.initError}`;
  return runtime.initMs !== undefined && runtime.initMs >= 1
    ? `; framework start-up ${formatMs(runtime.initMs)} ms (once per process)`
    : '';
}

function settingsLine(report: BenchReport): string {
  const s = report.settings;
  return (
    `Warm-up: ${s.warmupRuns} runs and ${s.warmupTimeMs} ms (capped at ${3 * s.warmupTimeMs} ms for slow cases); ` +
    `timing: tinybench, at least ${s.iterations} runs and ${s.timeMs} ms per case and runtime; seed ${s.seed}.` +
    (s.rounds > 1
      ? ` ${s.rounds} rounds: each pair loaded, warmed up and timed ${s.rounds} times, the case's runtimes taking turns; a warm median is the median of the rounds'.`
      : '') +
    (s.coldShaderCache ? " Mesa's on-disk shader cache off: first runs include all shader compilation." : '')
  );
}

/** The report for people: medians with Tessera ÷ peer ratios first, then the details behind them. */
export function renderBenchMarkdown(report: BenchReport): string {
  const tessera = report.runtimes.filter((r) => r.family === 'tessera' && !r.initError);
  const peers = report.runtimes.filter((r) => r.family === 'peer' && !r.initError);
  const m = report.machine;
  const sections = [
    '# Tessera benchmark',
    `${m.cpuModel}, ${m.nproc} CPUs, Node ${m.node} (${m.platform}-${m.arch}); load average ${m.loadAverageAtStart.toFixed(2)} at start. ${settingsLine(report)}`,
    `Command: \`${report.command}\`. Packages: ${Object.entries(report.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '## Warm median (ms) and Tessera ÷ peer',
    mediansTable(report, tessera, peers),
    'A ratio is the Tessera flow’s warm median over the peer’s on the same case in the same process: above 1, Tessera is slower. ' +
      'Cells other than a number: n/a (the runtime does not run this kind of case), mismatch (outputs differ from the reference beyond tolerance, so not timed), unsupported, load/run failed.',
    '## Ratios over all cases',
    report.summary.length > 0 ? summaryTable(report) : 'No case was timed on both a Tessera flow and a peer.',
    '## Details',
    detailsTable(report),
    'Every pair’s first-run outputs were compared with onnxruntime-node on one thread (the conformance reference) before timing. ' +
      'Peak RSS is the whole process’s resident set, sampled after load, after every run and outside the timed window; ' +
      'it includes everything loaded before (earlier runtimes, wasm memories that never shrink), so it is a per-process figure, not a per-runtime one. ' +
      'RSS growth is that peak minus the RSS just before the runtime loaded the case, after a garbage collection.',
  ];
  const profile = profileTable(report);
  if (profile) sections.push('## Where Tessera spends its time (per op, median over the timed runs)', profile);
  sections.push('## Runtimes', report.runtimes.map((r) => `- \`${r.id}\`: ${r.label}${detailsText(r)}${initText(r)}`).join('\n'));
  return `${sections.join('\n\n')}\n`;
}
