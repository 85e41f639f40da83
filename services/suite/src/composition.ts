import type { ServiceFactory } from '@carebridge/service-host';
import { createHotlineService } from '@carebridge/hotline';
import { createProjectionsService } from '@carebridge/projections';
import { createReliefIntakeService } from '@carebridge/relief-intake';
import { createServiceCatalogService } from '@carebridge/service-catalog';
import { createVolunteerDispatchService } from '@carebridge/volunteer-dispatch';

/**
 * The services `npm start` composes: one line per services/<name>/src/service.ts that exports its
 * create<Name>Service. Add a line (and a tsconfig reference) when a service gains one; the suite test fails
 * while a service.ts with a factory is missing here.
 */
export const composition: readonly { readonly name: string; readonly create: ServiceFactory }[] = [
  { name: 'relief-intake', create: createReliefIntakeService },
  { name: 'hotline', create: createHotlineService },
  { name: 'volunteer-dispatch', create: (deps) => createVolunteerDispatchService(deps) },
  { name: 'service-catalog', create: createServiceCatalogService },
  { name: 'projections', create: createProjectionsService },
];
