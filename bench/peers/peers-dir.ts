import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The source folder bench/peers/ (home of mmc_simpy.py and results.json), whether this runs from dist/ or through tsx. */
export const peersDir = existsSync(`${here}/mmc_simpy.py`) ? here : fileURLToPath(new URL('../../../bench/peers', import.meta.url));
