/**
 * Which network address a request came from, for the sign-in and sign-up
 * limits. X-Forwarded-For is whatever the client wrote unless a proxy we run
 * wrote it, so it counts only with TRUST_PROXY (how many proxies stand in front;
 * the client is that many entries from the right). Otherwise it is the socket's
 * address, which the launcher's server (scripts/next-server.mjs) puts in a header
 * of its own after deleting any copy a client sent.
 */
export const CLIENT_ADDRESS_HEADER = "x-credits-client-address";

// What a bucket key may hold: an IPv4 or IPv6 address, nothing a client could stuff in.
const ADDRESS = /^[0-9a-fA-F.:]{2,45}$/;

export interface AddressTrust {
  /** Proxies in front of the app that append to X-Forwarded-For (TRUST_PROXY). */
  trustProxy: number;
  /** Whether CLIENT_ADDRESS_HEADER was set by our own server (and so is the socket's address). */
  socketHeaderTrusted: boolean;
}

export function clientAddressFrom(headers: Headers, trust: AddressTrust): string {
  const socket = trust.socketHeaderTrusted ? headers.get(CLIENT_ADDRESS_HEADER)?.trim() : undefined;
  if (trust.trustProxy > 0) {
    const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    // The nearest proxy is the socket; each trusted proxy appended the address it saw.
    const chain = [...hops].reverse();
    const client = chain[Math.min(trust.trustProxy, chain.length) - 1] ?? socket;
    if (client && ADDRESS.test(client)) return client;
  }
  if (socket && ADDRESS.test(socket)) return socket;
  // Served without our launcher (a bare `next start`): the socket is out of sight. One shared key
  // fails closed: a client cannot get a fresh allowance by sending a header.
  return "unknown";
}
