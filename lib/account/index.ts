import "server-only";

/** lib/account: the account as a whole (closing it). Sign-in and sessions are lib/auth. */
export { deleteAccount, deletedEmail } from "./delete";
export { reportedTimeZone, saveTimeZone, timeZoneOfUser } from "./time-zone";
