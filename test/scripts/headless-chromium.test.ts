import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, noChromiumMessage } from '../../scripts/headless-chromium.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'manychip chromium '));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder holding the named files; `executable` ones get mode 755, the others 644. */
function folder(name: string, files: Record<string, boolean>): string {
  const d = join(dir, name);
  mkdirSync(d);
  for (const [file, executable] of Object.entries(files)) {
    writeFileSync(join(d, file), '#!/bin/sh\n');
    chmodSync(join(d, file), executable ? 0o755 : 0o644);
  }
  return d;
}

describe('finding Chromium', () => {
  const a = folder('a', { 'google-chrome': true, chromium: false });
  const b = folder('b', { 'chromium-browser': true });
  const c = folder('c', { chromium: true });
  const empty = folder('empty', {});

  it('takes the first name, in the order chromium, chromium-browser, google-chrome, found as an executable file on PATH', () => {
    expect(findChromium({ PATH: [a, b, c].join(delimiter) })).toBe(join(c, 'chromium'));
    expect(findChromium({ PATH: [a, b].join(delimiter) })).toBe(join(b, 'chromium-browser'));
    expect(findChromium({ PATH: a })).toBe(join(a, 'google-chrome'));
    // a's chromium is not executable; an empty PATH entry is no folder.
    expect(findChromium({ PATH: `${delimiter}${empty}${delimiter}${a}` })).toBe(join(a, 'google-chrome'));
  });

  it('takes CHROMIUM_PATH first, and only it when it is set', () => {
    const mine = join(b, 'chromium-browser');
    expect(findChromium({ CHROMIUM_PATH: mine, PATH: c })).toBe(mine);
    expect(findChromium({ CHROMIUM_PATH: join(a, 'chromium'), PATH: c })).toBeUndefined();
    expect(noChromiumMessage({ CHROMIUM_PATH: join(a, 'chromium') })).toBe(
      `no Chromium found (CHROMIUM_PATH=${join(a, 'chromium')} is not an executable file): install Chromium (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable`,
    );
  });

  it('finds nothing on a PATH without it, and says what to do', () => {
    expect(findChromium({ PATH: empty })).toBeUndefined();
    expect(findChromium({})).toBeUndefined();
    expect(noChromiumMessage({ PATH: empty })).toMatch(/^no Chromium found \(none of chromium, chromium-browser, google-chrome is on PATH and CHROMIUM_PATH is not set\): install Chromium \(Debian\/Ubuntu: apt-get install chromium\)/);
  });
});

/** Runs vitest on one browser test file with no Chromium to be found: PATH empty, CHROMIUM_PATH unset, CI as given. */
function vitestWithoutChromium(ci: string | undefined): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VITEST') && k !== 'CI' && k !== 'CHROMIUM_PATH' && k !== 'PATH') env[k] = v;
  env.PATH = '';
  if (ci !== undefined) env.CI = ci;
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/report/line-band-chart.browser.test.ts', '--color=false'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  // Colours stripped: vitest colours its report under CI whatever it is told.
  return { status: r.status, output: `${r.stdout}${r.stderr}`.replace(/\u001b\[[0-9;]*m/g, '') };
}

describe('the browser tests without Chromium', () => {
  it('skip locally, with one loud line saying so and how to install it', () => {
    const r = vitestWithoutChromium(undefined);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/4 skipped/);
    const loud = r.output.split('\n').filter((l) => l.includes('SKIPPED'));
    expect(loud).toEqual([
      '*** SKIPPED 1 browser test file (test/report/*.browser.test.ts): no Chromium found (none of chromium, chromium-browser, google-chrome is on PATH and CHROMIUM_PATH is not set); to run them, install Chromium (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable. Under CI=true this is a failure. ***',
    ]);
  }, 120_000);

  it('fail under CI=true, saying what to install', () => {
    const r = vitestWithoutChromium('true');
    expect(r.status, r.output).toBe(1);
    expect(r.output).toContain('Error: no Chromium found (none of chromium, chromium-browser, google-chrome is on PATH and CHROMIUM_PATH is not set)');
    expect(r.output).not.toContain('SKIPPED');
  }, 120_000);
});
