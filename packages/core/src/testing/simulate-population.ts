import type { Actor, CaseEvent, CaseEventOf } from '../schemas/case-event.schema.js';
import type { PlanTemplate, Requirement } from '../schemas/plan-template.schema.js';
import type { Role } from '../schemas/vocabulary.js';
import { makeEvent } from './make-event.js';
import { builtInTemplates } from '../templates/built-in/index.js';
import { compileTransitionTable, type TransitionTable } from '../machines/transition-table.js';
import { emptyCaseState, type CaseState } from '../case/case-state.js';
import { checkEvent } from '../case/check-event.js';
import { mutateCaseState } from '../case/apply-event.js';
import { requirementMet } from '../case/requirements.js';
import { SeededRandom } from './random.js';

export interface PopulationOptions {
  /** Number of providers (organisations). */
  providers: number;
  /** Number of people, spread over the providers. */
  people: number;
  /** Length of the observed period; people enter uniformly over it and are followed to its end. */
  years: number;
  seed: number;
  /** First day of the period (default 2020-01-01). */
  start?: string;
  /** Templates providers use, by id (default: the built-in ones). */
  templates?: Readonly<Record<string, PlanTemplate>>;
}

export interface SimulatedProvider {
  providerId: string;
  templateId: string;
  /** Monthly chance that a person placed by this provider loses their job (providers differ). */
  jobLossHazard: number;
}

export interface SimulatedCase {
  caseId: string;
  providerId: string;
  templateId: string;
  templateVersion: number;
  events: CaseEvent[];
}

export interface SimulatedPopulation {
  providers: SimulatedProvider[];
  cases: SimulatedCase[];
  /** ISO instants bounding the period; events after `cutoff` are not generated (censoring). */
  start: string;
  cutoff: string;
}

const DAY = 86_400_000;
/** Share of providers per kind of service (supported employment is the most common). */
const TEMPLATE_WEIGHTS: Record<string, number> = {
  'euse-supported-employment': 0.5,
  'sheltered-workshop': 0.15,
  'social-adaptation': 0.15,
  'social-reintegration': 0.1,
  'family-support': 0.1,
};
const EMPLOYERS = ['Bakery Słonecznik', 'City Library', 'Green Parks Ltd', 'Hotel Baltic', 'Print & Post', 'Café Oaza', 'Warehouse Nord'];

class CaseSimulation {
  readonly events: CaseEvent[] = [];
  private readonly state: CaseState;
  private t: number;
  private goals = 0;
  private jobs = 0;
  private misc = 0;
  done = false;

  constructor(
    private readonly rng: SeededRandom,
    private readonly table: TransitionTable,
    readonly caseId: string,
    private readonly providerId: string,
    start: number,
    private readonly cutoff: number,
  ) {
    this.state = emptyCaseState(table.template.id, table.template.version);
    this.t = start;
  }

  private worker(role: Role): Actor {
    return { id: `${this.providerId}-${role}-${1 + (this.caseId.length % 3)}`, role };
  }

  /** Advances the clock; past the cut-off the person is still in the programme (censored). */
  wait(days: number): boolean {
    this.t += Math.max(0.04, days) * DAY;
    if (this.t > this.cutoff) this.done = true;
    return !this.done;
  }

  emit<T extends CaseEvent['type']>(type: T, payload: CaseEventOf<T>['payload'], role: Role = 'coordinator'): void {
    if (this.done) return;
    const actor = role === 'client' ? { id: `${this.caseId}-client`, role } : this.worker(role);
    const event = makeEvent(this.caseId, this.events.length, type, this.t, actor, payload);
    const rejection = checkEvent(this.table, this.state, event);
    if (rejection) throw new Error(`simulatePopulation generated an invalid event: ${rejection.reason}`);
    mutateCaseState(this.table, this.state, event);
    this.events.push(event);
  }

  get s(): CaseState {
    return this.state;
  }

  holdsJob(): boolean {
    return this.state.jobs.some((j) => j.endedAt === null);
  }

  startJob(): void {
    const jobId = `j${++this.jobs}`;
    this.emit('job.start', {
      jobId,
      employer: this.rng.pick(EMPLOYERS),
      hoursPerWeek: this.rng.pick([10, 20, 20, 30, 40]),
      openMarket: this.rng.chance(0.85),
    }, 'job-coach');
  }

