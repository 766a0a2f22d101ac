import os from 'node:os';

/**
 * The host part of a Host header: lower case, without the port and an IPv6 literal's brackets or zone, without a
 * final dot. Null when the header is missing or malformed (a port must be digits).
 */
export function hostOf(header: string | undefined): string | null {
  if (typeof header !== 'string') return null;
  const h = header.trim().toLowerCase();
  let host: string;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0 || !/^(?::\d{1,5})?$/.test(h.slice(end + 1))) return null;
    host = h.slice(1, end).replace(/%.*$/, '');
    if (!/^[0-9a-f:.]+$/.test(host)) return null;
  } else {
    const m = /^([^:[\]/\\@\s]+?)(?::\d{1,5})?$/.exec(h);
    if (!m) return null;
    host = m[1]!.replace(/\.$/, '');
  }
  return host || null;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
const isLoopbackHost = (host: string): boolean =>
  LOOPBACK_NAMES.has(host) || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::ffff:127.0.0.1';

/** This computer's names: its host name, the short name and the `.local` name mDNS answers to. */
function machineNames(): string[] {
  const name = os.hostname().toLowerCase().replace(/\.$/, '');
  if (!name) return [];
  const short = name.split('.')[0]!;
  return [name, short, `${short}.local`];
}

function machineAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) out.push(a.address.toLowerCase().replace(/%.*$/, ''));
  return out;
}

export interface HostCheckOptions {
  /** Bound beyond loopback. */
  lan: boolean;
  /** Names the owner added in settings (lanHostNames), read only for a Host that is none of the machine's own. */
  extraNames(): readonly string[];
}

/**
 * Which Host headers the server answers (anything else gets 421), so that a page of another site cannot reach it
 * through DNS rebinding: its requests carry the other site's name. On loopback only the loopback names. On the LAN
 * also the bound address, the address the client connected to, this computer's addresses and names, and the names
 * set in settings. The machine's addresses are cached and looked up again (at most once a second) on a miss, as a
 * laptop's address changes; the settings are read on a miss, so a removed name stops working at once.
 */
export class HostCheck {
  private known = new Set<string>();
  private refreshedAt = 0;

  constructor(private readonly opts: HostCheckOptions) {}

  allows(header: string | undefined, localAddress: string | undefined, boundAddress?: string): boolean {
    const host = hostOf(header);
    if (!host) return false;
    if (!this.opts.lan) return LOOPBACK_NAMES.has(host);
    if (isLoopbackHost(host) || this.known.has(host)) return true;
    const local = localAddress?.toLowerCase().replace(/^::ffff:/, '');
    if (host === local || host === boundAddress?.toLowerCase()) return true;
    if (Date.now() - this.refreshedAt > 1000) {
      this.refreshedAt = Date.now();
      this.known = new Set([...machineNames(), ...machineAddresses()]);
      if (this.known.has(host)) return true;
    }
    return this.opts.extraNames().some((n) => n.toLowerCase() === host);
  }
}
