import type { ChecksConfig, CheckVerdict } from '@ao/shared/config-checks';
import type { Logger, Notification, Scm } from '@ao/shared/plugin';
import type { Check, PullRequest } from '@ao/shared/session';
import type { EventBus } from '../../events/event-bus';
import type { LoadedProject } from '../../projects/project-service';
import type { WebhookFact } from '../../webhooks';
import type { CheckStore, Decision } from './check-store';
import { type Classification, classify } from './classify';
import { isFailedCheck, outcomeOfFact, outcomesOfPr } from './outcomes-of';

/** Failures on other PRs count towards a broken base only within this long. */
const UNRELATED_WITHIN_MS = 24 * 3_600_000;

/** A re-run that has not replaced the failed run after this long is given up on: the agent is woken. */
const RERUN_WAIT_MS = 30 * 60_000;

export type PolicyTodo =
  | { kind: 'rerun'; name: string; sha: string; checkRunId: number }
  | { kind: 'notify'; notification: Notification };

export interface PolicyTarget {
  project: LoadedProject;
  repo: string;
  sessionId: string;
  branch: string;
}

export interface CheckPolicyDeps {
  store: CheckStore;
  bus: EventBus;
  logger: Logger;
  /** Sends a notification through the project's notifier routing (each id once per channel, durably). */
  notify(project: LoadedProject, n: Notification): Promise<unknown>;
}

const short = (sha: string) => sha.slice(0, 7);

/**
 * The flaky / broken-base policy: keeps check outcomes, classifies a PR's failing checks once all its checks finished,
 * and decides before the ci_failed reaction may wake the agent: a likely-flaky failure is re-run once (held until it
 * finishes; failing again makes it real), a broken base is held and told to a human once. Decisions are durable rows;
 * the verdicts are carried on the PR's checks, which is what the ci_failed reaction reads.
 */
export class CheckPolicy {
  private prunedAt = 0;

  constructor(private readonly deps: CheckPolicyDeps) {}

  /** Forgets outcomes older than `retentionDays` (at most hourly; the per-repository cap is kept on insert). */
  prune(retentionDays: number, now = Date.now()): number {
    if (now - this.prunedAt < 3_600_000) return 0;
    this.prunedAt = now;
    return this.deps.store.prune(new Date(now - retentionDays * 86_400_000).toISOString());
  }

  /** Keeps the outcome a check_run / status delivery tells. True when it was new and on the default branch. */
  recordFact(fact: WebhookFact, defaultBranch: string): boolean {
    const outcome = outcomeOfFact(fact, defaultBranch, new Date().toISOString());
    return outcome ? this.deps.store.record(outcome) && outcome.onDefault : false;
  }

  /**
   * Records the PR's finished checks, classifies its failing ones (once per commit and check) and returns the PR with
   * each failing check's verdict, plus the re-runs and notifications to carry out. Synchronous (SQLite only): call it
   * before the PR is stored, so no reaction sees a failure not yet classified.
   */
  annotate(
    t: PolicyTarget,
    pr: PullRequest,
    opts: { record?: boolean } = {},
  ): { pr: PullRequest; todo: PolicyTodo[] } {
    const now = new Date().toISOString();
    // A PR read from GitHub is recorded; one made from a webhook is not (its delivery was, by run id).
    if (opts.record !== false)
      for (const o of outcomesOfPr(t.repo, t.branch, pr, now)) this.deps.store.record(o);
    const sha = pr.headSha;
    if (pr.state !== 'open' || !sha) return { pr, todo: [] };
    const todo: PolicyTodo[] = [];
    const checks = pr.checks.map((c): Check => {
      const { verdict: _old, ...plain } = c;
      if (!isFailedCheck(c)) {
        if (c.status === 'completed' && c.conclusion === 'success') this.passedRerun(t, sha, c.name, now);
        return plain;
      }
      const known = this.deps.store.decision(t.repo, sha, c.name);
      // Classify only once every check finished (as the reaction waits for): the picture is whole.
      if (pr.ci !== 'failing') return known ? { ...plain, verdict: verdictOf(known) } : plain;
      const decision = this.decide(t, pr, sha, c, known, todo, now);
      return { ...plain, verdict: verdictOf(decision) };
    });
    return { pr: { ...pr, checks }, todo };
  }

