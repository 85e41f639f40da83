import type { SubscribeOptions } from '../types';

export type Member = {
  readonly id: number;
  readonly options: SubscribeOptions;
  running: boolean;
};

export type Slot = { readonly topic: string; readonly part: number };

/**
 * Consumer-group membership inside one process. Partitions of a topic are spread over the running members of
 * the group that subscribe to it, in join order, like Kafka's range assignor; a per-partition lock keeps two
 * members off one partition while the assignment changes.
 */
export const createGroupMembers = (partitionsOf: (topic: string) => number) => {
  const members: Member[] = [];
  const locks = new Map<string, Promise<unknown>>();
  let nextId = 0;

  const assignment = (member: Member): Slot[] => {
    const slots: Slot[] = [];
    for (const topic of member.options.topics) {
      const peers = members.filter(
        (m) => m.running && m.options.groupId === member.options.groupId && m.options.topics.includes(topic),
      );
      const index = peers.indexOf(member);
      if (index < 0) continue;
      for (let part = 0; part < partitionsOf(topic); part++)
        if (part % peers.length === index) slots.push({ topic, part });
    }
    return slots;
  };

  /** Runs `work` alone on the group's partition: later callers queue behind the current one. */
  const exclusive = <T>(groupId: string, slot: Slot, work: () => Promise<T>): Promise<T> => {
    const key = `${groupId}\u0000${slot.topic}\u0000${slot.part}`;
    const previous = locks.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    locks.set(key, settled);
    void settled.then(() => {
      if (locks.get(key) === settled) locks.delete(key);
    });
    return result;
  };

  return {
    join(options: SubscribeOptions): Member {
      const member: Member = { id: nextId++, options, running: true };
      members.push(member);
      return member;
    },
    leave(member: Member): void {
      member.running = false;
      const at = members.indexOf(member);
      if (at >= 0) members.splice(at, 1);
    },
    all: (): readonly Member[] => members,
    assignment,
    exclusive,
  };
};
