import type { MetadataRoute } from "next";
import { protectedSections } from "@/lib/auth/config";

/**
 * Crawlers may read the public pages; the signed-in sections and the API are
 * off limits. /admin is not named (it answers 404 to all but support staff,
 * so that its existence stays private) and nothing links to it.
 */
export default function robots(): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: "*",
      allow: ["/", "/pricing", "/sign-in", "/sign-up"],
      disallow: [...protectedSections.map((section) => `/${section}`), "/api/"],
    },
  };
}
