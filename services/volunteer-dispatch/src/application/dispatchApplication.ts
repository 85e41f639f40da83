import { createDeadlineWatcher } from '@carebridge/deadlines';
import type { DocumentStore } from '@carebridge/document-store';
import type { EventStore, RecordedEvent } from '@carebridge/event-store';
import type { JobContext } from '@carebridge/service-host';
import type { CommunityDirectory } from '../domain/communities';
import { createCandidateIndex } from '../domain/dispatch/candidateIndex';
import type { OfferTimeouts } from '../domain/offerDeadlines';
import type { Ctx } from './context';
import { createDispatchEngine } from './dispatchEngine';
import { createLogTail } from './logTail';
import { offerDeadlineJob } from './offerDeadlineJob';
import { createOrderBoard } from './orderBoard';
import { createOrderCommands } from './orderCommands';
import { createOrderSteps } from './orderSteps';
import { createReferralIntake } from './referralIntake';
import { createTaskCommands } from './taskCommands';
import { createTeamCommands } from './teamCommands';
import { createVolunteerCommands } from './volunteerCommands';

export type DispatchApplicationDeps = {
  /** Already sealing personal fields (sealingEventStore with dispatchKeySubjectOf). */
  readonly store: EventStore;
  readonly documents: DocumentStore;
  readonly directory: CommunityDirectory;
  readonly clock: () => Date;
  /** Key of the pseudonymous volunteer ids (keyed hash of the ID number). */
  readonly pseudonymKey: Buffer;
  readonly tailIntervalMs?: number;
  /** How often the timeout job looks for lapsed offers. */
  readonly tickMs?: number;
  /** Minutes to confirm an offer per urgency (offerDeadlines.ts; the published defaults when absent). */
  readonly offerTimeouts?: OfferTimeouts;
};

/**
 * Everything dispatch does, composed once for main.ts, the embedded suite and the tests: commands, the
 * dispatch engine, the board and the candidate index (both fed from the log), and the timeout job.
 */
const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

export const createDispatchApplication = (deps: DispatchApplicationDeps) => {
  const index = createCandidateIndex();
  const engineDeps = {
    store: deps.store,
    index,
    directory: deps.directory,
    clock: deps.clock,
    ...(deps.offerTimeouts ? { offerTimeouts: deps.offerTimeouts } : {}),
  };
  const steps = createOrderSteps(engineDeps);
  const engine = createDispatchEngine(engineDeps, steps);
  const volunteers = createVolunteerCommands({ ...engineDeps, pseudonymKey: deps.pseudonymKey });
  const orders = createOrderCommands(engineDeps);
  const tasks = createTaskCommands(steps, engine);
  const teams = createTeamCommands(engineDeps);
  const referrals = createReferralIntake(engineDeps, orders);
  const board = createOrderBoard(deps.documents);

  // The candidate index and the board follow the log; referrals arrive from the bus (referralProjection.ts).
  const onEvent = async (event: RecordedEvent): Promise<void> => {
    if (event.streamId.startsWith('volunteer-')) index.apply(event.streamId, event, event.version);
    else if (event.streamId.startsWith('order-')) await board.apply(event.streamId, event.version, event);
  };
  const tail = createLogTail(deps.store, [onEvent], deps.tailIntervalMs);
  // Lapsed offers go through the suite's deadline watcher: one replica at a time, under its lease.
  const offerDeadlines = createDeadlineWatcher(offerDeadlineJob(board, tasks), {
    documents: deps.documents,
    clock: deps.clock,
  });

  /**
   * The timeout job: offers past their time go to the next candidate (where this replica holds the offer
   * deadlines' lease); unfilled orders whose window has not begun are tried again (volunteers free up). Driven by
   * the injected clock, so tests move time by hand.
   */
  const tick = async (): Promise<{ expired: number; retried: number }> => {
    await tail.catchUp();
    const pass = await offerDeadlines.tick();
    const now = deps.clock();
    const unfilled = await board.unfilled({ windowStart: { $gt: now.toISOString() } });
    for (const card of unfilled.items)
      await engine.dispatch(card.id, { commandId: `retry:${card.id}:${now.toISOString()}` });
    await tail.catchUp();
    return { expired: pass.ran ? pass.changed : 0, retried: unfilled.items.length };
  };

  let ticker: NodeJS.Timeout | undefined;
  const tickMs = deps.tickMs ?? 30_000;
  const jobs = [
    { name: 'dispatch-log-tail', start: () => tail.start(), stop: () => tail.stop() },
    {
      name: 'dispatch-offer-timeouts',
      start({ reportError }: JobContext) {
        ticker = setInterval(() => void tick().catch(reportError), tickMs);
      },
      async stop() {
        if (ticker) clearInterval(ticker);
        ticker = undefined;
        await offerDeadlines.stop();
      },
    },
  ] as const;
  return {
    clock: deps.clock,
    directory: deps.directory,
    index,
    engine,
    tasks,
    teams,
    referrals,
    volunteers,
    orders,
    board,
    tick,
    catchUp: () => tail.catchUp(),
    /** Places an order and dispatches it at once: the resident hears who is coming, or that nobody is free yet. */
    async placeAndDispatch(input: Parameters<typeof orders.place>[0], ctx: Ctx) {
      const orderId = await orders.place(input, ctx);
      return { orderId, outcome: await engine.dispatch(orderId, { ...ctx, commandId: `${ctx.commandId}:dispatch` }) };
    },
    jobs,
    /** Runs the jobs outside a host (tests, tools): a failed pass is a process warning naming the error. */
    async start(
      context: JobContext = { reportError: (error) => process.emitWarning(`dispatch job: ${errorName(error)}`) },
    ) {
      await tail.catchUp();
      for (const job of jobs) job.start(context);
    },
    async stop() {
      for (const job of jobs) await job.stop();
    },
  };
};

export type DispatchApplication = ReturnType<typeof createDispatchApplication>;
