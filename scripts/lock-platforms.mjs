// The npm registry this project is built against serves only the linux-x64
// builds of packages that ship native binaries (next's swc, tailwind's oxide…),
// so `npm install` leaves the other platforms out of package-lock.json and
// `npm ci` then refuses the lockfile as out of sync. This fills in a lockfile
// entry for each missing optional platform package, with the os/cpu that its
// name declares, so `npm ci` skips it on this machine and fetches it on others.
// Run after `npm install` whenever dependencies change.
import { readFileSync, writeFileSync } from "node:fs";

const OS = ["darwin", "win32", "linux", "android", "freebsd", "openbsd", "netbsd", "sunos", "aix", "openharmony", "wasi"];
const CPU = ["arm64", "x64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64", "wasm32", "mips64el", "universal"];

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[base] || lock.packages[`node_modules/${name}`]) continue;
    const tokens = name.split("/").pop().split(/[-_]/);
    const os = tokens.find((t) => OS.includes(t));
    const cpu = tokens.find((t) => CPU.includes(t));
    if (!os && !cpu) continue;
    lock.packages[`node_modules/${name}`] = {
      version: range.replace(/^[\^~=]/, ""),
      optional: true,
      ...(os && os !== "wasi" ? { os: [os === "wasm32" ? "none" : os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(tokens.includes("musl") ? { libc: ["musl"] } : {}),
    };
    added++;
  }
}
writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(`lock-platforms: added ${added} platform entries`);
