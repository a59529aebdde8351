import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

export function AppHeader({ user }: { user: { name: string | null; email: string } }) {
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
      <div className="mx-auto flex h-14 w-full max-w-6xl items-center gap-3 px-4 sm:gap-8 sm:px-6">
        <Logo href="/dashboard" compact />
        <NavLinks />
        <div className="ml-auto flex items-center gap-3">
          <UserMenu name={user.name} email={user.email} />
        </div>
      </div>
    </header>
  );
}
