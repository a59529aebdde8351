/** Every API route of the sandbox. A new resource adds its file under resources/ and its routes here. */
import type { Route } from "./context";
import { chargeRoutes } from "./resources/charges";
import { customerRoutes } from "./resources/customers";
import { disputeRoutes } from "./resources/disputes";
import { eventRoutes } from "./resources/events";
import { invoicePaymentRoutes } from "./resources/invoice-payments";
import { invoiceRoutes } from "./resources/invoices";
import { paymentIntentRoutes } from "./resources/payment-intents";
import { paymentMethodRoutes } from "./resources/payment-methods";
import { productRoutes } from "./resources/products";
import { refundRoutes } from "./resources/refunds";
import { setupIntentRoutes } from "./resources/setup-intents";
import { subscriptionRoutes } from "./resources/subscriptions";
import { testClockRoutes } from "./resources/test-clocks";
import { testHelperRoutes } from "./resources/test-helpers";

export const routes: Route[] = [
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...setupIntentRoutes,
  ...paymentIntentRoutes,
  ...chargeRoutes,
  ...refundRoutes,
  ...disputeRoutes,
  ...eventRoutes,
  ...productRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
  ...invoicePaymentRoutes,
  ...testHelperRoutes,
  ...testClockRoutes,
];
