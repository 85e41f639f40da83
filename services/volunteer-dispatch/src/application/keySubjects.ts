import { personSubject } from '@carebridge/identity';
import type { KeySubjectOf } from '@carebridge/personal-data';

/**
 * Whose key seals dispatch's personal fields (names, ID numbers, phones, addresses, notes): a volunteer's own key;
 * a requester's person key (or the order's when anonymous). Deciders never need the fields, so reads stay sealed;
 * the few queries that show them open them explicitly.
 */
export const dispatchKeySubjectOf: KeySubjectOf = (subject, data, streamId) => {
  if (subject === 'volunteer') return `dispatch-volunteer:${String(data.volunteerId)}`;
  const requester = data.requester as { personRef?: string } | undefined;
  if (subject === 'requester' && requester?.personRef) return personSubject(requester.personRef);
  return `dispatch-${subject}:${streamId}`;
};
