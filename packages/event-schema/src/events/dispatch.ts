import {
  FeedbackGiven,
  MenuItemPublished,
  MenuItemWithdrawn,
  OfferAccepted,
  OfferEnded,
  OrderCancelled,
  OrderCompleted,
  OrderOffered,
  OrderPlaced,
  OrderStarted,
  OrderUnfilled,
} from './dispatchOrders';
import {
  TeamFormed,
  TeamMembersChanged,
  teamLedgerEvents,
  VolunteerProfileChanged,
  VolunteerReactivated,
  VolunteerRegistered,
  VolunteerSuspended,
  volunteerLedgerEvents,
} from './dispatchVolunteers';

/**
 * Volunteer dispatch (学雷锋志愿服务, 点单派单): volunteers and teams with their task ledgers
 * (dispatchVolunteers.ts), orders and the service menu (dispatchOrders.ts), on four topics.
 */
export * from './dispatchVolunteers';
export * from './dispatchOrders';

export const dispatchEvents = [
  VolunteerRegistered,
  VolunteerProfileChanged,
  VolunteerSuspended,
  VolunteerReactivated,
  ...Object.values(volunteerLedgerEvents),
  TeamFormed,
  TeamMembersChanged,
  ...Object.values(teamLedgerEvents),
  OrderPlaced,
  OrderOffered,
  OfferEnded,
  OfferAccepted,
  OrderUnfilled,
  OrderStarted,
  OrderCompleted,
  OrderCancelled,
  FeedbackGiven,
  MenuItemPublished,
  MenuItemWithdrawn,
] as const;
