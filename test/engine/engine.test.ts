import { describe, expect, it } from 'vitest';
import { Engine, type EventHandler } from '../../src/engine/engine.js';

/** Records what the engine calls, in order. */
class Recorder implements EventHandler {
  log: string[] = [];
  constructor(private readonly onEvent: (kind: number, payload: number, time: number) => void = () => {}) {}
  handle(kind: number, payload: number, time: number): void {
    this.log.push(`${time}:${kind}/${payload}`);
    this.onEvent(kind, payload, time);
  }
  endOfInstant(time: number): void {
    this.log.push(`end@${time}`);
  }
}

describe('Engine', () => {
  it('applies events in time order and ends each instant once, after its last event', () => {
    const engine = new Engine();
    engine.schedule(2, 0, 1);
    engine.schedule(1, 0, 2);
    engine.schedule(2, 0, 3);
    const h = new Recorder();
    expect(engine.run(h)).toBe('empty');
    expect(h.log).toEqual(['1:0/2', 'end@1', '2:0/1', '2:0/3', 'end@2']);
    expect(engine.now).toBe(2);
    expect(engine.eventsApplied).toBe(3);
  });

  it('applies events scheduled at the current instant after the end-of-instant call, then ends the instant again', () => {
    const engine = new Engine();
    let scheduled = false;
    const h = new Recorder();
    h.endOfInstant = function (time: number) {
      this.log.push(`end@${time}`);
      if (!scheduled) {
        scheduled = true;
        engine.schedule(time, 9, 9);
      }
    };
    engine.schedule(1, 0, 0);
    engine.run(h);
    expect(h.log).toEqual(['1:0/0', 'end@1', '1:9/9', 'end@1']);
  });

  it('stops before events later than `until`, applies those at `until`, and leaves the clock there', () => {
    const engine = new Engine();
    engine.schedule(1, 0, 1);
    engine.schedule(5, 0, 5);
    engine.schedule(6, 0, 6);
    const h = new Recorder();
    expect(engine.run(h, 5)).toBe('until');
    expect(h.log).toEqual(['1:0/1', 'end@1', '5:0/5', 'end@5']);
    expect(engine.now).toBe(5);
    expect(engine.run(h)).toBe('empty');
    expect(h.log.at(-2)).toBe('6:0/6');
  });

  it('refuses to schedule into the past or at NaN', () => {
    const engine = new Engine();
    engine.schedule(3, 0, 0);
    engine.run(new Recorder());
    expect(() => engine.schedule(2, 0, 0)).toThrow(/before now/);
    expect(() => engine.schedule(NaN, 0, 0)).toThrow(/before now/);
    expect(() => engine.schedule(3, 0, 0)).not.toThrow();
  });

  it('returns early when the handler asks it to stop', () => {
    const engine = new Engine();
    for (let i = 1; i <= 5; i++) engine.schedule(i, 0, i);
    const h = new Recorder((_, payload) => payload === 2 && engine.stop());
    expect(engine.run(h)).toBe('stopped');
    expect(engine.now).toBe(2);
    expect(engine.queue.size).toBe(3);
  });

  it('surfaces an error thrown by the handler instead of losing it', () => {
    const engine = new Engine();
    engine.schedule(1, 0, 0);
    const h = new Recorder(() => {
      throw new Error('boom');
    });
    expect(() => engine.run(h)).toThrow('boom');
  });
});
