import express, { type Request, type Response, type Router } from 'express';
import { categories, categoryTaxonomy } from '../domain/categories';
import { parsePublicQuery, type PublicQuery } from '../application/publicQuery';
import type { PageOf, PublicQueries } from '../application/publicQueries';
import {
  geoJsonFeature,
  hsdsOrganization,
  hsdsOrganizationSummary,
  hsdsService,
  hsdsServiceAtLocation,
  hsdsServiceSummary,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
} from './hsdsMapping';

/** The HSDS page envelope (openapi.json components.schemas.Page) around one page of contents. */
export const hsdsPage = <T>(page: PageOf<T>, contents: unknown[]) => {
  const totalPages = Math.ceil(page.totalItems / page.perPage);
  return {
    total_items: page.totalItems,
    total_pages: totalPages,
    page_number: page.page,
    size: contents.length,
    first_page: page.page === 1,
    last_page: page.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
};

const listOf = <T>(all: readonly T[], query: PublicQuery): PageOf<T> => {
  const offset = (query.page - 1) * query.perPage;
  return {
    items: all.slice(offset, offset + query.perPage),
    totalItems: all.length,
    page: query.page,
    perPage: query.perPage,
  };
};

const truthy = (value: unknown) => value === 'true' || value === '1';

/**
 * The public, read-only directory: Open Referral HSDS 3.0 endpoints and a GeoJSON layer for the community map.
 * No token: everything here is already public, and only published items are in the collections it reads.
 */
export const createPublicApi = (queries: PublicQueries, options: { openapiUrl?: string } = {}): Router => {
  const router = express.Router();

  const withQuery =
    (handler: (query: PublicQuery, req: Request, res: Response) => void | Promise<void>) =>
    async (req: Request, res: Response) => {
      const parsed = parsePublicQuery(req.query);
      if (!parsed.query) {
        res.status(400).json({ error: 'invalid query', violations: parsed.violations });
        return;
      }
      await handler(parsed.query, req, res);
    };
  const notFound = (res: Response, what: string) => res.status(404).json({ error: `${what} not found` });

  router.get('/', (_req, res) => {
    res.json({
      version: '3.0',
      profile: 'https://docs.openreferral.org/en/latest/',
      ...(options.openapiUrl ? { openapi_url: options.openapiUrl } : {}),
    });
  });

  router.get(
    '/services',
    withQuery(async (query, _req, res) => {
      const page = await queries.services(query);
      res.json(hsdsPage(page, page.items.map(hsdsServiceSummary)));
    }),
  );

  router.get('/services/:id', async (req, res) => {
    const doc = await queries.service(req.params.id);
    if (!doc) return void notFound(res, 'service');
    const organization = await queries.organization(doc.organizationId);
    res.json(hsdsService(doc, organization?.organization));
  });

  router.get(
    '/organizations',
    withQuery(async (query, _req, res) => {
      const page = await queries.organizations(query);
      res.json(hsdsPage(page, page.items.map(hsdsOrganizationSummary)));
    }),
  );

  router.get('/organizations/:id', async (req, res) => {
    const found = await queries.organization(req.params.id);
    if (!found) return void notFound(res, 'organization');
    res.json(hsdsOrganization(found.organization, found.services));
  });

  router.get(
    '/taxonomies',
    withQuery((query, _req, res) => {
      const page = listOf([categoryTaxonomy], query);
      res.json(hsdsPage(page, page.items.map(hsdsTaxonomy)));
    }),
  );

  router.get('/taxonomies/:id', (req, res) => {
    if (req.params.id !== categoryTaxonomy.id) return void notFound(res, 'taxonomy');
    res.json(hsdsTaxonomy());
  });

  router.get(
    '/taxonomy_terms',
    withQuery((query, _req, res) => {
      const terms = categories.filter((c) =>
        query.terms.every((t) => `${c.code} ${c.zh} ${c.en}`.toLowerCase().includes(t)),
      );
      const page = listOf(terms, query);
      res.json(hsdsPage(page, page.items.map(hsdsTaxonomyTerm)));
    }),
  );

  router.get('/taxonomy_terms/:id', (req, res) => {
    const category = categories.find((c) => c.termId === req.params.id);
    if (!category) return void notFound(res, 'taxonomy term');
    res.json(hsdsTaxonomyTerm(category));
  });

  router.get(
    '/service_at_locations',
    withQuery(async (query, req, res) => {
      const page = await queries.serviceAtLocations(query);
      res.json(
        hsdsPage(
          page,
          page.items.map((d) => hsdsServiceAtLocation(d, truthy(req.query.full))),
        ),
      );
    }),
  );

  router.get('/service_at_locations/:id', async (req, res) => {
    const doc = await queries.serviceAtLocation(req.params.id);
    if (!doc) return void notFound(res, 'service_at_location');
    res.json(hsdsServiceAtLocation(doc, true));
  });

  /** GeoJSON FeatureCollection of the current page for the community map; same filters as /service_at_locations. */
  router.get(
    '/map/services.geojson',
    withQuery(async (query, _req, res) => {
      const page = await queries.serviceAtLocations(query);
      res.type('application/geo+json').json({
        type: 'FeatureCollection',
        features: page.items.map(geoJsonFeature),
        total_items: page.totalItems,
        page_number: page.page,
      });
    }),
  );

  return router;
};

/** The public API as an express app (JSON errors instead of HTML pages). */
export const createPublicApp = (queries: PublicQueries, options: { openapiUrl?: string } = {}) => {
  const app = express();
  app.disable('x-powered-by');
  app.use(createPublicApi(queries, options));
  app.use((_req: Request, res: Response) => void res.status(404).json({ error: 'not found' }));
  // Details stay in the server's logs: a directory answers strangers.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- express tells an error handler by its four parameters
  app.use((_error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    res.status(500).json({ error: 'internal error' });
  });
  return app;
};
