import { idNumberCheckCharacter } from '@carebridge/identity';
import type { FixtureApi, FixtureCaller, RpcFixtures } from '@carebridge/grpc-kit/testing';

/**
 * A valid call for every RPC of carebridge.projections.v1.Projections. The read models are fed by the hotline and
 * relief services through the bus, so each read's builder writes through those services first and waits (bounded)
 * until what it wrote shows in the read it prepares.
 */
const SERVICE = 'carebridge.projections.v1.Projections';
const HOTLINE = 'carebridge.hotline.v1.HotlineService';
const RELIEF = 'carebridge.relief.v1.ReliefIntake';

/**
 * How long a builder waits for its writes to reach the read models: a bound, not a pause. Right after the suite
 * starts, the projections join their consumer groups one at a time, which on a loaded two-core machine has taken
 * more than a minute.
 */
const WAIT_MS = 180_000;

const xiningOperator: FixtureCaller = { sub: 'op-xining-pj-fixture', roles: ['hotline.operator'], division: '630100' };
const xuzhouCaseworker: FixtureCaller = { sub: 'cw-xz-pj-fixture', roles: ['relief.caseworker'], division: '320300' };
const admin: FixtureCaller = { sub: 'ops-pj-fixture', roles: ['projections.admin'], division: '630000' };

/** Polls `probe` until it answers something other than undefined; the last error or a timeout otherwise. */
const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
  const deadline = Date.now() + WAIT_MS;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} did not show within ${WAIT_MS / 1000} s${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

const call = <T>(api: FixtureApi, rpc: string, request: object, caller: FixtureCaller): Promise<T> =>
  api.call(rpc, request, caller) as Promise<T>;

const sum = (rows: readonly Record<string, unknown>[], field: string): number =>
  rows.reduce((total, row) => total + Number(row[field] ?? 0), 0);

/** A hotline case about a child in Datong county (630121), opened at the Xining prefecture. */
const openHotlineCase = async (api: FixtureApi): Promise<string> => {
  const n = Number(api.uniqueDigits(6));
  const rest = Math.floor(n / 1000);
  const birth = `2017${String((rest % 12) + 1).padStart(2, '0')}${String((Math.floor(rest / 12) % 28) + 1).padStart(2, '0')}`;
  const first17 = `630121${birth}${String(n % 1000).padStart(3, '0')}`;
  const contact = await call<{ contactId: string }>(
    api,
    `${HOTLINE}/RecordContact`,
    {
      channel: 'phone',
      caller: { name: api.unique('韩老师'), phone: `139${api.uniqueDigits(8)}`, relation: 'teacher' },
      child: {
        name: api.unique('马小燕'),
        age: 9,
        idNumber: first17 + idNumberCheckCharacter(first17),
        locationDivision: '630121',
        locationDetail: '桥头镇',
      },
      caseType: 'living_hardship',
      urgency: 'urgent',
      narrative: 'the family lost its house in a fire; the child sleeps at the school',
    },
    xiningOperator,
  );
  const opened = await call<{ caseId: string }>(
    api,
    `${HOTLINE}/OpenCase`,
    { contactIds: [contact.contactId] },
    xiningOperator,
  );
  return opened.caseId;
};

/** A relief application of a Feng county (320321) household, submitted by the Xuzhou caseworker. */
const submitReliefApplication = async (api: FixtureApi): Promise<string> => {
  const n = Number(api.uniqueDigits(7));
  const rest = Math.floor(n / 1000);
  const day = String((rest % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(rest / 28) % 12) + 1).padStart(2, '0');
  const first17 = `320321${1960 + (Math.floor(rest / 336) % 30)}${month}${day}${String(n % 1000).padStart(3, '0')}`;
  const submitted = await call<{ application: { applicationId: string } }>(
    api,
    `${RELIEF}/SubmitApplication`,
    {
      programmeId: 'jiangsu-2020',
      form: {
        applicant: { name: api.unique('张三'), idNumber: first17 + idNumberCheckCharacter(first17) },
        householdDivision: '320321',
        standard: 'property_loss',
        amounts: { propertyLossFen: '6000000' },
      },
    },
    xuzhouCaseworker,
  );
  return submitted.application.applicationId;
};

type Rows = { rows: Record<string, unknown>[] };

/** Calls a dashboard, writes, and waits until the dashboard's `field` summed over its rows has grown. */
const afterGrowth = async (
  api: FixtureApi,
  method: string,
  request: object,
  caller: FixtureCaller,
  field: string,
  write: () => Promise<unknown>,
): Promise<object> => {
  const read = async (): Promise<number> =>
    sum((await call<Rows>(api, `${SERVICE}/${method}`, request, caller)).rows, field);
  const before = await read();
  await write();
  await waitFor(`${method} growing past ${before} ${field}`, async () => ((await read()) > before ? true : undefined));
  return request;
};

export const rpcFixtures: RpcFixtures = {
  service: SERVICE,
  rpcs: {
    GetJourney: {
      caller: xiningOperator,
      request: async (api) => {
        const caseId = await openHotlineCase(api);
        const request = { caseId };
        await waitFor(`the journey of case ${caseId}`, async () => {
          const found = await call<{ journeys: unknown[] }>(api, `${SERVICE}/GetJourney`, request, xiningOperator);
          return found.journeys.length > 0 ? true : undefined;
        });
        return request;
      },
    },
    GetReliefFundUse: {
      caller: xuzhouCaseworker,
      request: (api) =>
        afterGrowth(api, 'GetReliefFundUse', { city: '320300' }, xuzhouCaseworker, 'applications', () =>
          submitReliefApplication(api),
        ),
    },
    GetHotlineCaseStats: {
      caller: xiningOperator,
      request: (api) =>
        afterGrowth(api, 'GetHotlineCaseStats', { prefecture: '630100' }, xiningOperator, 'cases', () =>
          openHotlineCase(api),
        ),
    },
    GetReferralConversion: {
      caller: xiningOperator,
      request: (api) =>
        afterGrowth(api, 'GetReferralConversion', { to: 'relief' }, xiningOperator, 'referred', async () => {
          const caseId = await openHotlineCase(api);
          await api.call(
            `${HOTLINE}/ReferCase`,
            {
              caseId,
              target: { programme: { programme: 'relief', request: 'property_loss' } },
              note: 'house burnt down',
            },
            xiningOperator,
          );
        }),
    },
    RebuildReadModel: { caller: admin, request: () => Promise.resolve({ model: 'referral-conversion' }) },
    GetLag: { caller: admin, request: () => Promise.resolve({ model: 'journeys' }) },
  },
};
