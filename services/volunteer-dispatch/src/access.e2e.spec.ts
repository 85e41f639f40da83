import { randomUUID } from 'node:crypto';
import type { TestClient } from '@carebridge/grpc-kit/testing';
import { startDispatchServer, type DispatchServer, type HostMode } from './testing/dispatchServer';
import { toTimestamp } from './grpc/wire';
import {
  DISTRICT,
  failureOf,
  GrpcStatus,
  HOME,
  NEXT_DOOR,
  orderRequest,
  OTHER_DISTRICT,
  ROLE,
  START,
  OTHER_COMMUNITY,
  volunteerRequest,
  type DispatchReplyShape,
  type OrderReply,
} from './testing/e2eFixtures';

jest.setTimeout(300_000);

describe.each<HostMode>(['real', 'embedded'])(
  'bad input and authorisation through the gRPC server (%s infrastructure)',
  (mode) => {
    let server: DispatchServer;
    let dispatcher: TestClient;
    let foreignDispatcher: TestClient;
    const key = () => ({ idempotencyKey: randomUUID() });

    beforeAll(async () => {
      server = await startDispatchServer(mode, START);
      dispatcher = await server.clientFor('dispatcher-jiangan', [ROLE.dispatcher], DISTRICT);
      foreignDispatcher = await server.clientFor('dispatcher-jianghan', [ROLE.dispatcher], OTHER_DISTRICT);
    });
    afterAll(() => server?.close());

    it('refuses an order with an unknown skill, a backwards window, a community that does not exist and negative hours, naming each field, storing nothing', async () => {
      const before = await server.logPosition();
      const failure = await failureOf(
        dispatcher.call(
          'PlaceOrder',
          orderRequest(1, {
            requiredSkills: ['juggling'],
            window: { start: toTimestamp('2020-02-17T10:00:00+08:00'), end: toTimestamp('2020-02-17T09:00:00+08:00') },
            community: '420102002999',
            estimatedHours: -1,
          }),
          key(),
        ),
      );
      expect(failure.code).toBe(GrpcStatus.INVALID_ARGUMENT);
      expect(failure.fields).toEqual(['community', 'estimated_hours', 'required_skills[0]', 'window.end']);

      const registration = await failureOf(
        dispatcher.call(
          'RegisterVolunteer',
          volunteerRequest(7, { skills: ['driving', 'juggling'], homeCommunity: '420102002999', maxHoursPerDay: -2 }),
          key(),
        ),
      );
      expect(registration.code).toBe(GrpcStatus.INVALID_ARGUMENT);
      expect(registration.fields).toEqual(['home_community', 'max_hours_per_day', 'skills[1]']);
      expect(await server.logPosition()).toBe(before);
    });

    it('refuses negative actual hours on completion and stores nothing', async () => {
      const placed = await dispatcher.call<DispatchReplyShape>(
        'PlaceOrder',
        orderRequest(2, { requiredSkills: ['sign_language'] }),
        key(),
      );
      const before = await server.logPosition();
      const failure = await failureOf(
        dispatcher.call('CompleteTask', { orderId: placed.order.orderId, actualHours: -3 }, key()),
      );
      expect(failure.code).toBe(GrpcStatus.INVALID_ARGUMENT);
      expect(failure.fields).toEqual(['actual_hours']);
      expect(await server.logPosition()).toBe(before);
    });

    it('lets a dispatcher act only in their district', async () => {
      const before = await server.logPosition();
      const placing = await failureOf(foreignDispatcher.call('PlaceOrder', orderRequest(3), key()));
      expect(placing.code).toBe(GrpcStatus.PERMISSION_DENIED);
      const registering = await failureOf(foreignDispatcher.call('RegisterVolunteer', volunteerRequest(8), key()));
      expect(registering.code).toBe(GrpcStatus.PERMISSION_DENIED);
      expect(await server.logPosition()).toBe(before);

      const placed = await dispatcher.call<DispatchReplyShape>(
        'PlaceOrder',
        orderRequest(4, { community: NEXT_DOOR }),
        key(),
      );
      expect(
        (await failureOf(foreignDispatcher.call('DispatchOrder', { orderId: placed.order.orderId }, key()))).code,
      ).toBe(GrpcStatus.PERMISSION_DENIED);
      expect((await failureOf(foreignDispatcher.call('GetOrder', { orderId: placed.order.orderId }))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect((await failureOf(foreignDispatcher.call('ListOrders', { community: NEXT_DOOR }))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect((await foreignDispatcher.call<{ orders: OrderReply[] }>('ListOrders', {})).orders).toEqual([]);

      // The city's dispatcher covers the district: the same calls go through.
      const city = await server.clientFor('dispatcher-wuhan', [ROLE.dispatcher], '420100');
      await expect(city.call<OrderReply>('GetOrder', { orderId: placed.order.orderId })).resolves.toMatchObject({
        orderId: placed.order.orderId,
      });
      const listed = await city.call<{ orders: OrderReply[] }>('ListOrders', {});
      expect(listed.orders.map((o) => o.orderId)).toContain(placed.order.orderId);
    });

    it('shows a volunteer only their own offers and tasks', async () => {
      const skill = { skills: ['counselling'] };
      const a = await dispatcher.call<{ volunteerId: string }>('RegisterVolunteer', volunteerRequest(20, skill), key());
      const b = await dispatcher.call<{ volunteerId: string }>('RegisterVolunteer', volunteerRequest(21, skill), key());
      const asA = await server.clientFor(a.volunteerId, [ROLE.volunteer], DISTRICT);
      const asB = await server.clientFor(b.volunteerId, [ROLE.volunteer], DISTRICT);

      const placed = await dispatcher.call<DispatchReplyShape>(
        'PlaceOrder',
        orderRequest(30, { need: 'counselling', requiredSkills: [] }),
        key(),
      );
      expect(placed.outcome).toBe('offered');
      const holder = placed.order.assignee!.id;
      const [mine, other] = holder === a.volunteerId ? [asA, asB] : [asB, asA];
      const otherId = holder === a.volunteerId ? b.volunteerId : a.volunteerId;
      const orderId = placed.order.orderId;

      expect((await failureOf(other.call('GetOrder', { orderId }))).code).toBe(GrpcStatus.PERMISSION_DENIED);
      expect((await failureOf(other.call('AcceptOffer', { orderId }, key()))).code).toBe(GrpcStatus.PERMISSION_DENIED);
      expect((await failureOf(other.call('DeclineOffer', { orderId, reason: 'not mine' }, key()))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect((await failureOf(other.call('GetVolunteerHours', { volunteerId: holder }))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect(
        (await other.call<{ orders: OrderReply[] }>('ListMyTasks', {})).orders.map((o) => o.orderId),
      ).not.toContain(orderId);
      expect((await failureOf(other.call('ListOrders', { community: HOME }))).code).toBe(GrpcStatus.PERMISSION_DENIED);

      expect(await mine.call<OrderReply>('GetOrder', { orderId })).toMatchObject({ orderId, status: 'offered' });
      expect((await mine.call<{ orders: OrderReply[] }>('ListMyTasks', {})).orders.map((o) => o.orderId)).toEqual([
        orderId,
      ]);
      await expect(mine.call<OrderReply>('AcceptOffer', { orderId }, key())).resolves.toMatchObject({
        status: 'accepted',
        assignee: { kind: 'volunteer', id: holder },
      });
      await expect(
        other.call<{ volunteerId: string }>('GetVolunteerHours', { volunteerId: otherId }),
      ).resolves.toMatchObject({ volunteerId: otherId });
    });

    /** One caller of `role` in another province, another prefecture of Hubei and another county of Wuhan. */
    const outsiders = (role: string, sub = `outsider-${role}`) =>
      Promise.all(['110000', '420200', OTHER_DISTRICT].map((division) => server.clientFor(sub, [role], division)));

    it('bounds every role registering a volunteer by the caller’s division, before any state check, storing nothing', async () => {
      const strangers = [...(await outsiders(ROLE.volunteer)), ...(await outsiders(ROLE.communityWorker))];
      const before = await server.logPosition();
      for (const stranger of strangers)
        expect((await failureOf(stranger.call('RegisterVolunteer', volunteerRequest(40), key()))).code).toBe(
          GrpcStatus.PERMISSION_DENIED,
        );
      // Served communities are where the registration puts the volunteer too.
      const serving = volunteerRequest(41, { servedCommunities: [OTHER_COMMUNITY] });
      expect((await failureOf(dispatcher.call('RegisterVolunteer', serving, key()))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect(await server.logPosition()).toBe(before);

      // Once the person is registered, an outsider still learns nothing (no FAILED_PRECONDITION "already registered").
      await dispatcher.call('RegisterVolunteer', volunteerRequest(40), key());
      const after = await server.logPosition();
      for (const stranger of strangers)
        expect((await failureOf(stranger.call('RegisterVolunteer', volunteerRequest(40), key()))).code).toBe(
          GrpcStatus.PERMISSION_DENIED,
        );
      expect(await server.logPosition()).toBe(after);

      // A person registers themselves within their own division.
      const applicant = await server.clientFor('applicant-42', [ROLE.volunteer], DISTRICT);
      await expect(applicant.call('RegisterVolunteer', volunteerRequest(42), key())).resolves.toMatchObject({
        homeCommunity: HOME,
      });
    });

    it('bounds a resident placing an order, and the placer of an order, by their division', async () => {
      const before = await server.logPosition();
      for (const stranger of await outsiders(ROLE.resident))
        expect((await failureOf(stranger.call('PlaceOrder', orderRequest(50), key()))).code).toBe(
          GrpcStatus.PERMISSION_DENIED,
        );
      expect(await server.logPosition()).toBe(before);

      const resident = await server.clientFor('resident-51', [ROLE.resident], DISTRICT);
      const placed = await resident.call<DispatchReplyShape>(
        'PlaceOrder',
        orderRequest(51, { requiredSkills: ['sign_language'] }),
        key(),
      );
      const orderId = placed.order.orderId;
      await expect(resident.call<OrderReply>('GetOrder', { orderId })).resolves.toMatchObject({ orderId });

      // The same person with a token of another county: the order lies outside their division now.
      const moved = await server.clientFor('resident-51', [ROLE.resident], OTHER_DISTRICT);
      const beforeMoved = await server.logPosition();
      expect((await failureOf(moved.call('GetOrder', { orderId }))).code).toBe(GrpcStatus.PERMISSION_DENIED);
      expect((await failureOf(moved.call('CancelOrder', { orderId, reason: '不需要了' }, key()))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect((await failureOf(moved.call('GiveFeedback', { orderId, rating: 1, comment: '' }, key()))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect(await server.logPosition()).toBe(beforeMoved);
    });

    it('keeps offers, tasks and volunteer records to their own volunteer, refusing before any state check', async () => {
      const c = await dispatcher.call<{ volunteerId: string }>('RegisterVolunteer', volunteerRequest(60), key());
      const d = await dispatcher.call<{ volunteerId: string }>('RegisterVolunteer', volunteerRequest(61), key());
      const asC = await server.clientFor(c.volunteerId, [ROLE.volunteer], DISTRICT);
      const asD = await server.clientFor(d.volunteerId, [ROLE.volunteer], DISTRICT);
      const unmatched = (n: number) => orderRequest(n, { requiredSkills: ['sign_language'] });
      const offered = await dispatcher.call<DispatchReplyShape>('PlaceOrder', unmatched(62), key());
      const orderId = offered.order.orderId;
      await dispatcher.call('DispatchOrder', { orderId, assignee: { kind: 'volunteer', id: c.volunteerId } }, key());

      const before = await server.logPosition();
      expect((await failureOf(asD.call('AcceptOffer', { orderId }, key()))).code).toBe(GrpcStatus.PERMISSION_DENIED);
      await asC.call('AcceptOffer', { orderId }, key());
      const accepted = await server.logPosition();
      expect((await failureOf(asD.call('StartTask', { orderId }, key()))).code).toBe(GrpcStatus.PERMISSION_DENIED);
      expect((await failureOf(asD.call('CompleteTask', { orderId, actualHours: 1 }, key()))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect((await failureOf(asD.call('GetVolunteer', { volunteerId: c.volunteerId }))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect(
        (await failureOf(asD.call('UpdateVolunteer', { volunteerId: c.volunteerId, skills: ['driving'] }, key()))).code,
      ).toBe(GrpcStatus.PERMISSION_DENIED);
      expect((await asD.call<{ orders: OrderReply[] }>('ListMyTasks', {})).orders.map((o) => o.orderId)).not.toContain(
        orderId,
      );
      // A dispatcher of the district may not add a served community outside it either.
      expect(
        (
          await failureOf(
            dispatcher.call(
              'UpdateVolunteer',
              { volunteerId: c.volunteerId, servedCommunities: [OTHER_COMMUNITY] },
              key(),
            ),
          )
        ).code,
      ).toBe(GrpcStatus.PERMISSION_DENIED);
      // The volunteer themselves, with a token of another county: their record lies outside that division.
      const cElsewhere = await server.clientFor(c.volunteerId, [ROLE.volunteer], OTHER_DISTRICT);
      expect((await failureOf(cElsewhere.call('GetVolunteer', { volunteerId: c.volunteerId }))).code).toBe(
        GrpcStatus.PERMISSION_DENIED,
      );
      expect(await server.logPosition()).toBe(accepted);
      expect(accepted).toBeGreaterThan(before);

      // An order nobody is offered: an outsider is refused; a volunteer of the district hears there is no offer.
      const open = await dispatcher.call<DispatchReplyShape>('PlaceOrder', unmatched(63), key());
      expect(open.order.status).toBe('open');
      for (const stranger of await outsiders(ROLE.volunteer))
        expect((await failureOf(stranger.call('AcceptOffer', { orderId: open.order.orderId }, key()))).code).toBe(
          GrpcStatus.PERMISSION_DENIED,
        );
      expect((await failureOf(asD.call('AcceptOffer', { orderId: open.order.orderId }, key()))).code).toBe(
        GrpcStatus.FAILED_PRECONDITION,
      );
    });
  },
);
