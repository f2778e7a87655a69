import { readFailure } from '../io/input-file-error.js';
import { cellProblem, columnIndex, CsvSyntaxError, type CsvRow, type CsvTable } from './csv.js';
import { gavelSpeed } from './gavel-speed.js';
import { GavelTableError, parseGavelThroughputs, type GavelThroughputs } from './gavel-throughputs.js';
import { sitesFromAlibabaNodes } from './alibaba-nodes.js';
import { resolveTraces } from './expand-traces.js';
import { applyProviderPricing, resolveDynamicPricing } from './dynamic-pricing.js';
import { nameProblem } from './data-shape.js';
import { bounds, outOfBound, type Bound } from './field-bounds.js';
import { poolNodes } from './pool-nodes.js';
import { unknownName, type Problem } from './problem.js';
import type { ClassSpec, ExpandedScenarioData, PoolSpec, PriceCurve, ResolvedDistribution, SiteSpec } from './scenario.js';
import type { Distribution, PoolData, ScenarioData, SiteData } from './schema.js';
import { DECIMAL } from '../io/decimal.js';

type Path = (string | number)[];

/**
 * Most pools a scenario may have. A decision scores pools, so a scenario has
 * tens to thousands of them; identical nodes belong in one pool.
 */
export const MAX_POOLS = 100_000;

/** Most (origin region, site) pairs: the network tables hold three numbers per pair. */
export const MAX_REGION_SITE_PAIRS = 10_000_000;

/** What expansion needs from its caller: file access and a way to locate problems in the scenario. */
export interface ExpandContext {
  /**
   * Reads a CSV data file named in the scenario (relative to the scenario's
   * directory), a line at a time. Throws a `CsvSyntaxError`, or an
   * `InputFileError` for a file that cannot be read.
   */
  readTable(relativePath: string): CsvTable;
  /**
   * Reads a data file named in the scenario whole (a JSON table) and gives
   * the name to show in messages. Throws an `InputFileError` on failure.
   */
  readText(relativePath: string): { text: string; name: string };
  /** The absolute path of a data file named in the scenario, and the name to show in messages (read later, as a stream). */
  locate(relativePath: string): { path: string; name: string };
  /** A problem located at a path of the scenario document (at `key` of the map there, if given). */
  at(path: Path, message: string, key?: string): Problem;
}

/**
 * Writes out everything a scenario generates and reads every data file it
 * names, collecting every problem. Returns the expanded data, or the
 * problems when there are any.
 */
