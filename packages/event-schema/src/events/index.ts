import type { EventDefinition } from '../defineEvent';
import { createEventRegistry } from '../registry';
import { referralEvents } from './referrals';

export * from './referrals';

/**
 * Every event of the suite. Each programme keeps its definitions in its own file here
 * (relief.ts, hotline.ts, dispatch.ts, catalog.ts), exports them from this index, and adds them to this list.
 */
export const allEvents: readonly EventDefinition[] = [...referralEvents];

export const eventRegistry = createEventRegistry(allEvents);
