import type { PGlite } from '@electric-sql/pglite';

/**
 * pglite-socket (0.2.17) feeds the one PGlite backend from every connection, message by message, and
 * keeps a connection's messages together only inside a transaction. Outside one, two connections'
 * extended-protocol sequences (Parse, Bind, Describe, Execute ... Sync) interleave, and the backend
 * answers "unnamed prepared statement does not exist" (seen as soon as the projection runners read
 * while requests are served). This replaces the queue's scheduler with the same one plus one rule:
 * once a connection has sent part of a sequence, its messages go first until its Sync.
 * The package version is pinned (STACK.md); a test of concurrent reads on the embedded database keeps this honest.
 */
export function keepProtocolSequencesTogether(server: unknown): void {
  const queue = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== 'function' || !Array.isArray(queue.queue)) {
    throw new Error('pglite-socket changed: its query queue is not the one keepProtocolSequencesTogether expects');
  }
  let midSequenceOf: number | null = null;
  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    if (midSequenceOf === handlerId) midSequenceOf = null;
    clearQueueForHandler(handlerId);
  };
  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    while (this.queue.length > 0) {
      const owner = midSequenceOf ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
      let item: QueuedMessage | undefined;
      if (owner !== null) {
        const index = this.queue.findIndex((queued) => queued.handlerId === owner);
        item = index === -1 ? undefined : this.queue.splice(index, 1)[0];
      } else {
        item = this.queue.shift();
      }
      if (!item) break; // the owner's next message has not arrived yet: wait for it
      const current = item;
      try {
        await this.db.runExclusive(() => this.db.execProtocolRawStream(current.message, { onRawData: (data: Uint8Array) => current.onData(data) }));
      } catch (error) {
        midSequenceOf = null;
        current.reject(error);
        this.processing = false;
        return;
      }
      midSequenceOf = SEQUENCE_PARTS.has(current.message[0]) ? current.handlerId : null;
      this.lastHandlerId = current.handlerId;
      current.resolve(0);
    }
    this.processing = false;
  };
}

// Parse, Bind, Describe, Execute, Close and Flush: parts of a sequence that a Sync ends.
const SEQUENCE_PARTS = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((letter) => letter.charCodeAt(0)));

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite & { execProtocolRawStream(message: Uint8Array, options: { onRawData(data: Uint8Array): void }): Promise<void> };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}
