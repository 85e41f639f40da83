import type { EventDefinition } from '../defineEvent';
import { createEventRegistry } from '../registry';
import { referralEvents } from './referrals';
import { reliefEvents } from './relief';
import { hotlineEvents } from './hotline';
import { dispatchEvents } from './dispatch';
import { catalogEvents } from './catalog';

export * from './referrals';
export * from './relief';
export * from './hotline';
export * from './dispatch';
export * from './catalog';

/**
 * Every event of the suite. Each programme keeps its definitions in its own file here
 * (relief.ts, hotline.ts, dispatch.ts, catalog.ts), exports them from this index, and adds them to this list.
 */
export const allEvents: readonly EventDefinition[] = [
  ...referralEvents,
  ...reliefEvents,
  ...hotlineEvents,
  ...dispatchEvents,
  ...catalogEvents,
];

export const eventRegistry = createEventRegistry(allEvents);
