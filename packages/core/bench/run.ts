/**
 * `pnpm bench`: replays a simulated population and compares it, in the same process, with a
 * hand-written reducer over the same events and (on a sample) with an xstate actor per case.
 * Set BENCH_PEOPLE to change the population (default 100,000).
 */
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { createActor } from 'xstate';
import { builtInTemplates, compileTemplate, replay, type PlanTemplate } from '../src/index.js';
import { simulatePopulation } from '../src/testing/index.js';
import { handWrittenReplay } from './hand-written-reducer.js';
import { survivalBenchmark } from './survival-bench.js';
import { retentionBenchmark } from './retention-bench.js';
import { scoringBenchmark } from './scoring-bench.js';

const people = Number(process.env.BENCH_PEOPLE ?? 100_000);
const templates: Record<string, PlanTemplate> = builtInTemplates;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(label: string, runs: number, fn: () => number): number {
  const times: number[] = [];
  let check = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    check += fn();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  console.log(`  ${label.padEnd(42)} ${ms.toFixed(0).padStart(7)} ms (median of ${runs}; check ${check})`);
  return ms;
}

console.log(`Casepath core benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}`);
const t0 = performance.now();
const { cases } = simulatePopulation({ providers: 45, people, years: 3, seed: 2026 });
const events = cases.reduce((n, c) => n + c.events.length, 0);
console.log(`\nPopulation: ${cases.length.toLocaleString('en')} cases, ${events.toLocaleString('en')} events (${(events / cases.length).toFixed(1)} a case), simulated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

// The reference must do the same work: check that it derives the same state.
const differing = cases.slice(0, 2000).filter((c) => !isDeepStrictEqual(replay(templates[c.templateId]!, c.events).state, handWrittenReplay(templates[c.templateId]!, c.events)));
if (differing.length > 0) throw new Error(`The hand-written reducer disagrees with replay on ${differing.length} cases, e.g. ${differing[0]!.caseId}`);

console.log('Replay of every case (both derive the same state; checked on 2,000 cases):');
// Warm up both paths so the JIT has compiled them before timing.
for (const c of cases.slice(0, 2000)) {
  replay(templates[c.templateId]!, c.events);
  handWrittenReplay(templates[c.templateId]!, c.events);
}
const ours = time('replay (compiled transition table)', 5, () => {
  let n = 0;
  for (const c of cases) n += replay(templates[c.templateId]!, c.events).state.history.length;
  return n;
});
const hand = time('hand-written reducer (no checks)', 5, () => {
  let n = 0;
  for (const c of cases) n += handWrittenReplay(templates[c.templateId]!, c.events).history.length;
  return n;
});

const sample = cases.slice(0, Math.min(5000, cases.length));
const sampleEvents = sample.reduce((n, c) => n + c.events.length, 0);
const machines = new Map(Object.entries(templates).map(([id, t]) => [id, compileTemplate(t)]));
const actorMs = time(`xstate actor per case (${sample.length.toLocaleString('en')}-case sample)`, 3, () => {
  let n = 0;
  for (const c of sample) {
    const actor = createActor(machines.get(c.templateId)!).start();
    for (const e of c.events) actor.send(e);
    n += actor.getSnapshot().context.case.history.length;
    actor.stop();
  }
  return n;
});

const rate = (events / ours) * 1000;
console.log(`\nResults:`);
console.log(`  replay: ${(rate / 1e6).toFixed(2)} million events/s (goal ≥ 1)`);
console.log(`  replay / hand-written reducer: ${(ours / hand).toFixed(2)}× (goal ≤ 3)`);
console.log(`  xstate actor per event: ${((actorMs * 1000) / sampleEvents).toFixed(2)} µs; replay per event: ${((ours * 1000) / events).toFixed(3)} µs`);

survivalBenchmark();
retentionBenchmark();
scoringBenchmark();
