import { orderRequest } from '../../services/volunteer-dispatch/src/testing/e2eFixtures';

/**
 * One state-changing call per service, as an agency system would send it: what the production-entry test keeps
 * in flight while it sends SIGTERM. `stored` says whether the call writes commits under its idempotency key.
 */
export type ProductionCommand = {
  readonly programme: string;
  readonly service: string;
  readonly method: string;
  readonly token: { readonly roles: readonly string[]; readonly division: string };
  readonly request: (n: number) => object;
  readonly stored: boolean;
};

export const productionCommands: Readonly<Record<string, ProductionCommand>> = {
  hotline: {
    programme: 'hotline',
    service: 'carebridge.hotline.v1.HotlineService',
    method: 'RecordContact',
    token: { roles: ['hotline.operator'], division: '630100' },
    request: (n) => ({
      channel: 'phone',
      caller: { name: '韩老师', phone: '13912345678', relation: 'teacher' },
      child: { name: '马小燕', age: 9, idNumber: '630121201701010021', locationDivision: '630121', locationDetail: `桥头镇 ${n}` },
      caseType: 'living_hardship',
      urgency: 'urgent',
      narrative: 'the family lost its house in a fire; the child sleeps at the school',
    }),
    stored: true,
  },
  'volunteer-dispatch': {
    programme: 'dispatch',
    service: 'carebridge.dispatch.v1.DispatchService',
    method: 'PlaceOrder',
    token: { roles: ['dispatch.dispatcher'], division: '420102' },
    request: (n) => orderRequest(n),
    stored: true,
  },
  projections: {
    programme: 'projections',
    service: 'carebridge.projections.v1.Projections',
    method: 'RebuildReadModel',
    token: { roles: ['projections.admin'], division: '320000' },
    request: (n) => ({ model: ['relief-fund', 'hotline-cases', 'referral-conversion'][n % 3] }),
    stored: false,
  },
};
