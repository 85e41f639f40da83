import { weeklyCalendar, type WeeklyCalendar, type WeeklySlot } from '../availability';
import { emptyLedger, evolveLedger, type Caps, type LedgerState } from '../ledger';

/**
 * What dispatch knows of each volunteer, kept in memory and looked up by community. It is a read model:
 * it may lag a moment behind the ledgers, which is safe because the ledger append re-checks every cap.
 */
export type Candidate = {
  readonly volunteerId: string;
  readonly active: boolean;
  readonly skills: ReadonlySet<string>;
  readonly homeCommunity: string;
  readonly servedCommunities: readonly string[];
  readonly calendar: WeeklyCalendar;
  readonly caps: Caps;
  readonly ledger: LedgerState;
};

export type CandidateIndex = {
  readonly size: number;
  get(volunteerId: string): Candidate | undefined;
  /** Volunteers whose home or served communities include the code. */
  servingCommunity(code: string): readonly Candidate[];
  /**
   * Applies one volunteer event (by stream id) — registration, profile, status and ledger events. With a
   * version, an event at or below the last applied version of that stream is ignored (redelivery, catch-up).
   */
  apply(
    streamId: string,
    event: { readonly type: string; readonly data: Record<string, unknown> },
    version?: number,
  ): void;
};

export const volunteerStreamId = (volunteerId: string): string => `volunteer-${volunteerId}`;
const volunteerIdOf = (streamId: string): string => streamId.slice('volunteer-'.length);

type ProfileData = {
  skills?: string[];
  homeCommunity?: string;
  servedCommunities?: string[];
  availability?: WeeklySlot[];
  caps?: Caps;
};
type LedgerKind = 'reserved' | 'confirmed' | 'released' | 'credited';
const ledgerKinds: Record<string, LedgerKind> = {
  'dispatch.VolunteerTaskReserved': 'reserved',
  'dispatch.VolunteerTaskConfirmed': 'confirmed',
  'dispatch.VolunteerTaskReleased': 'released',
  'dispatch.VolunteerHoursCredited': 'credited',
};

export const createCandidateIndex = (): CandidateIndex => {
  const byId = new Map<string, Candidate>();
  const byCommunity = new Map<string, Map<string, Candidate>>();
  const applied = new Map<string, number>();

  const communitiesOf = (c: Candidate): Set<string> => new Set([c.homeCommunity, ...c.servedCommunities]);
  const put = (next: Candidate, previous: Candidate | undefined): void => {
    if (previous) for (const code of communitiesOf(previous)) byCommunity.get(code)?.delete(previous.volunteerId);
    byId.set(next.volunteerId, next);
    for (const code of communitiesOf(next)) {
      let members = byCommunity.get(code);
      if (!members) byCommunity.set(code, (members = new Map<string, Candidate>()));
      members.set(next.volunteerId, next);
    }
  };

  return {
    get size() {
      return byId.size;
    },
    get: (id) => byId.get(id),
    servingCommunity: (code) => [...(byCommunity.get(code)?.values() ?? [])],
    apply(streamId, event, version) {
      if (version !== undefined) {
        if ((applied.get(streamId) ?? 0) >= version) return;
        applied.set(streamId, version);
      }
      const id = volunteerIdOf(streamId);
      const previous = byId.get(id);
      if (event.type === 'dispatch.VolunteerRegistered') {
        const d = event.data as Required<ProfileData>;
        put(
          {
            volunteerId: id,
            active: true,
            skills: new Set(d.skills),
            homeCommunity: d.homeCommunity,
            servedCommunities: d.servedCommunities,
            calendar: weeklyCalendar(d.availability),
            caps: d.caps,
            ledger: emptyLedger(),
          },
          undefined,
        );
        return;
      }
      if (!previous) return;
      switch (event.type) {
        case 'dispatch.VolunteerProfileChanged': {
          const d = event.data as ProfileData;
          put(
            {
              ...previous,
              ...(d.skills ? { skills: new Set(d.skills) } : {}),
              ...(d.servedCommunities ? { servedCommunities: d.servedCommunities } : {}),
              ...(d.availability ? { calendar: weeklyCalendar(d.availability) } : {}),
              ...(d.caps ? { caps: d.caps } : {}),
            },
            previous,
          );
          return;
        }
        case 'dispatch.VolunteerSuspended':
        case 'dispatch.VolunteerReactivated':
          put({ ...previous, active: event.type === 'dispatch.VolunteerReactivated' }, previous);
          return;
        default: {
          const kind = ledgerKinds[event.type];
          if (!kind) return;
          const ledger = evolveLedger(previous.ledger, { kind, data: event.data } as Parameters<
            typeof evolveLedger
          >[1]);
          put({ ...previous, ledger }, previous);
        }
      }
    },
  };
};
