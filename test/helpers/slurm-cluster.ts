import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { basename, delimiter, join } from 'node:path';

/**
 * A single-node Slurm cluster of this machine, from Debian's slurm-wlm and
 * munge packages, living wholly in a temporary folder: its own munge key
 * and socket, its own slurm.conf (reached through SLURM_CONF, so nothing
 * system-wide is read or touched), state, spool, pid and log files, and
 * ports picked free. The daemons run as the current user (SlurmUser and
 * SlurmdUser are that user), so root is not needed; the jobs run as that
 * user too.
 */
export interface SlurmCluster {
  /** The temporary folder holding everything. */
  dir: string;
  /** The environment for Slurm's commands (sbatch, squeue …): SLURM_CONF set, inherited SLURM_* dropped. */
  env: NodeJS.ProcessEnv;
  /** Runs one of Slurm's commands against this cluster; rejects with its output if it fails or outlasts `timeoutMs`. */
  run(command: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string>;
  /** The last lines of the daemons' logs, to explain a failure. */
  logs(): string;
  /** Cancels this cluster's jobs, stops the daemons and removes the folder. */
  stop(): Promise<void>;
}

/** The machine cannot run the cluster: a program is missing, or a daemon did not come up. */
export class SlurmUnavailable extends Error {
  override name = 'SlurmUnavailable';
}

const PROGRAMS = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'sinfo', 'scancel'] as const;

