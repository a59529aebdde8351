"use client";

import { useRouter } from "next/navigation";
import { startTransition, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * What a page shows when rendering it failed on the server. In production the
 * browser never learns why (Next.js hides server errors), and the usual reason
 * is a brief database outage, so it says that and offers a retry, which has to
 * refetch the server components as well as reset the error boundary.
 */
export function ServiceUnavailable({ reset }: { reset: () => void }) {
  const router = useRouter();
  // Move focus to the heading, so that a keyboard or screen-reader user who
  // navigated here hears why the page is not there instead of nothing.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <main id="main" className="mx-auto flex w-full max-w-xl flex-col gap-4 px-4 py-16">
      <h1 ref={heading} tabIndex={-1} className="text-xl font-semibold outline-none">This page could not load</h1>
      <Alert tone="error">
        The service may be briefly unavailable. Loading a page never spends or charges anything. Try again in a moment.
      </Alert>
      <div>
        <Button onClick={retry}>Try again</Button>
      </div>
    </main>
  );
}