  private decide(
    t: PolicyTarget,
    pr: PullRequest,
    sha: string,
    c: Check,
    known: Decision | null,
    todo: PolicyTodo[],
    now: string,
  ): Decision {
    if (known?.action === 'rerun') {
      const waited = Date.parse(now) - Date.parse(known.at);
      const same = c.id === undefined || c.id === known.rerunOf;
      if (same && waited < RERUN_WAIT_MS) return known; // the re-run has not started yet
      if (same)
        return this.put(t, {
          ...known,
          class: 'real',
          reason: `the re-run on ${short(sha)} did not start within ${RERUN_WAIT_MS / 60_000} min (${known.reason})`,
          action: 'woke',
          at: now,
        });
      return this.put(t, {
        ...known,
        class: 'real',
        reason: `failed again after a re-run on ${short(sha)} (${known.reason})`,
        action: 'woke',
        at: now,
      });
    }
    if (known?.action === 'woke') return known;
    const cfg = t.project.config.checks;
    const found = this.classifyCheck(t, pr, sha, c.name, cfg);
    if (known && found.class === 'broken-base') return known; // still broken: told once already
    const base = { repo: t.repo, headSha: sha, name: c.name, rerunOf: null, at: now };
    // Held for a broken base that is no longer so (the default branch passed since): the failure may have been the
    // base's, so it is re-run once, not told to the agent; failing again wakes it (the `rerun` branch above).
    if (known && c.id !== undefined) {
      todo.push({ kind: 'rerun', name: c.name, sha, checkRunId: c.id });
      const reason = `held for a broken base (${known.reason}), which is no longer so: re-run once before the agent is woken`;
      // Still `broken-base` while the re-run runs: passing, it was the base's failure (not a flake).
      return this.put(t, { ...base, class: known.class, reason, action: 'rerun', rerunOf: c.id });
    }
    if (found.class === 'broken-base') {
      // Told once per broken period: not again (for another PR, or once main's own failure is seen) until the
      // check has passed on the default branch since.
      const told = cfg.brokenBase.notify && this.toldOfBrokenBase(t.repo, c.name);
      if (cfg.brokenBase.notify && !told)
        todo.push({ kind: 'notify', notification: this.notice(t, pr, c, found) });
      const action = cfg.brokenBase.notify && !told ? 'notified' : 'held';
      const reason = told ? `${found.reason}; the human was told already` : found.reason;
      return this.put(t, { ...base, ...found, reason, action });
    }
    if (found.class === 'flaky' && cfg.flaky.rerun && c.id !== undefined) {
      todo.push({ kind: 'rerun', name: c.name, sha, checkRunId: c.id });
      return this.put(t, { ...base, ...found, action: 'rerun', rerunOf: c.id });
    }
    // No sign either way yet: the first failure of this check on the branch is re-run once (its budget: later
    // failures on the branch have this one before them), so a flaky first run wakes no agent.
    if (cfg.flaky.rerunFirstFailure && c.id !== undefined && !this.failedBefore(t, sha, c.name)) {
      todo.push({ kind: 'rerun', name: c.name, sha, checkRunId: c.id });
      const reason = `${found.reason}; first failure on ${t.branch}: re-run once before the agent is woken`;
      return this.put(t, { ...base, class: found.class, reason, action: 'rerun', rerunOf: c.id });
    }
    return this.put(t, { ...base, class: found.class, reason: found.reason, action: 'woke' });
  }