/** Starts munged, slurmctld and slurmd, and waits (up to `timeoutMs`) until the node is idle. */
export async function startSlurmCluster(timeoutMs = 30_000): Promise<SlurmCluster> {
  const paths = findPrograms();
  const dir = mkdtempSync(join(tmpdir(), 'manychip-slurm-'));
  // munged wants its socket's folder searchable by everyone (and writable by no one else).
  chmodSync(dir, 0o755);
  const daemons: ChildProcess[] = [];
  const env: NodeJS.ProcessEnv = { ...withoutSlurmVariables(process.env), SLURM_CONF: join(dir, 'slurm.conf') };
  const run: SlurmCluster['run'] = (command, args, options = {}) =>
    new Promise((resolve, reject) => {
      execFile(paths[command as (typeof PROGRAMS)[number]] ?? command, args, { cwd: options.cwd ?? dir, env: options.env ?? env, timeout: options.timeoutMs ?? 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stdout}${stderr}`));
        else resolve(stdout);
      });
    });
  // The daemons' own logs (*.log) and what they printed (*.out).
  const logs = (): string =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.log') || f.endsWith('.out'))
      .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').split('\n').slice(-15).join('\n')}`)
      .join('\n');
  // Should this process end without stop() (a test runner that gives up on a test), the daemons end with it.
  const onExit = (): void => {
    for (const d of daemons) d.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const cluster: SlurmCluster = {
    dir,
    env,
    run,
    logs,
    async stop() {
      // Jobs first, so that no slurmstepd or job outlives its daemon; then the daemons.
      if (daemons.length > 1) await run('scancel', ['--user', userInfo().username], { timeoutMs: 5_000 }).catch(() => undefined);
      await Promise.all(daemons.reverse().map((d) => stopProcess(d)));
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    // The key: random bytes readable by the user munged runs as (this one) alone.
    writeFileSync(join(dir, 'munge.key'), randomBytes(1024), { mode: 0o400 });
    const socket = join(dir, 'munge.socket');
    daemons.push(
      daemon(paths.munged, ['--foreground', `--key-file=${join(dir, 'munge.key')}`, `--socket=${socket}`, `--pid-file=${join(dir, 'munged.pid')}`, `--log-file=${join(dir, 'munged.log')}`, `--seed-file=${join(dir, 'munged.seed')}`], dir, env),
    );
    await waitFor(() => existsSync(socket), daemons, timeoutMs, 'munged did not create its socket');
    const node = await nodeLine(paths.slurmd);
    const ctlPort = await freePort();
    let nodePort = await freePort();
    while (nodePort === ctlPort) nodePort = await freePort();
    mkdirSync(join(dir, 'state'));
    mkdirSync(join(dir, 'spool'));
    writeFileSync(env.SLURM_CONF as string, slurmConf(dir, node, socket, ctlPort, nodePort));
    daemons.push(daemon(paths.slurmctld, ['-D', '-f', env.SLURM_CONF as string], dir, env));
    daemons.push(daemon(paths.slurmd, ['-D', '-f', env.SLURM_CONF as string, '-N', node.name], dir, env));
    const idle = async (): Promise<boolean> => (await run('sinfo', ['--noheader', '--format=%T', '--nodes', node.name]).catch(() => '')).trim() === 'idle';
    await waitFor(idle, daemons, timeoutMs, 'the node did not become idle');
    return cluster;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const log = logs();
    await cluster.stop();
    throw new SlurmUnavailable(`${why}\n${log}`);
  }
}

/** The paths of the programs, from PATH or the sbin folders a non-root PATH may leave out. */
function findPrograms(): Record<(typeof PROGRAMS)[number], string> {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'].filter((f) => f !== '');
  const found: Partial<Record<(typeof PROGRAMS)[number], string>> = {};
  const missing: string[] = [];
  for (const program of PROGRAMS) {
    const path = folders.map((f) => join(f, program)).find((p) => isExecutable(p));
    if (path === undefined) missing.push(program);
    else found[program] = path;
  }
  if (missing.length > 0) throw new SlurmUnavailable(`not installed: ${missing.join(', ')} (Debian: apt-get install slurm-wlm munge)`);
  return found as Record<(typeof PROGRAMS)[number], string>;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** This machine as `slurmd -C` sees it: its name and a NodeName line with its real CPUs, layout and memory. */
async function nodeLine(slurmd: string): Promise<{ name: string; line: string }> {
  const out = await new Promise<string>((resolve, reject) => execFile(slurmd, ['-C'], { encoding: 'utf8', timeout: 10_000 }, (e, stdout) => (e ? reject(e) : resolve(stdout))));
  const line = out.split('\n').find((l) => l.startsWith('NodeName='));
  const name = line?.match(/^NodeName=(\S+)/)?.[1];
  if (line === undefined || name === undefined) throw new SlurmUnavailable(`slurmd -C printed no NodeName line: ${out}`);
  return { name, line: `${line} NodeAddr=127.0.0.1 State=UNKNOWN` };
}

/**
 * The smallest slurm.conf for one node: no accounting, no cgroups
 * (proctrack/linuxproc, task/none), cons_tres over CPUs, every file under
 * `dir`, the controller on this host at 127.0.0.1.
 */
function slurmConf(dir: string, node: { name: string; line: string }, socket: string, ctlPort: number, nodePort: number): string {
  const user = userInfo().username;
  return `${[
    'ClusterName=manychip-test',
    `SlurmctldHost=${node.name}(127.0.0.1)`,
    `SlurmctldPort=${ctlPort}`,
    `SlurmdPort=${nodePort}`,
    `SlurmUser=${user}`,
    `SlurmdUser=${user}`,
    'AuthType=auth/munge',
    `AuthInfo=socket=${socket}`,
    'CredType=cred/munge',
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_CPU',
    'MpiDefault=none',
    'ReturnToService=2',
    node.line,
    `PartitionName=test Nodes=${node.name} Default=YES MaxTime=INFINITE State=UP`,
  ].join('\n')}\n`;
}

/** A daemon in the foreground, as a child of this process; what it prints goes to `<name>.out` in `cwd`. */
function daemon(path: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  const fd = openSync(join(cwd, `${basename(path)}.out`), 'a');
  const child = spawn(path, args, { cwd, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  // A program that cannot be started shows as an exit, which waitFor reports.
  child.on('error', () => undefined);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `ready` until it holds; fails early if a daemon exits, or after `timeoutMs`. */
async function waitFor(ready: () => boolean | Promise<boolean>, daemons: readonly ChildProcess[], timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ready())) {
    const dead = daemons.find((d) => d.exitCode !== null || d.signalCode !== null);
    if (dead !== undefined) throw new SlurmUnavailable(`${what}: ${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode})`);
    if (Date.now() > end) throw new SlurmUnavailable(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The environment without the SLURM_* variables of any job this runs inside (they would steer sbatch). */
function withoutSlurmVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('SLURM_')));
}
