/**
 * The sandbox: a child process (started by sandbox-process.ts under a
 * memory limit) that runs library cases (library-case.ts) one at a time,
 * on messages from its parent. A case that hangs or exhausts memory takes
 * only this process down; the parent starts another.
 */
import { runLibraryCase, thrownInfo } from './library-case.js';
import { SANDBOX_ENV, type SandboxReply, type SandboxRequest } from './sandbox-protocol.js';

const prototypes: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
];

function prototypeKeys(): string[] {
  return prototypes.flatMap(([name, proto]) => Reflect.ownKeys(proto).map((k) => `${name}.${String(k)}`));
}

const pristine = new Set(prototypeKeys());

/** Prototype keys added since the process started: a case polluted them. */
function pollution(): string[] {
  return prototypeKeys().filter((k) => !pristine.has(k));
}

let current: number | undefined;

function reply(message: SandboxReply, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

// A policy's stray promise or timer may throw after its hook returned: that is the current case's crash.
const stray = (e: unknown): void => {
  const info = thrownInfo(e);
  const exit = (): never => process.exit(70);
  if (current === undefined) exit();
  else reply({ id: current, outcome: { kind: 'crash', via: 'library', message: `uncaught outside the run: ${info.message.split('\n')[0]}` }, retire: true }, exit);
};

// Only as the sandbox the harness started: importing this file does nothing.
if (process.env[SANDBOX_ENV] === '1' && process.send !== undefined) {
  // The harness went away: nobody is left to serve.
  process.on('disconnect', () => process.exit(0));
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
  process.on('message', (raw: SandboxRequest) => {
    current = raw.id;
    void runLibraryCase(raw.dir, raw.run).then((outcome) => {
      const added = pollution();
      if (added.length > 0 && outcome.kind !== 'crash') {
        reply({ id: raw.id, outcome: { kind: 'invariant-violation', via: 'library', message: 'no prototype pollution', detail: added.join(', ') }, retire: true });
        return;
      }
      reply({ id: raw.id, outcome, retire: added.length > 0 });
      current = undefined;
    });
  });
  reply({ id: -1, outcome: { kind: 'ok', via: 'library', message: 'ready' } });
}
