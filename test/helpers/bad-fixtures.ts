import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from './cli-capture.js';

/** The folder of bad scenarios, each naming the message it must get in its `# expect:` lines. */
export const badFixtures = join(import.meta.dirname, '..', 'fixtures', 'bad');

/**
 * One test per bad scenario: `run` and `validate` both exit with 2, print
 * every `# expect:` line of the file (its name made the path it was run
 * by) and no stack trace.
 */
export function itRefusesBadFixtures(names: readonly string[]): void {
  for (const name of names) {
    it(`${name}: run and validate exit with 2 and the located message`, async () => {
      const file = join(badFixtures, `${name}.yaml`);
      const expected = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('# expect: '))
        .map((l) => l.slice('# expect: '.length).replace(`${name}.yaml`, file));
      expect(expected.length).toBeGreaterThan(0);
      for (const command of ['run', 'validate']) {
        const { code, err } = await runCli([command, file]);
        expect(code).toBe(2);
        for (const line of expected) expect(err).toContain(line);
        expect(err).not.toMatch(/\n\s+at /);
      }
    });
  }
}
