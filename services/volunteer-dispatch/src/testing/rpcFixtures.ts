import type { FixtureApi, FixtureCaller, RpcFixtures } from '@carebridge/grpc-kit/testing';
import { idNumberCheckCharacter } from '@carebridge/identity';
import { wuhanCommunities } from '../demo/wuhanCommunities';
import { toTimestamp } from '../grpc/wire';

/**
 * A valid call for every RPC of carebridge.dispatch.v1.DispatchService, for the suite's generated matrices.
 *
 * Orders placed here require a set of skills no volunteer registered here holds, so the automatic dispatch (at
 * placement and in the timeout job's retries) leaves them unfilled; a dispatcher then offers each one by hand to
 * a volunteer registered for it. Nothing depends on which volunteer the engine would have chosen, or when.
 */

const SERVICE = 'carebridge.dispatch.v1.DispatchService';
const rpc = (method: string): string => `${SERVICE}/${method}`;

/** 江岸区 (Wuhan): the district the dispatch tests use. */
const DISTRICT = '420102';

/** One community of the district, away from the first ones the service's own tests use. */
let community: string | undefined;
const COMMUNITY = (): string => {
  community ??= wuhanCommunities()
    .filter((c) => c.code.startsWith(DISTRICT))
    .at(-1)!.code;
  return community;
};

const dispatcher: FixtureCaller = {
  sub: 'fixture-dispatcher-jiangan',
  roles: ['dispatch.dispatcher'],
  division: DISTRICT,
};

/**
 * A volunteer acts only as themselves (token subject = volunteer id), and a volunteer id is a keyed hash of the
 * ID number under the running suite's pseudonym key: it is known only once the volunteer is registered. So the
 * caller of an RPC on a volunteer's own offer is the volunteer its builder registered last; each builder call
 * registers a fresh one and the caller names it from then on.
 */
const ownVolunteer = (): { readonly caller: FixtureCaller; readonly become: (volunteerId: string) => void } => {
  let sub = 'fixture-volunteer-not-yet-registered';
  return {
    caller: {
      get sub() {
        return sub;
      },
      roles: ['dispatch.volunteer'],
      division: DISTRICT,
    },
    become: (volunteerId) => {
      sub = volunteerId;
    },
  };
};

const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

/** A GB 11643 number nobody else in this run has: a distinct birth date and sequence per call. */
const freshIdNumber = (api: FixtureApi): string => {
  const digits = api.uniqueDigits(7);
  const day = new Date(Date.UTC(1960, 0, 1) + Number(digits.slice(0, 4)) * 86_400_000);
  const first17 = `${DISTRICT}${day.toISOString().slice(0, 10).replace(/-/g, '')}${digits.slice(4)}`;
  return first17 + idNumberCheckCharacter(first17);
};

/** A RegisterVolunteerRequest for a new person (ID number, phone) living in the fixtures' community. */
const volunteerRequest = (api: FixtureApi) => ({
  name: '林志愿',
  idNumber: freshIdNumber(api),
  phone: `139${api.uniqueDigits(8)}`,
  skills: ['pharmacy'],
  homeCommunity: COMMUNITY(),
  servedCommunities: [],
  availability: allWeek,
  maxConcurrentTasks: 20,
  maxHoursPerDay: 24,
});

const registerVolunteer = async (api: FixtureApi): Promise<string> =>
  ((await api.call(rpc('RegisterVolunteer'), volunteerRequest(api), dispatcher)) as { volunteerId: string })
    .volunteerId;

/** Skills none of the volunteers above holds (they have pharmacy only): automatic dispatch finds nobody. */
const UNMATCHED_SKILLS = ['sign_language', 'tutoring', 'lecturing', 'publicity', 'order_keeping', 'medical'];

/** A PlaceOrderRequest for an hour two days ahead (the window has not begun, so every step is still open). */
const orderRequest = () => {
  const start = Math.ceil((Date.now() + 2 * 86_400_000) / 3_600_000) * 3_600_000;
  return {
    need: 'groceries',
    community: COMMUNITY(),
    window: {
      start: toTimestamp(new Date(start).toISOString()),
      end: toTimestamp(new Date(start + 3_600_000).toISOString()),
    },
    urgency: 'routine',
    requiredSkills: UNMATCHED_SKILLS,
    estimatedHours: 1,
    requester: { personRef: '', name: '王阿姨', phone: '13800000000', address: '吉林街 3 号' },
    note: '',
    menuItemId: '',
    source: 'community_worker',
  };
};

