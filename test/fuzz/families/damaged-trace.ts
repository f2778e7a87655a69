import fc from 'fast-check';
import type { FuzzCase } from '../fuzz-case.js';

/**
 * Damaged traces: an SWF log, or an Alibaba pod list with its node list,
 * written to the case folder and replayed by a small scenario; and, read
 * the same way, damaged data files (a CSV node list, a price series). The rows
 * start plausible and are then damaged: cut short, fields missing or extra,
 * words where numbers belong, -1 everywhere, giant values, times out of
 * order, stray blank, comment and NUL lines, CRLF endings, a broken header.
 * The trace options vary too (order shuffled, inflation, scales, onBadRow).
 */

const badTokens = ['abc', 'NaN', '1e308', '1e50', '-1', '99999999999999999999', '', '1.5', '-0', '0x1F', 'Infinity', '-5', '"', '\u0000'];

const rowDamage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('drop-fields' as const), n: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('extra-fields' as const), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('bad-field' as const), field: fc.nat({ max: 17 }), token: fc.constantFrom(...badTokens) }),
  fc.record({ kind: fc.constant('all-minus-one' as const) }),
  fc.record({ kind: fc.constant('giant' as const) }),
  fc.record({ kind: fc.constant('blank-before' as const) }),
);
type RowDamage = typeof rowDamage extends fc.Arbitrary<infer T> ? T : never;

/** Damage to one row in `oneIn` rows: most rows stay whole, so that the damage is found among good rows. */
const sometimes = (oneIn: number): fc.Arbitrary<RowDamage | undefined> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rowDamage });

function damage(fields: string[], d: RowDamage | undefined, sep: string): string {
  if (d === undefined) return fields.join(sep);
  switch (d.kind) {
    case 'truncate': {
      const line = fields.join(sep);
      return line.slice(0, Math.floor(line.length * d.at));
    }
    case 'drop-fields':
      return fields.slice(0, Math.max(0, fields.length - d.n)).join(sep);
    case 'extra-fields':
      return [...fields, ...Array.from({ length: d.n }, () => '7')].join(sep);
    case 'bad-field':
      return fields.map((f, i) => (i === d.field % fields.length ? d.token : f)).join(sep);
    case 'all-minus-one':
      return fields.map((f, i) => (i === 0 && sep === ',' ? f : '-1')).join(sep);
    case 'giant':
      return fields.map((f, i) => (i === 0 && sep === ',' ? f : '99999999999999999999')).join(sep);
    case 'blank-before':
      return `\n${fields.join(sep)}`;
  }
}

/** Usual values, and now and then an extreme one: the rows should mostly be reached, and judged. */
const mostly = <T>(usual: readonly T[], extreme: readonly T[]): fc.Arbitrary<T> =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: fc.constantFrom(...extreme) });

const globalDamage = fc.record({
  crlf: fc.boolean(),
  noFinalNewline: fc.boolean(),
  unsorted: fc.boolean(),
  strayLines: fc.constantFrom('none', 'none', 'comments', 'nul', 'garbage'),
});
type GlobalDamage = typeof globalDamage extends fc.Arbitrary<infer T> ? T : never;

function assemble(header: string[], rows: string[], g: GlobalDamage): string {
  const body = g.unsorted ? [...rows].reverse() : rows;
  const stray = g.strayLines === 'comments' ? ['# a comment', '; another'] : g.strayLines === 'nul' ? ['\u0000\u0000\u0000'] : g.strayLines === 'garbage' ? ['}{][,,,;;;'] : [];
  const lines = [...header, ...body.slice(0, 1), ...stray, ...body.slice(1)];
  const eol = g.crlf ? '\r\n' : '\n';
  return lines.join(eol) + (g.noFinalNewline ? '' : eol);
}

const swfRow = fc.record({
  gap: fc.constantFrom(0, 1, 10, 300),
  wait: fc.constantFrom(-1, 0, 5),
  run: fc.constantFrom(0, 1, 60, 3600),
  procs: fc.constantFrom(-1, 1, 2, 8, 64),
  requested: fc.constantFrom(-1, 60, 7200),
  status: fc.constantFrom(-1, 0, 1, 5),
  damage: sometimes(4),
});

