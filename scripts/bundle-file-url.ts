/**
 * Injected into the CLI bundle by scripts/build-bundle.ts: CommonJS has no
 * import.meta, so `import.meta.url` in the sources becomes this, the URL of
 * the output file using it (the code uses it to find files beside itself).
 */
import { pathToFileURL } from 'node:url';

export const __manychip_file_url = pathToFileURL(__filename).href;
