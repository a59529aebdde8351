/**
 * The client's socket address, handed to the app in a header only this server
 * sets. Next.js builds route handlers' and actions' requests from the incoming
 * headers alone, so the socket is otherwise out of their sight; any copy of
 * the header a client sends is deleted first, so it cannot be forged.
 * lib/auth/client-address.ts reads it (the same header name; a test checks).
 */
export const CLIENT_ADDRESS_HEADER = "x-credits-client-address";

/** @param {import("node:http").IncomingMessage} req */
export function stampClientAddress(req) {
  delete req.headers[CLIENT_ADDRESS_HEADER];
  const address = req.socket.remoteAddress;
  // An IPv4 client on a dual-stack socket reads "::ffff:1.2.3.4".
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}
