import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createAuthenticator, GrpcStatus, mapError, type AuthOptions, type Principal } from '@carebridge/grpc-kit';
import { PermissionDeniedError } from '@carebridge/decider';
import { publicRoute, text, type ParamKinds, type RouteDeclaration } from '@carebridge/service-host';
import { ADMIN_ROLES, READER_ROLES } from '../access/jurisdiction';
import type { Queries } from '../queries';
import type { ReadModels } from '../runtime/readModels';
import { journeyMessage } from './journeyMessage';

const HTTP_STATUS: Partial<Record<number, number>> = {
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.UNAUTHENTICATED]: 401,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.NOT_FOUND]: 404,
};

type Authed = Request & { principal?: Principal };

/**
 * Every route here answers one caller's token within their jurisdiction (journeys carry pseudonymous person
 * refs): never stored by a browser or a shared cache.
 */
const personal = <S extends ParamKinds>(query: S): RouteDeclaration<S> => ({ cache: 'no-store', query });
const ID = text({ maxLength: 128 });
const DIVISION = text({ maxLength: 12 });

/**
 * The same queries as the gRPC API over JSON for dashboards (same JWT, same roles, same jurisdiction rules):
 * GET /v1/journeys?case_id=|application_id=|person_ref=, /v1/dashboards/relief-fund?city=,
 * /v1/dashboards/hotline-cases?prefecture=, /v1/dashboards/referral-conversion?to=,
 * POST /v1/admin/rebuild/:model, GET /v1/admin/lag/:model.
 */
export const mountHttpRoutes = (app: Express, queries: Queries, readModels: ReadModels, auth: AuthOptions): void => {
  const authenticate = createAuthenticator(auth);
  const requireRoles = (roles: readonly string[]) => async (req: Authed, _res: Response, next: NextFunction) => {
    try {
      req.principal = await authenticate(req.header('authorization'));
      if (!req.principal.roles.some((r) => roles.includes(r)))
        throw new PermissionDeniedError(`needs one of the roles ${roles.join(', ')}`);
      next();
    } catch (error) {
      next(error);
    }
  };
  const viewer = (req: Authed) => ({ roles: req.principal!.roles, division: req.principal!.division });
  const router = express.Router();
  // The token is checked before the query: a caller without one learns nothing about the parameters.
  router.get(
    '/journeys',
    requireRoles(READER_ROLES),
    publicRoute(personal({ case_id: ID, application_id: ID, person_ref: ID }), async (params, req: Authed, res) => {
      const journeys = await queries.journeys(viewer(req), {
        caseId: params.case_id,
        applicationId: params.application_id,
        personRef: params.person_ref,
      });
      res.json({ journeys: journeys.map(journeyMessage) });
    }),
  );
  router.get(
    '/dashboards/relief-fund',
    requireRoles(READER_ROLES),
    publicRoute(personal({ city: DIVISION }), async (params, req: Authed, res) => {
      res.json({ rows: await queries.fundUse(viewer(req), params.city ? { city: params.city } : {}) });
    }),
  );
  router.get(
    '/dashboards/hotline-cases',
    requireRoles(READER_ROLES),
    publicRoute(personal({ prefecture: DIVISION }), async (params, req: Authed, res) => {
      res.json({
        rows: await queries.hotlineCases(viewer(req), params.prefecture ? { prefecture: params.prefecture } : {}),
      });
    }),
  );
  router.get(
    '/dashboards/referral-conversion',
    requireRoles(READER_ROLES),
    publicRoute(personal({ to: text({ maxLength: 64 }) }), async (params, req: Authed, res) => {
      res.json({ rows: await queries.referralConversion(viewer(req), params.to ? { to: params.to } : {}) });
    }),
  );
  router.post(
    '/admin/rebuild/:model',
    requireRoles(ADMIN_ROLES),
    publicRoute(personal({}), async (_params, req: Authed, res) => {
      const model = String(req.params.model);
      if (!readModels.names.includes(model))
        return void res.status(400).json({
          error: { field: 'model', description: `unknown read model; one of ${readModels.names.join(', ')}` },
        });
      res.json(await readModels.rebuild(model));
    }),
  );
  router.get(
    '/admin/lag/:model',
    requireRoles(ADMIN_ROLES),
    publicRoute(personal({}), async (_params, req: Authed, res) => {
      const model = String(req.params.model);
      if (!readModels.names.includes(model))
        return void res.status(400).json({
          error: { field: 'model', description: `unknown read model; one of ${readModels.names.join(', ')}` },
        });
      res.json({ model, ...(await readModels.lag(model)) });
    }),
  );
  app.use('/v1', router);
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- express tells an error handler by its four parameters
  app.use('/v1', (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const mapped = mapError(error, 'projections');
    res.status(HTTP_STATUS[mapped.code] ?? 500).json({
      error: {
        code: GrpcStatus[mapped.code],
        message: mapped.message,
        ...(mapped.fieldViolations ? { fieldViolations: mapped.fieldViolations } : {}),
      },
    });
  });
};
