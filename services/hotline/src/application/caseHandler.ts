import { NotFoundError, PermissionDeniedError, retryOnConflict } from '@carebridge/decider';
import type { RecordedEvent } from '@carebridge/event-store';
import { authorise, type Operation, type Principal } from '../domain/access';
import type { CaseCommand } from '../domain/caseCommands';
import { createCaseDecider } from '../domain/caseDecider';
import type { CaseEvent, CaseState, OpenCaseState } from '../domain/caseState';
import type { Scope } from '../domain/jurisdictions';
import type { Audit } from './audit';
import { caseSummary, type CaseSummary } from './caseSummary';
import { caseKey } from './personalDataAdapter';
import { streams, type HotlineDeps } from './ports';

export type Caller = { readonly principal: Principal; readonly rpc: string; readonly operation: Operation };
export type Loaded = { readonly events: readonly RecordedEvent[]; readonly state: CaseState; readonly version: number };
export type ReferralIndex = { readonly id: string; readonly caseId: string };

/** Load → authorise → decide → seal → append → project, for every command on a case. */
export const createCaseHandler = (deps: HotlineDeps, audit: Audit) => {
  const { eventStore, documents, personalData, jurisdictions, deadlines, clock } = deps;
  const decider = createCaseDecider({ jurisdictions, deadlines });
  const summaries = documents.collection<CaseSummary>('hotlineCases', {
    indexes: [
      'province',
      'prefecture',
      'county',
      'status',
      'caseType',
      'overdue',
      'nextCheckAt',
      'openedAt',
      'personRef',
      'closedAt',
    ],
  });
  const referrals = documents.collection<ReferralIndex>('hotlineReferrals');

  const fold = (events: readonly RecordedEvent[]): CaseState =>
    events.reduce((s, e) => decider.evolve(s, e as unknown as CaseEvent), decider.initialState());

  /** Events with their personal fields opened (absent once the child's key is destroyed). */
  const load = async (caseId: string, open = true): Promise<Loaded> => {
    const stored = await eventStore.readStream(streams.case(caseId));
    const events = open ? await personalData.openEvents(stored) : stored;
    return { events, state: fold(events), version: stored.at(-1)?.version ?? 0 };
  };

  /** Refusals look the same on every RPC (PERMISSION_DENIED) and are always audited. */
  const check = async (caller: Caller, target: string, scope: Scope | undefined): Promise<void> => {
    if (scope && authorise(caller.principal, jurisdictions, caller.operation, scope)) return;
    await audit({
      target,
      rpc: caller.rpc,
      principal: caller.principal,
      decision: 'refused',
      reason: `not allowed to ${caller.operation} here`,
    });
    throw new PermissionDeniedError(`${caller.rpc} is not allowed for this caller on ${target}`);
  };

  const project = async (state: OpenCaseState, version: number, openedAt: string): Promise<void> => {
    await summaries.applyOnce(state.caseId, { stream: streams.case(state.caseId), version }, () =>
      caseSummary(state, version, openedAt, deadlines, clock().toISOString()),
    );
    for (const referralId of Object.keys(state.referrals))
      await referrals.put({ id: referralId, caseId: state.caseId });
  };

  const openedAtOf = (events: readonly RecordedEvent[]): string => {
    const openedAt = events.find((e) => e.type === 'hotline.CaseOpened')?.data.openedAt;
    return typeof openedAt === 'string' ? openedAt : '';
  };

  /** Appends decided events sealed with the case's record key (under the child's), then updates the listing. */
  const commit = async (
    caseId: string,
    loaded: Loaded,
    decided: readonly CaseEvent[],
    commandId: string,
    actor?: Principal,
  ) => {
    if (decided.length === 0) return loaded.state;
    const next = decided.reduce(decider.evolve, loaded.state);
    if (next.status === 'none') return next;
    const childRef = next.child.childRef;
    const result = await personalData.sealedFor(caseKey(caseId, childRef)).append(streams.case(caseId), decided, {
      expectedVersion: loaded.version,
      commandId,
      ...(actor ? { actor: { subject: actor.subject, role: actor.roles.join(','), division: actor.division } } : {}),
    });
    const openedAt = openedAtOf(loaded.events) || String((decided[0]?.data as { openedAt?: string }).openedAt ?? '');
    await project(next, result.toVersion, openedAt);
    return next;
  };

  return {
    load,
    check,
    commit,
    summaries,
    referrals,
    decider,
    /**
     * A command on an existing case by an authenticated caller. A write that lands in between (a referral
     * outcome, a deadline escalation) makes it read the case again and decide again, not fail.
     */
    run(caseId: string, command: CaseCommand, commandId: string, caller: Caller): Promise<OpenCaseState> {
      return retryOnConflict(async () => {
        const loaded = await load(caseId);
        if (loaded.state.status === 'none') throw new NotFoundError(`case ${caseId} not found`);
        await check(caller, caseId, loaded.state.scope);
        // A retried command (same idempotency key) returns the state it produced and writes nothing.
        if (loaded.events.some((e) => e.commandId === commandId)) return loaded.state;
        const decided = decider.decide(command, loaded.state);
        return (await commit(caseId, loaded, decided, commandId, caller.principal)) as OpenCaseState;
      });
    },
    /** A command the system itself issues (deadline watcher, referral outcomes): no caller to authorise. */
    runAsSystem(caseId: string, command: CaseCommand, commandId: string): Promise<CaseState> {
      return retryOnConflict(async () => {
        const loaded = await load(caseId);
        if (loaded.state.status === 'none') return loaded.state;
        if (loaded.events.some((e) => e.commandId === commandId)) return loaded.state;
        return commit(caseId, loaded, decider.decide(command, loaded.state), commandId);
      });
    },
    /** Rebuilds one case's listing entry from its stream (the projection runner calls this per event). */
    async reproject(caseId: string): Promise<void> {
      const loaded = await load(caseId, false);
      if (loaded.state.status === 'exists') await project(loaded.state, loaded.version, openedAtOf(loaded.events));
    },
  };
};
export type CaseHandler = ReturnType<typeof createCaseHandler>;