const placeOrder = async (api: FixtureApi): Promise<string> =>
  ((await api.call(rpc('PlaceOrder'), orderRequest(), dispatcher)) as { order: { orderId: string } }).order.orderId;

/** A fresh order, offered by a dispatcher to `volunteerId`. */
const offeredTo = async (api: FixtureApi, volunteerId: string): Promise<string> => {
  const orderId = await placeOrder(api);
  await api.call(rpc('DispatchOrder'), { orderId, assignee: { kind: 'volunteer', id: volunteerId } }, dispatcher);
  return orderId;
};

/** A fresh order offered to and accepted by a fresh volunteer; answers the order and the volunteer. */
const accepted = async (api: FixtureApi): Promise<{ orderId: string; volunteerId: string }> => {
  const volunteerId = await registerVolunteer(api);
  const orderId = await offeredTo(api, volunteerId);
  const asVolunteer: FixtureCaller = { sub: volunteerId, roles: ['dispatch.volunteer'], division: DISTRICT };
  await api.call(rpc('AcceptOffer'), { orderId }, asVolunteer);
  return { orderId, volunteerId };
};

/** Polls a read until it answers a non-empty list (the read models follow the log), for up to 30 s. */
const untilListed = async (read: () => Promise<unknown[]>): Promise<void> => {
  const deadline = Date.now() + 30_000;
  while ((await read()).length === 0) {
    if (Date.now() > deadline) throw new Error('the list stayed empty for 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** The deployment's data-protection officer (not bounded by division). */
const privacyOfficer: FixtureCaller = { sub: 'dpo-fixture', roles: ['privacy.officer'], division: '110000' };

const acceptor = ownVolunteer();
const decliner = ownVolunteer();
const starter = ownVolunteer();
const taskLister = ownVolunteer();

export const rpcFixtures: RpcFixtures = {
  service: SERVICE,
  rpcs: {
    RegisterVolunteer: {
      caller: dispatcher,
      request: (api) => Promise.resolve(volunteerRequest(api)),
    },
    UpdateVolunteer: {
      caller: dispatcher,
      // No caps: given max_concurrent_tasks or max_hours_per_day, the handler passes them raw into
      // dispatch.VolunteerProfileChanged besides `caps`, and the event's schema refuses them (INTERNAL).
      request: async (api) => ({
        volunteerId: await registerVolunteer(api),
        skills: ['pharmacy', 'driving'],
        replaceSkills: true,
        servedCommunities: [],
        replaceServedCommunities: false,
        availability: [],
        replaceAvailability: false,
      }),
    },
    SuspendVolunteer: {
      caller: dispatcher,
      request: async (api) => ({ volunteerId: await registerVolunteer(api), reason: '暂停服务：本人申请' }),
    },
    ReactivateVolunteer: {
      caller: dispatcher,
      request: async (api) => {
        const volunteerId = await registerVolunteer(api);
        await api.call(rpc('SuspendVolunteer'), { volunteerId, reason: '暂停服务：本人申请' }, dispatcher);
        return { volunteerId };
      },
    },
    GetVolunteer: {
      caller: dispatcher,
      request: async (api) => ({ volunteerId: await registerVolunteer(api) }),
    },
    GetVolunteerHours: {
      caller: dispatcher,
      request: async (api) => {
        // Hours credited once a task is completed: the answer carries them, not only the id.
        const { orderId, volunteerId } = await accepted(api);
        await api.call(rpc('CompleteTask'), { orderId, actualHours: 1.5 }, dispatcher);
        return { volunteerId };
      },
    },

    FormTeam: {
      caller: dispatcher,
      request: async (api) => ({
        teamId: api.unique('fixture-team'),
        name: '江岸区药品代购小队',
        leaderId: await registerVolunteer(api),
        memberIds: [await registerVolunteer(api)],
        homeCommunity: COMMUNITY(),
        servedCommunities: [],
        skills: ['pharmacy'],
        maxConcurrentTasks: 2,
        maxHoursPerDay: 8,
      }),
    },
    ChangeTeamMembers: {
      caller: dispatcher,
      request: async (api) => {
        const teamId = api.unique('fixture-team');
        const leaderId = await registerVolunteer(api);
        await api.call(
          rpc('FormTeam'),
          {
            teamId,
            name: '江岸区药品代购小队',
            leaderId,
            memberIds: [],
            homeCommunity: COMMUNITY(),
            servedCommunities: [],
            skills: ['pharmacy'],
            maxConcurrentTasks: 2,
            maxHoursPerDay: 8,
          },
          dispatcher,
        );
        return { teamId, leaderId, memberIds: [await registerVolunteer(api)] };
      },
    },

    // PublishMenuItem answers INTERNAL whatever the request: the handler passes the request's `status` (read as ''
    // when absent) into dispatch.MenuItemPublished, whose schema refuses it. These requests are valid as written.
    PublishMenuItem: {
      caller: dispatcher,
      request: (api) =>
        Promise.resolve({
          itemId: api.unique('fixture-menu'),
          kind: 'project',
          title: '独居老人粮油代购',
          need: 'groceries',
          requiredSkills: [],
          estimatedHours: 1.5,
          division: DISTRICT,
        }),
    },
    WithdrawMenuItem: {
      caller: dispatcher,
      request: async (api) => {
        const itemId = api.unique('fixture-menu');
        await api.call(
          rpc('PublishMenuItem'),
          {
            itemId,
            kind: 'project',
            title: '独居老人粮油代购',
            need: 'groceries',
            requiredSkills: [],
            estimatedHours: 1.5,
            division: DISTRICT,
          },
          dispatcher,
        );
        return { itemId };
      },
    },

    PlaceOrder: {
      caller: dispatcher,
      request: () => Promise.resolve(orderRequest()),
    },
    DispatchOrder: {
      caller: dispatcher,
      request: async (api) => {
        const orderId = await placeOrder(api);
        return { orderId, assignee: { kind: 'volunteer', id: await registerVolunteer(api) } };
      },
    },
    AcceptOffer: {
      caller: acceptor.caller,
      request: async (api) => {
        const volunteerId = await registerVolunteer(api);
        acceptor.become(volunteerId);
        return { orderId: await offeredTo(api, volunteerId) };
      },
    },
    DeclineOffer: {
      caller: decliner.caller,
      request: async (api) => {
        const volunteerId = await registerVolunteer(api);
        decliner.become(volunteerId);
        return { orderId: await offeredTo(api, volunteerId), reason: '当天有事，无法前往' };
      },
    },
    StartTask: {
      caller: starter.caller,
      request: async (api) => {
        const { orderId, volunteerId } = await accepted(api);
        starter.become(volunteerId);
        return { orderId };
      },
    },
    CompleteTask: {
      caller: dispatcher,
      request: async (api) => ({ orderId: (await accepted(api)).orderId, actualHours: 1.5 }),
    },
    CancelOrder: {
      caller: dispatcher,
      request: async (api) => ({ orderId: await placeOrder(api), reason: '居民已自行解决' }),
    },
    GiveFeedback: {
      caller: dispatcher,
      request: async (api) => {
        const { orderId } = await accepted(api);
        await api.call(rpc('CompleteTask'), { orderId, actualHours: 1 }, dispatcher);
        return { orderId, rating: 5, comment: '服务周到' };
      },
    },

    GetOrder: {
      caller: dispatcher,
      request: async (api) => ({ orderId: await placeOrder(api) }),
    },
    ListOrders: {
      caller: dispatcher,
      request: async (api) => {
        await placeOrder(api);
        const request = {
          community: COMMUNITY(),
          statuses: ['open'],
          unfilledOnly: false,
          overdueOnly: false,
          pageSize: 50,
        };
        await untilListed(async () => {
          const { orders } = (await api.call(rpc('ListOrders'), request, dispatcher)) as { orders: unknown[] };
          return orders;
        });
        return request;
      },
    },
    ListMyTasks: {
      caller: taskLister.caller,
      request: async (api) => {
        const volunteerId = await registerVolunteer(api);
        taskLister.become(volunteerId);
        await offeredTo(api, volunteerId);
        const request = { statuses: [], pageSize: 10 };
        await untilListed(async () => {
          const { orders } = (await api.call(rpc('ListMyTasks'), request, taskLister.caller)) as { orders: unknown[] };
          return orders;
        });
        return request;
      },
    },
    ExportPersonRecords: {
      caller: privacyOfficer,
      request: async (api) => {
        // An order for a person another programme referred (the reference it gave them), then on the board.
        const personRef = api.unique('person');
        const order = orderRequest();
        await api.call(rpc('PlaceOrder'), { ...order, requester: { ...order.requester, personRef } }, dispatcher);
        const request = { personRef };
        await untilListed(async () => {
          const { records } = (await api.call(rpc('ExportPersonRecords'), request, privacyOfficer)) as {
            records: unknown[];
          };
          return records;
        });
        return request;
      },
    },
  },
};
