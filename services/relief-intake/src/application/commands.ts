import { ValidationError } from '@carebridge/decider';
import { normaliseIdNumber } from '@carebridge/identity';
import type { ApplicationForm, ApplicationState } from '../domain/application/application';
import type { ApplicationCommand } from '../domain/application/decide';
import { grantDecider, grantStreamId, type GrantEvent } from '../domain/grant/grant';
import { projectSummary } from './applicationSummaries';
import type { ReliefContext } from './context';
import { actorOf, requireJurisdiction, staffOf, STAFF_ROLES, type Principal } from './principal';

/** A call as the adapter hands it over: who, with which idempotency key. */
export type Call = { readonly principal: Principal; readonly commandId: string };

/** The form as validated at the edge: everything but the derived pseudonym and city. */
export type FormInput = Omit<ApplicationForm, 'personRef' | 'city'>;

export type Result = { readonly applicationId: string; readonly state: ApplicationState; readonly version: number };

export const createReliefCommands = (ctx: ReliefContext) => {
  const now = () => ctx.clock().toISOString();
  const completeForm = (input: FormInput): ApplicationForm => ({
    ...input,
    applicant: { ...input.applicant, idNumber: normaliseIdNumber(input.applicant.idNumber) },
    personRef: ctx.personRefOf(input.applicant.idNumber),
    city: ctx.cityOf(input.householdDivision),
  });

  /** Keeps the list view in step with what was just written (applyOnce makes a later rebuild harmless). */
  const project = async (applicationId: string, fromVersion: number): Promise<void> => {
    const streamId = `relief-application-${applicationId}`;
    for (const event of await ctx.eventStore.readStream(streamId, { fromVersion }))
      await projectSummary(ctx.summaries, event, ctx.personRefIn);
  };

  /** Staff acting on `division` (an application's city, or where a write puts one); refused before anything else. */
  const staffFor = (call: Call, division: string) =>
    staffOf(call.principal, requireJurisdiction(call.principal, division, ctx.directory));

  type Loaded = Awaited<ReturnType<typeof ctx.applications.loadExisting>>;

  /** The rule for acting on a stored application: the caller covers the city it lies in. */
  const staffOver = (call: Call, loaded: Loaded) => staffFor(call, ctx.divisionOfApplication(loaded.state));

  /** Loads an application and checks the caller's jurisdiction over it before anything reads its state. */
  const loadFor = async (call: Call, applicationId: string, access = staffOver) => {
    const loaded = await ctx.applications.loadExisting(applicationId);
    return { loaded, by: access(call, loaded) };
  };

  const run = async (
    applicationId: string,
    call: Call,
    command: (
      by: ReturnType<typeof staffOf>,
      state: ApplicationState,
    ) => ApplicationCommand | undefined | Promise<ApplicationCommand | undefined>,
    access = staffOver,
  ) => {
    const { loaded, by } = await loadFor(call, applicationId, access);
    const built = await command(by, loaded.state);
    if (!built) return { applicationId, state: loaded.state, version: loaded.version };
    const done = await ctx.applications.decideAndAppend(applicationId, loaded, built, call.commandId, actorOf(by));
    await project(applicationId, loaded.version + 1);
    return { applicationId, state: done.state, version: done.version };
  };

  return {
    async submit(call: Call, input: { programmeId?: string; form: FormInput }): Promise<Result> {
      const programme = ctx.programmeFor(input.programmeId, input.form.householdDivision);
      if (!programme)
        throw new ValidationError([{ field: 'programme_id', description: `unknown programme ${input.programmeId}` }]);
      const form = completeForm(input.form);
      const by = staffFor(call, form.city);
      const applicationId = ctx.derivedId('app', call.principal.subject, call.commandId);
      const loaded = await ctx.applications.load(applicationId);
      const done = await ctx.applications.decideAndAppend(
        applicationId,
        loaded,
        { type: 'Submit', applicationId, programmeId: programme.id, form, at: now(), by },
        call.commandId,
        actorOf(by),
      );
      await project(applicationId, loaded.version + 1);
      return { applicationId, state: done.state, version: done.version };
    },

    async refer(
      call: Call,
      input: {
        programmeId?: string;
        agency: string;
        agencyCaseId: string;
        agencyDivision: string;
        person: { name: string; idNumber?: string; phone?: string; division: string };
        requestedStandard: string;
        note?: string;
      },
    ): Promise<Result> {
      // The draft lies in the household's city: a caller who could not act on it there may not put it there.
      requireJurisdiction(call.principal, ctx.cityOf(input.person.division), ctx.directory, [
        ...STAFF_ROLES,
        'relief.federation',
      ]);
      const programme = ctx.programmeFor(input.programmeId, input.person.division);
      if (!programme)
        throw new ValidationError([{ field: 'programme_id', description: `unknown programme ${input.programmeId}` }]);
      const referralId = ctx.derivedId('agency', call.principal.subject, call.commandId);
      const applicationId = `ref-${referralId}`;
      const at = now();
      const { idNumber, phone, ...person } = input.person;
      const loaded = await ctx.applications.load(applicationId);
      const command: ApplicationCommand = {
        type: 'DraftFromReferral',
        applicationId,
        programmeId: programme.id,
        city: ctx.cityOf(input.person.division),
        at,
        referral: {
          referralId,
          // An agency outside the suite's programmes: recorded as who referred, no outcome events to report to.
          from: {
            programme: 'relief',
            caseId: `${input.agency}:${input.agencyCaseId}`,
            division: input.agencyDivision,
          },
          to: 'relief',
          request: { kind: input.requestedStandard, ...(input.note ? { note: input.note } : {}) },
          person: {
            ...person,
            personRef: idNumber ? ctx.personRefOf(idNumber) : referralId,
            ...(idNumber ? { idNumber: normaliseIdNumber(idNumber) } : {}),
            ...(phone ? { phone } : {}),
            isChild: false,
          },
          requestedAt: at,
        },
      };
      const done = await ctx.applications.decideAndAppend(applicationId, loaded, command, call.commandId, {
        subject: call.principal.subject,
        role: call.principal.roles.join(','),
        division: call.principal.division,
      });
      await project(applicationId, loaded.version + 1);
      return { applicationId, state: done.state, version: done.version };
    },

    async completeDraft(call: Call, applicationId: string, input: FormInput): Promise<Result> {
      const form = completeForm(input);
      // The form may put the application in another city: the caller must cover that city as well.
      const by = staffFor(call, form.city);
      // A draft referred from outside the programme's province (a hotline elsewhere) lies in no city the
      // programme serves: staff of the city the form names take it in. Anywhere else they must cover it too.
      const access = (_call: Call, loaded: Loaded) => {
        const lies = ctx.divisionOfApplication(loaded.state);
        const programme = ctx.programmeFor(loaded.state.programmeId, lies);
        if (programme && ctx.directory.isWithin(lies, programme.province)) staffOver(call, loaded);
        return by;
      };
      return run(applicationId, call, () => ({ type: 'CompleteDraft', form, at: now(), by }), access);
    },

    recordGovernmentRelief: (
      call: Call,
      applicationId: string,
      input: { scheme: string; amountFen: number; grantedOn: string },
    ) =>
      run(applicationId, call, (by) => ({
        type: 'RecordGovernmentRelief',
        recordId: call.commandId,
        ...input,
        at: now(),
        by,
      })),

    assess: (call: Call, applicationId: string): Promise<Result> =>
      run(applicationId, call, async (by, state) => {
        const form = state.form;
        let grantHeldBy: string | undefined;
        if (form) {
          const history = await ctx.eventStore.readStream(
            grantStreamId(state.programmeId!, form.standard, form.personRef),
          );
          grantHeldBy = (history as unknown as GrantEvent[]).reduce(
            grantDecider.evolve,
            grantDecider.initialState(),
          ).holder;
        }
        return { type: 'Assess', at: now(), by, ...(grantHeldBy ? { grantHeldBy } : {}) };
      }),

    async approve(call: Call, applicationId: string): Promise<Result> {
      const { loaded, by } = await loadFor(call, applicationId);
      const done = await ctx.money.approve(applicationId, loaded, { commandId: call.commandId, at: now(), by });
      await project(applicationId, loaded.version + 1);
      return { applicationId, state: done.state, version: done.version };
    },

    async close(call: Call, applicationId: string, kind: 'rejected' | 'withdrawn', reason?: string): Promise<Result> {
      const { loaded, by } = await loadFor(call, applicationId);
      const done = await ctx.money.close(applicationId, loaded, kind, reason, {
        commandId: call.commandId,
        at: now(),
        by,
      });
      await project(applicationId, loaded.version + 1);
      return { applicationId, state: done.state, version: done.version };
    },

    requestInformation: (call: Call, applicationId: string, requested: string) =>
      run(applicationId, call, (by) => ({ type: 'RequestInformation', requested, at: now(), by })),

    async disburse(
      call: Call,
      applicationId: string,
      payment: { amountFen: number; paymentRef: string; paidOn: string },
    ): Promise<Result> {
      const { loaded, by } = await loadFor(call, applicationId);
      const done = await ctx.money.disburse(applicationId, loaded, payment, {
        commandId: call.commandId,
        at: now(),
        by,
      });
      await project(applicationId, loaded.version + 1);
      return { applicationId, state: done.state, version: done.version };
    },
  };
};

export type ReliefCommands = ReturnType<typeof createReliefCommands>;
