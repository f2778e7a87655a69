import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, parseScenario, Simulation } from '../../src/index.js';
import { nameProblem } from '../../src/scenario/data-shape.js';
import { MAX_POOLS } from '../../src/scenario/expand-scenario.js';

const dataDir = join(import.meta.dirname, '..', 'fixtures', 'data');

const base = `
chips: { gpu: { kind: gpu }, cpu: { kind: cpu } }
regions: [{ name: east, lat: 31.2, lon: 121.5 }, { name: north, lat: 39.9, lon: 116.4 }]
classes: { c: { speed: { cpu: 1, gpu: 1 }, work: { dist: constant, value: 1 } } }
jobs: [{ class: c, origin: east, arrival: 0, work: 1 }]
`;

function parse(text: string): ReturnType<typeof parseScenario> {
  return parseScenario(text, 'test.yaml', dataDir);
}

function problems(text: string): string[] {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message.split('\n');
  }
  throw new Error('expected problems');
}

describe('repeat', () => {
  it('writes out copies with ${i} replaced in the site, region, provider and pool names', () => {
    const s = parse(`name: r
${base}
sites:
  - name: edge-\${i}
    repeat: 2
    region: \${i}-x
    provider: p\${i}
    pools: [{ name: 'gpus-\${i}', chip: gpu, nodes: 1 }]   # quoted: braces end a flow map
`.replace("regions: [{ name: east, lat: 31.2, lon: 121.5 }, { name: north, lat: 39.9, lon: 116.4 }]", "regions: [{ name: east, lat: 31.2, lon: 121.5 }, { name: 0-x, lat: 30, lon: 120 }, { name: 1-x, lat: 30, lon: 121 }]"));
    expect(s.sites.map((x) => [x.name, x.region, x.provider, x.pools[0]?.name])).toEqual([
      ['edge-0', '0-x', 'p0', 'gpus-0'],
      ['edge-1', '1-x', 'p1', 'gpus-1'],
    ]);
  });

  it('refuses a billion copies by arithmetic, before writing out any', () => {
    expect(problems(`name: r\n${base}\nsites: [{ name: 'e\${i}', repeat: 1000000000, region: east, pools: [{ chip: gpu, nodes: 2 }] }]`)).toEqual([
      'test.yaml:8:8 sites: the scenario has 2,000,000,000 nodes; the limit is 2,000,000 (raise limits.maxNodes if you mean it)',
      `test.yaml:8:8 sites: the scenario has 1,000,000,000 pools; at most ${MAX_POOLS.toLocaleString('en-US')} are allowed (every decision scores the pools; put identical nodes in one pool)`,
    ]);
  });

  it('refuses a million copies within the node limit by the pool limit, not with a stack overflow', () => {
    expect(problems(`name: r\n${base}\nsites: [{ name: 'e\${i}', repeat: 1000000, region: east, pools: [{ chip: gpu, nodes: 1 }] }]`)).toEqual([
      `test.yaml:8:8 sites: the scenario has 1,000,000 pools; at most ${MAX_POOLS.toLocaleString('en-US')} are allowed (every decision scores the pools; put identical nodes in one pool)`,
    ]);
  });

  it('writes out as many copies as the pool limit allows', () => {
    const s = parse(`name: r\n${base}\nsites: [{ name: 'e\${i}', repeat: ${MAX_POOLS}, region: east, pools: [{ chip: gpu, nodes: 1 }] }]`);
    expect(s.sites.length).toBe(MAX_POOLS);
    expect(s.sites[MAX_POOLS - 1]?.name).toBe(`e${MAX_POOLS - 1}`);
  });

  it('requires ${i} in a repeated name', () => {
    expect(problems(`name: r\n${base}\nsites: [{ name: edge, repeat: 3, lat: 30, lon: 120, pools: [{ chip: gpu, nodes: 1 }] }]`)).toEqual([
      'test.yaml:8:17 sites[0].name: with repeat, the name needs ${i} so that the copies have different names',
    ]);
  });
});

