import { DomainRuleError } from '@carebridge/decider';
import type { EventStore } from '@carebridge/event-store';
import { ConcurrencyConflictError } from '@carebridge/event-store';
import type { ApplicationState, Staff } from '../domain/application/application';
import { grantDecider, grantStreamId, type GrantCommand } from '../domain/grant/grant';
import type { ApplicationRepository, LoadedApplication } from './applicationRepository';
import type { FundLedger } from './fundLedger';
import { actorOf } from './principal';

type Step = { readonly commandId: string; readonly at: string; readonly by: Staff };

/**
 * The money moves of an application as a saga of single-stream writes (no multi-document transaction):
 * approve = claim the person's grant → reserve in the fund → record the approval; reject/withdraw/disburse =
 * record on the application → release or consume in the fund. Every step is idempotent by state and keyed by
 * the caller's idempotency key, so retrying the same command finishes whatever a crash left half done; a step
 * that cannot complete undoes the ones before it.
 */
export const createMoneyMoves = (deps: {
  store: EventStore;
  applications: ApplicationRepository;
  fund: FundLedger;
}) => {
  const { store, applications, fund } = deps;

  const grant = async (command: GrantCommand, commandId: string, by: Staff): Promise<void> => {
    const streamId = grantStreamId(command.programmeId, command.standard, command.personRef);
    const history = await store.readStream(streamId);
    const state = (history as unknown as Parameters<typeof grantDecider.evolve>[1][]).reduce(
      grantDecider.evolve,
      grantDecider.initialState(),
    );
    const events = grantDecider.decide(command, state);
    if (events.length === 0) return;
    // The expected version is what makes "once per person" hold: of two racing claims, one append loses.
    await store.append(streamId, events, {
      expectedVersion: history.at(-1)?.version ?? 'no_stream',
      commandId,
      actor: actorOf(by),
    });
  };

  const grantKey = (state: ApplicationState, at: string) => ({
    programmeId: state.programmeId!,
    standard: state.form!.standard,
    personRef: state.form!.personRef,
    applicationId: state.applicationId!,
    at,
  });

  const release = async (state: ApplicationState, reason: 'rejected' | 'withdrawn', step: Step): Promise<void> => {
    await fund.execute(
      { type: 'Release', programmeId: state.programmeId!, applicationId: state.applicationId!, reason, at: step.at },
      `release:${step.commandId}`,
      actorOf(step.by),
    );
    await grant({ type: 'Release', ...grantKey(state, step.at), reason }, `grant-release:${step.commandId}`, step.by);
  };

  const approve = async (applicationId: string, loaded: LoadedApplication, step: Step) => {
    if (loaded.commandIds.has(step.commandId))
      return { state: loaded.state, version: loaded.version, events: [], replayed: true };
    const { state } = loaded;
    // Refuse early (wrong status, stale or ineligible assessment) before touching any other stream.
    applications.dryRun({ type: 'Approve', at: step.at, by: step.by }, state);
    const amountFen = state.assessment!.amountFen;
    const key = grantKey(state, step.at);
    try {
      await grant({ type: 'Claim', ...key }, `grant-claim:${step.commandId}`, step.by);
    } catch (error) {
      if (error instanceof ConcurrencyConflictError) {
        throw new DomainRuleError(
          'this person already received this standard (a concurrent approval claimed it)',
          'already_granted',
          'standard',
        );
      }
      throw error;
    }
    try {
      await fund.execute(
        {
          type: 'Reserve',
          programmeId: state.programmeId!,
          applicationId,
          city: state.form!.city,
          amountFen,
          at: step.at,
        },
        `reserve:${step.commandId}`,
        actorOf(step.by),
      );
    } catch (error) {
      await grant({ type: 'Release', ...key, reason: 'fund_insufficient' }, `grant-release:${step.commandId}`, step.by);
      throw error;
    }
    try {
      return await applications.decideAndAppend(
        applicationId,
        loaded,
        { type: 'Approve', at: step.at, by: step.by },
        step.commandId,
        actorOf(step.by),
      );
    } catch (error) {
      // Another write reached the application first. If it was this same approval, the money is rightly held;
      // otherwise (rejected, withdrawn, amended meanwhile) give the reservation and the grant back.
      const now = await applications.load(applicationId);
      if (now.state.status !== 'approved') {
        await fund.execute(
          { type: 'Release', programmeId: state.programmeId!, applicationId, reason: 'rejected', at: step.at },
          `release:${step.commandId}`,
          actorOf(step.by),
        );
        await grant({ type: 'Release', ...key, reason: 'rejected' }, `grant-release:${step.commandId}`, step.by);
      }
      throw error;
    }
  };

  /** Reject or withdraw: recorded on the application first, then the money is released (retry completes it). */
  const close = async (
    applicationId: string,
    loaded: LoadedApplication,
    kind: 'rejected' | 'withdrawn',
    reason: string | undefined,
    step: Step,
  ) => {
    const command =
      kind === 'rejected'
        ? ({ type: 'Reject', reason: reason ?? '', at: step.at, by: step.by } as const)
        : ({ type: 'Withdraw', ...(reason ? { reason } : {}), at: step.at, by: step.by } as const);
    const done = await applications.decideAndAppend(applicationId, loaded, command, step.commandId, actorOf(step.by));
    // Releasing is idempotent by state: nothing happens when nothing was held.
    if (done.state.form) await release(done.state, kind, step);
    return done;
  };

  const disburse = async (
    applicationId: string,
    loaded: LoadedApplication,
    payment: { amountFen: number; paymentRef: string; paidOn: string },
    step: Step,
  ) => {
    const done = await applications.decideAndAppend(
      applicationId,
      loaded,
      { type: 'RecordDisbursement', ...payment, at: step.at, by: step.by },
      step.commandId,
      actorOf(step.by),
    );
    if (done.state.status === 'disbursed') {
      await fund.execute(
        {
          type: 'Disburse',
          programmeId: done.state.programmeId!,
          applicationId,
          amountFen: done.state.disbursement!.amountFen,
          at: step.at,
        },
        `disburse:${step.commandId}`,
        actorOf(step.by),
      );
    }
    return done;
  };

  return { approve, close, disburse };
};

export type MoneyMoves = ReturnType<typeof createMoneyMoves>;
