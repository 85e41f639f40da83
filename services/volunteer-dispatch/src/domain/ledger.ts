import { DomainRuleError } from '@carebridge/decider';
import { localDay, overlaps, toSpan, type Span, type Window } from './time';

/**
 * A volunteer's (or team's) task ledger: what is held or confirmed against its caps, and what was credited.
 * It lives in the assignee's own stream, so appending to it with an expected version serialises every
 * assignment of that assignee: two dispatchers racing for the last free slot cannot both win.
 */
export type Caps = { readonly maxConcurrentTasks: number; readonly maxMinutesPerDay: number };

export type Holding = {
  readonly orderId: string;
  readonly window: Window;
  readonly span: Span;
  readonly minutes: number;
  /** Epoch ms after which an unconfirmed hold no longer counts (the offer timed out). */
  readonly holdUntil: number;
  readonly confirmed: boolean;
};

export type LedgerState = {
  readonly holdings: ReadonlyMap<string, Holding>;
  readonly credited: ReadonlyMap<string, { minutes: number; day: string }>;
  readonly lastAssignedAt: number | undefined;
};

export const emptyLedger = (): LedgerState => ({ holdings: new Map(), credited: new Map(), lastAssignedAt: undefined });

export const isLive = (holding: Holding, now: number): boolean => holding.confirmed || holding.holdUntil > now;

export type LedgerCommand =
  | { kind: 'reserve'; orderId: string; window: Window; minutes: number; holdUntil: string; now: string }
  | { kind: 'confirm'; orderId: string; now: string }
  | { kind: 'release'; orderId: string; reason: string; now: string }
  | { kind: 'credit'; orderId: string; minutes: number; now: string };

export type LedgerFact =
  | { kind: 'reserved'; data: { orderId: string; window: Window; minutes: number; holdUntil: string; at: string } }
  | { kind: 'confirmed'; data: { orderId: string; at: string } }
  | { kind: 'released'; data: { orderId: string; reason: string; at: string } }
  | { kind: 'credited'; data: { orderId: string; minutes: number; day: string; at: string } };

/** Why this assignee cannot take this window now, or undefined when it can. The same rules rank candidates. */
export const capacityProblem = (
  ledger: LedgerState,
  caps: Caps,
  request: { orderId: string; span: Span; minutes: number },
  now: number,
): 'load_cap' | 'overlap' | 'daily_hours' | undefined => {
  const live = [...ledger.holdings.values()].filter((h) => h.orderId !== request.orderId && isLive(h, now));
  if (live.length >= caps.maxConcurrentTasks) return 'load_cap';
  if (live.some((h) => overlaps(h.span, request.span))) return 'overlap';
  const day = localDay(request.span.start);
  let planned = request.minutes;
  for (const h of live) if (localDay(h.span.start) === day) planned += h.minutes;
  for (const c of ledger.credited.values()) if (c.day === day) planned += c.minutes;
  return planned > caps.maxMinutesPerDay ? 'daily_hours' : undefined;
};

const capacityMessages = {
  load_cap: 'already holds as many tasks as the cap allows',
  overlap: 'already holds a task in an overlapping window',
  daily_hours: 'would exceed the hours-per-day cap',
} as const;

export const decideLedger = (
  command: LedgerCommand,
  ledger: LedgerState,
  caps: Caps,
  active: boolean,
): LedgerFact[] => {
  const now = Date.parse(command.now);
  switch (command.kind) {
    case 'reserve': {
      const existing = ledger.holdings.get(command.orderId);
      if (existing && isLive(existing, now)) return [];
      if (!active) throw new DomainRuleError('is suspended and takes no new tasks', 'suspended', 'assignee');
      const problem = capacityProblem(
        ledger,
        caps,
        { orderId: command.orderId, span: toSpan(command.window), minutes: command.minutes },
        now,
      );
      if (problem) throw new DomainRuleError(capacityMessages[problem], problem, 'assignee');
      const { orderId, window, minutes, holdUntil } = command;
      return [{ kind: 'reserved', data: { orderId, window, minutes, holdUntil, at: command.now } }];
    }
    case 'confirm': {
      const holding = ledger.holdings.get(command.orderId);
      if (!holding) throw new DomainRuleError('holds no capacity for this order', 'not_reserved', 'orderId');
      if (holding.confirmed) return [];
      if (!isLive(holding, now))
        throw new DomainRuleError('the offer lapsed before it was accepted', 'offer_lapsed', 'orderId');
      return [{ kind: 'confirmed', data: { orderId: command.orderId, at: command.now } }];
    }
    case 'release':
      return ledger.holdings.has(command.orderId)
        ? [{ kind: 'released', data: { orderId: command.orderId, reason: command.reason, at: command.now } }]
        : [];
    case 'credit': {
      // Credited once: a second completion report for the same order adds nothing.
      if (ledger.credited.has(command.orderId)) return [];
      const holding = ledger.holdings.get(command.orderId);
      const day = localDay(holding ? holding.span.start : now);
      return [{ kind: 'credited', data: { orderId: command.orderId, minutes: command.minutes, day, at: command.now } }];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`unknown ledger command ${JSON.stringify(unreachable)}`);
    }
  }
};

export const evolveLedger = (ledger: LedgerState, fact: LedgerFact): LedgerState => {
  switch (fact.kind) {
    case 'reserved': {
      const holdings = new Map(ledger.holdings);
      const { orderId, window, minutes, holdUntil, at } = fact.data;
      holdings.set(orderId, {
        orderId,
        window,
        span: toSpan(window),
        minutes,
        holdUntil: Date.parse(holdUntil),
        confirmed: false,
      });
      return { ...ledger, holdings, lastAssignedAt: Date.parse(at) };
    }
    case 'confirmed': {
      const holding = ledger.holdings.get(fact.data.orderId);
      if (!holding) return ledger;
      return { ...ledger, holdings: new Map(ledger.holdings).set(holding.orderId, { ...holding, confirmed: true }) };
    }
    case 'released': {
      const holdings = new Map(ledger.holdings);
      holdings.delete(fact.data.orderId);
      return { ...ledger, holdings };
    }
    case 'credited': {
      const holdings = new Map(ledger.holdings);
      holdings.delete(fact.data.orderId);
      const credited = new Map(ledger.credited).set(fact.data.orderId, {
        minutes: fact.data.minutes,
        day: fact.data.day,
      });
      return { ...ledger, holdings, credited };
    }
    default: {
      const unreachable: never = fact;
      throw new Error(`unknown ledger fact ${JSON.stringify(unreachable)}`);
    }
  }
};
