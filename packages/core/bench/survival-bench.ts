/**
 * Kaplan-Meier and log-rank on 1,000,000 observations, and R's `survfit` and `survdiff` on the
 * same data in the same run (skipped with a message when Rscript or the survival package is
 * missing). R's figures are the time inside R, not the time to read the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kaplanMeier, logRank, type SurvivalObservation } from '../src/index.js';
import { SeededRandom } from '../src/testing/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function survivalBenchmark(n = Number(process.env.BENCH_OBSERVATIONS ?? 1_000_000)): void {
  const rng = new SeededRandom(99);
  const groups = ['a', 'b', 'c', 'd'];
  const obs: SurvivalObservation[] = [];
  const group: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % 4;
    // Whole days, as the indicators use: many ties, as in real data.
    const eventTime = Math.ceil(rng.exponential(300 + 40 * g));
    const censorTime = Math.ceil(rng.next() * 900);
    obs.push({ time: Math.min(eventTime, censorTime), event: eventTime <= censorTime });
    group.push(groups[g]!);
  }
  const byGroup: Record<string, SurvivalObservation[]> = { a: [], b: [], c: [], d: [] };
  obs.forEach((o, i) => byGroup[group[i]!]!.push(o));

  console.log(`\nSurvival on ${n.toLocaleString('en')} observations (4 groups, whole-day times):`);
  kaplanMeier(obs.slice(0, 10_000));
  const kmTimes: number[] = [];
  const lrTimes: number[] = [];
  let km = kaplanMeier(obs);
  let lr = logRank(byGroup);
  for (let r = 0; r < 5; r++) {
    let t0 = performance.now();
    km = kaplanMeier(obs);
    kmTimes.push(performance.now() - t0);
    t0 = performance.now();
    lr = logRank(byGroup);
    lrTimes.push(performance.now() - t0);
  }
  const kmMs = median(kmTimes);
  const lrMs = median(lrTimes);
  console.log(`  Casepath kaplanMeier      ${kmMs.toFixed(0).padStart(6)} ms   (median ${km.median}, S(365) = ${km.survivalAt(365).survival.toFixed(6)})`);
  console.log(`  Casepath logRank          ${lrMs.toFixed(0).padStart(6)} ms   (chi-square ${lr.chiSquare.toFixed(4)})`);

  const dir = mkdtempSync(join(tmpdir(), 'casepath-bench-'));
  const csv = join(dir, 'obs.csv');
  writeFileSync(csv, `time,status,group\n${obs.map((o, i) => `${o.time},${o.event ? 1 : 0},${group[i]}`).join('\n')}\n`);
  const script = `
suppressMessages(library(survival))
d <- read.csv("${csv}")
t <- c(); u <- c(); fit <- NULL; sd <- NULL
for (i in 1:5) {
  t <- c(t, system.time(fit <- survfit(Surv(time, status) ~ 1, data = d))[["elapsed"]])
  u <- c(u, system.time(sd <- survdiff(Surv(time, status) ~ group, data = d))[["elapsed"]])
}
s365 <- summary(fit, times = 365)$surv
cat(sprintf("R %f %f %s %.6f %.4f\\n", median(t) * 1000, median(u) * 1000, summary(fit)$table[["median"]], s365, sd$chisq))
`;
  const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.log(`  R skipped: ${r.error ? 'Rscript not found' : r.stderr.trim().split('\n').pop()} (apt-get install r-base-core r-cran-survival)`);
    return;
  }
  const [, rKm, rLr, rMedian, rS365, rChi] = r.stdout.trim().split('\n').pop()!.split(' ');
  console.log(`  R survfit                 ${Number(rKm).toFixed(0).padStart(6)} ms   (median ${rMedian}, S(365) = ${rS365})`);
  console.log(`  R survdiff                ${Number(rLr).toFixed(0).padStart(6)} ms   (chi-square ${rChi})`);
  console.log(`  survfit ÷ kaplanMeier: ${(Number(rKm) / kmMs).toFixed(2)}×   survdiff ÷ logRank: ${(Number(rLr) / lrMs).toFixed(2)}×  (above 1: Casepath is faster)`);
}
