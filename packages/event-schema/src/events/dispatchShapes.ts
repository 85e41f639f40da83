import { Type, type TObject, type TProperties } from '@sinclair/typebox';

/**
 * Shapes shared by the dispatch events. Volunteer dispatch (学雷锋志愿服务, 点单派单). Four aggregates, four topics:
 * volunteers and teams (with their task ledgers), orders, and the service menu.
 * A volunteer's or team's stream is also its ledger: reservations, confirmations, releases and credited
 * minutes live there, so one expected version serialises everything that counts against its caps.
 * Times are ISO date-times; durations are whole minutes (sums stay exact).
 */
export const VOLUNTEERS = 'dispatch.volunteers.v1';
export const TEAMS = 'dispatch.teams.v1';
export const ORDERS = 'dispatch.orders.v1';
export const MENU = 'dispatch.menu.v1';

export const Id = Type.String({ minLength: 1, maxLength: 100 });
export const At = Type.String({ format: 'date-time' });
export const CommunityCode = Type.String({
  pattern: '^[1-9][0-9]{11}$',
  description: '12-digit community code: county + street + community',
});
export const DivisionCode = Type.String({ pattern: '^[1-9][0-9]{5}$' });
export const Skill = Type.String({ pattern: '^[a-z_]{2,40}$' });
export const Minutes = Type.Integer({ minimum: 0, maximum: 24 * 60 });
export const Window = Type.Object({ start: At, end: At }, { additionalProperties: false });
export const Slot = Type.Object(
  { weekday: Type.Integer({ minimum: 1, maximum: 7 }), from: Type.String(), to: Type.String() },
  { additionalProperties: false },
);
export const Caps = Type.Object(
  {
    maxConcurrentTasks: Type.Integer({ minimum: 1, maximum: 20 }),
    maxMinutesPerDay: Type.Integer({ minimum: 30, maximum: 24 * 60 }),
  },
  { additionalProperties: false },
);
export const Assignee = Type.Object(
  { kind: Type.Union([Type.Literal('volunteer'), Type.Literal('team')]), id: Id },
  { additionalProperties: false },
);

export const strict = <T extends TProperties>(properties: T): TObject<T> =>
  Type.Object(properties, { additionalProperties: false });