const swfArb = fc.record({
  maxProcs: fc.option(fc.constantFrom('8', '64', '-1', 'abc', '1e308', '0'), { nil: undefined }),
  rows: fc.array(swfRow, { maxLength: 30 }),
  global: globalDamage,
  nodes: fc.constantFrom(1, 8, 64),
  options: fc.record({
    timeScale: mostly([1, 0.5], [1e-300, 1e308]),
    runtimeScale: mostly([1, 2], [1e-300, 1e308]),
    processorsPerChip: mostly([1, 4], [1e-300]),
    processors: fc.constantFrom('requested', 'allocated'),
    estimate: fc.constantFrom('requested', 'runtime'),
    onBadRow: fc.constantFrom('skip', 'skip', 'fail'),
  }),
  count: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  horizon: fc.option(fc.constantFrom(100, 10000), { nil: undefined }),
  policy: fc.constantFrom('fifo', 'easy-backfill', 'sufferage', 'least-loaded'),
});

function swfCase(g: typeof swfArb extends fc.Arbitrary<infer T> ? T : never): { files: FuzzCase['files']; trace: Record<string, unknown>; label: string } {
  let submit = 0;
  const rows = g.rows.map((r, i) => {
    submit += r.gap;
    const fields = [i + 1, submit, r.wait, r.run, r.procs, -1, -1, r.procs, r.requested, -1, r.status, 1, 1, -1, 1, -1, -1, -1].map(String);
    return damage(fields, r.damage, '  ');
  });
  const header = ['; Version: 2.2', '; Computer: fuzz', ...(g.maxProcs === undefined ? [] : [`; MaxProcs: ${g.maxProcs}`]), ';'];
  const damaged = g.rows.filter((r) => r.damage !== undefined).map((r) => r.damage?.kind);
  return {
    files: [{ path: 'log.swf', text: assemble(header, rows, g.global) }],
    trace: { format: 'swf', file: 'log.swf', ...g.options },
    label: `swf, ${g.rows.length} rows, damage: ${[...new Set(damaged)].join(', ') || 'none'}${g.global.unsorted ? ', unsorted' : ''}`,
  };
}

const podRow = fc.record({
  cpu: fc.constantFrom(0, 1000, 64000),
  mem: fc.constantFrom(0, 1024, 262144),
  gpus: fc.constantFrom(0, 0, 1, 1, 2, 8),
  milli: fc.constantFrom(0, 100, 500, 1000),
  spec: fc.constantFrom('', '', 'T4', 'V100M16|T4', 'NOPE'),
  qos: fc.constantFrom('LS', 'BE', 'Burstable', 'Guaranteed', ''),
  phase: fc.constantFrom('Running', 'Succeeded', 'Failed', 'Pending', 'Weird'),
  created: fc.constantFrom(0, 10, 500, -1),
  life: fc.constantFrom(0, 100, 5000, -200),
  damage: sometimes(4),
});

const podColumns = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'gpu_spec', 'qos', 'pod_phase', 'creation_time', 'deletion_time', 'scheduled_time'];
const nodeRow = fc.record({ gpus: fc.constantFrom(0, 1, 2, 8), model: fc.constantFrom('T4', 'V100M16', 'A10', 'P100', ''), damage: sometimes(12) });

const alibabaArb = fc.record({
  header: fc.constantFrom('full', 'full', 'full', 'missing-column', 'duplicate-column', 'quoted', 'reordered'),
  rows: fc.array(podRow, { maxLength: 30 }),
  nodes: fc.array(nodeRow, { minLength: 1, maxLength: 4 }),
  global: globalDamage,
  options: fc.record({
    order: fc.constantFrom('time', 'shuffled'),
    inflation: mostly([1.3, 0.5, 5], [1e308, 5e-324]),
    startAt: mostly<'auto' | number>(['auto', 0], [1e308]),
    pending: fc.constantFrom('lifetime', 'skip'),
    timeScale: mostly([1, 0.01], [1e308]),
    runtimeScale: mostly([1], [1e-300]),
    onBadRow: fc.constantFrom('skip', 'skip', 'fail'),
    byQos: fc.boolean(),
  }),
  count: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  policy: fc.constantFrom('fifo', 'fgd', 'best-fit', 'packing', 'dot-product', 'random-node'),
  reject: fc.boolean(),
});

