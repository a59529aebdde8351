import { scrubText } from "./redact";

/**
 * Request ids: a caller's own `X-Request-Id` is kept when it is sane (so a
 * client or a load balancer can follow its request through our logs), else
 * one is generated. Sane means short and plain: it is echoed in a response
 * header and written to every log line, so nothing that could split a header,
 * forge a log field or smuggle a long payload is accepted, nor anything
 * shaped like a secret (a client pasting its API key there).
 */
export const REQUEST_ID_HEADER = "x-request-id";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function newRequestId(): string {
  return crypto.randomUUID();
}

/** The id as sent, when it is sane; else undefined. */
export function saneRequestId(incoming: string | null | undefined): string | undefined {
  return incoming && SANE_REQUEST_ID.test(incoming) && scrubText(incoming) === incoming ? incoming : undefined;
}

export function requestIdFrom(headers: Headers): string {
  return saneRequestId(headers.get(REQUEST_ID_HEADER)) ?? newRequestId();
}
