import { Client, type ClientConfig, type Pool } from 'pg';

const CHANNEL = 'ledger_appended';
const COALESCE_MS = 10;
const RECONNECT_MS = 2000;

/**
 * Wake-up hints for subscribers (never a source of events: readers always re-read the table).
 * Local listeners are woken straight after an append; other instances through one coalesced NOTIFY,
 * sent outside the append's transaction so that busy writers do not queue on the notify lock.
 */
export class AppendNotifier {
  private readonly listeners = new Set<() => void>();
  private notifyPending = false;
  private listenClient: Client | undefined;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly listenConfig: ClientConfig | undefined,
  ) {}

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  appended(): void {
    this.wakeLocal();
    if (this.notifyPending || this.stopped) return;
    this.notifyPending = true;
    setTimeout(() => {
      this.notifyPending = false;
      this.pool.query(`SELECT pg_notify('${CHANNEL}', '')`).catch(() => undefined); // only a hint: polling covers a lost one
    }, COALESCE_MS).unref();
  }

  /** Listens for other instances' appends; on the embedded database this simply never fires. */
  async listen(): Promise<void> {
    if (!this.listenConfig || this.stopped) return;
    const client = new Client(this.listenConfig);
    client.on('notification', () => this.wakeLocal());
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listenClient = client;
    } catch {
      this.reconnectLater(client);
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.listenClient?.end().catch(() => undefined);
  }

  private reconnectLater(client: Client): void {
    if (this.listenClient === client) this.listenClient = undefined;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    if (!this.stopped) setTimeout(() => void this.listen(), RECONNECT_MS).unref();
  }

  private wakeLocal(): void {
    for (const listener of this.listeners) setImmediate(listener);
  }
}
