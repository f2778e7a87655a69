/**
 * The peer run: the same M/M/c queue (ρ = 0.9, μ = 1) in manychip, in simjs
 * and in SimPy, measured in one run and interleaved, so the ratios between
 * them come from the same minutes of the same noisy machine.
 *
 *   npm run bench:peers                   c = 1, 16, 256; 3 rounds; a few minutes
 *   npm run bench:peers -- --quick        c = 16; 2 rounds of shorter samples
 *   npm run bench:peers -- --servers 16 --rounds 5 --seconds 2
 *   npm run bench:peers -- --process-jobs 0    without the whole-process table
 *   npm run bench:peers -- --process-only      the whole-process table alone
 *
 * SimPy runs in a child process (bench/peers/mmc_simpy.py) under
 * PEERS_PYTHON, by default Debian's /usr/bin/python3 with python3-simpy;
 * every SimPy API that interpreter can import gets a row. See
 * bench/peers/README.md for what each model is and how events are counted.
 *
 * Each implementation first runs a pilot to size its samples so that one
 * lasts about --seconds; then every round measures each implementation
 * once, in a fixed order, the bare heap loop first. A rate is the median of
 * the per-round rates; a ratio, the median of the per-round ratios.
 *
 * Then the same M/M/16 model as whole processes, each timed from outside
 * (issue 20's figure): `manychip run` on a million jobs as installed (the
 * bundle) beside simjs's model in a Node process, SimPy in Python and the
 * bare heap loop in a process of its own, interleaved in rounds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { contenders, type Contender, type Sample } from './contenders.js';
import { processContenders, type ProcessRun } from './process-contenders.js';
import { erlangCWaitS } from './erlang-c.js';
import { peersDir } from './peers-dir.js';
import { simJsVersion } from './simjs.js';
import { probeSimPy, type SimPyProbe } from './simpy.js';

const RHO = 0.9;
const MU = 1;

interface ImplementationResult {
  key: string;
  name: string;
  jobsPerRun: number;
  eventsPerRun: number;
  kernelEventsPerJob: number;
  /** Events per second: the median over rounds. */
  rate: number;
  perRound: number[];
  /** Median over rounds of rate / bare loop rate in the same round. */
  vsBare: number;
  meanWaitS: number | null;
}

interface SuiteResult {
  servers: number;
  erlangCWaitS: number;
  implementations: ImplementationResult[];
  ratios: { name: string; value: number }[];
}

interface Settings {
  servers: number[];
  rounds: number;
  /** How long one sample should last, in seconds. */
  targetS: number;
  /** Jobs per run of the whole-process table (M/M/16); 0 leaves it out. */
  processJobs: number;
}

/** Issue 20, goal 2: `manychip run` on M/M/16, whole process, against the peers in the same run. */
export const PROCESS_GOALS = { eventsPerS: 2e6, vsSimJs: 1.3, vsSimPy: 8 };

interface ProcessResult {
  jobs: number;
  rounds: number;
  implementations: { key: string; name: string; rate: number; perRound: number[]; seconds: number; innerSeconds: number | null; meanWaitS: number | null }[];
  ratios: { of: string; to: string; name: string; value: number }[];
}

