import type { OrderCard } from '../application/orderBoard';
import type { DispatchOutcome } from '../application/dispatchEngine';
import type { OpenedOrder } from '../application/orderSteps';
import type { VolunteerState } from '../domain/volunteer';

/** google.protobuf.Timestamp as the shared loader reads it (int64 seconds as a decimal string). */
export type Timestamp = { seconds: string | number; nanos: number };

export const toTimestamp = (iso: string | undefined): Timestamp | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return { seconds: String(Math.floor(ms / 1000)), nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000 };
};

/** ISO string of a Timestamp; '' when absent, so validation reports the field as required. */
export const fromTimestamp = (ts: Timestamp | null | undefined): string =>
  ts ? new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000)).toISOString() : '';

const hours = (minutes: number | undefined): number => Math.round(((minutes ?? 0) / 60) * 100) / 100;

/** An order as the API shows it, from its own stream (never stale, never personal). */
export const orderFromState = (state: OpenedOrder, actualMinutes?: number) => {
  const { order } = state;
  const holder = state.offer?.assignee ?? state.assignee;
  return {
    orderId: order.orderId,
    community: order.community,
    need: order.need,
    urgency: order.urgency,
    status: state.status,
    window: { start: toTimestamp(order.window.start), end: toTimestamp(order.window.end) },
    placedAt: toTimestamp(order.placedAt),
    assignee: holder ? { kind: holder.kind, id: holder.id } : null,
    offerExpiresAt: toTimestamp(state.offer?.expiresAt),
    unfilled: state.status === 'open' && state.unfilled !== undefined,
    unfilledReasons:
      state.status === 'open' && state.unfilled
        ? state.unfilled.ruledOut.map((r) => `${r.rule}: ${r.count}`).join(', ')
        : '',
    actualHours: hours(actualMinutes),
    source: order.source.kind,
    referralId: order.source.referralId ?? '',
  };
};

/** An order as the board shows it (lists). */
export const orderFromCard = (card: OrderCard) => ({
  orderId: card.id,
  community: card.community,
  need: card.need,
  urgency: card.urgency,
  status: card.status,
  window: { start: toTimestamp(card.windowStart), end: toTimestamp(card.windowEnd) },
  placedAt: toTimestamp(card.placedAt),
  assignee: card.assigneeId ? { kind: card.assigneeKind ?? 'volunteer', id: card.assigneeId } : null,
  offerExpiresAt: toTimestamp(card.offerExpiresAt),
  unfilled: card.unfilled,
  unfilledReasons: card.unfilledReasons ?? '',
  actualHours: hours(card.actualMinutes),
  source: card.source,
  referralId: card.referralId ?? '',
});

export const dispatchReply = (state: OpenedOrder, outcome: DispatchOutcome) => {
  const decision = outcome.kind === 'not_open' ? undefined : outcome.decision;
  return {
    order: orderFromState(state),
    outcome: outcome.kind,
    candidates: (decision?.ranked ?? [])
      .slice(0, 5)
      .map((c) => ({ volunteerId: c.volunteerId, rank: c.rank, tier: c.tier, reasons: [...c.reasons] })),
    considered: decision?.considered ?? 0,
    ruledOut: (decision?.ruledOutCounts ?? []).map((r) => ({ rule: r.rule, count: r.count })),
  };
};

export const volunteerReply = (state: Exclude<VolunteerState, { status: 'unregistered' }>) => ({
  volunteerId: state.volunteerId,
  status: state.status,
  skills: [...state.skills],
  homeCommunity: state.homeCommunity,
  servedCommunities: [...state.servedCommunities],
  availability: state.availability.map((s) => ({ weekday: s.weekday, from: s.from, to: s.to })),
  maxConcurrentTasks: state.caps.maxConcurrentTasks,
  maxHoursPerDay: hours(state.caps.maxMinutesPerDay),
});