  endJob(): void {
    const job = this.state.jobs.find((j) => j.endedAt === null);
    if (job) this.emit('job.end', { jobId: job.jobId, endReason: this.rng.pick(['dismissed', 'resigned', 'contract-ended', 'health'] as const) }, 'job-coach');
  }

  /** Records whatever the requirement needs, as staff would before moving on. */
  satisfy(req: Requirement): void {
    if (requirementMet(req, this.state)) return;
    switch (req.kind) {
      case 'consent':
        this.emit('consent.grant', { purpose: req.purpose }, 'client');
        return;
      case 'assessment': {
        const respondent = req.respondent ?? (this.rng.chance(0.5) ? 'self' : 'staff');
        this.emit('assessment.record', {
          assessmentId: `a${++this.misc}`,
          instrumentId: req.instrumentId ?? 'needs-screening',
          respondent,
          scores: { overall: this.rng.int(20, 80) },
        }, respondent === 'self' ? 'client' : 'psychologist');
        return;
      }
      case 'goal': {
        const domain = req.domain ?? this.rng.pick([...this.table.goalDomains]);
        this.addGoal(domain);
        return;
      }
      case 'job-held':
        // Finding a job takes months; the clock runs while the person searches.
        if (this.wait(this.rng.exponential(100))) this.startJob();
        return;
      case 'approval':
        this.emit('approval.grant', { subject: req.subject }, 'supervisor');
        return;
      case 'role-assigned':
        this.emit('worker.assign', { workerId: this.worker(req.role).id, role: req.role });
        return;
    }
  }

  /** Closes the case with an outcome, after recording what that outcome requires. */
  close(outcome: string): void {
    for (const req of this.table.outcomes.get(outcome)!) this.satisfy(req);
    if (!this.done && this.state.status !== 'closed' && this.table.outcomes.get(outcome)!.every((q) => requirementMet(q, this.state))) {
      this.emit('case.close', { outcome });
    }
  }

  addGoal(domain: string): void {
    const goalId = `g${++this.goals}`;
    this.emit('goal.add', {
      goalId,
      title: `Goal ${this.goals} in ${domain}`,
      domain,
      ownerId: this.worker('coordinator').id,
      ownerRole: 'coordinator',
      due: new Date(this.t + 120 * DAY).toISOString().slice(0, 10),
    });
  }
}

function simulateCase(sim: CaseSimulation, rng: SeededRandom, table: TransitionTable, provider: SimulatedProvider): void {
  const providerId = provider.providerId;
  const template = table.template;
  const order = template.stages.map((s) => s.id);
  sim.emit('case.open', { templateId: template.id, templateVersion: template.version, providerId, clientRef: `${sim.caseId}-client` });
  sim.emit('worker.assign', { workerId: `${providerId}-coordinator-1`, role: 'coordinator' });
  sim.wait(rng.int(1, 10));
  sim.emit('consent.grant', { purpose: 'service' }, 'client');
  if (rng.chance(0.7)) sim.emit('consent.grant', { purpose: 'statistics' }, 'client');

  for (let step = 0; step < 60 && !sim.done; step++) {
    const s = sim.s;
    if (s.status === 'closed') {
      // Some people come back after dropping out.
      if (s.outcome === 'withdrew' && rng.chance(0.3) && sim.wait(rng.exponential(200))) sim.emit('case.reopen', {});
      else return;
      continue;
    }
    if (s.status === 'paused') {
      if (sim.wait(rng.exponential(45))) sim.emit('case.resume', {});
      continue;
    }
    if (!sim.wait(rng.exponential(18))) return;

    const r = rng.next();
    if (r < 0.012) {
      sim.emit('case.pause', {}, 'coordinator');
      continue;
    }
    if (r < 0.025) {
      sim.close('withdrew');
      continue;
    }
    if (sim.holdsJob()) {
      // Job coach support fades with time in the job; jobs are lost at a steady hazard.
      const job = s.jobs.find((j) => j.endedAt === null)!;
      const months = (Date.parse(s.history[s.history.length - 1]!.at) - Date.parse(job.startedAt)) / (30 * DAY);
      sim.emit('support.log', { minutes: Math.max(30, Math.round(600 * Math.exp(-months / 3))), mode: rng.chance(0.7) ? 'on-the-job' : 'off-the-job' }, 'job-coach');
      if (rng.chance(provider.jobLossHazard)) {
        sim.endJob();
        continue;
      }
    }
    if (r < 0.15) {
      sim.emit('review.hold', {});
      continue;
    }
    if (r < 0.2) {
      const open = s.goals.find((g) => g.status === 'open');
      if (open) sim.emit('goal.achieve', { goalId: open.goalId });
      else sim.addGoal(rng.pick([...table.goalDomains]));
      continue;
    }

    const entry = table.stages.get(s.stage!)!;
    const options = [...entry.next.keys()];
    if (options.length === 0) continue;
    // After a job loss, go back to a stage that does not need a job (readaptation).
    const needsJob = (to: string) => entry.next.get(to)!.some((q) => q.kind === 'job-held');
    const here = order.indexOf(s.stage!);
    const forward = options.filter((to) => order.indexOf(to) > here);
    const stageNeedsJob = template.stages.find((x) => x.id === s.stage)?.requires?.some((q) => q.kind === 'job-held') ?? false;
    let to: string;
    if (stageNeedsJob && !sim.holdsJob()) {
      const back = options.filter((o) => !needsJob(o));
      if (back.length === 0) continue;
      to = rng.pick(back);
    } else if (forward.length > 0) {
      to = rng.pick(forward);
    } else {
      // At the last stage: finish the case, or move around.
      const employed = template.outcomes.find((o) => o.requires?.some((q) => q.kind === 'job-held'));
      const goodOutcome = employed && sim.holdsJob() ? employed : template.outcomes[0]!;
      if (rng.chance(0.1)) {
        sim.close(goodOutcome.id);
        continue;
      }
      to = rng.pick(options);
    }
    for (const req of entry.next.get(to)!) sim.satisfy(req);
    if (sim.done || sim.s.status !== 'active') return;
    if (entry.next.get(to)!.every((q) => requirementMet(q, sim.s))) sim.emit('stage.enter', { stage: to });
  }
}