export function expandScenario(s: ScenarioData, ctx: ExpandContext): { data: ExpandedScenarioData } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const tables = new Map<string, CsvTable | undefined>();

  /** Reads and parses a CSV file once, reporting a failure at `path`. */
  const table = (file: string, path: Path): CsvTable | undefined => {
    if (tables.has(file)) return tables.get(file);
    let t: CsvTable | undefined;
    try {
      t = ctx.readTable(file);
    } catch (e) {
      if (e instanceof CsvSyntaxError) problems.push(e.problem);
      else problems.push(ctx.at(path, `cannot read ${file}: ${readFailure(e)}`));
    }
    tables.set(file, t);
    return t;
  };

  const sites: SiteSpec[] = [];
  // Nodes and pools are counted arithmetically, before any copy is made: a
  // `repeat` of a billion must be refused, not expanded (nor spread into
  // push(), whose arguments live on the stack).
  let plannedNodes = 0;
  let plannedPools = 0;
  const add = (specs: readonly SiteSpec[]): void => {
    for (const site of specs) {
      plannedPools += site.pools.length;
      for (const p of site.pools) plannedNodes += poolNodes(p);
      sites.push(site);
    }
  };
  s.sites.forEach((entry, i) => {
    const path: Path = ['sites', i];
    if (entry.from !== undefined) {
      const extra = Object.keys(entry).filter((k) => k !== 'from');
      if (extra.length > 0) {
        problems.push(ctx.at(path, `a site read from a file takes nothing but "from"; remove ${extra.map((k) => `"${k}"`).join(', ')}`));
        return;
      }
      const from = entry.from;
      const t = table(from.file, [...path, 'from', 'file']);
      if (from.format === 'alibaba-nodes') {
        const options = { site: from.site ?? 'alibaba', region: from.region, cpuChip: from.cpuChip ?? 'cpu', prices: from.prices ?? {} };
        if (t !== undefined) add(sitesFromAlibabaNodes(t, options, problems));
        return;
      }
      const misplaced = (['site', 'region', 'cpuChip', 'prices'] as const).filter((k) => from[k] !== undefined);
      if (misplaced.length > 0) {
        problems.push(ctx.at([...path, 'from'], `${misplaced.map((k) => `"${k}"`).join(', ')} apply to format alibaba-nodes only; a csv node list names sites in its rows`));
        return;
      }
      if (t !== undefined) add(sitesFromNodeList(t, problems));
      return;
    }
    const { name, pools } = entry;
    if (name === undefined) problems.push(ctx.at([...path, 'name'], 'is required (a string), unless the site is read from a file with "from"'));
    if (pools === undefined) problems.push(ctx.at([...path, 'pools'], 'is required (a list of pools), unless the site is read from a file with "from"'));
    if (name === undefined || pools === undefined) return;
    const copies = entry.repeat ?? 1;
    const nodes = copies * pools.reduce((n, p) => n + poolNodes(p), 0);
    const poolCount = copies * pools.length;
    if (plannedNodes + nodes > s.limits.maxNodes || plannedPools + poolCount > MAX_POOLS) {
      plannedNodes += nodes;
      plannedPools += poolCount;
      return;
    }
    add(repeatSite({ ...entry, name, pools }, path, problems, ctx, table));
  });

  if (plannedNodes > s.limits.maxNodes) {
    problems.push(
      ctx.at(['sites'], `the scenario has ${plannedNodes.toLocaleString('en-US')} nodes; the limit is ${s.limits.maxNodes.toLocaleString('en-US')} (raise limits.maxNodes if you mean it)`),
    );
  }
  if (plannedPools > MAX_POOLS) {
    problems.push(ctx.at(['sites'], `the scenario has ${plannedPools.toLocaleString('en-US')} pools; at most ${MAX_POOLS.toLocaleString('en-US')} are allowed (every decision scores the pools; put identical nodes in one pool)`));
  }
  const pairs = s.regions.length * sites.length;
  if (pairs > MAX_REGION_SITE_PAIRS && plannedPools <= MAX_POOLS) {
    problems.push(
      ctx.at(['regions'], `${s.regions.length.toLocaleString('en-US')} regions × ${sites.length.toLocaleString('en-US')} sites make ${pairs.toLocaleString('en-US')} RTT pairs; at most ${MAX_REGION_SITE_PAIRS.toLocaleString('en-US')} are allowed`),
    );
  }

  const { rttMsFile, ...networkRest } = s.network;
  const rttMs: Record<string, Record<string, number>> = {};
  if (rttMsFile !== undefined) {
    // The sites are all known only when every one was read and written out: otherwise the matrix's site names are not checked yet.
    const siteNames = problems.length === 0 ? sites.map((site) => site.name) : undefined;
    const t = table(rttMsFile, ['network', 'rttMsFile']);
    if (t !== undefined) mergeRttMatrix(t, rttMs, { regions: s.regions.map((r) => r.name), sites: siteNames }, problems);
  }
  for (const [origin, row] of Object.entries(s.network.rttMs)) rttMs[origin] = { ...rttMs[origin], ...row };

  const classes: Record<string, ClassSpec> = {};
  const gavelTables = new Map<string, GavelThroughputs | undefined>();
  for (const [name, c] of Object.entries(s.classes)) {
    const { speed, speedFrom, ...rest } = c;
    const work = resolveDistribution(c.work, ['classes', name, 'work'], problems, ctx, table);
    let resolved: Record<string, number> = speed ?? {};
    if (speed !== undefined && speedFrom !== undefined) {
      problems.push(ctx.at(['classes', name], 'give speed or speedFrom, not both'));
    } else if (speed === undefined && speedFrom === undefined) {
      problems.push(ctx.at(['classes', name], 'give speed (relative throughput per chip) or speedFrom (a throughput table)'));
    } else if (speedFrom !== undefined) {
      const at: Path = ['classes', name, 'speedFrom'];
      if (!gavelTables.has(speedFrom.file)) {
        let t: GavelThroughputs | undefined;
        try {
          const { text, name: fileName } = ctx.readText(speedFrom.file);
          // Unconsolidated worker types are read so that a class may map a chip to one; by default only k80/p100/v100 are used.
          t = parseGavelThroughputs(text, fileName, { unconsolidated: true });
        } catch (e) {
          if (e instanceof GavelTableError) problems.push(e.problem);
          else problems.push(ctx.at([...at, 'file'], `cannot read ${speedFrom.file}: ${readFailure(e)}`));
        }
        gavelTables.set(speedFrom.file, t);
      }
      const t = gavelTables.get(speedFrom.file);
      if (t !== undefined) {
        const result = gavelSpeed(t, speedFrom, Object.keys(s.chips));
        if ('speed' in result) resolved = result.speed;
        else for (const issue of result.issues) problems.push(ctx.at([...at, ...issue.field], issue.message, issue.key));
      }
    }
    classes[name] = { ...rest, speed: resolved, work };
  }

  const workload = resolveTraces(s.workload, ctx, problems);
  applyProviderPricing(s, sites, problems, ctx.at);

  if (problems.length > 0) return { problems };
  return { data: { ...s, sites, classes, workload, network: { ...networkRest, rttMs } } };
}

