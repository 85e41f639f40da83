import type { FixtureApi, FixtureCaller, RpcFixture } from '@carebridge/grpc-kit/testing';
import type { HotlineRuntime } from '@carebridge/hotline';
import { eventually } from '@carebridge/test-engines';
import { suiteFixtures } from './suiteFixtures';
import type { RunningSuite } from './suiteOnEngines';

const HOTLINE = 'carebridge.hotline.v1.HotlineService';
const RELIEF = 'carebridge.relief.v1.ReliefIntake';
const DISPATCH = 'carebridge.dispatch.v1.DispatchService';

/**
 * The operator's overrides (docs: packages/deadlines/README.md) that make an emergency case breach its acceptance
 * deadline at once and climb every escalation level in the same pass. Set before the suite starts; the fixtures'
 * cases are `urgent`, so only the scenario's emergency case is touched.
 */
export const instantEmergencyDeadlines: Readonly<Record<string, string>> = {
  DEADLINE_HOTLINE_EMERGENCY_ACCEPTANCE_MINUTES: '0',
  DEADLINE_HOTLINE_EMERGENCY_ESCALATION_STEP_MINUTES: '0',
};

const fixture = (service: string, method: string): RpcFixture => {
  const found = suiteFixtures.find((f) => f.service === service)?.rpcs[method];
  if (!found) throw new Error(`no fixture for ${service}/${method}`);
  return found;
};

/** A fixture's request for `method`, built through the suite (with whatever it needs first), and its caller. */
const prepared = async <T>(api: FixtureApi, service: string, method: string) => {
  const { caller, request } = fixture(service, method);
  return { caller, request: (await request(api)) as T };
};

/** Waits until the service's store holds every one of `types` (read through its own global read). */
const untilStored = (suite: RunningSuite, serviceName: string, types: readonly string[]) =>
  eventually(
    async () => {
      const store = suite.services.find((s) => s.name === serviceName)!.infra.depsFor(serviceName).eventStore;
      const seen = new Set<string>();
      for (let after = 0; ;) {
        const page = await store.readAll({ after, limit: 500 });
        for (const commit of page.commits) for (const event of commit.events) seen.add(event.type);
        if (page.commits.length === 0 || page.checkpoint === after) break;
        after = page.checkpoint;
      }
      const missing = types.filter((t) => !seen.has(t));
      if (missing.length > 0) throw new Error(`not yet stored: ${missing.join(', ')}`);
      return true;
    },
    { what: `${types.join(', ')} in ${serviceName}'s store`, timeoutMs: 120_000, intervalMs: 1_000 },
  );

/** A referred draft completed, sent back for information, completed again (amended); an approval withdrawn. */
const reliefAmendedAndReleased = async (suite: RunningSuite, api: FixtureApi): Promise<void> => {
  const draft = await prepared<{ applicationId: string }>(api, RELIEF, 'CompleteDraft');
  await suite.call(`${RELIEF}/CompleteDraft`, draft.request, draft.caller);
  const { applicationId } = draft.request;
  await suite.call(`${RELIEF}/RequestInformation`, { applicationId, requested: '财产损失证明' }, draft.caller);
  await suite.call(`${RELIEF}/CompleteDraft`, draft.request, draft.caller);
  // The disbursement fixture's request names an approved application: withdrawn instead, its money goes back.
  const approved = await prepared<{ applicationId: string }>(api, RELIEF, 'RecordDisbursement');
  await suite.call(
    `${RELIEF}/Withdraw`,
    { applicationId: approved.request.applicationId, reason: 'the family found other help' },
    approved.caller,
  );
};

/** A team offered two orders by hand: its leader accepts and completes one, declines the other. */
const teamTasks = async (suite: RunningSuite, api: FixtureApi): Promise<void> => {
  const team = await prepared<{ teamId: string; leaderId: string }>(api, DISPATCH, 'FormTeam');
  const dispatcher = team.caller;
  await suite.call(`${DISPATCH}/FormTeam`, team.request, dispatcher);
  const leader: FixtureCaller = {
    sub: team.request.leaderId,
    roles: ['dispatch.volunteer'],
    division: dispatcher.division,
  };
  const offeredToTeam = async (): Promise<string> => {
    const order = await prepared<object>(api, DISPATCH, 'PlaceOrder');
    const placed = (await suite.call(`${DISPATCH}/PlaceOrder`, order.request, dispatcher)) as {
      order: { orderId: string };
    };
    const { orderId } = placed.order;
    await suite.call(
      `${DISPATCH}/DispatchOrder`,
      { orderId, assignee: { kind: 'team', id: team.request.teamId } },
      dispatcher,
    );
    return orderId;
  };
  const done = await offeredToTeam();
  await suite.call(`${DISPATCH}/AcceptOffer`, { orderId: done }, leader);
  await suite.call(`${DISPATCH}/CompleteTask`, { orderId: done, actualHours: 1 }, dispatcher);
  const declined = await offeredToTeam();
  await suite.call(`${DISPATCH}/DeclineOffer`, { orderId: declined, reason: '当天有事，无法前往' }, leader);
};

/** An emergency case nobody accepts: with instantEmergencyDeadlines the watcher breaches and escalates it. */
const hotlineDeadlines = async (suite: RunningSuite, api: FixtureApi): Promise<void> => {
  const contact = await prepared<Record<string, unknown>>(api, HOTLINE, 'RecordContact');
  const recorded = (await suite.call(
    `${HOTLINE}/RecordContact`,
    { ...contact.request, urgency: 'emergency' },
    contact.caller,
  )) as { contactId: string };
  await suite.call(`${HOTLINE}/OpenCase`, { contactIds: [recorded.contactId] }, contact.caller);
  await untilStored(suite, 'hotline', ['hotline.DeadlineBreached', 'hotline.CaseEscalated']);
};

/**
 * A closed case purged by the hotline's retention job once the clock is moved past its retention period
 * (hotline.CasePurged). Last: the clock stays moved, and every closed case of the run is purged with it.
 */
const hotlineRetention = async (suite: RunningSuite, api: FixtureApi): Promise<void> => {
  const close = await prepared<object>(api, HOTLINE, 'CloseCase');
  await suite.call(`${HOTLINE}/CloseCase`, close.request, close.caller);
  const { app } = suite.services.find((s) => s.name === 'hotline')!.runtime as HotlineRuntime;
  suite.advanceClock(app.deps.retention.closedCaseMinutes + 60);
  await app.jobs.retentionPurge.tick();
  await untilStored(suite, 'hotline', ['hotline.CasePurged']);
};

/** Scenarios that bring the event types no single fixture call makes (after every fixture has been called). */
export const driveEveryEventType = async (suite: RunningSuite, api: FixtureApi): Promise<void> => {
  await reliefAmendedAndReleased(suite, api);
  await teamTasks(suite, api);
  await hotlineDeadlines(suite, api);
  await hotlineRetention(suite, api);
};
