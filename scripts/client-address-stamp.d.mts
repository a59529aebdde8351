import type { IncomingMessage } from "node:http";

export declare const CLIENT_ADDRESS_HEADER: "x-credits-client-address";
export declare function stampClientAddress(req: IncomingMessage): void;
