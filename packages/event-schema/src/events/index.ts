import type { EventDefinition } from '../defineEvent';
import { createEventRegistry } from '../registry';

/**
 * Every event of the suite. Each programme keeps its definitions in its own file here
 * (relief.ts, hotline.ts, dispatch.ts, catalog.ts) and adds them to this list.
 */
export const allEvents: readonly EventDefinition[] = [];

export const eventRegistry = createEventRegistry(allEvents);
