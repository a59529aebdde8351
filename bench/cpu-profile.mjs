/**
 * Preloaded into the bench's server (NODE_OPTIONS=--import, as `--cpu-prof`
 * is not allowed there) when BENCH_CPU_PROF names a folder: profiles the whole
 * process with the inspector and writes <folder>/cpu-<pid>.cpuprofile on exit
 * (open it in Chrome DevTools or speedscope).
 */
import { writeFileSync } from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

const folder = process.env.BENCH_CPU_PROF;
if (folder) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  // The main thread's session answers synchronously, so this works in an exit handler.
  process.on("exit", () =>
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(path.join(folder, `cpu-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    }),
  );
}
