import { randomUUID } from 'node:crypto';
import type { TestClient } from '@carebridge/grpc-kit/testing';
import { startDispatchServer, type DispatchServer, type HostMode } from './testing/dispatchServer';
import {
  DISTRICT,
  HOME,
  orderRequest,
  ROLE,
  START,
  volunteerRequest,
  type DispatchReplyShape,
  type OrderReply,
} from './testing/e2eFixtures';

// FerretDB appends take tens to hundreds of ms on a loaded machine: the race takes minutes there.
jest.setTimeout(900_000);

describe.each<HostMode>(['real', 'embedded'])('race through the gRPC server (%s infrastructure)', (mode) => {
  let server: DispatchServer;
  let dispatcher: TestClient;
  beforeAll(async () => {
    server = await startDispatchServer(mode, START);
    dispatcher = await server.clientFor('dispatcher-jiangan', [ROLE.dispatcher], DISTRICT);
  });
  afterAll(() => server?.close());

  it('100 orders placed and dispatched by 100 concurrent calls against 30 volunteers with cap 2', async () => {
    const registered = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        dispatcher.call<{ volunteerId: string }>('RegisterVolunteer', volunteerRequest(n), {
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    const volunteerIds = registered.map((v) => v.volunteerId);
    expect(new Set(volunteerIds).size).toBe(30);

    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        dispatcher.call<DispatchReplyShape>('PlaceOrder', orderRequest(n), { idempotencyKey: randomUUID() }),
      ),
    );
    const offered = replies.filter((r) => r.outcome === 'offered');
    const unfilled = replies.filter((r) => r.outcome === 'unfilled');
    expect(offered).toHaveLength(60);
    expect(unfilled).toHaveLength(40);
    // An unfilled reply says why: everyone serving the community was ruled out by the load cap.
    for (const reply of unfilled) {
      expect(reply.order).toMatchObject({ status: 'open', unfilled: true, assignee: null });
      expect(reply.considered).toBe(30);
      expect(reply.ruledOut).toEqual([{ rule: 'load_cap', count: 30 }]);
    }

    // No volunteer above cap, read back from each volunteer's own ledger (the stream), and over gRPC.
    const holders = new Map<string, string[]>();
    let live = 0;
    for (const id of volunteerIds) {
      const { holdings } = await server.app.volunteers.hours(id);
      expect(holdings.length).toBeLessThanOrEqual(2);
      for (const h of holdings) holders.set(h.orderId, [...(holders.get(h.orderId) ?? []), id]);
      const hours = await dispatcher.call<{ liveTasks: number }>('GetVolunteerHours', { volunteerId: id });
      expect(hours.liveTasks).toBeLessThanOrEqual(2);
      live += hours.liveTasks;
    }
    expect(live).toBe(60);

    // No order double-assigned: each offered order is held by exactly its one offeree, unfilled ones by nobody.
    for (const reply of replies) {
      const order = await dispatcher.call<OrderReply>('GetOrder', { orderId: reply.order.orderId });
      const held = holders.get(order.orderId) ?? [];
      if (reply.outcome === 'offered') {
        expect(order.status).toBe('offered');
        expect(held).toEqual([order.assignee?.id]);
      } else {
        expect(held).toEqual([]);
        expect(order).toMatchObject({ status: 'open', unfilled: true });
      }
    }

    // Unfilled orders stay on the dispatcher's board, not silently dropped.
    const board = await dispatcher.call<{ orders: OrderReply[] }>('ListOrders', {
      community: HOME,
      unfilledOnly: true,
      pageSize: 100,
    });
    expect(board.orders.map((o) => o.orderId).sort()).toEqual(unfilled.map((r) => r.order.orderId).sort());
  });
});
