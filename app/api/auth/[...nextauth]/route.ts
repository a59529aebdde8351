import { authRouteHandlers } from "@/lib/auth/route-handlers";

export const { GET, POST } = authRouteHandlers;
