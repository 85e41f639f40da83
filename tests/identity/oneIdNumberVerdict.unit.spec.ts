// One verdict everywhere: every row of the one ID number table goes through the request validation each programme
// runs on an incoming request that carries a resident ID number, and each programme must agree with the table:
// the same valid/invalid verdict, the same description under its own field name, and the same stored normal form.
// Pure functions only: no engines, no clock (inputs carry their own timestamps).
import { ValidationError } from '@carebridge/decider';
import * as divisions from '@carebridge/divisions';
import { idNumberTable, type IdNumberRow } from '@carebridge/identity/testing';
import { contactInputOf, type RecordContactRequest } from '../../services/hotline/src/grpc/requests';
import { qinghai } from '../../services/hotline/src/domain/jurisdictions';
import { validateContact } from '../../services/hotline/src/domain/validateContact';
import { parseRefer, parseSubmit } from '../../services/relief-intake/src/grpc/requests';
import { createChecks } from '../../services/relief-intake/src/grpc/validation';
import {
  directory as dispatchDirectory,
  JILIN,
} from '../../services/volunteer-dispatch/src/domain/dispatch/dispatchFixture';
import { registrationInput, type RegisterVolunteerRequest } from '../../services/volunteer-dispatch/src/grpc/requests';

type Violation = { readonly field: string; readonly description: string };

/** What a programme made of one request: its violations, and the ID number it would store when there are none. */
type Outcome = { readonly violations: readonly Violation[]; readonly stored?: string | undefined };

const violationsThrownBy = (run: () => void): Violation[] => {
  try {
    run();
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return [...error.violations];
  }
};

const hotlineJurisdictions = qinghai();

/** Hotline RecordContact: a child in Datong county (Xining), the ID number the only questionable field. */
const hotlineRecordContact = (idNumber: string): Outcome => {
  const request: RecordContactRequest = {
    channel: 'phone',
    caller: { name: '王老师', phone: '13800000000', relation: 'teacher', anonymous: false },
    child: {
      childRef: '',
      name: '小明',
      age: 9,
      birthDate: '',
      idNumber,
      locationDivision: '630121',
      locationDetail: '',
    },
    caseType: 'living_hardship',
    urgency: 'urgent',
    narrative: 'no food at home',
    receivedAt: '2026-03-01T08:00:00.000Z',
  };
  // The handler's own steps: the request mapped to a contact input, then the contact validation recordContact runs.
  const input = contactInputOf(request, new Date('2026-03-01T08:00:00.000Z'));
  return { violations: validateContact(input, hotlineJurisdictions) };
};

/** Relief SubmitApplication (and CompleteDraft, which parses the same form): a Xuzhou applicant. */
const reliefSubmit = (idNumber: string): Outcome => {
  const checks = createChecks(divisions);
  const parsed = parseSubmit(checks, {
    form: {
      applicant: { name: '张三', idNumber, phone: '13800000000' },
      householdDivision: '320321',
      standard: 'major_illness',
      amounts: { medicalTotalFen: '5000000', medicalInsuranceReimbursedFen: '0' },
      description: '',
    },
  });
  return { violations: violationsThrownBy(() => checks.done()), stored: parsed.form.applicant.idNumber };
};

/** Relief ReferPerson: an agency refers a person; the ID number is optional there, but checked when given. */
const reliefRefer = (idNumber: string): Outcome => {
  const checks = createChecks(divisions);
  const parsed = parseRefer(checks, {
    referringAgency: '徐州市妇联',
    agencyCaseId: 'fed-1',
    agencyDivision: '320300',
    name: '李四',
    idNumber,
    householdDivision: '320321',
    requestedStandard: 'major_illness',
  });
  return { violations: violationsThrownBy(() => checks.done()), stored: parsed.person.idNumber };
};

/** Volunteer dispatch RegisterVolunteer: real-name registration in Jilin community. */
const dispatchRegisterVolunteer = (idNumber: string): Outcome => {
  const request: RegisterVolunteerRequest = {
    name: '叶九思',
    idNumber,
    phone: '13900000000',
    skills: ['pharmacy'],
    homeCommunity: JILIN,
    servedCommunities: [],
    availability: [{ weekday: 1, from: '14:00', to: '22:00' }],
    maxConcurrentTasks: 2,
    maxHoursPerDay: 8,
  };
  let stored: string | undefined;
  const violations = violationsThrownBy(() => {
    stored = registrationInput(request, dispatchDirectory).idNumber;
  });
  return { violations, stored };
};

const programmes: readonly (readonly [string, string, (idNumber: string) => Outcome])[] = [
  ['hotline RecordContact', 'child.idNumber', hotlineRecordContact],
  ['relief-intake SubmitApplication', 'form.applicant.id_number', reliefSubmit],
  ['relief-intake ReferPerson', 'id_number', reliefRefer],
  ['volunteer-dispatch RegisterVolunteer', 'id_number', dispatchRegisterVolunteer],
];

const cases = programmes.flatMap(([programme, field, run]) =>
  idNumberTable.map((row) => [programme, row.label, field, run, row] as const),
);

describe('one verdict on a resident ID number in every programme', () => {
  it('runs a table with valid and invalid rows through four entry points', () => {
    expect(idNumberTable.some((row) => row.problem === undefined)).toBe(true);
    expect(idNumberTable.some((row) => row.problem !== undefined)).toBe(true);
    expect(cases).toHaveLength(idNumberTable.length * programmes.length);
  });

  test.each(cases)('%s: %s', (_programme, _label, field, run: (idNumber: string) => Outcome, row: IdNumberRow) => {
    const outcome = run(row.raw);
    if (row.problem === undefined) {
      expect(outcome.violations).toEqual([]);
      if ('stored' in outcome) expect(outcome.stored).toBe(row.normal);
    } else {
      expect(outcome.violations).toEqual([{ field, description: row.problem }]);
    }
  });
});
