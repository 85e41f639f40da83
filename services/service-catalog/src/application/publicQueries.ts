import { encodePageToken, type DocumentCollection, type Filter } from '@carebridge/document-store';
import { boundingBox, distanceKm } from '../domain/geography';
import type { PublicQuery } from './publicQuery';
import type { CatalogReadModels, OrganizationDoc, PublicLocationDoc, PublicServiceDoc } from './readModels';

export type PageOf<T> = {
  readonly items: T[];
  readonly totalItems: number;
  readonly page: number;
  readonly perPage: number;
};

type Searchable = { id: string; searchText: string; lastModified: string; areaCodes: string[] };

const SCAN_PAGE = 500;
const byRecent = [['lastModified', -1]] as const;

/** What the store can check itself: equality, ranges, one substring. The rest (more words, exact distance) is checked here. */
const storeFilter = (query: PublicQuery, fields: { term: boolean; organization: boolean; box: boolean }): Filter => {
  const filter: Record<string, Filter[string]> = {};
  if (query.terms[0]) filter.searchText = { $contains: query.terms[0] };
  if (fields.term && query.termId) filter.termId = query.termId;
  if (fields.organization && query.organizationId) filter[fields.term ? 'organizationId' : 'id'] = query.organizationId;
  if (query.area) filter.areaCodes = query.area;
  if (query.modifiedAfter) filter.lastModified = { $gte: query.modifiedAfter };
  if (fields.box && query.near) {
    const box = boundingBox(query.near, query.near.radiusKm);
    filter.latitude = { $gte: box.minLatitude, $lte: box.maxLatitude };
    filter.longitude = { $gte: box.minLongitude, $lte: box.maxLongitude };
  }
  return filter;
};

const scanAll = async <T extends { id: string }>(collection: DocumentCollection<T>, filter: Filter): Promise<T[]> => {
  const all: T[] = [];
  let pageToken: string | undefined;
  do {
    const page = await collection.find(filter, {
      sort: byRecent,
      limit: SCAN_PAGE,
      ...(pageToken ? { pageToken } : {}),
    });
    all.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
};

/** One page straight from the store: its count and a positional token for the page asked. */
const storePage = async <T extends { id: string }>(
  collection: DocumentCollection<T>,
  filter: Filter,
  query: PublicQuery,
): Promise<PageOf<T>> => {
  const totalItems = await collection.count(filter);
  const offset = (query.page - 1) * query.perPage;
  if (offset >= totalItems) return { items: [], totalItems, page: query.page, perPage: query.perPage };
  const pageToken =
    offset > 0
      ? encodePageToken(
          filter,
          byRecent.map(([path, direction]) => ({ path, direction })),
          offset,
        )
      : undefined;
  const page = await collection.find(filter, {
    sort: byRecent,
    limit: query.perPage,
    ...(pageToken ? { pageToken } : {}),
  });
  return { items: page.items, totalItems, page: query.page, perPage: query.perPage };
};

const slice = <T>(all: T[], query: PublicQuery): PageOf<T> => {
  const offset = (query.page - 1) * query.perPage;
  return {
    items: all.slice(offset, offset + query.perPage),
    totalItems: all.length,
    page: query.page,
    perPage: query.perPage,
  };
};

const matchesWords = (doc: Searchable, terms: readonly string[]) => terms.every((t) => doc.searchText.includes(t));

const withinRadius = (query: PublicQuery) => (doc: PublicLocationDoc) =>
  !query.near || distanceKm(query.near, doc) <= query.near.radiusKm;

const byDistance = (query: PublicQuery) => (a: PublicLocationDoc, b: PublicLocationDoc) =>
  query.near ? distanceKm(query.near, a) - distanceKm(query.near, b) : 0;

/** Queries behind the public API. They read only the public collections, which hold published items alone. */
export const createPublicQueries = (models: CatalogReadModels) => ({
  async serviceAtLocations(query: PublicQuery): Promise<PageOf<PublicLocationDoc>> {
    const filter = storeFilter(query, { term: true, organization: true, box: true });
    if (!query.near && query.terms.length <= 1) return storePage(models.publicLocations, filter, query);
    const all = (await scanAll(models.publicLocations, filter))
      .filter((d) => matchesWords(d, query.terms))
      .filter(withinRadius(query));
    return slice(all.sort(byDistance(query)), query);
  },

  async services(query: PublicQuery): Promise<PageOf<PublicServiceDoc>> {
    if (query.near) {
      // Nearest place first; a service with several places counts once, at its nearest.
      const places = await this.serviceAtLocations({ ...query, page: 1, perPage: Number.MAX_SAFE_INTEGER });
      const ids = [...new Set(places.items.map((p) => p.serviceId))];
      const page = slice(ids, query);
      const docs = await Promise.all(page.items.map((id) => models.publicServices.get(id)));
      return { ...page, items: docs.filter((d): d is PublicServiceDoc => d !== undefined) };
    }
    const filter = storeFilter(query, { term: true, organization: true, box: false });
    if (query.terms.length <= 1) return storePage(models.publicServices, filter, query);
    return slice(
      (await scanAll(models.publicServices, filter)).filter((d) => matchesWords(d, query.terms)),
      query,
    );
  },

  service: (id: string) => models.publicServices.get(id),
  serviceAtLocation: (id: string) => models.publicLocations.get(id),

  /** Organisations in the catalog now (deregistered ones leave the public list). */
  async organizations(query: PublicQuery): Promise<PageOf<OrganizationDoc>> {
    const filter = { ...storeFilter(query, { term: false, organization: true, box: false }), status: 'active' };
    if (query.terms.length <= 1) return storePage(models.organizations, filter, query);
    return slice(
      (await scanAll(models.organizations, filter)).filter((d) => matchesWords(d, query.terms)),
      query,
    );
  },

  async organization(id: string): Promise<{ organization: OrganizationDoc; services: PublicServiceDoc[] } | undefined> {
    const organization = await models.organizations.get(id);
    if (organization?.status !== 'active') return undefined;
    return { organization, services: await scanAll(models.publicServices, { organizationId: id }) };
  },
});

export type PublicQueries = ReturnType<typeof createPublicQueries>;