describe('node lists', () => {
  it('turns rows into sites and pools, grouping identical nodes', () => {
    const s = parse(`name: n\n${base}\nsites: [{ from: { format: csv, file: nodes.csv } }]`);
    expect(s.sites.map((x) => x.name)).toEqual(['hub-a', 'hub-b']);
    const hubA = s.sites[0];
    expect(hubA).toMatchObject({ lat: 36, lon: 104, provider: 'west' });
    expect(hubA?.pools.map((p) => [p.chip, p.nodes, p.chipsPerNode, p.cpuCores, p.memGiB, p.pricePerChipHour])).toEqual([
      ['gpu', 5, 8, 64, 512, 2],
      ['cpu', 10, 2, 128, 256, 0.1],
    ]);
    expect(hubA?.pools[0]?.powerWatts).toEqual({ idle: 50, busy: 400 });
    const sim = new Simulation(s);
    expect(sim.model.pools.map((p) => p.name)).toEqual(['hub-a/gpu', 'hub-a/cpu', 'hub-b/cpu']);
  });

  it('reports bad rows at their line in the data file', () => {
    expect(problems(`name: n\n${base}\nsites: [{ from: { format: csv, file: bad-nodes.csv } }]`)).toEqual([
      `${relative(process.cwd(), join(dataDir, 'bad-nodes.csv'))}:3:11 column count: expected a number, got "two"`,
    ]);
  });

  it('checks the names in a node list once its rows read well', () => {
    expect(problems(`name: n\n${base}\nsites: [{ from: { format: csv, file: nodes.csv } }]`.replace('gpu: { kind: gpu }, ', ''))).toContain(
      `${relative(process.cwd(), join(dataDir, 'nodes.csv'))}:3:1 chip: unknown chip "gpu" — known: cpu`,
    );
  });

  it('reports a missing file at the field that names it', () => {
    expect(problems(`name: n\n${base}\nsites: [{ from: { format: csv, file: nowhere.csv } }]`)).toEqual([
      'test.yaml:8:38 sites[0].from.file: cannot read nowhere.csv: no such file',
    ]);
  });
});

describe('RTT matrices', () => {
  it('reads RTTs from a CSV matrix and falls back to great-circle distance for missing pairs', () => {
    const text = `name: m\n${base}\nsites: [{ from: { format: csv, file: nodes.csv } }]\nnetwork: { rttMsFile: rtt.csv, rttMs: { north: { hub-b: 33 } } }`;
    const sim = new Simulation(parse(text));
    const rtt = (origin: number, site: number): number => sim.model.rttMs[origin * 2 + site] as number;
    expect(rtt(0, 0)).toBe(21.5);
    expect(rtt(1, 1)).toBe(33);
    // east → hub-b is left empty in the matrix: about 1,520 km as the crow flies.
    expect(rtt(0, 1)).toBeGreaterThan(20);
    expect(rtt(0, 1)).toBeLessThan(26);
  });
});

describe('distributions from data', () => {
  it('reads empirical values from a CSV column', () => {
    const s = parse(`name: e
${base.replace('work: { dist: constant, value: 1 }', 'work: { dist: empirical, file: sizes.csv, column: seconds }')}
sites: [{ name: s, region: east, pools: [{ chip: cpu, nodes: 1 }] }]`);
    expect(s.classes.c?.work).toEqual({ dist: 'empirical', values: [10, 20, 30] });
  });

  it('resolves a Pareto distribution given by its mean', () => {
    const s = parse(`name: p
${base.replace('work: { dist: constant, value: 1 }', 'work: { dist: pareto, alpha: 3, mean: 6 }')}
sites: [{ name: s, region: east, pools: [{ chip: cpu, nodes: 1 }] }]`);
    expect(s.classes.c?.work).toEqual({ dist: 'pareto', alpha: 3, xm: 4 });
  });
});

describe('price series', () => {
  it('reads a pool’s price over time from a CSV file', () => {
    const sim = new Simulation(
      parse(`name: s\n${base}\nsites: [{ name: s, region: east, pools: [{ chip: cpu, nodes: 1, priceSeries: { file: spot.csv } }] }]`),
    );
    expect(sim.model.pools[0]?.price.integral(50, 150)).toBe(50 * 1 + 50 * 3);
  });
});

