import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createAuthenticator, GrpcStatus, mapError, type AuthOptions, type Principal } from '@carebridge/grpc-kit';
import { PermissionDeniedError } from '@carebridge/decider';
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

const q = (req: Request, name: string): string | undefined =>
  typeof req.query[name] === 'string' && req.query[name] !== '' ? req.query[name] : undefined;

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
  router.get('/journeys', requireRoles(READER_ROLES), async (req: Authed, res) => {
    const journeys = await queries.journeys(viewer(req), {
      caseId: q(req, 'case_id'),
      applicationId: q(req, 'application_id'),
      personRef: q(req, 'person_ref'),
    });
    res.json({ journeys: journeys.map(journeyMessage) });
  });
  router.get('/dashboards/relief-fund', requireRoles(READER_ROLES), async (req: Authed, res) => {
    res.json({ rows: await queries.fundUse(viewer(req), q(req, 'city') ? { city: q(req, 'city')! } : {}) });
  });
  router.get('/dashboards/hotline-cases', requireRoles(READER_ROLES), async (req: Authed, res) => {
    res.json({
      rows: await queries.hotlineCases(viewer(req), q(req, 'prefecture') ? { prefecture: q(req, 'prefecture')! } : {}),
    });
  });
  router.get('/dashboards/referral-conversion', requireRoles(READER_ROLES), async (req: Authed, res) => {
    res.json({ rows: await queries.referralConversion(viewer(req), q(req, 'to') ? { to: q(req, 'to')! } : {}) });
  });
  router.post('/admin/rebuild/:model', requireRoles(ADMIN_ROLES), async (req: Authed, res) => {
    const model = String(req.params.model);
    if (!readModels.names.includes(model))
      return void res
        .status(400)
        .json({ error: { field: 'model', description: `unknown read model; one of ${readModels.names.join(', ')}` } });
    res.json(await readModels.rebuild(model));
  });
  router.get('/admin/lag/:model', requireRoles(ADMIN_ROLES), async (req: Authed, res) => {
    const model = String(req.params.model);
    if (!readModels.names.includes(model))
      return void res
        .status(400)
        .json({ error: { field: 'model', description: `unknown read model; one of ${readModels.names.join(', ')}` } });
    res.json({ model, ...(await readModels.lag(model)) });
  });
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
