import { eventRegistry, type EventRegistry } from '@carebridge/event-schema';
import { createPersonalDataCipher, type KeyVault } from '@carebridge/personal-data';

export type OpenData = (type: string, data: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * Opens sealed personal fields with the suite's key vault. Unknown types (a newer producer) pass through as they
 * came; a destroyed key reads as null, so an erased person simply has no pseudonym on a rebuilt model.
 */
export const createOpenData = (keyVault: KeyVault, registry: EventRegistry = eventRegistry): OpenData => {
  const cipher = createPersonalDataCipher(keyVault);
  return async (type, data) => {
    if (!registry.latest(type) || registry.personalFields(type).length === 0) return data;
    return (await cipher.openPersonalFields(registry, type, data)).data;
  };
};
