import { DomainRuleError, NotFoundError, type Decider } from '@carebridge/decider';
import { MenuItemPublished, MenuItemWithdrawn, type EventOf } from '@carebridge/event-schema';

/**
 * The service menu (like Haidian's project library): projects, courses and activities a community station or a
 * resident can order. An order placed from a menu item takes its need, skills and duration from it.
 */
export type MenuEvent = EventOf<typeof MenuItemPublished> | EventOf<typeof MenuItemWithdrawn>;
export type MenuItem = EventOf<typeof MenuItemPublished>['data'];
export type MenuState =
  { readonly status: 'none' } | { readonly status: 'published' | 'withdrawn'; readonly item: MenuItem };

export type MenuCommand =
  { kind: 'publish'; item: Omit<MenuItem, 'publishedAt'>; now: string } | { kind: 'withdraw'; now: string };

export const menuDecider: Decider<MenuCommand, MenuState, MenuEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.kind) {
      case 'publish':
        if (state.status !== 'none')
          throw new DomainRuleError('menu item already exists', 'already_published', 'item_id');
        return [{ type: MenuItemPublished.type, data: { ...structuredClone(command.item), publishedAt: command.now } }];
      case 'withdraw':
        if (state.status === 'none') throw new NotFoundError('menu item not found');
        return state.status === 'withdrawn'
          ? []
          : [{ type: MenuItemWithdrawn.type, data: { itemId: state.item.itemId, at: command.now } }];
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'dispatch.MenuItemPublished':
        return { status: 'published', item: event.data };
      case 'dispatch.MenuItemWithdrawn':
        return state.status === 'none' ? state : { ...state, status: 'withdrawn' };
      default: {
        const unreachable: never = event;
        throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
      }
    }
  },
};
