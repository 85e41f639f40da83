import { ROLES } from '../domain/access';
import type { Actor } from '../domain/types';
import { organizationIdOf } from '../application/publicDocuments';
import type { Catalog } from '../catalog';
import { generateDeqingDemo, type DemoDataSet } from './deqingDemoData';

export type DemoLoadProgress = (done: number, total: number) => void;

/**
 * Loads the Deqing-shaped demo through the catalog's own commands (register → draft → submit → publish), so
 * its events, read models and public API are exactly what real use produces. Idempotent: every command has a
 * fixed idempotency key and every item a fixed id, so loading twice writes nothing the second time.
 */
export const loadDeqingDemo = async (
  service: Pick<Catalog, 'organizations' | 'items'>,
  options: { seed?: number; data?: DemoDataSet; onProgress?: DemoLoadProgress; concurrency?: number } = {},
): Promise<{ organizations: number; items: number }> => {
  const data = options.data ?? generateDeqingDemo(options.seed);
  const officer: Actor = { subject: 'demo-officer-deqing', roles: [ROLES.officer], division: data.county };
  const total = data.organizations.length + data.items.length;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);

  const exists = async (organizationId: string) =>
    (await service.organizations.get(organizationId).catch(() => undefined)) !== undefined;
  const itemsOf = new Map<string, typeof data.items>();
  for (const item of data.items) itemsOf.set(item.creditCode, [...(itemsOf.get(item.creditCode) ?? []), item]);

  const loadOrganization = async (org: DemoDataSet['organizations'][number]) => {
    const organizationId = organizationIdOf(org.creditCode);
    if (!(await exists(organizationId))) {
      await service.organizations.register(
        { creditCode: org.creditCode, county: data.county, profile: org.profile },
        officer,
        { commandId: `demo:register:${org.creditCode}` },
      );
    }
    tick();
    const staff: Actor = { subject: org.profile.staff[0]!, roles: [ROLES.orgStaff], division: data.county };
    for (const { serviceId, item } of itemsOf.get(org.creditCode) ?? []) {
      const current = await service.items.get(serviceId, officer).catch(() => undefined);
      if (!current)
        await service.items.draft(organizationId, item, staff, { commandId: `demo:draft:${serviceId}` }, serviceId);
      if (!current || current.status === 'draft')
        await service.items.step(serviceId, 'submit', '', staff, { commandId: `demo:submit:${serviceId}` });
      if (current?.status !== 'published')
        await service.items.step(serviceId, 'publish', '', officer, { commandId: `demo:publish:${serviceId}` });
      tick();
    }
  };

  // A few organisations at a time: enough to overlap I/O, few enough for a shared machine.
  const queue = [...data.organizations];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
    for (let org = queue.shift(); org; org = queue.shift()) await loadOrganization(org);
  });
  await Promise.all(workers);
  return { organizations: data.organizations.length, items: data.items.length };
};
