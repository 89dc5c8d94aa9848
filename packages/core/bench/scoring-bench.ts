/**
 * Scores 100,000 assessment responses with `scoreAssessment` (validation included) and, as the
 * reference in the same run, with a hand-written scorer for the same instrument that checks
 * nothing and handles no conditions beyond the one it knows.
 */
import { builtInInstruments, scoreAssessment, type Answer, type AssessmentResponse } from '../src/index.js';
import { SeededRandom } from '../src/testing/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function scoringBenchmark(n = Number(process.env.BENCH_RESPONSES ?? 100_000)): void {
  const ins = builtInInstruments['vocational-profile'];
  const rng = new SeededRandom(5);
  const responses: AssessmentResponse[] = [];
  for (let i = 0; i < n; i++) {
    const answers: Record<string, Answer> = {};
    const hadJob = rng.chance(0.6);
    for (const item of ins.items) {
      if (!item.required && rng.chance(0.1)) continue;
      if (item.enableWhen && !hadJob) continue;
      const scale = ins.scales[item.scale]!;
      answers[item.id] =
        item.id === 'had-job' ? hadJob : scale.type === 'ordinal' ? rng.int(1, 4) : scale.type === 'number' ? rng.int(0, 120) : 'kitchen work';
    }
    responses.push({ instrumentId: ins.id, instrumentVersion: ins.version, respondent: rng.chance(0.5) ? 'self' : 'staff', completedAt: '2026-03-01T10:00:00.000Z', answers });
  }
  const byDomain = ins.domains.map((d) => ({ id: d.id, items: ins.items.filter((it) => it.domain === d.id && ins.scales[it.scale]!.type !== 'text') }));
  const hand = (r: AssessmentResponse) => {
    const out: Record<string, number | null> = {};
    for (const d of byDomain) {
      let sum = 0;
      let count = 0;
      for (const it of d.items) {
        const a = r.answers[it.id];
        if (a === undefined) continue;
        const v = typeof a === 'boolean' ? (a ? 1 : 0) : (a as number);
        sum += it.reverse ? 5 - v : v;
        count++;
      }
      out[d.id] = count ? (sum / count) * 25 : null;
    }
    return out;
  };
  for (const r of responses.slice(0, 2000)) {
    scoreAssessment(ins, r);
    hand(r);
  }
  const ours: number[] = [];
  const ref: number[] = [];
  for (let k = 0; k < 5; k++) {
    let t0 = performance.now();
    for (const r of responses) scoreAssessment(ins, r);
    ours.push(performance.now() - t0);
    t0 = performance.now();
    for (const r of responses) hand(r);
    ref.push(performance.now() - t0);
  }
  const a = median(ours);
  const b = median(ref);
  console.log(`\nScoring ${n.toLocaleString('en')} responses to "${ins.id}" (${ins.items.length} items, conditional and reverse-scored ones):`);
  console.log(`  scoreAssessment (validated)        ${a.toFixed(0).padStart(6)} ms   ${((n / a) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} responses/s`);
  console.log(`  hand-written scorer (no checks)    ${b.toFixed(0).padStart(6)} ms`);
  console.log(`  scoreAssessment ÷ hand-written: ${(a / b).toFixed(1)}×`);
}