describe('data files whose header or rows repeat a name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-expand-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const shown = (file: string): string => relative(process.cwd(), join(dir, file));
  /** The problems of `scenario` (appended to the base) with `files` written beside it. */
  const problemsWith = (files: Record<string, string>, scenario: string, work = 'work: { dist: constant, value: 1 }'): string[] => {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    try {
      parseScenario(`name: d\n${base.replace('work: { dist: constant, value: 1 }', work)}\n${scenario}`, 'test.yaml', dir);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).message.split('\n');
    }
    throw new Error('expected problems');
  };
  const site = 'sites: [{ name: s1, region: east, pools: [{ chip: cpu, nodes: 1 }] }]';

  it('refuses a node list that names a column twice, rather than keep one of the two counts', () => {
    expect(problemsWith({ 'twice.csv': 'site,chip,count,count,region\ns1,cpu,2,5,east\n' }, 'sites: [{ from: { format: csv, file: twice.csv } }]')).toEqual([
      `${shown('twice.csv')}:1:17 column "count" appears twice (first at 1:11)`,
    ]);
  });

  it('refuses an RTT matrix that names a site twice', () => {
    expect(problemsWith({ 'rtt-cols.csv': 'origin,s1,s1\neast,7,9\n' }, `${site}\nnetwork: { rttMsFile: rtt-cols.csv }`)).toEqual([
      `${shown('rtt-cols.csv')}:1:11 column "s1" appears twice (first at 1:8)`,
    ]);
  });

  it('refuses an RTT matrix that lists an origin twice, at the second row', () => {
    expect(problemsWith({ 'rtt-rows.csv': 'origin,s1\neast,7\n# a comment\neast,9\n' }, `${site}\nnetwork: { rttMsFile: rtt-rows.csv }`)).toEqual([
      `${shown('rtt-rows.csv')}:4:1 origin "east" is listed twice (first at line 2)`,
    ]);
  });

  it('refuses empirical values from a file that names the column twice', () => {
    expect(problemsWith({ 'sizes-twice.csv': 's,s\n1,2\n' }, site, 'work: { dist: empirical, file: sizes-twice.csv, column: s }')).toEqual([
      `${shown('sizes-twice.csv')}:1:3 column "s" appears twice (first at 1:1)`,
    ]);
  });

  it('reads decimal numbers only, as the trace readers do: no hexadecimal, binary, octal, Infinity or a + sign', () => {
    const rows = ['0x10', '0b11', '0o7', 'Infinity', '+1'].map((n) => `s1,cpu,${n},east`).join('\n');
    expect(problemsWith({ 'radix.csv': `site,chip,count,region\n${rows}\n` }, 'sites: [{ from: { format: csv, file: radix.csv } }]')).toEqual(
      ['0x10', '0b11', '0o7', 'Infinity', '+1'].map((n, i) => `${shown('radix.csv')}:${i + 2}:8 column count: expected a number, got "${n}"`),
    );
    expect(problemsWith({ 'fine.csv': 't,price\n0,1\n1e1,.5\n20, 2.50 \n30,-0\n' }, 'sites: [{ name: s1, region: east, pools: [{ chip: cpu, nodes: 1, priceSeries: { file: fine.csv } }] }]', 'work: { dist: bogus }').join('\n')).not.toMatch(/fine\.csv/);
  });

  it('locates a node list’s problems at the header name or the cell they are about', () => {
    const nodes = (file: string): string => `sites: [{ from: { format: csv, file: ${file} } }]`;
    // The header after a comment: its line is 2, and "cnt" starts at column 11.
    expect(problemsWith({ 'typo.csv': '# nodes\nsite,chip,cnt\ns1,cpu,2\n' }, nodes('typo.csv'))).toEqual([
      `${shown('typo.csv')}:2:11 unknown column "cnt" — known: site, chip, count, chipsPerNode, cpuCores, memGiB, pricePerChipHour, idleWatts, busyWatts, region, lat, lon, provider`,
    ]);
    expect(problemsWith({ 'no-chip.csv': '# nodes\nsite,count\ns1,2\n' }, nodes('no-chip.csv'))).toEqual([`${shown('no-chip.csv')}:2:1 a node list needs the columns site and chip`]);
    // Blanks before a cell move its column; a quoted cell starts at its quote.
    expect(problemsWith({ 'cells.csv': 'site,chip,count,region\ns1,,2,east\ns1, cpu,  x,east\n"s1",cpu,3,"constructor"\n' }, nodes('cells.csv'))).toEqual([
      `${shown('cells.csv')}:2:4 site and chip must not be empty`,
      `${shown('cells.csv')}:3:11 column count: expected a number, got "x"`,
      `${shown('cells.csv')}:4:12 column region: ${nameProblem('constructor')}`,
    ]);
  });

  it('locates a price series’ time that does not increase at its cell', () => {
    expect(problemsWith({ 'ps-order.csv': 't,price\n0,1\n10,2\n 10,3\n' }, 'sites: [{ name: s1, region: east, pools: [{ chip: cpu, nodes: 1, priceSeries: { file: ps-order.csv } }] }]')).toEqual([
      `${shown('ps-order.csv')}:4:2 t must increase from row to row`,
    ]);
  });

  it('refuses a price series that names a column twice', () => {
    expect(problemsWith({ 'ps-twice.csv': 't,price,price\n0,1,2\n' }, 'sites: [{ name: s1, region: east, pools: [{ chip: cpu, nodes: 1, priceSeries: { file: ps-twice.csv } }] }]')).toEqual([
      `${shown('ps-twice.csv')}:1:9 column "price" appears twice (first at 1:3)`,
    ]);
  });
});