function repeatSite(
  site: SiteData & { name: string; pools: PoolData[] },
  path: Path,
  problems: Problem[],
  ctx: ExpandContext,
  table: (file: string, path: Path) => CsvTable | undefined,
): SiteSpec[] {
  const { repeat, pools, from: _from, ...rest } = site;
  const copies = repeat ?? 1;
  if (copies > 1 && !site.name.includes('${i}')) {
    problems.push(ctx.at([...path, 'name'], 'with repeat, the name needs ${i} so that the copies have different names'));
    return [];
  }
  const specs = pools.map((p, pi) => poolSpec(p, [...path, 'pools', pi], problems, ctx, table));
  const out: SiteSpec[] = [];
  for (let k = 0; k < copies; k++) {
    const fill = (text: string): string => text.split('${i}').join(String(k));
    out.push({
      ...rest,
      name: fill(site.name),
      ...(rest.region === undefined ? {} : { region: fill(rest.region) }),
      ...(rest.provider === undefined ? {} : { provider: fill(rest.provider) }),
      pools: specs.map((p) => (p.name === undefined ? p : { ...p, name: fill(p.name) })),
      origin: { path },
    });
  }
  return out;
}

function poolSpec(
  pool: PoolData,
  path: Path,
  problems: Problem[],
  ctx: ExpandContext,
  table: (file: string, path: Path) => CsvTable | undefined,
): PoolSpec {
  const { priceSchedule, priceSeries, pricing, elastic, ...fields } = pool;
  const rest = elastic === undefined ? fields : { ...fields, elastic: { ...elastic, bootS: resolveDistribution(elastic.bootS, [...path, 'elastic', 'bootS'], problems, ctx, table) } };
  let priceCurve: PriceCurve | undefined;
  // The market's dynamic pricing is a third way to vary the price: one of them at most.
  const dynamic = pricing?.dynamic === undefined ? undefined : resolveDynamicPricing(pricing.dynamic, [...path, 'pricing', 'dynamic'], problems, ctx.at);
  const ways = [priceSchedule, priceSeries, pricing].filter((w) => w !== undefined).length;
  if (ways > 1) {
    problems.push(ctx.at(path, pricing === undefined ? 'give priceSchedule or priceSeries, not both' : 'give one of priceSchedule, priceSeries and pricing'));
  } else if (dynamic !== undefined) {
    return { ...rest, dynamicPricing: dynamic, origin: { path } };
  } else if (priceSchedule !== undefined) {
    const steps = [...priceSchedule.steps];
    const sorted = steps.every((st, i) => i === 0 || st.atS > (steps[i - 1]?.atS ?? -1));
    if (!sorted) problems.push(ctx.at([...path, 'priceSchedule', 'steps'], 'steps must be in increasing order of atS'));
    const beyond = steps.findIndex((st) => st.atS >= priceSchedule.periodS);
    if (beyond >= 0) problems.push(ctx.at([...path, 'priceSchedule', 'steps', beyond, 'atS'], `must be below periodS (${priceSchedule.periodS})`));
    priceCurve = { kind: 'periodic', periodS: priceSchedule.periodS, atS: steps.map((st) => st.atS), price: steps.map((st) => st.price) };
  } else if (priceSeries !== undefined) {
    const t = table(priceSeries.file, [...path, 'priceSeries', 'file']);
    if (t !== undefined) priceCurve = priceSeriesFrom(t, priceSeries.timeColumn, priceSeries.priceColumn, problems);
  }
  return priceCurve === undefined ? { ...rest, origin: { path } } : { ...rest, priceCurve, origin: { path } };
}

