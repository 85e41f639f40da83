import { DomainRuleError, ValidationError } from '@carebridge/decider';
import type { CallContext } from '@carebridge/grpc-kit';
import { InvalidPersonalDataError } from '@carebridge/personal-data';
import type { TargetInput } from '../application/requestValidation';
import type { ContactInput } from '../domain/validateContact';

/** Request messages as the kit's loader hands them over (lowerCamel fields, absent messages as null). */
export type CallerMessage = { name: string; phone: string; relation: string; anonymous: boolean };
export type ChildMessage = {
  childRef: string;
  name: string;
  age?: number;
  birthDate: string;
  idNumber: string;
  locationDivision: string;
  locationDetail: string;
};
export type RecordContactRequest = {
  channel: string;
  caller: CallerMessage | null;
  child: ChildMessage | null;
  caseType: string;
  urgency: string;
  narrative: string;
  receivedAt: string;
};
export type ReferCaseRequest = {
  caseId: string;
  target: { hotline?: string; programme?: { programme: string; request: string; serviceId: string } } | null;
  note: string;
};

const present = (value: string | undefined): string | undefined => (value === '' ? undefined : value);

/** RecordContactRequest → the application's contact input; empty strings mean "not given". */
export const contactInputOf = (req: RecordContactRequest, now: Date): ContactInput => {
  const caller = req.caller ?? { name: '', phone: '', relation: '', anonymous: false };
  const child = req.child ?? {
    childRef: '',
    name: '',
    birthDate: '',
    idNumber: '',
    locationDivision: '',
    locationDetail: '',
  };
  const optional = (key: string, value: string | number | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    channel: req.channel,
    caller: {
      relation: caller.relation,
      anonymous: caller.anonymous,
      ...optional('name', present(caller.name)),
      ...optional('phone', present(caller.phone)),
    },
    child: {
      name: child.name,
      locationDivision: child.locationDivision,
      ...optional('childRef', present(child.childRef)),
      ...optional('age', child.age),
      ...optional('birthDate', present(child.birthDate)),
      ...optional('idNumber', present(child.idNumber)),
      ...optional('locationDetail', present(child.locationDetail)),
    },
    caseType: req.caseType,
    urgency: req.urgency,
    narrative: req.narrative,
    receivedAt: req.receivedAt || now.toISOString(),
  };
};

export const targetOf = (req: ReferCaseRequest): TargetInput => {
  const programme = req.target?.programme;
  return {
    ...(req.target?.hotline ? { hotline: req.target.hotline } : {}),
    ...(programme
      ? {
          programme: programme.programme,
          request: programme.request,
          ...(programme.serviceId ? { serviceId: programme.serviceId } : {}),
        }
      : {}),
  };
};

/** Writes need the caller's idempotency key (metadata `idempotency-key`): ids and retries hang on it. */
export const keyOf = (ctx: CallContext): string => {
  if (!ctx.commandId)
    throw new ValidationError([
      { field: 'idempotency_key', description: 'is required on every write (metadata idempotency-key)' },
    ]);
  return ctx.commandId;
};

/** `child.locationDivision` → `child.location_division`: violations name fields as the .proto writes them. */
export const protoPath = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const withProtoPaths = (err: unknown): unknown => {
  if (err instanceof ValidationError)
    return new ValidationError(err.violations.map((v) => ({ ...v, field: protoPath(v.field) })));
  // The schema check made before sealing: a length or format the edge checks did not catch.
  if (err instanceof InvalidPersonalDataError) {
    return new ValidationError(
      err.violations.map((v) => ({
        field: protoPath(v.path.replace(/^\//, '').replace(/\//g, '.')),
        description: v.message,
      })),
    );
  }
  if (err instanceof DomainRuleError && err.field)
    return new DomainRuleError(err.message, err.code, protoPath(err.field));
  return err;
};
