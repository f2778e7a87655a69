import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/io/open-input.js';
import { repoRoot } from '../helpers/data-traces.js';

const traces = join(repoRoot, 'data', 'traces');
const folders = readdirSync(traces).filter((f) => statSync(join(traces, f)).isDirectory());

/** `file.gz` → sha256 of the original, from the rows of a folder README's tables. */
function listedHashes(folder: string): Map<string, string> {
  const readme = readFileSync(join(traces, folder, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([^`]+\.gz)` \|.*`([0-9a-f]{64})`/gm)];
  return new Map(rows.map((m) => [m[1] as string, m[2] as string]));
}

/** sha256 of what manychip's reader gives from the file (the inflated bytes). */
function sha256ThroughReader(path: string): string {
  const hash = createHash('sha256');
  const input = openInput(path, { what: 'trace' });
  for (let chunk = input.read(); chunk !== undefined; chunk = input.read()) hash.update(chunk);
  return hash.digest('hex');
}

describe('data/traces', () => {
  it('has a README per folder, listed in the top README', () => {
    expect(folders.sort()).toEqual(['alibaba-gpu-2023', 'gavel', 'swf']);
    const top = readFileSync(join(traces, 'README.md'), 'utf8');
    for (const f of folders) expect(top).toContain(`(${f}/README.md)`);
  });

  it.each(folders)('%s: every file is listed with the sha256 of its original, and inflates to exactly that', (folder) => {
    const gz = readdirSync(join(traces, folder)).filter((f) => f.endsWith('.gz'));
    const listed = listedHashes(folder);
    expect([...listed.keys()].sort()).toEqual(gz.sort());
    for (const [file, sha] of listed) expect(sha256ThroughReader(join(traces, folder, file)), file).toBe(sha);
  });

  it('holds reproducible gzip (gzip -9 -n: no name, no time stamp, best compression)', () => {
    for (const folder of folders) {
      for (const f of readdirSync(join(traces, folder)).filter((n) => n.endsWith('.gz'))) {
        const head = readFileSync(join(traces, folder, f)).subarray(0, 10);
        const where = `${folder}/${f}`;
        expect([head[0], head[1], head[2]], where).toEqual([0x1f, 0x8b, 8]); // gzip, deflate
        expect(head[3] ?? 0, `${where}: flags (a stored name is 0x08)`).toBe(0);
        expect(head.readUInt32LE(4), `${where}: time stamp`).toBe(0);
        expect(head[8], `${where}: extra flags (2 = best compression)`).toBe(2);
      }
    }
  });

  it('carries Gavel’s MIT notice beside its data', () => {
    expect(readFileSync(join(traces, 'gavel', 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2020 Stanford Future Data Systems\n/);
  });
});

describe('the project stands alone', () => {
  it('names no data folder outside the checkout (the team machines’ shared folder): tests, scenarios, scripts, docs, bench, CI', () => {
    // Spelt in pieces, so that a search of the project for the folder finds nothing, this test included.
    const outside = new RegExp(['\\.\\./', 'shared\\b|/work/', 'shared\\b'].join(''));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        // Hidden folders are other tests' scratch space (test/.import-*), which may vanish mid-walk.
        if (name.startsWith('.') || ['node_modules', 'dist', 'data'].includes(name)) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|js|mjs|yaml|yml|json|md|sh|csv)$|^run$|Dockerfile$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          if (outside.test(text)) offenders.push(relative(repoRoot, path));
        }
      }
    };
    for (const top of ['src', 'test', 'scenarios', 'scripts', 'docs', 'bench', 'examples', 'schema', '.ci']) walk(join(repoRoot, top));
    for (const file of ['README.md', 'BENCHMARKS.md', 'package.json', 'vitest.config.ts']) {
      if (outside.test(readFileSync(join(repoRoot, file), 'utf8'))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
