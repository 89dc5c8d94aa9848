/**
 * The Aalen-Johansen retention on people moving in and out of work (simulated with a known
 * truth), against R's multi-state `survfit` on the same rows in the same run (skipped with a
 * message when Rscript or the survival package is missing). R's figure is the time inside R.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aalenJohansen, EMPLOYMENT_STATES, retention } from '../src/index.js';
import { simulateAlternatingEmployment } from '../src/testing/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function retentionBenchmark(people = Number(process.env.BENCH_RETENTION_PEOPLE ?? 20_000)): void {
  const sim = simulateAlternatingEmployment({ people, years: 4, seed: 7, meanWorkDays: 300, meanOutDays: 120 });
  const spans = retention(sim.cases, { asOf: sim.cutoff }).spans;
  console.log(`\nRetention (Aalen-Johansen) on ${people.toLocaleString('en')} people, ${spans.length.toLocaleString('en')} stretches in and out of work:`);
  const times: number[] = [];
  let value = 0;
  let se = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const at = aalenJohansen(spans, EMPLOYMENT_STATES).at(365, 0);
    times.push(performance.now() - t0);
    value = at.value;
    se = at.stdErr;
  }
  const ms = median(times);
  console.log(`  Casepath aalenJohansen + at(365)   ${ms.toFixed(0).padStart(6)} ms   (p = ${value.toFixed(6)}, se = ${se.toFixed(6)}; truth ${sim.truth(365).toFixed(6)})`);
  const dir = mkdtempSync(join(tmpdir(), 'casepath-bench-'));
  const csv = join(dir, 'spans.csv');
  writeFileSync(csv, `id,start,stop,state,to\n${spans.map((s) => `${s.id},${s.start},${s.stop},${EMPLOYMENT_STATES[s.state]},${s.to === null ? 'censor' : EMPLOYMENT_STATES[s.to]}`).join('\n')}\n`);
  const script = `
suppressMessages(library(survival))
d <- read.csv("${csv}")
d$event <- factor(d$to, levels = c("censor", "work", "out"))
d$istate <- factor(d$state, levels = c("work", "out"))
t <- c(); fit <- NULL
for (i in 1:5) t <- c(t, system.time(fit <- survfit(Surv(start, stop, event) ~ 1, data = d, id = id, istate = istate))[["elapsed"]])
s <- summary(fit, times = 365)
cat(sprintf("R %f %.6f %.6f\\n", median(t) * 1000, s$pstate[, 1], s$std.err[, 1]))
`;
  const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.log(`  R skipped: ${r.error ? 'Rscript not found' : r.stderr.trim().split('\n').pop()} (apt-get install r-base-core r-cran-survival)`);
    return;
  }
  const [, rMs, rP, rSe] = r.stdout.trim().split('\n').pop()!.split(' ');
  console.log(`  R survfit (multi-state)            ${Number(rMs).toFixed(0).padStart(6)} ms   (p = ${rP}, se = ${rSe})`);
  console.log(`  survfit ÷ aalenJohansen: ${(Number(rMs) / ms).toFixed(2)}×  (above 1: Casepath is faster)`);
}
