import "server-only";
import { notFound } from "next/navigation";
import type { User } from "@/db/schema";
import { currentUser } from "./session";

/**
 * The signed-in admin, or a 404 for everyone else (signed-out visitors
 * included): the support console does not admit that it exists. Every admin
 * page, action and route handler calls it itself.
 */
export async function requireAdmin(): Promise<User> {
  const user = await currentUser();
  if (!user?.isAdmin) notFound();
  return user;
}
