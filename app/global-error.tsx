"use client";

import { GeistSans } from "geist/font/sans";
import { ServiceUnavailable } from "@/components/shell/service-unavailable";
import "./globals.css";

/**
 * When a layout fails before any HTML is sent (the dashboard's layout reads the
 * balance, so a database outage fails it there), Next.js answers 500 with an
 * empty shell and the browser renders this instead of the root layout, hence
 * its own <html> and <body>.
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-dvh font-sans">
        <ServiceUnavailable reset={reset} />
      </body>
    </html>
  );
}