function alibabaCase(g: typeof alibabaArb extends fc.Arbitrary<infer T> ? T : never): { files: FuzzCase['files']; trace: Record<string, unknown>; label: string } {
  const rows = g.rows.map((r, i) => {
    const fields = [`pod-${i}`, r.cpu, r.mem, r.gpus, r.milli, r.spec, r.qos, r.phase, r.created, r.created + r.life, r.phase === 'Pending' ? '' : r.created].map(String);
    return damage(fields, r.damage, ',');
  });
  let header = podColumns;
  if (g.header === 'missing-column') header = podColumns.filter((c) => c !== 'creation_time');
  if (g.header === 'duplicate-column') header = [...podColumns, 'num_gpu'];
  if (g.header === 'quoted') header = podColumns.map((c) => `"${c}"`);
  if (g.header === 'reordered') header = [...podColumns].reverse();
  const nodes = g.nodes.map((n, i) => damage([`node-${i}`, '64000', '262144', String(n.gpus), n.model], n.damage, ','));
  const { byQos, ...options } = g.options;
  const damaged = g.rows.filter((r) => r.damage !== undefined).map((r) => r.damage?.kind);
  return {
    files: [
      { path: 'pods.csv', text: assemble([header.join(',')], rows, g.global) },
      { path: 'nodes.csv', text: `sn,cpu_milli,memory_mib,gpu,model\n${nodes.join('\n')}\n` },
    ],
    trace: { format: 'alibaba-pods', file: 'pods.csv', ...options, ...(byQos ? { classByQos: { BE: 'best-effort' } } : {}) },
    label: `alibaba-pods (${g.options.order}), ${g.rows.length} rows, header ${g.header}, damage: ${[...new Set(damaged)].join(', ') || 'none'}`,
  };
}

const nodeListRow = fc.record({
  site: fc.constantFrom('hub-a', 'hub-b'),
  chip: fc.constantFrom('c', 'g'),
  count: fc.constantFrom(1, 2, 5),
  chipsPerNode: fc.constantFrom(1, 4, 8),
  damage: sometimes(3),
});
const priceRow = fc.record({ gap: fc.constantFrom(0, 10, 300), price: fc.constantFrom(0, 0.5, 3), damage: sometimes(3) });

const dataFilesArb = fc.record({
  nodes: fc.array(nodeListRow, { minLength: 1, maxLength: 6 }),
  prices: fc.array(priceRow, { maxLength: 8 }),
  global: globalDamage,
  horizon: fc.option(fc.constantFrom(50, 1000), { nil: undefined }),
});

function dataFilesCase(g: typeof dataFilesArb extends fc.Arbitrary<infer T> ? T : never): { files: FuzzCase['files']; scenario: Record<string, unknown>; label: string } {
  const nodes = g.nodes.map((r) => damage([r.site, r.chip, String(r.count), String(r.chipsPerNode), '32', '128', '1.5', '20', '200', '30', '110'], r.damage, ','));
  let t = 0;
  const prices = g.prices.map((r) => {
    t += r.gap;
    return damage([String(t), String(r.price)], r.damage, ',');
  });
  const damaged = [...g.nodes, ...g.prices].filter((r) => r.damage !== undefined).map((r) => r.damage?.kind);
  return {
    files: [
      { path: 'nodes.csv', text: assemble(['site,chip,count,chipsPerNode,cpuCores,memGiB,pricePerChipHour,idleWatts,busyWatts,lat,lon'], nodes, g.global) },
      { path: 'prices.csv', text: assemble(['t,price'], prices, g.global) },
    ],
    scenario: {
      name: 'damaged-data',
      ...(g.horizon === undefined ? {} : { horizon: g.horizon }),
      chips: { c: { kind: 'cpu' }, g: { kind: 'gpu' } },
      regions: [{ name: 'here', lat: 30, lon: 110 }],
      sites: [{ from: { format: 'csv', file: 'nodes.csv' } }, { name: 'spot', region: 'here', pools: [{ chip: 'g', nodes: 2, chipsPerNode: 2, priceSeries: { file: 'prices.csv' } }] }],
      classes: { k: { speed: { c: 1, g: 2 }, chips: 1, work: { dist: 'exponential', mean: 20 } } },
      workload: [{ class: 'k', origin: 'here', arrivals: { process: 'poisson', rate: 0.5 }, count: 20 }],
      policy: 'cheapest',
    },
    label: `node list (${g.nodes.length} rows) and price series (${g.prices.length} rows), damage: ${[...new Set(damaged)].join(', ') || 'none'}`,
  };
}

