/**
 * In test mode, mail is caught by the local mail catcher instead of being delivered: this
 * links to it. Rendered only when the server passes the catcher's address.
 */
export function TestInboxLink({ href, className }: { href: string; className?: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className={className ?? "font-medium underline underline-offset-4"}>
      Test inbox
    </a>
  );
}

/** "Test mode — no real charges" with the Test inbox beside it, under the sign-in and sign-up cards. */
export function TestModeNote({ inbox, sandbox }: { inbox: string | null; sandbox: boolean }) {
  if (!inbox && !sandbox) return null;
  return (
    <p className="mt-6 text-center text-xs text-amber-900 dark:text-amber-200">
      {sandbox ? "Test mode — no real charges." : "Test mode."}
      {inbox ? (
        <>
          {" "}
          E-mails go to the <TestInboxLink href={inbox} />.
        </>
      ) : null}
    </p>
  );
}
