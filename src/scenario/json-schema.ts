import * as z from 'zod';
import { scenarioSchema } from './schema.js';

/**
 * The JSON Schema of scenario files, generated from the zod schema so that
 * the two never disagree. It describes the file as written (the input
 * side: fields with defaults are optional). Committed as
 * schema/scenario.schema.json; bundled scenarios point editors at it with a
 * `# yaml-language-server: $schema=` line.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema(), { io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'manychip scenario, version 1',
    description: 'A manychip scenario: chips, sites and pools, the network, job classes, the workload and the policy.',
  };
}
