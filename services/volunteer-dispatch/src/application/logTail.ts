import type { EventStore, RecordedEvent } from '@carebridge/event-store';

/**
 * Follows the event log in commit order and hands each event to the handlers; every handler is idempotent
 * (index by stream version, read models by applyOnce), so starting again from 0 after a restart is safe.
 */
export type TailHandler = (event: RecordedEvent) => Promise<void> | void;

export const createLogTail = (store: EventStore, handlers: readonly TailHandler[], intervalMs = 200) => {
  let checkpoint = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let queued: Promise<number> | undefined;

  const drain = async (): Promise<number> => {
    for (;;) {
      const page = await store.readAll({ after: checkpoint, limit: 500 });
      for (const commit of page.commits)
        for (const event of commit.events) for (const handle of handlers) await handle(event);
      const moved = page.checkpoint !== checkpoint;
      checkpoint = page.checkpoint;
      if (!moved || page.commits.length === 0) return checkpoint;
    }
  };
  /**
   * One pass at a time (queries call this for read-your-writes while the timer runs it too): whoever arrives
   * during a pass shares the one next pass, which sees everything committed before they called.
   */
  const catchUp = (): Promise<number> => {
    if (!running) {
      running = drain().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running
      .catch(() => checkpoint)
      .then(() => {
        queued = undefined;
        return catchUp();
      });
    return queued;
  };
  const loop = () => {
    void catchUp()
      .catch((error: unknown) => process.emitWarning(`dispatch log tail: ${String(error)}`))
      .then(() => {
        if (timer !== undefined) timer = setTimeout(loop, intervalMs);
      });
  };
  return {
    catchUp,
    start() {
      timer = setTimeout(loop, 0);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
};