/**
 * Generates a realistic, reproducible population of cases for tests, benchmarks and demos:
 * providers of each kind of service, people entering over the years, intake, assessments,
 * goals, placements, job coach support that fades, job losses and re-placement, pauses,
 * drop-outs and returns, and people still in the programme at the cut-off.
 *
 * @example
 * ```ts
 * const { cases } = simulatePopulation({ providers: 5, people: 200, years: 3, seed: 42 });
 * cases.length; //=> 200
 * ```
 */
export function simulatePopulation(options: PopulationOptions): SimulatedPopulation {
  const rng = new SeededRandom(options.seed);
  const templates: Readonly<Record<string, PlanTemplate>> = options.templates ?? builtInTemplates;
  const ids = Object.keys(templates);
  if (ids.length === 0) throw new Error('simulatePopulation needs at least one template');
  if (!(options.providers >= 1) || !(options.people >= 0) || !(options.years > 0)) {
    throw new Error('simulatePopulation needs providers ≥ 1, people ≥ 0 and years > 0');
  }
  const start = Date.parse(`${options.start ?? '2020-01-01'}T00:00:00Z`);
  const cutoff = start + options.years * 365 * DAY;

  const providers: SimulatedProvider[] = [];
  for (let p = 0; p < options.providers; p++) {
    let u = rng.next();
    let templateId = ids[0]!;
    for (const id of ids) {
      const w = TEMPLATE_WEIGHTS[id] ?? 1 / ids.length;
      if (u < w) {
        templateId = id;
        break;
      }
      u -= w;
    }
    providers.push({ providerId: `provider-${String(p + 1).padStart(2, '0')}`, templateId, jobLossHazard: 0.04 + rng.next() * 0.08 });
  }

  const cases: SimulatedCase[] = [];
  for (let i = 0; i < options.people; i++) {
    const provider = providers[rng.int(0, providers.length - 1)]!;
    const template = templates[provider.templateId]!;
    const table = compileTransitionTable(template);
    const caseId = `${provider.providerId}-case-${i + 1}`;
    const opened = start + rng.next() * (cutoff - start) * 0.95 + 9 * 3_600_000;
    const sim = new CaseSimulation(rng, table, caseId, provider.providerId, Math.floor(opened / 60_000) * 60_000, cutoff);
    simulateCase(sim, rng, table, provider);
    cases.push({ caseId, providerId: provider.providerId, templateId: template.id, templateVersion: template.version, events: sim.events });
  }
  return { providers, cases, start: new Date(start).toISOString(), cutoff: new Date(cutoff).toISOString() };
}
