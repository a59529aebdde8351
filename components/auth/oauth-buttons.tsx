import { signIn } from "@/lib/auth";
import { oauthProviders } from "@/lib/env";
import { Button } from "@/components/ui/button";

const labels = { github: "Continue with GitHub", google: "Continue with Google" } as const;

/** GitHub and Google sign-in, shown only for the providers that are configured. */
export function OAuthButtons({ callbackUrl }: { callbackUrl: string }) {
  const enabled = (Object.keys(labels) as (keyof typeof labels)[]).filter((p) => oauthProviders[p]);
  if (enabled.length === 0) return null;
  return (
    <div className="mt-6 space-y-2">
      {enabled.map((provider) => (
        <form
          key={provider}
          action={async () => {
            "use server";
            await signIn(provider, { redirectTo: callbackUrl });
          }}
        >
          <Button type="submit" variant="secondary" className="w-full">
            {labels[provider]}
          </Button>
        </form>
      ))}
      <div className="flex items-center gap-3 pt-2 text-xs text-zinc-500">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
        or with e-mail
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
    </div>
  );
}
