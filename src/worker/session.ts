/**
 * A session: the running cluster plus everything needed to reproduce it. Every external input
 * (a mutating API request, a simulation operation, a scripted timeline) is recorded in a journal
 * with its virtual time. Because the simulation is deterministic, (setup, journal, time) rebuilds
 * the same cluster exactly: that is how share links, saved workspaces and a restarted Worker come
 * back.
 *
 * The rule that makes replays exact: an input runs only when every timer due at its moment has
 * run, and the timers it makes due run right after it, before anything else happens.
 */
import type { ApiRequest, ApiResponse } from '../sim/api/types';
import { createCluster, type Cluster } from '../sim/cluster';
import { onTraffic, type TrafficResult } from '../sim/network/traffic';
import { formatStep, parseTimeline, type TimelineStep } from '../sim/timeline';
import { runKubectl } from '../kubectl/cli/index';
import { summarizeChange } from './change-summary';
import type { ChangeSummary, ClusterSetup, JournalEntry, SimOp } from './protocol';
import { etcdStats, objectsAt, proxyRules, runFault, runTraffic } from './sim-ops';

export const DEFAULT_SETUP: ClusterSetup = { workers: 3, controlPlanes: 1, seed: 1 };
/** Inputs a journal may hold before the session refuses more (a runaway page script). */
export const MAX_JOURNAL = 50_000;
/** Attributed changes kept for `changes-since`. */
const RECENT_CHANGES = 10_000;

export interface SessionHooks {
  onChanges(changes: ChangeSummary[]): void;
  onTraffic(results: TrafficResult[]): void;
  /** The cluster was replaced: open watches must end so informers list the new one. */
  onReset(): void;
}

interface ScheduledStep {
  step: TimelineStep;
  files: Record<string, string>;
}

const isMutating = (req: ApiRequest) => req.method !== 'GET';

