/**
 * The e2e server's fixed facts, shared by playwright.config.ts and the
 * global teardown that scans its log.
 */
export const E2E_DATA_DIR = ".data/e2e";
/** Everything the server and its launcher print (stdout and stderr). */
export const SERVER_LOG = `${E2E_DATA_DIR}/server.log`;
export const E2E_AUTH_SECRET = "e2e-only-secret-not-used-anywhere-else-000";
