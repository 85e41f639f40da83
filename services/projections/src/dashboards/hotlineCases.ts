import type { DocumentStore } from '@carebridge/document-store';
import type { Projection } from '@carebridge/projection-runner';
import { str } from '../journey/eventFields';
import { sourceOf } from '../runtime/sourcePosition';
import type { TopicNames } from '../topics';

/** One hotline case as the dashboard counts it: where, what, how far, and which deadlines it missed. */
export type HotlineCaseRow = {
  readonly id: string;
  readonly province: string;
  readonly prefecture: string;
  readonly county?: string;
  readonly caseType: string;
  readonly urgency: string;
  readonly status: 'open' | 'assigned' | 'accepted' | 'closed';
  readonly openedAt: string;
  readonly closedAt?: string;
  /** Stages done after their deadline or reported breached (acceptance, firstAction, reply, resolution). */
  readonly breachedStages: readonly string[];
  readonly escalations: number;
};

type Incoming = { readonly type: string; readonly data: Readonly<Record<string, unknown>> };

/** Pure: the row after one hotline.cases.v1 event (undefined: nothing to count yet). */
export const evolveHotlineCase = (row: HotlineCaseRow | undefined, event: Incoming): HotlineCaseRow | undefined => {
  const d = event.data;
  const breach = (stage: string | undefined): readonly string[] =>
    row && stage && !row.breachedStages.includes(stage)
      ? [...row.breachedStages, stage].sort()
      : (row?.breachedStages ?? []);
  switch (event.type) {
    case 'hotline.CaseOpened':
      return {
        id: str(d, 'caseId')!,
        province: str(d, 'province')!,
        prefecture: str(d, 'prefecture')!,
        caseType: str(d, 'caseType')!,
        urgency: str(d, 'urgency')!,
        status: 'open',
        openedAt: str(d, 'openedAt')!,
        breachedStages: [],
        escalations: 0,
      };
    case 'hotline.CaseAssigned':
      return row && { ...row, county: str(d, 'county')!, status: row.status === 'closed' ? row.status : 'assigned' };
    case 'hotline.CaseAccepted':
      return (
        row && {
          ...row,
          county: str(d, 'county')!,
          status: 'accepted',
          breachedStages: d.late === true ? breach('acceptance') : row.breachedStages,
        }
      );
    case 'hotline.CaseClosed':
      return row && { ...row, status: 'closed', closedAt: str(d, 'at')! };
    case 'hotline.CaseReopened':
      return row && { ...row, status: row.county ? 'accepted' : 'open' };
    case 'hotline.DeadlineBreached':
      return row && { ...row, breachedStages: breach(str(d, 'stage')) };
    case 'hotline.CaseEscalated':
      return row && { ...row, escalations: row.escalations + 1 };
    default:
      return row;
  }
};

export const hotlineCaseRows = (documents: DocumentStore) =>
  documents.collection<HotlineCaseRow>('dashHotlineCases', { indexes: ['prefecture'] });

export const createHotlineCasesProjection = (deps: { documents: DocumentStore; topics: TopicNames }): Projection => {
  const rows = hotlineCaseRows(deps.documents);
  return {
    name: 'hotline-cases',
    topics: [deps.topics.of('hotline.cases.v1')],
    async handle(event, ctx) {
      const caseId = str(event.data, 'caseId');
      if (!caseId || !event.type.startsWith('hotline.')) return;
      await rows.applyOnce(caseId, sourceOf(event, ctx), (current) => evolveHotlineCase(current, event));
    },
    reset: () => rows.deleteAll(),
  };
};
