import dns, { type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { type Clock, systemClock } from '../time/clock';

/**
 * A small DNS cache for outgoing HTTP requests, used as their `lookup` option.
 *
 * Node resolves names with getaddrinfo on the small libuv thread pool, and a cluster's DNS
 * (CoreDNS, kube-dns) answers EAI_AGAIN when it is busy. Collectors ask for the same few
 * Prometheus hosts every few seconds, so:
 * - successful answers are kept per hostname for `ttlMs` (default 30 s);
 * - when a refresh of an expired answer fails with a transient error (EAI_AGAIN, ETIMEOUT,
 *   ETIMEDOUT), the old answer is served for up to `staleMs` (default 5 min) past its expiry;
 *   a definitive failure (ENOTFOUND, ...) is passed on and drops the entry;
 * - concurrent lookups of one hostname share a single resolution.
 * IP literals are answered directly, never cached.
 */

/** Resolves a hostname to all its addresses (both families). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** Options of a {@link DnsCache}. */
export interface DnsCacheOptions {
  /** How long a successful answer is used without asking again. Default 30 000 ms. */
  ttlMs?: number;
  /** How long past its expiry an answer may still be served when refreshing it fails transiently. Default 300 000 ms. */
  staleMs?: number;
  /** Source of "now". Default the system clock. */
  clock?: Clock;
  /** The resolver behind the cache. Default `dns.promises.lookup(hostname, { all: true })` (getaddrinfo). */
  resolve?: Resolver;
  /** At most this many hostnames are kept; the oldest answer goes first. Default 1000. */
  maxEntries?: number;
}

/** Default time a DNS answer is used before it is refreshed. */
export const DEFAULT_DNS_TTL_MS = 30_000;
/** Default time past expiry a DNS answer may be served when refreshing fails transiently. */
export const DEFAULT_DNS_STALE_MS = 5 * 60_000;

/** Resolver error codes after which a stale answer is served. */
export const TRANSIENT_DNS_CODES: ReadonlySet<string> = new Set(['EAI_AGAIN', 'ETIMEOUT', 'ETIMEDOUT']);

interface Entry {
  addresses: LookupAddress[];
  fetchedAtMs: number;
}

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, order: 'verbatim' });

/** A per-hostname cache of DNS answers with stale-on-transient-error and request de-duplication. */
export class DnsCache {
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly clock: Clock;
  private readonly resolver: Resolver;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<LookupAddress[]>>();

  /** Creates an empty cache. */
  constructor(opts: DnsCacheOptions = {}) {
    this.ttlMs = Math.max(0, opts.ttlMs ?? DEFAULT_DNS_TTL_MS);
    this.staleMs = Math.max(0, opts.staleMs ?? DEFAULT_DNS_STALE_MS);
    this.clock = opts.clock ?? systemClock;
    this.resolver = opts.resolve ?? systemResolver;
    this.maxEntries = Math.max(1, opts.maxEntries ?? 1000);
  }

  /** All addresses of `hostname`, from the cache when fresh (see the module comment for the rules). */
  resolve(hostname: string): Promise<LookupAddress[]> {
    const family = isIP(hostname);
    if (family !== 0) return Promise.resolve([{ address: hostname, family }]);
    const key = hostname.toLowerCase();
    const entry = this.entries.get(key);
    if (entry && this.now() < entry.fetchedAtMs + this.ttlMs) return Promise.resolve(entry.addresses);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const promise = this.refresh(key, hostname).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** A `lookup` for node:http/https/net requests backed by this cache (honours `family` and `all`). */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const wanted = normalizeFamily(options?.family);
    this.resolve(hostname).then(
      (addresses) => {
        const matching = wanted === 0 ? addresses : addresses.filter((a) => a.family === wanted);
        const first = matching[0];
        if (!first) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), '', 0);
        } else if (options?.all) {
          callback(null, matching);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };

  /** Forgets every answer (in-flight resolutions still complete). */
  clear(): void {
    this.entries.clear();
  }

  /** Number of hostnames with a kept answer. */
  get size(): number {
    return this.entries.size;
  }

  private async refresh(key: string, hostname: string): Promise<LookupAddress[]> {
    try {
      const addresses = await this.resolver(hostname);
      if (addresses.length === 0) {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
      }
      this.store(key, addresses);
      return addresses;
    } catch (error) {
      const entry = this.entries.get(key);
      const code = (error as { code?: unknown } | null)?.code;
      if (entry && typeof code === 'string' && TRANSIENT_DNS_CODES.has(code)) {
        if (this.now() <= entry.fetchedAtMs + this.ttlMs + this.staleMs) return entry.addresses;
      }
      this.entries.delete(key);
      throw error;
    }
  }

  private store(key: string, addresses: LookupAddress[]): void {
    this.entries.delete(key); // re-insert: Map order is age order
    this.entries.set(key, { addresses: addresses.map((a) => ({ address: a.address, family: a.family })), fetchedAtMs: this.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function normalizeFamily(family: number | 'IPv4' | 'IPv6' | undefined): number {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

let shared: DnsCache | undefined;

/** The process-wide cache the Prometheus clients use unless given their own. */
export function sharedDnsCache(): DnsCache {
  shared ??= new DnsCache();
  return shared;
}
