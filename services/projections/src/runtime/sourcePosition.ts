import type { SourcePosition } from '@carebridge/document-store';
import type { ProjectionContext, ProjectionEvent } from '@carebridge/projection-runner';

/**
 * What makes applying an event idempotent here. Versions only grow along one (topic, record key, stream):
 * one stream may publish to several topics (a hotline case emits referral.Requested on referrals.v1) and under
 * several keys (referrals are keyed by referral id), and those arrive in no particular order between them.
 */
export const sourceOf = (event: ProjectionEvent, ctx: Pick<ProjectionContext, 'record'>): SourcePosition => ({
  stream: `${event.topic}/${ctx.record.key}/${event.streamId}`,
  version: event.version,
});
