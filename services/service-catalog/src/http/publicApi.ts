import express, { type Router } from 'express';
import {
  createPublicHttpApp,
  dateTime,
  decimal,
  flag,
  integer,
  matching,
  oneOf,
  publicRoute,
  sendError,
  text,
  type ParamKinds,
  type RouteDeclaration,
} from '@carebridge/service-host';
import { categories, categoryTaxonomy } from '../domain/categories';
import {
  MAX_PER_PAGE,
  MAX_RADIUS_KM,
  proximityViolations,
  publicQueryOf,
  type PublicFilters,
  type PublicQuery,
} from '../application/publicQuery';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The query parameters of the list routes; each route takes those its query uses, and nothing else. */
const PAGING = {
  page: integer({ min: 1, max: 1_000_000 }),
  per_page: integer({ min: 1, max: MAX_PER_PAGE }),
};
const SEARCH = { search: text({ maxLength: 200 }) };
const TAXONOMY = {
  taxonomy_id: oneOf([categoryTaxonomy.id], 'is not a taxonomy of this catalog (see /taxonomies)'),
};
const WHO_WHERE_WHEN = {
  organization_id: matching(UUID, 'must be a UUID'),
  area: matching(/^(\d{6}|\d{9}|\d{12})$/, 'must be a 6-digit division, 9-digit town or 12-digit community code'),
  modified_after: dateTime(),
};
const FILTERS = {
  ...SEARCH,
  ...TAXONOMY,
  taxonomy_term_id: oneOf(
    categories.map((c) => c.termId),
    'is not a term of the catalog taxonomy (see /taxonomy_terms)',
  ),
  ...WHO_WHERE_WHEN,
  lat: decimal({ min: -90, max: 90 }),
  lng: decimal({ min: -180, max: 180 }),
  radius_km: decimal({ min: 0, max: MAX_RADIUS_KM }),
  proximity: decimal({ min: 0, max: MAX_RADIUS_KM * 1000 }),
  ...PAGING,
};

/**
 * Everything here is public and read-only: a shared cache may keep it for the deployment's short max-age
 * (PUBLIC_HTTP_CACHE_SECONDS), so a published change shows within it and repeated map loads stay off the service.
 */
const listing = <S extends ParamKinds>(query: S): RouteDeclaration<S> => ({
  cache: 'public',
  query,
  refine: (values, given) => proximityViolations(values, given),
});
const ONE_ITEM = { cache: 'public', query: {} } as const;

/**
 * The public, read-only directory: Open Referral HSDS 3.0 endpoints and a GeoJSON layer for the community map.
 * No token: everything here is already public, and only published items are in the collections it reads.
 * Each route declares its query parameters; anything else (unknown, repeated, bracketed, malformed) is a 400.
 */
export const createPublicApi = (queries: PublicQueries, options: { openapiUrl?: string } = {}): Router => {
  const router = express.Router();
  const query = (values: unknown): PublicQuery => publicQueryOf(values as PublicFilters);
  const notFound = (res: express.Response, what: string) => sendError(res, 404, `${what} not found`);

  router.get(
    '/',
    publicRoute(ONE_ITEM, (_params, _req, res) => {
      res.json({
        version: '3.0',
        profile: 'https://docs.openreferral.org/en/latest/',
        ...(options.openapiUrl ? { openapi_url: options.openapiUrl } : {}),
      });
    }),
  );

  router.get(
    '/services',
    publicRoute(listing(FILTERS), async (params, _req, res) => {
      const page = await queries.services(query(params));
      res.json(hsdsPage(page, page.items.map(hsdsServiceSummary)));
    }),
  );

  router.get(
    '/services/:id',
    publicRoute(ONE_ITEM, async (_params, req, res) => {
      const doc = await queries.service(String(req.params.id));
      if (!doc) return notFound(res, 'service');
      const organization = await queries.organization(doc.organizationId);
      res.json(hsdsService(doc, organization?.organization));
    }),
  );

  router.get(
    '/organizations',
    publicRoute(listing({ ...SEARCH, ...WHO_WHERE_WHEN, ...PAGING }), async (params, _req, res) => {
      const page = await queries.organizations(query(params));
      res.json(hsdsPage(page, page.items.map(hsdsOrganizationSummary)));
    }),
  );

  router.get(
    '/organizations/:id',
    publicRoute(ONE_ITEM, async (_params, req, res) => {
      const found = await queries.organization(String(req.params.id));
      if (!found) return notFound(res, 'organization');
      res.json(hsdsOrganization(found.organization, found.services));
    }),
  );

  router.get(
    '/taxonomies',
    publicRoute(listing(PAGING), (params, _req, res) => {
      const page = listOf([categoryTaxonomy], query(params));
      res.json(hsdsPage(page, page.items.map(hsdsTaxonomy)));
    }),
  );

  router.get(
    '/taxonomies/:id',
    publicRoute(ONE_ITEM, (_params, req, res) => {
      if (req.params.id !== categoryTaxonomy.id) return notFound(res, 'taxonomy');
      res.json(hsdsTaxonomy());
    }),
  );

  router.get(
    '/taxonomy_terms',
    publicRoute(listing({ ...SEARCH, ...TAXONOMY, ...PAGING }), (params, _req, res) => {
      const { terms } = query(params);
      const found = categories.filter((c) => terms.every((t) => `${c.code} ${c.zh} ${c.en}`.toLowerCase().includes(t)));
      const page = listOf(found, query(params));
      res.json(hsdsPage(page, page.items.map(hsdsTaxonomyTerm)));
    }),
  );

  router.get(
    '/taxonomy_terms/:id',
    publicRoute(ONE_ITEM, (_params, req, res) => {
      const category = categories.find((c) => c.termId === req.params.id);
      if (!category) return notFound(res, 'taxonomy term');
      res.json(hsdsTaxonomyTerm(category));
    }),
  );

  router.get(
    '/service_at_locations',
    publicRoute(listing({ ...FILTERS, full: flag() }), async (params, _req, res) => {
      const page = await queries.serviceAtLocations(query(params));
      res.json(
        hsdsPage(
          page,
          page.items.map((d) => hsdsServiceAtLocation(d, params.full === true)),
        ),
      );
    }),
  );

  router.get(
    '/service_at_locations/:id',
    publicRoute(ONE_ITEM, async (_params, req, res) => {
      const doc = await queries.serviceAtLocation(String(req.params.id));
      if (!doc) return notFound(res, 'service_at_location');
      res.json(hsdsServiceAtLocation(doc, true));
    }),
  );

  /** GeoJSON FeatureCollection of the current page for the community map; same filters as /service_at_locations. */
  router.get(
    '/map/services.geojson',
    publicRoute(listing(FILTERS), async (params, _req, res) => {
      const page = await queries.serviceAtLocations(query(params));
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

/**
 * The public API as an app of its own (tests, or a process serving only the directory): the router on the host's
 * public app, with the same headers, parameter checks and JSON errors as on the service's public port.
 */
export const createPublicApp = (queries: PublicQueries, options: { openapiUrl?: string } = {}) =>
  createPublicHttpApp((app) => void app.use(createPublicApi(queries, options)));
