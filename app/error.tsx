"use client";

import { ServiceUnavailable } from "@/components/shell/service-unavailable";

/** A page or nested layout that failed to render on the server (e.g. while the database is down). */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ServiceUnavailable reset={reset} />;
}