export const damagedTraceFamily: fc.Arbitrary<FuzzCase> = fc
  .record({
    trace: fc.oneof(swfArb.map((s) => ({ swf: s })), alibabaArb.map((a) => ({ alibaba: a })), dataFilesArb.map((d) => ({ data: d }))),
    command: fc.constantFrom('run', 'validate', 'validate --strict', 'import'),
  })
  .map((g) => {
    if ('data' in g.trace) {
      const made = dataFilesCase(g.trace.data);
      return {
        family: 'damaged-trace',
        label: made.label,
        files: [{ path: 'scenario.yaml', text: JSON.stringify({ ...made.scenario, limits: { maxNodes: 5000, maxJobs: 5000 } }, null, 1) }, ...made.files],
        library: { scenario: 'scenario.yaml', comparePolicies: ['cheapest', 'fifo'] },
        argv: g.command === 'run' ? ['run', 'scenario.yaml', '--format', 'json'] : ['validate', 'scenario.yaml'],
      } satisfies FuzzCase;
    }
    const swf = 'swf' in g.trace ? g.trace.swf : undefined;
    const made = 'swf' in g.trace ? swfCase(g.trace.swf) : alibabaCase(g.trace.alibaba);
    let scenario: Record<string, unknown>;
    if (swf !== undefined) {
      scenario = {
        name: 'damaged-swf',
        ...(swf.horizon === undefined ? {} : { horizon: swf.horizon }),
        chips: { node: { kind: 'cpu' } },
        regions: [{ name: 'here' }],
        sites: [{ name: 'machine', region: 'here', pools: [{ chip: 'node', nodes: swf.nodes, chipsPerNode: 1 }] }],
        classes: { batch: { speed: { node: 1 }, work: { dist: 'constant', value: 0 } } },
        workload: [{ class: 'batch', origin: 'here', trace: made.trace, ...(swf.count === undefined ? {} : { count: swf.count }) }],
        policy: swf.policy,
      };
    } else {
      const a = 'alibaba' in g.trace ? g.trace.alibaba : undefined;
      const speed = { T4: 1, V100M16: 1, A10: 1, P100: 1, cpu: 1 };
      scenario = {
        name: 'damaged-pods',
        chips: { T4: { kind: 'gpu' }, V100M16: { kind: 'gpu' }, A10: { kind: 'gpu' }, P100: { kind: 'gpu' }, cpu: { kind: 'cpu' } },
        regions: [{ name: 'hz', lat: 30.3, lon: 120.2 }],
        sites: [{ from: { format: 'alibaba-nodes', file: 'nodes.csv', site: 'openb', region: 'hz' } }],
        classes: { pod: { speed, work: { dist: 'constant', value: 0 } }, 'best-effort': { speed, work: { dist: 'constant', value: 0 } } },
        workload: [{ class: 'pod', origin: 'hz', trace: made.trace, ...(a?.count === undefined ? {} : { count: a.count }) }],
        policy: a?.policy ?? 'fifo',
        ...(a?.reject === true ? { policyOptions: { onNoFit: 'reject' } } : {}),
      };
    }
    scenario.limits = { maxNodes: 5000, maxJobs: 5000 };
    const traceFile = swf !== undefined ? 'log.swf' : 'pods.csv';
    const argv =
      g.command === 'import'
        ? swf !== undefined
          ? ['import', 'swf', traceFile, '-o', 'imported.yaml']
          : ['import', 'alibaba-pods', traceFile, '--nodes', 'nodes.csv', '-o', 'imported.yaml']
        : g.command === 'run'
          ? ['run', 'scenario.yaml', '--format', 'json']
          : ['validate', 'scenario.yaml', ...(g.command.endsWith('--strict') ? ['--strict'] : [])];
    return {
      family: 'damaged-trace',
      label: made.label,
      // JSON is YAML: the scenario is written as JSON, one more form the reader must take.
      files: [{ path: 'scenario.yaml', text: JSON.stringify(scenario, null, 1) }, ...made.files],
      library: { scenario: 'scenario.yaml', comparePolicies: [String(scenario.policy), 'fifo' === scenario.policy ? 'random' : 'fifo'] },
      argv,
    } satisfies FuzzCase;
  });
