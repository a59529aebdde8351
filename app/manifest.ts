import type { MetadataRoute } from "next";

/** The web app manifest; the icons are drawn from app/icon.svg (the logo's mark). */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Credits",
    short_name: "Credits",
    description: "Buy, meter and manage credits for AI coding features.",
    start_url: "/dashboard",
    display: "standalone",
    // brand-600 (the mark's colour) and zinc-50 (the page's background), app/globals.css.
    theme_color: "#5649d9",
    background_color: "#fafafa",
    icons: [
      { src: "/icon.svg", type: "image/svg+xml", sizes: "any" },
      { src: "/icon-192.png", type: "image/png", sizes: "192x192" },
      { src: "/icon-512.png", type: "image/png", sizes: "512x512" },
    ],
  };
}
