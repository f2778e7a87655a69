// Preloaded (`node --import`) into a process whose CPU time a benchmark
// wants (bench/lib/process-wall.ts, cpuOfNode): at exit it writes the
// process's CPU time so far, user and system over all its threads, in
// microseconds, to the file named by MANYCHIP_CPU_OUT. Node 20 cannot
// report a child's CPU time to its parent (spawnSync gives no resource
// usage), so the child reports its own; what it misses is the exit itself,
// after the last listener. Plain JavaScript, so that it preloads from the
// sources (the tests) and from dist/bench alike.
import { writeFileSync } from 'node:fs';

const out = process.env.MANYCHIP_CPU_OUT;
if (out !== undefined && out !== '') {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(out, `${user + system}\n`);
  });
}
