import { idNumberCheckCharacter } from '@carebridge/identity';
import type { FixtureApi, FixtureCaller, RpcFixtures } from '@carebridge/grpc-kit/testing';

/**
 * A valid call for every RPC of carebridge.relief.v1.ReliefIntake, in Jiangsu's programme (jiangsu-2020): a
 * Xuzhou (320300) caseworker handles households registered in Feng county (320321), the Xuzhou federation pays
 * into the pooled fund.
 */
const SERVICE = 'carebridge.relief.v1.ReliefIntake';
const PROGRAMME = 'jiangsu-2020';

const caseworker: FixtureCaller = { sub: 'cw-xz-fixture', roles: ['relief.caseworker'], division: '320300' };
const federation: FixtureCaller = { sub: 'fed-xz-fixture', roles: ['relief.federation'], division: '320300' };
/** The deployment's data-protection officer (not bounded by division). */
const privacyOfficer: FixtureCaller = { sub: 'dpo-fixture', roles: ['privacy.officer'], division: '110000' };

type ApplicationResponse = { application: Application };

/** Calls an RPC of the service; every write answers the application. */
const call = (api: FixtureApi, method: string, request: object, caller: FixtureCaller): Promise<ApplicationResponse> =>
  api.call(`${SERVICE}/${method}`, request, caller) as Promise<ApplicationResponse>;

/** Today in China Standard Time, YYYY-MM-DD. */
const today = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A Feng county resident born 1960-1989, with a GB 11643 number no other fixture used (one grant per person). */
const idNumber = (api: FixtureApi): string => {
  const n = Number(api.uniqueDigits(7));
  const rest = Math.floor(n / 1000);
  const day = String((rest % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(rest / 28) % 12) + 1).padStart(2, '0');
  const year = 1960 + (Math.floor(rest / 336) % 30);
  const first17 = `320321${year}${month}${day}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};

/** The one form: a house fire with 60,000 yuan of loss and no compensation (the property_loss standard). */
const form = (api: FixtureApi) => ({
  applicant: { name: api.unique('张三'), idNumber: idNumber(api), phone: `139${api.uniqueDigits(8)}` },
  householdDivision: '320321',
  standard: 'property_loss',
  amounts: { propertyLossFen: '6000000', compensationFen: '0', insurancePaidFen: '0', otherSocialHelpFen: '0' },
  description: 'the house burnt down in a fire',
});

const submitRequest = (api: FixtureApi) => ({ programmeId: PROGRAMME, form: form(api) });

const referRequest = (api: FixtureApi) => ({
  programmeId: PROGRAMME,
  referringAgency: '丰县民政局',
  agencyCaseId: api.unique('FX'),
  agencyDivision: '320321',
  name: api.unique('李四'),
  idNumber: idNumber(api),
  phone: `139${api.uniqueDigits(8)}`,
  householdDivision: '320321',
  requestedStandard: 'property_loss',
  note: 'the house burnt down in a fire',
});

const contributionRequest = (api: FixtureApi) => ({
  programmeId: PROGRAMME,
  contributionId: api.unique('XZ'),
  contributorDivision: '320300',
  amountFen: '1000000',
  receivedOn: today(),
  reference: api.unique('receipt'),
});

type Application = { applicationId: string; status: string; approvedFen: string; personRef: string };
const applicationOf = (response: ApplicationResponse): Application => response.application;

/** A submitted application of a fresh applicant. */
const submitted = async (api: FixtureApi): Promise<string> =>
  applicationOf(await call(api, 'SubmitApplication', submitRequest(api), caseworker)).applicationId;

/** A submitted application with government relief recorded (the programme requires it before assessment). */
const withGovernmentRelief = async (api: FixtureApi): Promise<string> => {
  const applicationId = await submitted(api);
  await call(
    api,
    'RecordGovernmentRelief',
    { applicationId, scheme: '临时救助', amountFen: '200000', grantedOn: today() },
    caseworker,
  );
  return applicationId;
};

/** An assessed application, and a fund that can cover its grant. */
const assessed = async (api: FixtureApi): Promise<string> => {
  await call(api, 'ContributeToFund', contributionRequest(api), federation);
  const applicationId = await withGovernmentRelief(api);
  await call(api, 'AssessApplication', { applicationId }, caseworker);
  return applicationId;
};

export const rpcFixtures: RpcFixtures = {
  service: SERVICE,
  rpcs: {
    SubmitApplication: { caller: caseworker, request: (api) => Promise.resolve(submitRequest(api)) },
    ReferPerson: { caller: caseworker, request: (api) => Promise.resolve(referRequest(api)) },
    CompleteDraft: {
      caller: caseworker,
      request: async (api) => {
        const draft = applicationOf(await call(api, 'ReferPerson', referRequest(api), caseworker));
        return { applicationId: draft.applicationId, form: form(api) };
      },
    },
    RecordGovernmentRelief: {
      caller: caseworker,
      request: async (api) => ({
        applicationId: await submitted(api),
        scheme: '临时救助',
        amountFen: '200000',
        grantedOn: today(),
      }),
    },
    AssessApplication: {
      caller: caseworker,
      request: async (api) => ({ applicationId: await withGovernmentRelief(api) }),
    },
    Approve: { caller: caseworker, request: async (api) => ({ applicationId: await assessed(api) }) },
    Reject: {
      caller: caseworker,
      request: async (api) => ({ applicationId: await submitted(api), reason: '材料不实' }),
    },
    RequestInformation: {
      caller: caseworker,
      request: async (api) => ({ applicationId: await submitted(api), requested: '财产损失证明' }),
    },
    RecordDisbursement: {
      caller: caseworker,
      request: async (api) => {
        const applicationId = await assessed(api);
        const approved = applicationOf(await call(api, 'Approve', { applicationId }, caseworker));
        return {
          applicationId,
          amountFen: approved.approvedFen,
          paymentRef: api.unique('PAY'),
          paidOn: today(),
        };
      },
    },
    Withdraw: {
      caller: caseworker,
      request: async (api) => ({ applicationId: await submitted(api), reason: 'the family found other help' }),
    },
    GetApplication: { caller: caseworker, request: async (api) => ({ applicationId: await submitted(api) }) },
    ListApplications: {
      caller: caseworker,
      request: async (api) => {
        await submitted(api);
        return { city: '320300', status: 'submitted', pageSize: 50 };
      },
    },
    ContributeToFund: { caller: federation, request: (api) => Promise.resolve(contributionRequest(api)) },
    GetFundBalance: {
      caller: caseworker,
      request: async (api) => {
        await call(api, 'ContributeToFund', contributionRequest(api), federation);
        return { programmeId: PROGRAMME };
      },
    },
    ExportPersonRecords: {
      caller: privacyOfficer,
      request: async (api) => ({
        personRef: applicationOf(await call(api, 'SubmitApplication', submitRequest(api), caseworker)).personRef,
      }),
    },
  },
};