function priceSeriesFrom(t: CsvTable, timeColumn: string, priceColumn: string, problems: Problem[]): PriceCurve | undefined {
  const ti = requireColumn(t, timeColumn, problems);
  const pi = requireColumn(t, priceColumn, problems);
  if (ti < 0 || pi < 0) return undefined;
  const times: number[] = [];
  const prices: number[] = [];
  for (const row of t.rows) {
    const time = cellNumber(t, row, ti, timeColumn, problems, bounds.timeS);
    const price = cellNumber(t, row, pi, priceColumn, problems, bounds.price);
    if (time === undefined || price === undefined) continue;
    if (times.length > 0 && time <= (times[times.length - 1] as number)) {
      problems.push(cellProblem(t, row, ti, `${timeColumn} must increase from row to row`));
      continue;
    }
    times.push(time);
    prices.push(price);
  }
  if (times.length === 0) {
    // Rows refused for a bad value have each been reported; "no rows" would only repeat them.
    if (t.rows.length === 0) problems.push({ file: t.file, line: t.headerLine, path: '', message: 'has no price rows' });
    return undefined;
  }
  return { kind: 'series', t: times, price: prices };
}

const NODE_LIST_COLUMNS = ['site', 'chip', 'count', 'chipsPerNode', 'cpuCores', 'memGiB', 'pricePerChipHour', 'idleWatts', 'busyWatts', 'region', 'lat', 'lon', 'provider'];

/**
 * Sites and pools from a node list: one row per node, or per group of
 * identical nodes with a `count` column. Rows with the same site and the
 * same node shape and price become one pool; the site's region, location
 * and provider come from its first row.
 */
