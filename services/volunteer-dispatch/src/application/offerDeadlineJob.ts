import { levelsDue, type DeadlineJob } from '@carebridge/deadlines';
import { offerDeadline } from '../domain/offerDeadlines';
import type { OrderBoard, OrderCard } from './orderBoard';
import type { TaskCommands } from './taskCommands';

/**
 * Offer confirmations on the suite's deadline mechanism: an offer not confirmed in time lapses and the order is
 * offered to the next candidate. The command key names the offer's expiry, so a repeated pass expires it once.
 */
export const offerDeadlineJob = (board: OrderBoard, tasks: Pick<TaskCommands, 'expire'>): DeadlineJob<OrderCard> => ({
  name: 'dispatch-offer-confirmations',
  async *due(now) {
    // Acted-on cards leave the query (re-offered with a later expiry, or open); a backlog past one page waits a pass.
    yield* (await board.expiredOffers(now)).items;
  },
  async act(card, now) {
    if (!card.offerExpiresAt || levelsDue(offerDeadline(card.offerExpiresAt), [], now.toISOString()).length === 0)
      return false;
    const outcome = await tasks.expire(card.id, { commandId: `timeout:${card.id}:${card.offerExpiresAt}` });
    return outcome !== undefined;
  },
});
