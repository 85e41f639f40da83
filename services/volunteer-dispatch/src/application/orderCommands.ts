import { randomUUID } from 'node:crypto';
import { createCommandHandler, DomainRuleError, fold, ValidationError } from '@carebridge/decider';
import type { EventOf, ReferralRequested } from '@carebridge/event-schema';
import { needOf, type Urgency } from '../domain/data/needs';
import { menuDecider, type MenuEvent, type MenuItem } from '../domain/menu';
import { orderDecider } from '../domain/order';
import { checkSkills, checkHours, orderViolations, type OrderInput, type Violation } from '../domain/validation';
import type { Ctx, EngineDeps } from './context';
import { retryOnConflict } from './ledgers';
import { menuStream, orderStream } from './streams';

export type PlaceOrderInput = OrderInput & {
  orderId?: string;
  menuItemId?: string;
  source: { kind: 'resident' | 'community_worker' | 'referral'; referralId?: string; programme?: string; caseId?: string };
  requester: { personRef?: string; name: string; phone?: string; address?: string };
  note?: string;
  placedBy: string;
};

/** Orders (点单) and the menu they can be placed from. */
export const createOrderCommands = (deps: EngineDeps) => {
  const { store, directory, clock } = deps;
  const orders = createCommandHandler(store, orderDecider);
  const menu = createCommandHandler(store, menuDecider);
  const now = () => clock().toISOString();

  const place = async (input: PlaceOrderInput, ctx: Ctx): Promise<string> => {
    const violations = orderViolations(input, directory);
    let item: MenuItem | undefined;
    if (input.menuItemId) {
      const state = fold(menuDecider, (await store.readStream(menuStream(input.menuItemId))) as unknown as MenuEvent[]);
      if (state.status !== 'published') violations.push({ field: 'menu_item_id', description: 'is not an item on the menu' });
      else item = state.item;
    }
    if (violations.length > 0) throw new ValidationError(violations);
    const need = needOf(input.need)!;
    const orderId = input.orderId ?? randomUUID();
    const minutes = Number.isFinite(input.estimatedHours) ? Math.round(input.estimatedHours * 60) : (item?.estimatedMinutes ?? need.defaultMinutes);
    const { requester } = input;
    await retryOnConflict(() =>
      orders(
        orderStream(orderId),
        {
          kind: 'place',
          order: {
            orderId,
            source: { ...input.source },
            need: need.code,
            ...(item ? { menuItemId: item.itemId } : {}),
            community: input.community,
            window: { start: new Date(input.windowStart).toISOString(), end: new Date(input.windowEnd).toISOString() },
            urgency: input.urgency as Urgency,
            requiredSkills: [...new Set([...need.requiredSkills, ...(item?.requiredSkills ?? []), ...input.requiredSkills])],
            estimatedMinutes: minutes,
            requester: {
              name: requester.name.trim(),
              ...(requester.personRef ? { personRef: requester.personRef } : {}),
              ...(requester.phone ? { phone: requester.phone } : {}),
              ...(requester.address ? { address: requester.address } : {}),
            },
            ...(input.note ? { note: input.note } : {}),
            placedBy: input.placedBy,
          },
          now: now(),
        },
        ctx,
      ),
    );
    return orderId;
  };

  return {
    place,
    async publishMenuItem(
      input: { itemId: string; kind: 'project' | 'course' | 'activity'; title: string; need: string; requiredSkills: string[]; estimatedHours: number; division: string; teamId?: string },
      ctx: Ctx,
    ): Promise<void> {
      const violations: Violation[] = [];
      if (!input.itemId.trim()) violations.push({ field: 'item_id', description: 'is required' });
      if (!input.title.trim()) violations.push({ field: 'title', description: 'is required' });
      if (!needOf(input.need)) violations.push({ field: 'need', description: `unknown need "${input.need}"` });
      checkSkills('required_skills', input.requiredSkills, violations);
      checkHours('estimated_hours', input.estimatedHours, violations);
      if (!/^[1-9]\d{5}$/.test(input.division)) violations.push({ field: 'division', description: 'must be a six-digit GB/T 2260 code' });
      if (violations.length > 0) throw new ValidationError(violations);
      const { estimatedHours, teamId, ...rest } = input;
      await menu(menuStream(input.itemId), { kind: 'publish', item: { ...rest, ...(teamId ? { teamId } : {}), estimatedMinutes: Math.round(estimatedHours * 60) }, now: now() }, ctx);
    },
    withdrawMenuItem: (itemId: string, ctx: Ctx) => menu(menuStream(itemId), { kind: 'withdraw', now: now() }, ctx).then(() => undefined),

    /**
     * referral.Requested with to = 'dispatch' (the hotline's "volunteer help"): request.kind names the need,
     * request.serviceId the community. The order id is derived from the referral, so redelivery places nothing new.
     * Returns the order id, or undefined when the referral cannot become an order (then it is declined back).
     */
    async fromReferral(referral: EventOf<typeof ReferralRequested>['data']): Promise<string | undefined> {
      if (referral.to !== 'dispatch') return undefined;
      const orderId = `ref-${referral.referralId}`;
      const need = needOf(referral.request.kind);
      const start = Date.parse(referral.requestedAt) + 60 * 60_000;
      const ctx = { commandId: `referral:${referral.referralId}`, actor: { subject: `programme:${referral.from.programme}`, role: 'referral' } };
      try {
        return await place(
          {
            orderId,
            need: referral.request.kind,
            community: referral.request.serviceId ?? '',
            windowStart: new Date(start).toISOString(),
            windowEnd: new Date(start + (need?.defaultMinutes ?? 60) * 60_000).toISOString(),
            urgency: 'urgent',
            requiredSkills: [],
            estimatedHours: Number.NaN,
            requesterName: referral.person.name,
            source: { kind: 'referral', referralId: referral.referralId, programme: referral.from.programme, caseId: referral.from.caseId },
            requester: { personRef: referral.person.personRef, name: referral.person.name, ...(referral.person.phone ? { phone: referral.person.phone } : {}) },
            ...(referral.request.note ? { note: referral.request.note } : {}),
            placedBy: ctx.actor.subject,
          },
          ctx,
        );
      } catch (error) {
        if (!(error instanceof ValidationError) && !(error instanceof DomainRuleError)) throw error;
        if (error instanceof DomainRuleError) return orderId;
        // Declined back to the referrer, once: a redelivered referral finds the stream already there.
        await store.append(
          orderStream(orderId),
          [{ type: 'referral.OutcomeReported', data: { referralId: referral.referralId, from: referral.from.programme, to: 'dispatch', targetRef: orderId, outcome: 'declined', detail: error.message.slice(0, 500), reportedAt: now() } }],
          { expectedVersion: 'any', commandId: `${ctx.commandId}:declined` },
        );
        return undefined;
      }
    },
  };
};

export type OrderCommands = ReturnType<typeof createOrderCommands>;
