import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from '@jest/globals';
import { ForegroundWork, giveWayToForeground } from './foreground-work';

/** The module as a thread loads it (the live judging thread runs compiled code). */
const COMPILED = resolve('dist/src/projections/runner/foreground-work.js');

/** A thread that gives way (with `atMostMs`) and says when it has moved on, as the live judging thread does between children. */
function threadGivingWay(shared: SharedArrayBuffer, atMostMs: number): { movedOn: Promise<void>; hasMovedOn: () => boolean; stop: () => Promise<number> } {
  expect(existsSync(COMPILED)).toBe(true); // built by `npm test`
  const thread = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    require(workerData.script).giveWayToForeground(workerData.shared, workerData.atMostMs);
    parentPort.postMessage('moved on');
  `, { eval: true, workerData: { script: COMPILED, shared, atMostMs } });
  let moved = false;
  const movedOn = new Promise<void>((resolve) => thread.once('message', () => { moved = true; resolve(); }));
  return { movedOn, hasMovedOn: () => moved, stop: () => thread.terminate() };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('foreground work (ADR 0026)', () => {
  it('given no step under way, then giving way returns at once', () => {
    const foreground = new ForegroundWork();
    const started = Date.now();
    giveWayToForeground(foreground.shared, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(foreground.underWay).toBe(0);
  });

  it('given two steps under way, when a thread gives way, then it moves on only once both have ended', async () => {
    const foreground = new ForegroundWork();
    const endChronology = foreground.begin();
    const endCaseState = foreground.begin();
    const thread = threadGivingWay(foreground.shared, 60_000);
    try {
      await pause(200);
      expect(thread.hasMovedOn()).toBe(false);
      endChronology();
      endChronology(); // a second call changes nothing
      expect(foreground.underWay).toBe(1);
      await pause(200);
      expect(thread.hasMovedOn()).toBe(false);
      endCaseState();
      await thread.movedOn;
      expect(foreground.underWay).toBe(0);
    } finally {
      await thread.stop();
    }
  });

  it('given a step that never ends, then the thread moves on after at most the time it was given', async () => {
    const foreground = new ForegroundWork();
    foreground.begin();
    const thread = threadGivingWay(foreground.shared, 300);
    try {
      await thread.movedOn;
      expect(foreground.underWay).toBe(1);
    } finally {
      await thread.stop();
    }
  });

  it('given a step under way, when this thread waits for idle, then it resumes once the step ends', async () => {
    const foreground = new ForegroundWork();
    const endStep = foreground.begin();
    let resumed = false;
    const waiting = foreground.whenIdle(60_000).then(() => { resumed = true; });
    await pause(50);
    expect(resumed).toBe(false);
    endStep();
    await waiting;
    expect(resumed).toBe(true);
  });

  it('given a step that never ends, then waiting for idle in this thread resumes after at most the time given', async () => {
    const foreground = new ForegroundWork();
    foreground.begin();
    await foreground.whenIdle(100);
    expect(foreground.underWay).toBe(1);
  });
});
