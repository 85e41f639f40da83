import { creditCode, DEQING, WUKANG } from '../../services/service-catalog/src/domain/testing/fixtures';
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
  /** How many to keep in flight when SIGTERM arrives (fast calls need more to still be running then). */
  readonly inFlight?: number;
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
      child: {
        name: '马小燕',
        age: 9,
        idNumber: '630121201701010021',
        locationDivision: '630121',
        locationDetail: `桥头镇 ${n}`,
      },
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
  'relief-intake': {
    programme: 'relief',
    service: 'carebridge.relief.v1.ReliefIntake',
    method: 'ContributeToFund',
    token: { roles: ['relief.federation'], division: '320000' },
    request: (n) => ({
      programmeId: 'jiangsu-2020',
      contributionId: `receipt-${n}`,
      contributorDivision: '320000',
      amountFen: '100000000',
      receivedOn: '2020-07-15',
      reference: `provincial federation tranche ${n}`,
    }),
    stored: true,
    // Contributions serialise on the programme's one fund stream: fifty of them are still running at SIGTERM.
    inFlight: 50,
  },
  'service-catalog': {
    programme: 'catalog',
    service: 'carebridge.catalog.v1.ServiceCatalog',
    method: 'RegisterOrganization',
    token: { roles: ['catalog.officer'], division: DEQING },
    request: (n) => ({
      // A different, valid credit code for each call (GB 32100 check character computed).
      creditCode: creditCode(`51330521MJ${String(3_000_000 + n).padStart(7, '0')}`),
      county: DEQING,
      profile: {
        name: `德清县邻里互助协会 ${n}`,
        registrationAuthority: '德清县民政局',
        charterScope: '邻里互助、助老服务',
        serviceTowns: [WUKANG],
        staff: [],
      },
    }),
    stored: true,
  },
  // The projections service takes no commands (it only reads the programmes' events): its in-flight calls are the
  // dashboard reads agencies make. A rebuild is an operator's action, tested in services/projections.
  projections: {
    programme: 'projections',
    service: 'carebridge.projections.v1.Projections',
    method: 'GetReliefFundUse',
    token: { roles: ['relief.provincial'], division: '320000' },
    request: () => ({}),
    stored: false,
    inFlight: 50,
  },
};
