import type { ServiceError } from '@grpc/grpc-js';
import { GrpcStatus } from '@carebridge/grpc-kit';
import { decodeStatusDetails } from '@carebridge/grpc-kit/testing';
import { makeIdNumber } from '@carebridge/identity';
import { wuhanCommunities } from '../demo/wuhanCommunities';
import { toTimestamp } from '../grpc/wire';

/** Two neighbouring communities of 江岸区 (420102) in the demo directory the service loads by default. */
const [first, second] = wuhanCommunities();
export const HOME = first!.code;
export const NEXT_DOOR = second!.code;
export const DISTRICT = '420102';
export const OTHER_DISTRICT = '420103';
/** A community of 江汉区 (420103), outside DISTRICT. */
export const OTHER_COMMUNITY = wuhanCommunities().find((c) => c.code.startsWith(OTHER_DISTRICT))!.code;
export const START = '2020-02-17T06:00:00+08:00';

export const ROLE = {
  dispatcher: 'dispatch.dispatcher',
  volunteer: 'dispatch.volunteer',
  resident: 'dispatch.resident',
  communityWorker: 'dispatch.community_worker',
} as const;

const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

/** A RegisterVolunteerRequest: pharmacy knowledge, all week, two tasks at once. */
export const volunteerRequest = (n: number, overrides: Record<string, unknown> = {}) => ({
  name: `志愿者${n}`,
  idNumber: makeIdNumber(DISTRICT, '19800214', n),
  phone: '13900000000',
  skills: ['pharmacy'],
  homeCommunity: HOME,
  servedCommunities: [],
  availability: allWeek,
  maxConcurrentTasks: 2,
  maxHoursPerDay: 12,
  ...overrides,
});

/** A PlaceOrderRequest for medicine; one-hour windows on distinct hours, so only the caps limit who takes what. */
export const orderRequest = (n: number, overrides: Record<string, unknown> = {}) => {
  const start = Date.parse('2020-02-17T08:00:00+08:00') + n * 61 * 60_000;
  return {
    need: 'medicine_delivery',
    community: HOME,
    window: {
      start: toTimestamp(new Date(start).toISOString()),
      end: toTimestamp(new Date(start + 60 * 60_000).toISOString()),
    },
    urgency: 'urgent',
    requiredSkills: [],
    estimatedHours: 1,
    requester: { personRef: '', name: '王阿姨', phone: '13800000000', address: '吉林街 3 号' },
    note: '',
    menuItemId: '',
    source: '',
    ...overrides,
  };
};

/** The gRPC status code and BadRequest fields of a failed call (fails the test when the call succeeded). */
export const failureOf = async (
  call: Promise<unknown>,
): Promise<{ code: number; fields: string[]; message: string }> => {
  const error = await call.then(
    () => {
      throw new Error('the call succeeded but was expected to fail');
    },
    (e: unknown) => e as ServiceError,
  );
  const details = decodeStatusDetails(error);
  return {
    code: error.code,
    fields: (details?.fieldViolations ?? []).map((v) => v.field).sort(),
    message: error.details,
  };
};

export { GrpcStatus };

export type OrderReply = {
  orderId: string;
  status: string;
  unfilled: boolean;
  assignee: { kind: string; id: string } | null;
};
export type DispatchReplyShape = {
  order: OrderReply;
  outcome: string;
  considered: number;
  ruledOut: { rule: string; count: number }[];
};
