/**
 * axe in the e2e specs, finished in one page per browser (that is, per worker).
 *
 * @axe-core/playwright runs axe.runPartial in the page and each of its frames,
 * then opens a new blank page, loads axe's 560 kB source into it, runs
 * axe.finishRun there on the partial results and closes it — for every check.
 * On the loaded 2-core CI machine that blank page is 2–3 s of a 4–6 s check,
 * ~90 times a run. finishRun only combines the partial results (JSON) with the
 * options, so one blank page with axe loaded once gives the same answer: the
 * analysis in the page and its frames is untouched, and no rule is changed.
 */
import AxeBuilder from "@axe-core/playwright";
import axe, { type AxeResults, type PartialResults, type RunOptions } from "axe-core";
import type { Browser, Page } from "@playwright/test";

declare global {
  interface Window {
    axe: typeof axe;
  }
}

const finishers = new WeakMap<Browser, Promise<Page>>();

/** A blank page of its own context with axe loaded, configured as @axe-core/playwright configures its blank page. */
function finisher(browser: Browser): Promise<Page> {
  let page = finishers.get(browser);
  if (!page) {
    page = (async () => {
      const context = await browser.newContext();
      const blank = await context.newPage();
      await blank.evaluate(axe.source);
      await blank.evaluate(() => window.axe.configure({ allowedOrigins: ["<same_origin>"], branding: { application: "playwright" } }));
      return blank;
    })();
    finishers.set(browser, page);
    // A failed start is not kept: the next check tries again.
    page.catch(() => finishers.delete(browser));
  }
  return page;
}

type Internals = { page: Page; option?: RunOptions; finishRun(partials: PartialResults): Promise<AxeResults> };
const internals = AxeBuilder.prototype as unknown as Internals;
// The library's own step, replaced; fail loudly if an upgrade renames it, rather than silently keep the slow one.
if (typeof internals.finishRun !== "function") throw new Error("@axe-core/playwright no longer has finishRun: update e2e/support/axe.ts");

internals.finishRun = async function (this: Internals, partials: PartialResults) {
  const browser = this.page.context().browser();
  if (!browser) throw new Error("axe: the page has no browser");
  const blank = await finisher(browser);
  return blank.evaluate(([json, options]) => window.axe.finishRun(JSON.parse(json) as PartialResults, options ?? {}), [
    JSON.stringify(partials),
    this.option,
  ] as const);
};

export { AxeBuilder };
