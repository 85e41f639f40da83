import { ValidationError } from '@carebridge/decider';
import { unary, type CallContext, type ServiceHandlers } from '@carebridge/grpc-kit';
import { ADMIN_ROLES, READER_ROLES } from '../access/jurisdiction';
import type { Queries } from '../queries';
import type { ReadModels } from '../runtime/readModels';
import { UnknownReadModelError } from '../runtime/readModels';
import { journeyMessage } from './journeyMessage';

export const PROJECTIONS_SERVICE = 'carebridge.projections.v1.Projections';
export const PROTO_FILES = ['carebridge/projections/v1/projections.proto'];

type Text = Readonly<Record<string, string | undefined>>;

/** Model names are checked here so a typo is INVALID_ARGUMENT on `model`, not an internal error. */
const modelOf = (readModels: ReadModels, model: string | undefined): string => {
  if (!model)
    throw new ValidationError([{ field: 'model', description: `is required: one of ${readModels.names.join(', ')}` }]);
  if (!readModels.names.includes(model))
    throw new ValidationError([
      { field: 'model', description: new UnknownReadModelError(model, readModels.names).message },
    ]);
  return model;
};

const viewerOf = (ctx: CallContext) => ({ roles: ctx.principal.roles, division: ctx.principal.division });

/** The gRPC table of carebridge.projections.v1.Projections. */
export const projectionsHandlers = (queries: Queries, readModels: ReadModels): ServiceHandlers => ({
  GetJourney: unary(
    async (req: Text, ctx) => {
      const journeys = await queries.journeys(viewerOf(ctx), {
        caseId: req.caseId,
        applicationId: req.applicationId,
        personRef: req.personRef,
      });
      return { journeys: journeys.map(journeyMessage) };
    },
    { roles: READER_ROLES },
  ),
  GetReliefFundUse: unary(
    async (req: Text, ctx) => ({
      rows: await queries.fundUse(viewerOf(ctx), req.city ? { city: req.city } : {}),
    }),
    { roles: READER_ROLES },
  ),
  GetHotlineCaseStats: unary(
    async (req: Text, ctx) => ({
      rows: await queries.hotlineCases(viewerOf(ctx), req.prefecture ? { prefecture: req.prefecture } : {}),
    }),
    { roles: READER_ROLES },
  ),
  GetReferralConversion: unary(
    async (req: Text, ctx) => ({
      rows: await queries.referralConversion(viewerOf(ctx), req.to ? { to: req.to } : {}),
    }),
    { roles: READER_ROLES },
  ),
  RebuildReadModel: unary(
    async (req: Text) => {
      const result = await readModels.rebuild(modelOf(readModels, req.model));
      return { model: result.projection, events: String(result.events), durationMs: String(result.durationMs) };
    },
    { roles: ADMIN_ROLES },
  ),
  GetLag: unary(
    async (req: Text) => {
      const model = modelOf(readModels, req.model);
      const lag = await readModels.lag(model);
      return {
        model,
        total: String(lag.total),
        partitions: lag.partitions.map((p) => ({
          ...p,
          committed: String(p.committed),
          end: String(p.end),
          lag: String(p.lag),
        })),
      };
    },
    { roles: ADMIN_ROLES },
  ),
});