function sitesFromNodeList(t: CsvTable, problems: Problem[]): SiteSpec[] {
  const unknown = t.header.findIndex((h) => !NODE_LIST_COLUMNS.includes(h));
  if (unknown >= 0) {
    problems.push({ file: t.file, line: t.headerLine, col: t.headerCols[unknown] ?? 1, path: '', message: `unknown column "${t.header[unknown] as string}" — known: ${NODE_LIST_COLUMNS.join(', ')}` });
    return [];
  }
  if (columnIndex(t, 'site') < 0 || columnIndex(t, 'chip') < 0) {
    problems.push({ file: t.file, line: t.headerLine, path: '', message: 'a node list needs the columns site and chip' });
    return [];
  }
  const get = (cells: string[], col: string): string | undefined => {
    const i = columnIndex(t, col);
    const v = i < 0 ? undefined : cells[i];
    return v === '' ? undefined : v;
  };
  const sites = new Map<string, SiteSpec>();
  const pools = new Map<string, PoolSpec>();
  for (const row of t.rows) {
    const { line, cells } = row;
    /** A problem with the row's cell in column `col`, located at that cell. */
    const at = (col: string, message: string): void => {
      problems.push(cellProblem(t, row, columnIndex(t, col), message));
    };
    const num = (col: string, fallback: number, bound: Bound): number | undefined => {
      return get(cells, col) === undefined ? fallback : cellNumber(t, row, columnIndex(t, col), col, problems, bound);
    };
    const siteName = get(cells, 'site');
    const chip = get(cells, 'chip');
    if (siteName === undefined || chip === undefined) {
      at(siteName === undefined ? 'site' : 'chip', 'site and chip must not be empty');
      continue;
    }
    const reserved = (['site', 'chip', 'region', 'provider'] as const).map((col) => [col, nameProblem(get(cells, col) ?? '')] as const).find(([, why]) => why !== undefined);
    if (reserved !== undefined) {
      at(reserved[0], `column ${reserved[0]}: ${reserved[1] as string}`);
      continue;
    }
    // The same bounds as the scenario file's pool fields.
    const count = num('count', 1, bounds.nodes);
    const chipsPerNode = num('chipsPerNode', 1, bounds.chipsPerNode);
    const cpuCores = num('cpuCores', 0, bounds.cores);
    const memGiB = num('memGiB', 0, bounds.memGiB);
    const price = num('pricePerChipHour', 0, bounds.price);
    const idle = num('idleWatts', 0, bounds.watts);
    const busy = num('busyWatts', 0, bounds.watts);
    const lat = get(cells, 'lat') === undefined ? undefined : num('lat', 0, bounds.latitude);
    const lon = get(cells, 'lon') === undefined ? undefined : num('lon', 0, bounds.longitude);
    if ([count, chipsPerNode, cpuCores, memGiB, price, idle, busy].some((v) => v === undefined)) continue;

    let site = sites.get(siteName);
    if (site === undefined) {
      const region = get(cells, 'region');
      const provider = get(cells, 'provider');
      site = {
        name: siteName,
        ...(region === undefined ? {} : { region }),
        ...(lat === undefined ? {} : { lat }),
        ...(lon === undefined ? {} : { lon }),
        ...(provider === undefined ? {} : { provider }),
        pools: [],
        origin: { file: t.file, line },
      };
      sites.set(siteName, site);
    }
    const key = [siteName, chip, chipsPerNode, cpuCores, memGiB, price, idle, busy].join('\u0000');
    const existing = pools.get(key);
    if (existing !== undefined) {
      existing.nodes += count as number;
      continue;
    }
    const pool: PoolSpec = {
      chip,
      nodes: count as number,
      chipsPerNode: chipsPerNode as number,
      cpuCores: cpuCores as number,
      memGiB: memGiB as number,
      pricePerChipHour: price as number,
      powerWatts: { idle: idle as number, busy: busy as number },
      origin: { file: t.file, line },
    };
    pools.set(key, pool);
    site.pools.push(pool);
  }
  return [...sites.values()];
}

/**
 * An RTT matrix: the first column names the origin region, every other
 * column is a site. Empty cells are missing pairs. Its region and site
 * names are checked here, where their places in the file are known (merged
 * into `network.rttMs`, they would be reported at the scenario's `network`);
 * `names.sites` is undefined when the sites are not all known yet.
 */
function mergeRttMatrix(
  t: CsvTable,
  into: Record<string, Record<string, number>>,
  names: { regions: readonly string[]; sites: readonly string[] | undefined },
  problems: Problem[],
): void {
  const at = (line: number, col: number, message: string): void => {
    problems.push({ file: t.file, line, col, path: '', message });
  };
  const siteColumns: { site: string; index: number }[] = [];
  // Columns with no name (a spreadsheet's trailing commas) say nothing, as long as they hold nothing.
  const unnamed: number[] = [];
  t.header.forEach((site, index) => {
    if (index === 0) return;
    if (site === '') {
      unnamed.push(index);
      return;
    }
    const col = t.headerCols[index] ?? 1;
    const reserved = nameProblem(site);
    if (reserved !== undefined) at(t.headerLine, col, reserved);
    else if (names.sites !== undefined && !names.sites.includes(site)) at(t.headerLine, col, unknownName('site', site, names.sites));
    else siteColumns.push({ site, index });
  });
  const firstLine = new Map<string, number>();
  for (const row of t.rows) {
    const { line, cells } = row;
    /** A problem with the row's cell `index`, located at that cell. */
    const atCell = (index: number, message: string): void => {
      problems.push(cellProblem(t, row, index, message));
    };
    const origin = cells[0] ?? '';
    const earlier = firstLine.get(origin);
    if (earlier !== undefined) {
      atCell(0, `origin "${origin}" is listed twice (first at line ${earlier})`);
      continue;
    }
    firstLine.set(origin, line);
    const reserved = nameProblem(origin);
    if (reserved !== undefined) {
      atCell(0, reserved);
      continue;
    }
    if (!names.regions.includes(origin)) {
      atCell(0, unknownName('region', origin, names.regions));
      continue;
    }
    const stray = unnamed.find((index) => (cells[index] ?? '') !== '');
    if (stray !== undefined) atCell(stray, `has a value in column ${stray + 1}, which the header does not name: name its site there, or leave the cell empty`);
    const rtts = Object.hasOwn(into, origin) ? (into[origin] as Record<string, number>) : (into[origin] = {});
    for (const { site, index } of siteColumns) {
      if ((cells[index] ?? '') === '') continue;
      const v = cellNumber(t, row, index, site, problems, bounds.rttMs);
      if (v !== undefined) rtts[site] = v;
    }
  }
}

