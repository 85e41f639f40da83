import { DomainRuleError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import { volunteerDecider, type VolunteerEvent } from './volunteer';

const spec = DeciderSpecification.for(volunteerDecider);
const T = (hhmm: string, day = '2020-02-17') => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const registered: VolunteerEvent = {
  type: 'dispatch.VolunteerRegistered',
  data: {
    volunteerId: 'v1',
    name: 'sealed',
    idNumber: 'sealed',
    skills: ['pharmacy'],
    homeCommunity: '420102012001',
    servedCommunities: [],
    availability: [],
    caps: { maxConcurrentTasks: 2, maxMinutesPerDay: 480 },
    registeredAt: T('08:00', '2020-02-11'),
  },
};
const reserved = (orderId: string, from: string, to: string, holdUntil = T('23:00')): VolunteerEvent => ({
  type: 'dispatch.VolunteerTaskReserved',
  data: {
    orderId,
    window: { start: T(from), end: T(to) },
    minutes: (Date.parse(T(to)) - Date.parse(T(from))) / 60000,
    holdUntil,
    at: T('08:00'),
  },
});
const reserve = (orderId: string, from: string, to: string, now = T('09:00')) =>
  ({
    kind: 'reserve',
    orderId,
    window: { start: T(from), end: T(to) },
    minutes: (Date.parse(T(to)) - Date.parse(T(from))) / 60000,
    holdUntil: T('23:00'),
    now,
  }) as const;

describe('volunteer ledger: caps under any order of arrival', () => {
  const reservedAtNine = (orderId: string, from: string, to: string): VolunteerEvent => {
    const event = reserved(orderId, from, to);
    return { ...event, data: { ...event.data, at: T('09:00') } } as VolunteerEvent;
  };
  it('reserves within the caps', () =>
    spec
      .given([registered])
      .when(reserve('o1', '14:30', '17:30'))
      .then([reservedAtNine('o1', '14:30', '17:30')]));
  it('refuses a third task at cap 2', () =>
    spec
      .given([registered, reserved('o1', '10:00', '11:00'), reserved('o2', '12:00', '13:00')])
      .when(reserve('o3', '14:00', '15:00'))
      .thenThrows(DomainRuleError, /cap/));
  it('refuses an overlapping window', () =>
    spec
      .given([registered, reserved('o1', '14:30', '22:00')])
      .when(reserve('o2', '21:00', '22:30'))
      .thenThrows(DomainRuleError, /overlapping/));
  it('refuses more hours than a day allows', () =>
    spec
      .given([registered, reserved('o1', '08:00', '14:00')])
      .when(reserve('o2', '14:30', '17:30'))
      .thenThrows(DomainRuleError, /hours-per-day/));
  it('a lapsed hold frees its slot', () =>
    spec
      .given([registered, reserved('o1', '10:00', '11:00', T('08:30')), reserved('o2', '12:00', '13:00')])
      .when(reserve('o3', '14:00', '15:00'))
      .then([reservedAtNine('o3', '14:00', '15:00')]));
  it('a suspended volunteer takes no new task', () =>
    spec
      .given([
        registered,
        { type: 'dispatch.VolunteerSuspended', data: { volunteerId: 'v1', reason: 'ill', at: T('08:00') } },
      ])
      .when(reserve('o1', '14:30', '17:30'))
      .thenThrows(DomainRuleError, /suspended/));
  it('credits hours once per order', () =>
    spec
      .given([
        registered,
        reserved('o1', '14:30', '22:00'),
        {
          type: 'dispatch.VolunteerHoursCredited',
          data: { orderId: 'o1', minutes: 450, day: '2020-02-17', at: T('22:30') },
        },
      ])
      .when({ kind: 'credit', orderId: 'o1', minutes: 450, now: T('23:00') })
      .thenNothingHappened());
  it('confirming a lapsed hold is refused', () =>
    spec
      .given([registered, reserved('o1', '10:00', '11:00', T('08:30'))])
      .when({ kind: 'confirm', orderId: 'o1', now: T('09:00') })
      .thenThrows(DomainRuleError, /lapsed/));
  it('registering the same person twice is refused', () =>
    spec
      .given([registered])
      .when({ kind: 'register', ...registered.data, now: T('09:00') } as never)
      .thenThrows(DomainRuleError, /already registered/));
});
