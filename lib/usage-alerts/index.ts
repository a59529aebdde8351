/**
 * Usage alerts (issue #23 item 2): thresholds a user sets — balance below N,
 * more than N spent today — each told of once per crossing, in the app and by
 * e-mail. The list and its actions are Settings › Billing's; the firing is a job.
 */
export { addAlert, listAlerts, removeAlert, MAX_ALERTS_PER_USER, MAX_ALERT_THRESHOLD, type AlertView } from "./alerts";
export { checkUsageAlerts, type UsageAlertReport } from "./check";
export { alertStatus, balanceAlertNotice, dailySpendAlertNotice, describeAlert } from "./messages";
