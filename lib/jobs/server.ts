import "server-only";
import { env } from "@/lib/env";
import { startJobs } from "./index";

/** The jobs inside a web server process, unless this instance opts out with JOBS=0. */
export function startServerJobs() {
  if (env.JOBS === "0") return;
  startJobs();
}
