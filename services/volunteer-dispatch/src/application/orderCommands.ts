import { randomUUID } from 'node:crypto';
import { createCommandHandler, fold, NotFoundError, ValidationError, retryOnConflict } from '@carebridge/decider';
import { exists as divisionExists } from '@carebridge/divisions';
import { needOf, type Urgency } from '../domain/data/needs';
import { menuDecider, type MenuEvent, type MenuItem } from '../domain/menu';
import { orderDecider } from '../domain/order';
import { checkSkills, checkHours, orderViolations, type OrderInput, type Violation } from '../domain/validation';
import type { Ctx, EngineDeps } from './context';
import { menuStream, orderStream } from './streams';

export type PlaceOrderInput = OrderInput & {
  orderId?: string;
  menuItemId?: string;
  source: {
    kind: 'resident' | 'community_worker' | 'referral';
    referralId?: string;
    programme?: string;
    caseId?: string;
  };
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
      if (state.status !== 'published')
        violations.push({ field: 'menu_item_id', description: 'is not an item on the menu' });
      else item = state.item;
    }
    if (violations.length > 0) throw new ValidationError(violations);
    const need = needOf(input.need)!;
    const orderId = input.orderId ?? randomUUID();
    const minutes = Number.isFinite(input.estimatedHours)
      ? Math.round(input.estimatedHours * 60)
      : (item?.estimatedMinutes ?? need.defaultMinutes);
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
            requiredSkills: [
              ...new Set([...need.requiredSkills, ...(item?.requiredSkills ?? []), ...input.requiredSkills]),
            ],
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
      input: {
        itemId: string;
        kind: 'project' | 'course' | 'activity';
        title: string;
        need: string;
        requiredSkills: string[];
        estimatedHours: number;
        division: string;
        teamId?: string;
      },
      ctx: Ctx,
    ): Promise<void> {
      const violations: Violation[] = [];
      if (!input.itemId.trim()) violations.push({ field: 'item_id', description: 'is required' });
      if (!input.title.trim()) violations.push({ field: 'title', description: 'is required' });
      if (!needOf(input.need)) violations.push({ field: 'need', description: `unknown need "${input.need}"` });
      checkSkills('required_skills', input.requiredSkills, violations);
      checkHours('estimated_hours', input.estimatedHours, violations);
      if (!/^\d{6}$/.test(input.division) || !divisionExists(input.division))
        violations.push({ field: 'division', description: 'must be a six-digit GB/T 2260 code that exists' });
      if (violations.length > 0) throw new ValidationError(violations);
      const { estimatedHours, teamId, ...rest } = input;
      await menu(
        menuStream(input.itemId),
        {
          kind: 'publish',
          item: { ...rest, ...(teamId ? { teamId } : {}), estimatedMinutes: Math.round(estimatedHours * 60) },
          now: now(),
        },
        ctx,
      );
    },
    async loadMenuItem(itemId: string) {
      const state = fold(menuDecider, (await store.readStream(menuStream(itemId))) as unknown as MenuEvent[]);
      if (state.status === 'none') throw new NotFoundError(`menu item ${itemId} not found`);
      return state;
    },
    withdrawMenuItem: (itemId: string, ctx: Ctx) =>
      menu(menuStream(itemId), { kind: 'withdraw', now: now() }, ctx).then(() => undefined),
  };
};

export type OrderCommands = ReturnType<typeof createOrderCommands>;
