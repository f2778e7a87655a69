import { describe, expect, it } from 'vitest';
import { Hooks } from '../../src/engine/hooks.js';

interface TestHooks {
  [name: string]: (...args: never[]) => void;
  ping: (n: number) => void;
  pong: (a: string, b: number) => void;
}

describe('Hooks', () => {
  it('reports nobody listening until a listener is attached', () => {
    const hooks = new Hooks<TestHooks>();
    expect(hooks.listening.ping).toBeFalsy();
    hooks.on('ping', () => {});
    expect(hooks.listening.ping).toBe(true);
    expect(hooks.listening.pong).toBeFalsy();
  });

  it('passes the arguments to every listener, in the order they were attached', () => {
    const hooks = new Hooks<TestHooks>();
    const seen: string[] = [];
    hooks.on('pong', (a, b) => seen.push(`1:${a}${b}`));
    hooks.on('pong', (a, b) => seen.push(`2:${a}${b}`));
    hooks.emit('pong', 'x', 7);
    expect(seen).toEqual(['1:x7', '2:x7']);
  });

  it('stops reporting listeners once the last one is removed', () => {
    const hooks = new Hooks<TestHooks>();
    const a = (): void => {};
    const b = (): void => {};
    hooks.on('ping', a).on('ping', b);
    hooks.off('ping', a);
    expect(hooks.listening.ping).toBe(true);
    hooks.off('ping', b);
    expect(hooks.listening.ping).toBe(false);
  });
});
