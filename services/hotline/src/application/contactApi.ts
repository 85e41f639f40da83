import { NotFoundError, ValidationError } from '@carebridge/decider';
import type { RecordedEvent } from '@carebridge/event-store';
import { normaliseIdNumber } from '@carebridge/identity';
import { authorise, type Principal } from '../domain/access';
import { contactDecider, type ContactEvent, type ContactRecord, type ContactState } from '../domain/contact';
import { validateContact, type ContactInput } from '../domain/validateContact';
import type { Audit } from './audit';
import type { CaseHandler } from './caseHandler';
import { ids } from './ids';
import { contactKey } from './personalDataAdapter';
import { streams, type HotlineDeps } from './ports';

const foldContact = (events: readonly RecordedEvent[]): ContactState =>
  events.reduce((s, e) => contactDecider.evolve(s, e as unknown as ContactEvent), contactDecider.initialState());

/** Intake at the prefecture (市州级受理): record contacts, open a case from them. */
export const createContactApi = (deps: HotlineDeps, cases: CaseHandler, audit: Audit) => {
  const { eventStore, personalData, jurisdictions, clock } = deps;
  const childRefOfNumber = (idNumber: string | undefined): string | undefined =>
    idNumber && deps.childRefOf ? deps.childRefOf(idNumber) : undefined;

  const loadContact = async (contactId: string) => {
    const stored = await eventStore.readStream(streams.contact(contactId));
    const opened = await personalData.openEvents(stored);
    return { state: foldContact(opened), version: stored.at(-1)?.version ?? 0 };
  };

  const by = (principal: Principal) => ({
    subject: principal.subject,
    role: principal.roles.join(','),
    division: principal.division,
  });

  return {
    async recordContact(
      principal: Principal,
      input: ContactInput,
      key: string,
    ): Promise<{ contactId: string; childRef: string }> {
      const violations = validateContact(input, jurisdictions);
      if (violations.length > 0) throw new ValidationError(violations);
      const scope = jurisdictions.scopeOf(input.child.locationDivision)!;
      const contactId = ids.contact(principal.subject, key);
      await cases.check({ principal, rpc: 'RecordContact', operation: 'recordContact' }, contactId, scope);
      const existing = await loadContact(contactId);
      if (existing.state.status === 'recorded') return { contactId, childRef: existing.state.contact.child.childRef };
      // A given child_ref names a known child; otherwise the suite's reference of the ID number when there is one
      // (the same person in every programme), else a new random one that referrals carry to other programmes.
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- an empty child_ref (proto3's unset) asks for a new child too
      const childRef = input.child.childRef || childRefOfNumber(input.child.idNumber) || ids.child();
      const { name, phone, relation, anonymous } = input.caller;
      const c = input.child;
      const record: ContactRecord = {
        contactId,
        channel: input.channel as ContactRecord['channel'],
        prefecture: scope.prefecture,
        caller: { relation, anonymous: Boolean(anonymous), ...(name ? { name } : {}), ...(phone ? { phone } : {}) },
        child: {
          childRef,
          name: c.name,
          locationDivision: c.locationDivision,
          ...(c.age !== undefined ? { age: c.age } : {}),
          ...(c.birthDate ? { birthDate: c.birthDate } : {}),
          ...(c.idNumber ? { idNumber: normaliseIdNumber(c.idNumber) } : {}),
          ...(c.locationDetail ? { locationDetail: c.locationDetail } : {}),
        },
        caseType: input.caseType as ContactRecord['caseType'],
        urgency: input.urgency as ContactRecord['urgency'],
        narrative: input.narrative,
        receivedAt: new Date(input.receivedAt).toISOString(),
        recordedBy: by(principal),
      };
      const events = contactDecider.decide({ type: 'RecordContact', data: record }, existing.state);
      await personalData
        .sealedFor(contactKey(contactId, childRef))
        .append(streams.contact(contactId), events, { expectedVersion: 0, commandId: key });
      return { contactId, childRef };
    },

    async openCase(principal: Principal, contactIds: readonly string[], key: string): Promise<{ caseId: string }> {
      if (contactIds.length === 0 || contactIds.some((id) => !id)) {
        throw new ValidationError([{ field: 'contact_ids', description: 'give one or more contact ids' }]);
      }
      const caller = { principal, rpc: 'OpenCase', operation: 'openCase' as const };
      const caseId = ids.case(principal.subject, key);
      const contacts: (ContactRecord & { caseId?: string })[] = [];
      for (const contactId of contactIds) {
        const { state } = await loadContact(contactId);
        if (state.status === 'none') throw new NotFoundError(`contact ${contactId} not found`);
        await cases.check(caller, contactId, jurisdictions.scopeOf(state.contact.child.locationDivision));
        contacts.push({ ...state.contact, ...(state.caseId ? { caseId: state.caseId } : {}) });
      }
      const loaded = await cases.load(caseId);
      const decided = cases.decider.decide(
        { type: 'OpenCase', data: { caseId, contacts, at: clock().toISOString(), by: by(principal) } },
        loaded.state,
      );
      await cases.commit(caseId, loaded, decided, key, principal);
      for (const contactId of contactIds) {
        const { state, version } = await loadContact(contactId);
        const linked = contactDecider.decide(
          { type: 'LinkContact', data: { contactId, caseId, at: clock().toISOString() } },
          state,
        );
        if (linked.length > 0)
          await eventStore.append(streams.contact(contactId), linked, {
            expectedVersion: version,
            commandId: `${key}:link`,
          });
      }
      await audit({ target: caseId, rpc: 'OpenCase', principal, decision: 'allowed' });
      return { caseId };
    },

    /** Whether the principal may see this contact at all (used by reads). */
    async visibleContact(principal: Principal, contactId: string) {
      const { state } = await loadContact(contactId);
      if (state.status === 'none') return undefined;
      const scope = jurisdictions.scopeOf(state.contact.child.locationDivision);
      return scope && authorise(principal, jurisdictions, 'readCase', scope) ? state.contact : undefined;
    },
  };
};
export type ContactApi = ReturnType<typeof createContactApi>;
