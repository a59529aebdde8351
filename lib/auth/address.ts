import "server-only";
import { env } from "@/lib/env";
import { clientAddressFrom } from "./client-address";

/** The client's address for rate limits, as configured (see client-address.ts). */
export function clientAddress(headers: Headers): string {
  return clientAddressFrom(headers, { trustProxy: env.TRUST_PROXY, socketHeaderTrusted: env.CLIENT_ADDRESS_FROM_LAUNCHER === "1" });
}
