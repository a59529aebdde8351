/** lib/promo: promo codes that support creates and users redeem for credits (granted through lib/credits). */
import "server-only";

export { createPromoCode, disablePromoCode, listPromoCodes, promoStatus, type PromoStatus } from "./codes";
export { REDEEM_ATTEMPTS, promoGrantRef, redeemPromoCode, type Redeemed } from "./redeem";
export { CODE_PATTERN, UNKNOWN_CODE, createCodeSchema, normaliseCode, redeemSchema, type CreateCodeInput } from "./schemas";