export class Session {
  cluster!: Cluster;
  setup: ClusterSetup = DEFAULT_SETUP;
  journal: JournalEntry[] = [];
  private steps: ScheduledStep[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private busy = false;
  private unsubscribe: (() => void)[] = [];
  /** The latest attributed changes, for timelines opened after the fact. */
  private recentChanges: ChangeSummary[] = [];
  /** Every scheduled timeline step, run or not, for the time bar's marks. */
  private timelineMarks: { atMs: number; text: string }[] = [];
  /** Counts the clusters this session has made (journal snapshots refer to one of them). */
  private epoch = 0;

  constructor(
    private readonly hooks: SessionHooks,
    setup: Partial<ClusterSetup> = {},
  ) {
    this.create({ ...DEFAULT_SETUP, ...setup });
  }

  /** Virtual milliseconds since this cluster started. */
  elapsedMs(): number {
    return this.cluster.clock.now() - this.cluster.options.startMs;
  }

  /** Whether an input or a frame is running (frames are skipped meanwhile). */
  isBusy(): boolean {
    return this.busy;
  }

  /** Runs `fn` after everything queued before it; inputs never interleave. */
  enqueue<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = async () => {
      this.busy = true;
      try {
        return await fn();
      } finally {
        this.busy = false;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Handles an API request from the page; mutating ones are journaled. */
  handleRequest(request: ApiRequest): ApiResponse {
    const response = this.cluster.api.handle(request);
    if (isMutating(request)) {
      this.record({ atMs: this.elapsedMs(), type: 'request', request });
      this.cluster.clock.runDue();
    }
    return response;
  }

  /** Moves virtual time forward to `elapsedMs` (since start), running timeline steps on the way. */
  async advanceTo(elapsedMs: number): Promise<void> {
    const start = this.cluster.options.startMs;
    for (;;) {
      const next = this.steps[0];
      if (!next || next.step.atMs > elapsedMs) break;
      this.steps.shift();
      if (next.step.atMs > this.elapsedMs()) this.cluster.clock.runUntil(start + next.step.atMs);
      await this.executeStep(next);
      this.cluster.clock.runDue();
    }
    if (start + elapsedMs > this.cluster.clock.now())
      this.cluster.clock.runUntil(start + elapsedMs);
    else this.cluster.clock.runDue();
  }

  /** The next moment something is scheduled (a timer or a timeline step), since start. */
  nextEventMs(): number | undefined {
    const timer = this.cluster.clock.nextTimerAt();
    const timerMs = timer === undefined ? undefined : timer - this.cluster.options.startMs;
    const stepMs = this.steps[0]?.step.atMs;
    if (timerMs === undefined) return stepMs;
    if (stepMs === undefined) return timerMs;
    return Math.min(timerMs, stepMs);
  }

  /** Executes a simulation operation (journaled when it changes the cluster). */
  async simOp(op: SimOp): Promise<unknown> {
    switch (op.op) {
      case 'proxy-rules':
        return unwrap(proxyRules(this.cluster, op.node));
      case 'etcd-stats':
        return etcdStats(this.cluster);
      case 'objects-at': {
        const result = objectsAt(this.cluster, op.revision);
        const value = unwrap(result);
        return { ...value, atMs: this.cluster.clock.now() };
      }
      case 'changes-since':
        return this.changesSince(op.fromRevision, op.limit ?? 500);
      case 'timeline':
        return { startMs: this.cluster.options.startMs, steps: this.timelineMarks };
      case 'journal': {
        // A `from` for another cluster (an older epoch) cannot be extended: send it all again.
        const from = op.epoch === this.epoch ? Math.min(op.from ?? 0, this.journal.length) : 0;
        return {
          setup: this.setup,
          journal: from > 0 ? this.journal.slice(from) : this.journal,
          from,
          epoch: this.epoch,
          nowMs: this.elapsedMs(),
          startMs: this.cluster.options.startMs,
        };
      }
      case 'reset':
        await this.reset(op);
        return { setup: this.setup, nowMs: this.elapsedMs() };
      default:
        break;
    }
    const atMs = this.elapsedMs();
    // An operation that fails changes nothing, so only successful ones are inputs to replay.
    const result = await this.execute(op);
    this.record({ atMs, type: 'sim', op });
    this.cluster.clock.runDue();
    return result;
  }

  private async execute(op: SimOp): Promise<unknown> {
    switch (op.op) {
      case 'traffic': {
        const results = runTraffic(this.cluster, op);
        return results.map((r) => ({ at: r.at, outcome: r.outcome, hops: r.hops }));
      }
      case 'run-timeline': {
        const { steps, errors } = parseTimeline(op.timeline);
        if (errors.length > 0)
          throw new Error(errors.map((e) => `line ${e.line}: ${e.message}`).join('; '));
        const files = Object.fromEntries(op.files.map((f) => [f.name, f.text]));
        const now = this.elapsedMs();
        for (const step of steps) {
          if (step.atMs < now) continue;
          this.steps.push({ step, files });
          this.timelineMarks.push({ atMs: step.atMs, text: formatStep(step) });
        }
        this.timelineMarks.sort((a, b) => a.atMs - b.atMs);
        this.steps.sort((a, b) => a.step.atMs - b.step.atMs || a.step.line - b.step.line);
        return { scheduled: steps.filter((s) => s.atMs >= now).length };
      }
      case 'kubectl':
        return this.kubectl(op.command, op.files ?? {});
      default: {
        const error = runFault(this.cluster, op as Parameters<typeof runFault>[1]);
        if (error) throw new Error(error);
        return { ok: true };
      }
    }
  }

  /** Runs a kubectl command line against this cluster (same code as the console). */
  async kubectl(command: string, files: Record<string, string>) {
    return runKubectl(command, {
      request: (req) =>
        Promise.resolve(this.cluster.api.handle({ ...req, user: req.user ?? 'kubectl' })),
      nowMs: () => this.cluster.clock.now(),
      files,
      serverUrl: 'https://172.18.0.2:6443',
    });
  }

  private async executeStep({ step, files }: ScheduledStep): Promise<void> {
    const a = step.action;
    switch (a.type) {
      case 'apply':
      case 'delete':
        await this.kubectl(`${a.type} -f ${a.file}`, files);
        return;
      case 'kubectl':
        await this.kubectl(a.args, files);
        return;
      case 'node':
        runFault(this.cluster, { op: `${a.op}-node`, node: a.node });
        return;
      case 'add-node':
        runFault(this.cluster, { op: 'add-node' });
        return;
      case 'component':
        runFault(this.cluster, { op: `${a.op}-component`, component: a.component });
        return;
      case 'kill-pod': {
        const [namespace, pod] = a.pod.includes('/') ? a.pod.split('/', 2) : ['default', a.pod];
        runFault(this.cluster, { op: 'kill-container', namespace, pod });
        return;
      }
      case 'traffic': {
        const [kind, ...rest] = a.target.split('/');
        const to =
          (kind === 'service' || kind === 'ingress') && rest.length === 1
            ? `${kind}/default/${rest[0]}`
            : a.target;
        runTraffic(this.cluster, { op: 'traffic', to, count: a.count });
        return;
      }
    }
  }

  private changesSince(fromRevision: number, limit: number): ChangeSummary[] {
    const out: ChangeSummary[] = [];
    for (const change of this.recentChanges) {
      if (change.revision <= fromRevision) continue;
      out.push(change);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Replaces the cluster: fresh setup, replayed journal, then the clock moved to `atMs`. */
  private async reset(op: Extract<SimOp, { op: 'reset' }>): Promise<void> {
    const setup = { ...DEFAULT_SETUP, ...(op.setup ?? {}) };
    this.create(setup);
    this.hooks.onReset();
    for (const entry of op.journal ?? []) {
      await this.advanceTo(entry.atMs);
      if (entry.type === 'request') this.handleRequest(entry.request);
      else await this.simOp(entry.op).catch(() => undefined);
    }
    if (op.timeline) {
      await this.simOp({ op: 'run-timeline', timeline: op.timeline, files: op.files ?? [] });
    }
    if (op.atMs !== undefined) await this.advanceTo(op.atMs);
  }

  private create(setup: ClusterSetup): void {
    for (const off of this.unsubscribe) off();
    this.setup = setup;
    this.journal = [];
    this.steps = [];
    this.recentChanges = [];
    this.timelineMarks = [];
    this.epoch++;
    const cluster = createCluster(setup);
    this.cluster = cluster;
    this.unsubscribe = [
      cluster.apiserver.onChange((change) => {
        const summary = summarizeChange(change, cluster.clock.now());
        this.recentChanges.push(summary);
        if (this.recentChanges.length > RECENT_CHANGES * 1.5) {
          this.recentChanges = this.recentChanges.slice(-RECENT_CHANGES);
        }
        this.hooks.onChanges([summary]);
      }),
      onTraffic(cluster.network, (result) => this.hooks.onTraffic([result])),
    ];
  }

  private record(entry: JournalEntry): void {
    if (this.journal.length >= MAX_JOURNAL)
      throw new Error(`the session journal is full (${MAX_JOURNAL} inputs); reset the cluster`);
    this.journal.push(entry);
  }
}

function unwrap<T>(value: T | string): T {
  if (typeof value === 'string') throw new Error(value);
  return value;
}

/** Whether a request changes the cluster (and so belongs in the journal). */
export { isMutating };
