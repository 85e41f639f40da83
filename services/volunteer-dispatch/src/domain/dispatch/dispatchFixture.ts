import { createCommunityDirectory, type CommunityDirectory } from '../communities';
import type { WeeklySlot } from '../availability';
import { toSpan } from '../time';
import { createCandidateIndex, volunteerStreamId, type CandidateIndex } from './candidateIndex';
import type { DispatchRequest } from './rankCandidates';

/**
 * A small world for dispatch tables: Jilin community (吉林社区) with a neighbour next door and one across the
 * river. Mondays in February 2020, China Standard Time.
 */
export const JILIN = '420102012001';
export const NEXT_DOOR = '420102012002';
export const ACROSS_RIVER = '420106001001';

export const directory: CommunityDirectory = createCommunityDirectory([
  { code: JILIN, name: '吉林社区', streetName: '永清街道', neighbours: [NEXT_DOOR] },
  { code: NEXT_DOOR, name: '二七社区', streetName: '永清街道', neighbours: [] },
  { code: ACROSS_RIVER, name: '积玉桥社区', streetName: '积玉桥街道', neighbours: [] },
]);

export const MONDAY = '2020-02-17';
export const at = (hhmm: string, day = MONDAY): string => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
export const allWeek: WeeklySlot[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

export type VolunteerSpec = {
  id: string;
  home?: string;
  serves?: string[];
  skills?: string[];
  availability?: WeeklySlot[];
  caps?: { maxConcurrentTasks: number; maxMinutesPerDay: number };
  suspended?: boolean;
  /** Tasks already held: [orderId, from, to, confirmed?, holdUntil?] */
  holding?: { orderId: string; from: string; to: string; confirmed?: boolean; holdUntil?: string; day?: string }[];
  credited?: { orderId: string; minutes: number; day: string }[];
};

export const indexOf = (specs: readonly VolunteerSpec[]): CandidateIndex => {
  const index = createCandidateIndex();
  for (const s of specs) {
    const stream = volunteerStreamId(s.id);
    index.apply(stream, {
      type: 'dispatch.VolunteerRegistered',
      data: {
        volunteerId: s.id,
        skills: s.skills ?? [],
        homeCommunity: s.home ?? JILIN,
        servedCommunities: s.serves ?? [],
        availability: s.availability ?? allWeek,
        caps: s.caps ?? { maxConcurrentTasks: 2, maxMinutesPerDay: 480 },
      },
    });
    if (s.suspended) index.apply(stream, { type: 'dispatch.VolunteerSuspended', data: {} });
    for (const h of s.holding ?? []) {
      const window = { start: at(h.from, h.day), end: at(h.to, h.day) };
      const minutes = (Date.parse(window.end) - Date.parse(window.start)) / 60000;
      index.apply(stream, {
        type: 'dispatch.VolunteerTaskReserved',
        data: {
          orderId: h.orderId,
          window,
          minutes,
          holdUntil: h.holdUntil ?? at('23:59', '2020-03-01'),
          at: at('06:00', '2020-02-10'),
        },
      });
      if (h.confirmed) index.apply(stream, { type: 'dispatch.VolunteerTaskConfirmed', data: { orderId: h.orderId } });
    }
    for (const c of s.credited ?? []) {
      index.apply(stream, { type: 'dispatch.VolunteerHoursCredited', data: { ...c, at: at('23:00', c.day) } });
    }
  }
  return index;
};

export const request = (overrides: Partial<DispatchRequest> & { from?: string; to?: string } = {}): DispatchRequest => {
  const { from = '14:30', to = '17:30', ...rest } = overrides;
  const span = toSpan({ start: at(from), end: at(to) });
  return {
    orderId: 'order-1',
    community: JILIN,
    span,
    minutes: (span.end - span.start) / 60000,
    requiredSkills: [],
    passedOver: new Set(),
    now: Date.parse(at('08:00')),
    ...rest,
  };
};
