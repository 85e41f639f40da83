import { idNumberCheckCharacter } from '@carebridge/identity';
import type { FixtureApi, FixtureCaller, RpcFixtures } from '@carebridge/grpc-kit/testing';

/**
 * A valid call for every RPC of carebridge.hotline.v1.HotlineService, in Qinghai (630000): the Xining prefecture
 * (630100) takes the call and opens the case, Datong county (630121) handles it, the province oversees.
 */
const SERVICE = 'carebridge.hotline.v1.HotlineService';

const operator: FixtureCaller = { sub: 'op-xining-fixture', roles: ['hotline.operator'], division: '630100' };
const handler: FixtureCaller = { sub: 'h-datong-fixture', roles: ['hotline.handler'], division: '630121' };
const supervisor: FixtureCaller = { sub: 'sup-qh-fixture', roles: ['hotline.supervisor'], division: '630000' };
/** The deployment's data-protection officer (not bounded by division). */
const privacyOfficer: FixtureCaller = { sub: 'dpo-fixture', roles: ['privacy.officer'], division: '110000' };

const call = <T>(api: FixtureApi, method: string, request: object, caller: FixtureCaller): Promise<T> =>
  api.call(`${SERVICE}/${method}`, request, caller) as Promise<T>;

/** A child of Datong county born in 2017 (nine years old), with a GB 11643 number no other fixture used. */
const childIdNumber = (api: FixtureApi): string => {
  const n = Number(api.uniqueDigits(6));
  const rest = Math.floor(n / 1000);
  const month = String((rest % 12) + 1).padStart(2, '0');
  const day = String((Math.floor(rest / 12) % 28) + 1).padStart(2, '0');
  const first17 = `6301212017${month}${day}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};

/** A contact about a child in Datong county, recorded by the Xining operator. */
const recordContact = (api: FixtureApi): Promise<{ contactId: string; childRef: string }> =>
  call(api, 'RecordContact', contactRequest(api), operator);

const contactRequest = (api: FixtureApi) => ({
  channel: 'phone',
  caller: { name: api.unique('韩老师'), phone: `139${api.uniqueDigits(8)}`, relation: 'teacher' },
  child: {
    name: api.unique('马小花'),
    age: 9,
    idNumber: childIdNumber(api),
    locationDivision: '630121',
    locationDetail: '桥头镇',
  },
  caseType: 'living_hardship',
  urgency: 'urgent',
  narrative: 'the family lost its house in a fire; the child sleeps at the school',
});

/** A case opened from a fresh contact (status open, at the Xining prefecture). */
const openCase = async (api: FixtureApi): Promise<string> => {
  const { contactId } = await recordContact(api);
  const opened = await call<{ caseId: string }>(api, 'OpenCase', { contactIds: [contactId] }, operator);
  return opened.caseId;
};

/** A case assigned to the county of the child's location (Datong). */
const assignedCase = async (api: FixtureApi): Promise<string> => {
  const caseId = await openCase(api);
  await call(api, 'AssignCase', { caseId, county: '' }, operator);
  return caseId;
};

/** A case Datong county has accepted. */
const acceptedCase = async (api: FixtureApi): Promise<string> => {
  const caseId = await assignedCase(api);
  await call(api, 'AcceptCase', { caseId }, handler);
  return caseId;
};

/** An accepted case whose caller has had the unified reply (统一回复), so it may close. */
const repliedCase = async (api: FixtureApi): Promise<string> => {
  const caseId = await acceptedCase(api);
  await call(
    api,
    'RecordReply',
    { caseId, channel: 'phone', summary: 'told the teacher a visit is arranged' },
    operator,
  );
  return caseId;
};

export const rpcFixtures: RpcFixtures = {
  service: SERVICE,
  rpcs: {
    RecordContact: { caller: operator, request: (api) => Promise.resolve(contactRequest(api)) },
    OpenCase: {
      caller: operator,
      request: async (api) => ({ contactIds: [(await recordContact(api)).contactId] }),
    },
    AssignCase: { caller: operator, request: async (api) => ({ caseId: await openCase(api), county: '630121' }) },
    AcceptCase: { caller: handler, request: async (api) => ({ caseId: await assignedCase(api) }) },
    RecordAction: {
      caller: handler,
      request: async (api) => ({
        caseId: await acceptedCase(api),
        kind: 'visit',
        note: 'home visit with the village committee',
      }),
    },
    ReferCase: {
      caller: handler,
      request: async (api) => ({
        caseId: await acceptedCase(api),
        target: { programme: { programme: 'relief', request: 'property_loss' } },
        note: 'house burnt down',
      }),
    },
    RecordReply: {
      caller: operator,
      request: async (api) => ({
        caseId: await acceptedCase(api),
        channel: 'phone',
        summary: 'told the teacher relief is being arranged',
      }),
    },
    CloseCase: {
      caller: operator,
      request: async (api) => ({
        caseId: await repliedCase(api),
        outcome: 'resolved',
        summary: 'the family is housed again; the child is back home',
      }),
    },
    ReopenCase: {
      caller: operator,
      request: async (api) => {
        const caseId = await repliedCase(api);
        await call(
          api,
          'CloseCase',
          { caseId, outcome: 'resolved', summary: 'the family is housed again; the child is back home' },
          operator,
        );
        return { caseId, reason: 'the teacher called again: the child sleeps at the school once more' };
      },
    },
    GetCase: { caller: operator, request: async (api) => ({ caseId: await openCase(api) }) },
    ListCases: {
      caller: operator,
      request: async (api) => {
        await openCase(api);
        return { division: '630100', status: 'open', pageSize: 50 };
      },
    },
    EraseChild: {
      caller: supervisor,
      request: async (api) => ({ childRef: (await recordContact(api)).childRef }),
    },
    ExportPersonRecords: {
      caller: privacyOfficer,
      request: async (api) => {
        const { contactId, childRef } = await recordContact(api);
        await call(api, 'OpenCase', { contactIds: [contactId] }, operator);
        return { personRef: childRef };
      },
    },
  },
};