function readSettings(): Settings {
  const { values: o } = parseArgs({
    options: {
      servers: { type: 'string' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      'process-jobs': { type: 'string' },
      'process-only': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
    },
  });
  const targetS = Number(o.seconds ?? (o.quick ? '0.5' : '1.5'));
  if (!(targetS > 0)) throw new Error(`--seconds: expected a positive number, got ${o.seconds}`);
  return {
    servers: o['process-only'] === true ? [] : (o.servers ?? (o.quick ? '16' : '1,16,256')).split(',').map((s) => positiveInt(s, '--servers')),
    rounds: positiveInt(o.rounds ?? (o.quick ? '2' : '3'), '--rounds'),
    targetS,
    processJobs: o['process-jobs'] === '0' ? 0 : positiveInt(o['process-jobs'] ?? (o.quick ? '200000' : '1000000'), '--process-jobs'),
  };
}

function positiveInt(s: string, flag: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got ${s}`);
  return n;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Rounds down to two significant digits, so that sample sizes read well. */
function niceJobs(x: number): number {
  if (x < 1000) return 1000;
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.floor(x / unit) * unit;
}

/**
 * Jobs per run so that one run lasts about `targetS`. JIT-compiled models
 * are first run until V8 has settled (a few runs and at least half a
 * second: a cold first run of the full simulation is several times slower
 * than a warm one), then a pilot grows until it lasts 0.2 s.
 */
function calibrate(c: Contender, targetS: number): number {
  let seed = 1_000_000;
  if (c.warmUp) {
    let spentS = 0;
    for (let runs = 0; runs < 3 || spentS < 0.5; runs++) spentS += c.run(c.pilotJobs, ++seed).seconds;
  }
  let jobs = c.pilotJobs;
  let sample = c.run(jobs, ++seed);
  while (sample.seconds < 0.2) {
    jobs *= 2;
    sample = c.run(jobs, ++seed);
  }
  return niceJobs((targetS * jobs) / sample.seconds);
}

function suite(servers: number, probe: SimPyProbe, settings: Settings): SuiteResult {
  const list = contenders(servers, RHO, probe);
  process.stdout.write(`M/M/${servers}: sizing samples`);
  const jobs = list.map((c) => {
    const n = calibrate(c, settings.targetS);
    process.stdout.write('.');
    return n;
  });
  process.stdout.write('\n');

  const samples = list.map(() => [] as Sample[]);
  for (let round = 0; round < settings.rounds; round++) {
    process.stdout.write(`M/M/${servers}: round ${round + 1}/${settings.rounds}`);
    list.forEach((c, i) => {
      samples[i]?.push(c.run(jobs[i] as number, round + 1));
      process.stdout.write('.');
    });
    process.stdout.write('\n');
  }

  const ratesOf = (i: number): number[] => (samples[i] as Sample[]).map((s) => s.events / s.seconds);
  const bareRates = ratesOf(0);
  const implementations: ImplementationResult[] = list.map((c, i) => {
    const own = samples[i] as Sample[];
    const rates = ratesOf(i);
    const waited = own.reduce((a, s) => a + (s.waited ?? 0), 0);
    const waitSum = own.reduce((a, s) => a + (s.waitSumS ?? 0), 0);
    const first = own[0] as Sample;
    return {
      key: c.key,
      name: c.name,
      jobsPerRun: jobs[i] as number,
      eventsPerRun: first.events,
      kernelEventsPerJob: first.kernelEvents / (jobs[i] as number),
      rate: median(rates),
      perRound: rates,
      vsBare: median(rates.map((r, round) => r / (bareRates[round] as number))),
      meanWaitS: waited > 0 ? waitSum / waited : null,
    };
  });

  const ratio = (a: string, b: string): { name: string; value: number } | undefined => {
    const ia = list.findIndex((c) => c.key === a);
    const ib = list.findIndex((c) => c.key === b);
    if (ia < 0 || ib < 0) return undefined;
    const rb = ratesOf(ib);
    return { name: `${(list[ia] as Contender).name} / ${(list[ib] as Contender).name}`, value: median(ratesOf(ia).map((r, round) => r / (rb[round] as number))) };
  };
  const pairs: [string, string][] = [];
  for (const peer of list.filter((c) => c.key === 'simjs' || c.key.startsWith('simpy')).map((c) => c.key)) {
    pairs.push(['simulation', peer], ['engine', peer]);
  }
  for (const simpy of list.filter((c) => c.key.startsWith('simpy')).map((c) => c.key)) pairs.push(['simjs', simpy]);
  const ratios = pairs.map(([a, b]) => ratio(a, b)).filter((r): r is { name: string; value: number } => r !== undefined);

  return { servers, erlangCWaitS: erlangCWaitS(servers, RHO * servers * MU, MU), implementations, ratios };
}

/** M/M/16 as whole processes, interleaved in rounds (round r uses seed r), timed from outside. */
function processSuite(probe: SimPyProbe, settings: Settings): ProcessResult {
  const list = processContenders(probe);
  const jobs = settings.processJobs;
  const runs = list.map(() => [] as ProcessRun[]);
  for (let round = 0; round < settings.rounds; round++) {
    process.stdout.write(`M/M/16, whole processes, ${jobs.toLocaleString('en-US')} jobs: round ${round + 1}/${settings.rounds}`);
    list.forEach((c, i) => {
      runs[i]?.push(c.run(jobs, round + 1));
      process.stdout.write('.');
    });
    process.stdout.write('\n');
  }
  const ratesOf = (i: number): number[] => (runs[i] as ProcessRun[]).map((r) => r.events / r.seconds);
  const implementations = list.map((c, i) => {
    const own = runs[i] as ProcessRun[];
    const inner = own.map((r) => r.innerSeconds).filter((x): x is number => x !== undefined);
    const waits = own.map((r) => r.meanWaitS).filter((x): x is number => x !== null);
    return {
      key: c.key,
      name: c.name,
      rate: median(ratesOf(i)),
      perRound: ratesOf(i),
      seconds: median(own.map((r) => r.seconds)),
      innerSeconds: inner.length === 0 ? null : median(inner),
      meanWaitS: waits.length === 0 ? null : waits.reduce((a, b) => a + b, 0) / waits.length,
    };
  });
  const pairs: [string, string][] = [['manychip', 'bare'], ['manychip', 'simjs'], ...list.filter((c) => c.key.startsWith('simpy')).map((c): [string, string] => ['manychip', c.key]), ['simjs', 'bare']];
  const ratios = pairs.map(([of, to]) => {
    const ia = list.findIndex((c) => c.key === of);
    const ib = list.findIndex((c) => c.key === to);
    const rb = ratesOf(ib);
    return { of, to, name: `${list[ia]?.name} / ${list[ib]?.name}`, value: median(ratesOf(ia).map((r, round) => r / (rb[round] as number))) };
  });
  return { jobs, rounds: settings.rounds, implementations, ratios };
}

function printProcessSuite(p: ProcessResult): void {
  console.log(`\nM/M/16, ρ = ${RHO}, ${p.jobs.toLocaleString('en-US')} jobs, each run a whole process timed from outside; medians of ${p.rounds} rounds`);
  console.log(`${'implementation'.padEnd(24)}${'M events/s'.padStart(11)}${'wall s'.padStart(9)}${'its own timing s'.padStart(18)}${'mean wait s'.padStart(13)}`);
  for (const r of p.implementations) {
    console.log(
      `${r.name.padEnd(24)}${(r.rate / 1e6).toFixed(3).padStart(11)}${r.seconds.toFixed(3).padStart(9)}${(r.innerSeconds === null ? '—' : r.innerSeconds.toFixed(3)).padStart(18)}${(r.meanWaitS === null ? '—' : r.meanWaitS.toPrecision(4)).padStart(13)}`,
    );
  }
  for (const r of p.ratios) console.log(`  ${r.name}: ${r.value.toFixed(2)}×`);
  const manychip = p.implementations.find((r) => r.key === 'manychip');
  const vs = (key: string): number | undefined => p.ratios.find((r) => r.of === 'manychip' && r.to === key)?.value;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  if (manychip !== undefined) {
    const simjs = vs('simjs');
    const simpy = vs('simpy-classic') ?? vs('simpy-modern');
    console.log(
      `goals (issue 20): ≥ ${PROCESS_GOALS.eventsPerS / 1e6} M events/s ${verdict(manychip.rate >= PROCESS_GOALS.eventsPerS)} (${(manychip.rate / 1e6).toFixed(2)}); ` +
        `≥ ${PROCESS_GOALS.vsSimJs}× simjs ${simjs === undefined ? '—' : `${verdict(simjs >= PROCESS_GOALS.vsSimJs)} (${simjs.toFixed(2)}×)`}; ` +
        `≥ ${PROCESS_GOALS.vsSimPy}× SimPy ${simpy === undefined ? '—' : `${verdict(simpy >= PROCESS_GOALS.vsSimPy)} (${simpy.toFixed(2)}×)`}`,
    );
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line !== undefined) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: fall through
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function printSuite(s: SuiteResult): void {
  const cols: [string, number][] = [
    ['implementation', 22],
    ['jobs/run', 11],
    ['kernel ev/job', 14],
    ['M events/s', 11],
    ['vs bare', 9],
    ['mean wait s', 12],
    ['vs Erlang C', 12],
  ];
  const row = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(cols[0]?.[1] ?? 0) : c.padStart(cols[i]?.[1] ?? 0))).join('');
  console.log(`\nM/M/${s.servers}, ρ = ${RHO}, μ = ${MU}; Erlang C mean wait ${s.erlangCWaitS.toPrecision(4)} s`);
  console.log(row(cols.map(([h]) => h)));
  for (const r of s.implementations) {
    console.log(
      row([
        r.name,
        r.jobsPerRun.toLocaleString('en-US'),
        r.kernelEventsPerJob.toFixed(3),
        (r.rate / 1e6).toFixed(3),
        `${(r.vsBare * 100).toFixed(1)}%`,
        r.meanWaitS === null ? '—' : r.meanWaitS.toPrecision(4),
        r.meanWaitS === null ? '—' : `${(((r.meanWaitS - s.erlangCWaitS) / s.erlangCWaitS) * 100).toFixed(1)}%`,
      ]),
    );
  }
  for (const r of s.ratios) console.log(`  ${r.name}: ${r.value.toFixed(2)}×`);
}

function main(): void {
  const settings = readSettings();
  const probe = probeSimPy();
  const startLoad = os.loadavg()[0] ?? Number.NaN;
  const suites = settings.servers.map((servers) => suite(servers, probe, settings));
  const processes = settings.processJobs > 0 ? processSuite(probe, settings) : undefined;
  const machine = {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    v8: process.versions.v8,
    python: `${probe.python} (${probe.executable})`,
    simpy: probe.apis,
    simjs: simJsVersion(),
    loadAverage1m: { start: startLoad, end: os.loadavg()[0] ?? Number.NaN },
  };

  for (const s of suites) printSuite(s);
  if (processes !== undefined) printProcessSuite(processes);
  console.log(
    `\n${machine.cpu}, ${machine.cores} cores; node ${machine.node}; Python ${machine.python}; ` +
      `SimPy ${Object.values(probe.apis).join(', ')}; simjs ${machine.simjs}; ${settings.rounds} rounds of ~${settings.targetS} s samples; ` +
      `load ${machine.loadAverage1m.start.toFixed(2)} → ${machine.loadAverage1m.end.toFixed(2)}`,
  );

  // customBiggerIsBetter entries, as in bench/results.json, beside the full record.
  const benchmarks = suites.flatMap((s) => [
    ...s.implementations.map((r) => ({ name: `peers M/M/${s.servers} ${r.name}`, unit: 'M events/s', value: r.rate / 1e6 })),
    ...s.ratios.map((r) => ({ name: `peers M/M/${s.servers} ${r.name}`, unit: 'ratio', value: r.value })),
  ]);
  if (processes !== undefined) {
    benchmarks.push(
      ...processes.implementations.map((r) => ({ name: `peers process M/M/16 ${r.name}`, unit: 'M events/s', value: r.rate / 1e6 })),
      ...processes.ratios.map((r) => ({ name: `peers process M/M/16 ${r.name}`, unit: 'ratio', value: r.value })),
    );
  }
  const record = { date: new Date().toISOString(), machine, settings: { rho: RHO, mu: MU, rounds: settings.rounds, targetSeconds: settings.targetS, processJobs: settings.processJobs }, suites, processes, benchmarks };
  writeFileSync(`${peersDir}/results.json`, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`wrote ${peersDir}/results.json`);
}

try {
  main();
} catch (e) {
  console.error(`bench:peers: ${(e as Error).message}`);
  process.exit(1);
}