function resolveDistribution(
  d: Distribution,
  path: Path,
  problems: Problem[],
  ctx: ExpandContext,
  table: (file: string, path: Path) => CsvTable | undefined,
): ResolvedDistribution {
  switch (d.dist) {
    case 'pareto': {
      if ((d.xm === undefined) === (d.mean === undefined)) {
        problems.push(ctx.at(path, 'give exactly one of xm and mean'));
        return { dist: 'pareto', alpha: d.alpha, xm: 1 };
      }
      if (d.mean !== undefined) {
        if (d.alpha <= 1) {
          problems.push(ctx.at([...path, 'alpha'], `must be above 1 for a finite mean; got ${d.alpha}`));
          return { dist: 'pareto', alpha: d.alpha, xm: 1 };
        }
        return { dist: 'pareto', alpha: d.alpha, xm: (d.mean * (d.alpha - 1)) / d.alpha };
      }
      return { dist: 'pareto', alpha: d.alpha, xm: d.xm as number };
    }
    case 'empirical': {
      if ((d.values === undefined) === (d.file === undefined)) {
        problems.push(ctx.at(path, 'give exactly one of values and file'));
        return { dist: 'empirical', values: [0] };
      }
      if (d.values !== undefined) return { dist: 'empirical', values: [...d.values] };
      const t = table(d.file as string, [...path, 'file']);
      if (t === undefined) return { dist: 'empirical', values: [0] };
      const column = d.column ?? (t.header.length === 1 ? t.header[0] : undefined);
      if (column === undefined) {
        problems.push(ctx.at(path, `name the column to read — ${d.file as string} has ${t.header.join(', ')}`));
        return { dist: 'empirical', values: [0] };
      }
      const ci = requireColumn(t, column, problems);
      const values: number[] = [];
      for (const row of t.rows) {
        const v = ci < 0 ? undefined : cellNumber(t, row, ci, column, problems, bounds.timeS);
        if (v !== undefined) values.push(v);
      }
      // Rows refused for a bad value have each been reported; "no values" would only repeat them.
      if (ci >= 0 && t.rows.length === 0) problems.push({ file: t.file, line: t.headerLine, path: '', message: `has no values in column ${column}` });
      return { dist: 'empirical', values: values.length > 0 ? values : [0] };
    }
    default:
      return d;
  }
}

function requireColumn(t: CsvTable, column: string, problems: Problem[]): number {
  const i = columnIndex(t, column);
  if (i < 0) problems.push({ file: t.file, line: t.headerLine, path: '', message: `has no column "${column}" — columns: ${t.header.join(', ')}` });
  return i;
}

/** A number within `bound` from a CSV cell, or undefined with a problem recorded. */
function cellNumber(t: CsvTable, row: CsvRow, index: number, column: string, problems: Problem[], bound: Bound): number | undefined {
  const raw = row.cells[index];
  const text = raw?.trim() ?? '';
  const v = DECIMAL.test(text) ? Number(text) : NaN;
  const why = Number.isNaN(v) ? `expected a number, got ${JSON.stringify(raw ?? '')}` : outOfBound(v, bound);
  if (why !== undefined) {
    problems.push(cellProblem(t, row, index, `column ${column}: ${why}`));
    return undefined;
  }
  return v;
}
