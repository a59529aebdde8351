/**
 * Where a request's address comes from (issue #19 item 8): the launcher's
 * server stamps the socket's address over anything a client sent, and
 * X-Forwarded-For counts only through the proxies TRUST_PROXY names.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddressFrom } from "@/lib/auth/client-address";
import { CLIENT_ADDRESS_HEADER as STAMPED_HEADER, stampClientAddress } from "../../scripts/client-address-stamp.mjs";

describe("the launcher's server stamps the socket's address", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    // The same listener wrapper as scripts/next-server.mjs, with an echo in place of Next.js.
    server = http.createServer((req, res) => {
      stampClientAddress(req);
      res.end(JSON.stringify(req.headers[STAMPED_HEADER] ?? null));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("names the same header the app reads", () => {
    expect(STAMPED_HEADER).toBe(CLIENT_ADDRESS_HEADER);
  });

  it("replaces a copy the client sent with the socket's address", async () => {
    const forged = await fetch(url, { headers: { [CLIENT_ADDRESS_HEADER]: "203.0.113.5" } });
    expect(await forged.json()).toBe("127.0.0.1");
    const plain = await fetch(url);
    expect(await plain.json()).toBe("127.0.0.1");
  });
});

describe("clientAddressFrom", () => {
  const stamped = (xff?: string) =>
    new Headers({ [CLIENT_ADDRESS_HEADER]: "10.1.1.1", ...(xff === undefined ? {} : { "x-forwarded-for": xff }) });
  const launcher = { socketHeaderTrusted: true };

  it("without TRUST_PROXY: the socket's address, whatever X-Forwarded-For says", () => {
    expect(clientAddressFrom(stamped(), { ...launcher, trustProxy: 0 })).toBe("10.1.1.1");
    expect(clientAddressFrom(stamped("198.51.100.7"), { ...launcher, trustProxy: 0 })).toBe("10.1.1.1");
  });

  it("with TRUST_PROXY=1: the entry the proxy appended (the rightmost), not what the client put before it", () => {
    expect(clientAddressFrom(stamped("198.51.100.7, 192.0.2.44"), { ...launcher, trustProxy: 1 })).toBe("192.0.2.44");
  });

  it("with TRUST_PROXY=2: the second entry from the right", () => {
    expect(clientAddressFrom(stamped("6.6.6.6, 192.0.2.44, 10.9.9.9"), { ...launcher, trustProxy: 2 })).toBe("192.0.2.44");
  });

  it("with a trusted proxy but no header: the socket (the proxy) itself; garbage is not a key", () => {
    expect(clientAddressFrom(stamped(), { ...launcher, trustProxy: 1 })).toBe("10.1.1.1");
    expect(clientAddressFrom(stamped("<script>"), { ...launcher, trustProxy: 1 })).toBe("10.1.1.1");
  });

  it("a header not set by our server is not believed: one shared key, not a fresh one per forged value", () => {
    expect(clientAddressFrom(stamped("198.51.100.7"), { socketHeaderTrusted: false, trustProxy: 0 })).toBe("unknown");
  });
});