describe('names in an RTT matrix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-rtt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const shown = relative(process.cwd(), join(dir, 'rtt.csv'));
  const problemsWith = (matrix: string, sites = 'sites: [{ name: s1, region: east, pools: [{ chip: cpu, nodes: 1 }] }]'): string[] => {
    writeFileSync(join(dir, 'rtt.csv'), matrix);
    try {
      parseScenario(`name: r\n${base}\n${sites}\nnetwork: { rttMsFile: rtt.csv }`, 'test.yaml', dir);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).message.split('\n');
    }
    throw new Error('expected problems');
  };

  it('reports an unknown site at its column of the matrix, not in the scenario', () => {
    expect(problemsWith('origin,s1,s2\neast,7,9\nnorth,8,\n')).toEqual([`${shown}:1:11 unknown site "s2" — known: s1`]);
  });

  it('reports an unknown origin at its row of the matrix, not in the scenario', () => {
    expect(problemsWith('origin,s1\neast,7\nwest,9\n')).toEqual([`${shown}:3:1 unknown region "west" — known: east, north`]);
  });

  it('reads columns with no name (trailing commas) as nothing, and says so when one holds a value', () => {
    const matrix = 'origin,s1,,\neast,7,,\nnorth,8,,\n';
    writeFileSync(join(dir, 'rtt.csv'), matrix);
    const s = parseScenario(`name: r\n${base}\nsites: [{ name: s1, region: east, pools: [{ chip: cpu, nodes: 1 }] }]\nnetwork: { rttMsFile: rtt.csv }`, 'test.yaml', dir);
    expect(s.network.rttMs).toEqual({ east: { s1: 7 }, north: { s1: 8 } });
    expect(problemsWith('origin,s1,,\neast,7,,\nnorth,8,,5\n')).toEqual([`${shown}:3:10 has a value in column 4, which the header does not name: name its site there, or leave the cell empty`]);
  });

  it('checks the sites a node list brings too', () => {
    writeFileSync(join(dir, 'hubs.csv'), 'site,chip,region\nhub,cpu,east\n');
    expect(problemsWith('origin,hub,s1\neast,7,9\n', 'sites: [{ from: { format: csv, file: hubs.csv } }]')).toEqual([`${shown}:1:12 unknown site "s1" — known: hub`]);
  });

  it('leaves the site names unchecked while a site cannot be read', () => {
    expect(problemsWith('origin,s1,s2\neast,7,9\n', 'sites: [{ from: { format: csv, file: nowhere.csv } }]')).toEqual([
      'test.yaml:8:38 sites[0].from.file: cannot read nowhere.csv: no such file',
    ]);
  });
});

describe('a data file whose every row is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manychip-refused-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const shown = (file: string): string => relative(process.cwd(), join(dir, file));
  const problemsWith = (file: string, text: string, scenario: string): string[] => {
    writeFileSync(join(dir, file), text);
    try {
      parseScenario(scenario, 'test.yaml', dir);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).message.split('\n');
    }
    throw new Error('expected problems');
  };
  const priced = (file: string): string => `name: p\n${base}\nsites: [{ name: s, region: east, pools: [{ chip: cpu, nodes: 1, priceSeries: { file: ${file} } }] }]`;
  const sized = (file: string): string =>
    `name: e\n${base.replace('work: { dist: constant, value: 1 }', `work: { dist: empirical, file: ${file} }`)}\nsites: [{ name: s, region: east, pools: [{ chip: cpu, nodes: 1 }] }]`;

  it('reports a price series’ bad row alone, not also that it has no price rows', () => {
    expect(problemsWith('ps.csv', 't,price\n0,-1\n', priced('ps.csv'))).toEqual([`${shown('ps.csv')}:2:3 column price: must be at least 0; got -1`]);
  });

  it('still says when a price series has no rows at all', () => {
    expect(problemsWith('ps-empty.csv', '# prices\nt,price\n', priced('ps-empty.csv'))).toEqual([`${shown('ps-empty.csv')}:2:1 has no price rows`]);
  });

  it('reports an empirical value out of bounds alone, not also that the column has no values', () => {
    expect(problemsWith('big.csv', 's\n1e308\n', sized('big.csv'))).toEqual([`${shown('big.csv')}:2:1 column s: must be at most 1000000000000; got 1e+308`]);
  });

  it('still says when an empirical column has no values at all', () => {
    expect(problemsWith('none.csv', 's\n', sized('none.csv'))).toEqual([`${shown('none.csv')}:1:1 has no values in column s`]);
  });
});
