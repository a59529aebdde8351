/** lib/reports: problem reports, their screenshots, and the support console's reads and writes. */
export {
  MAX_SCREENSHOT_BYTES,
  MAX_SCREENSHOTS_PER_REPORT,
  SCREENSHOT_QUOTA_BYTES,
  UNCLAIMED_SCREENSHOT_HOURS,
  pruneUnclaimedScreenshots,
  readLimited,
  readScreenshot,
  saveScreenshot,
  sniffImageType,
  type ScreenshotType,
} from "./screenshots";
export {
  MAX_REQUESTS_PER_REPORT,
  createReport,
  listReports,
  parseIdList,
  reportDetails,
  reportForAccount,
  reportInputSchema,
  type ReportDetails,
  type ReportInput,
} from "./reports";
export {
  adjustForReport,
  adjustmentSchema,
  findUsers,
  replySchema,
  replyToReport,
  setReportStatus,
  supportFilterSchema,
  supportReport,
  supportReports,
  userLedger,
  type AdjustmentResult,
} from "./support";
