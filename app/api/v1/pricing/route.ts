import { servedWithRequestLog } from "@/lib/log/access";
import { CREDIT_PRICE_CENTS, features, models, pricingFormula, tiers } from "@/lib/credits/shared";

// The rate card is public and changes only with a deploy: no auth, cacheable
// by browsers and proxies, readable from any origin.
export function GET(request: Request) {
  return servedWithRequestLog(request, async () =>
    Response.json(
      { creditPriceCents: CREDIT_PRICE_CENTS, features, models, tiers, formula: pricingFormula },
      {
        headers: {
          "Cache-Control": "public, max-age=300",
          "Access-Control-Allow-Origin": "*",
        },
      },
    ),
  );
}
