import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);

// Only redirects signed-out visitors to sign-in (and back afterwards). Every page,
// action and route handler still checks the session itself.
export default auth;

export const config = {
  matcher: ["/dashboard/:path*", "/usage/:path*", "/settings/:path*", "/features/:path*", "/admin/:path*"],
};