  /** A first failure re-run with no sign of flakiness passed: it was flaky after all (said once). */
  private passedRerun(t: PolicyTarget, sha: string, name: string, now: string): void {
    const known = this.deps.store.decision(t.repo, sha, name);
    if (known?.action !== 'rerun' || known.class !== 'real') return;
    this.put(t, { ...known, class: 'flaky', reason: `passed on its re-run (${known.reason})`, at: now });
  }

  /** Whether the check failed on the branch before, on another commit (within the outcomes the classify query reads). */
  private failedBefore(t: PolicyTarget, sha: string, name: string): boolean {
    const { recent } = this.deps.store.historyOf(t.repo, name);
    return recent.some((r) => r.failed && r.branch === t.branch && r.headSha !== sha);
  }

  /** The classify query for one check, then the pure rules. */
  classifyCheck(
    t: PolicyTarget,
    pr: PullRequest,
    sha: string,
    name: string,
    cfg: ChecksConfig,
  ): Classification {
    const { recent, onDefault } = this.deps.store.historyOf(t.repo, name);
    return classify({ sha, branch: t.branch, prNumber: pr.number }, recent, onDefault, {
      flipRate: cfg.flaky.flipRate,
      window: cfg.flaky.window,
      unrelatedPrs: cfg.brokenBase.unrelatedPrs,
      unrelatedWithinMs: UNRELATED_WITHIN_MS,
      defaultBranch: t.project.config.project.defaultBranch,
    });
  }

  /** Re-runs and notifications after the PR was stored. True when a decision changed (a re-run was refused). */
  async carryOut(t: PolicyTarget, scm: Scm, todo: PolicyTodo[]): Promise<boolean> {
    let changed = false;
    for (const item of todo) {
      if (item.kind === 'notify') {
        await this.deps
          .notify(t.project, item.notification)
          .catch((err: Error) =>
            this.deps.logger.warn(
              { sessionId: t.sessionId, err: err.message },
              'broken-base notification failed',
            ),
          );
        continue;
      }
      try {
        if (!scm.rerunFailedChecks) throw new Error('this scm cannot re-run checks');
        await scm.rerunFailedChecks(t.repo, { checkRunId: item.checkRunId });
      } catch (err) {
        const why = (err as Error).message.slice(0, 200);
        this.deps.logger.warn(
          { sessionId: t.sessionId, check: item.name, err: why },
          'cannot re-run a check',
        );
        const known = this.deps.store.decision(t.repo, item.sha, item.name);
        if (known)
          this.put(t, { ...known, reason: `${known.reason}; re-run refused: ${why}`, action: 'woke' });
        changed = true;
      }
    }
    return changed;
  }

  /** The human was told this check is broken on the base, and it has not passed on the default branch since. */
  private toldOfBrokenBase(repo: string, name: string): boolean {
    const at = this.deps.store.lastBrokenNotice(repo, name);
    if (at === null) return false;
    return !this.deps.store.historyOf(repo, name).onDefault.some((r) => !r.failed && r.at > at);
  }

  private put(t: PolicyTarget, d: Decision): Decision {
    this.deps.store.decide(d);
    this.deps.bus.emit('checks.classified', {
      sessionId: t.sessionId,
      check: d.name,
      sha: d.headSha,
      class: d.class,
      reason: d.reason,
      action: d.action,
    });
    return d;
  }

  private notice(t: PolicyTarget, pr: PullRequest, c: Check, found: Classification): Notification {
    const cfg = t.project.config.checks;
    return {
      id: `checks:broken-base:${t.repo.toLowerCase()}:${c.name}:${found.baseKey ?? ''}`,
      priority: cfg.brokenBase.priority,
      title: `Check "${c.name}" is broken on the base of ${t.repo}: no agent woken`,
      body: `${found.reason}. Seen on PR #${pr.number} (${t.sessionId}); agents are not woken for it until it passes.`,
      url: c.url ?? pr.url,
      sessionId: t.sessionId,
    };
  }
}

const verdictOf = (d: Decision): CheckVerdict => ({ class: d.class, reason: d.reason, action: d.action });
