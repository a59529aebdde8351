/**
 * The card Element's frame: a page of the sandbox's own origin holding the
 * "Card number", "Expiration" and "CVC" fields, as Stripe's Elements frames
 * hold them on js.stripe.com. The numbers never leave this frame except to
 * the sandbox's /v1/payment_methods (the publishable key); the page that
 * mounted the Element (stripe-js.ts) gets only the PaymentMethod's id.
 *
 * Formatting as the user types and the inline messages are Stripe's
 * ("Your card number is incomplete." …). It talks to its parent through
 * postMessage on one channel, only with the origin it was mounted from,
 * which must be one the sandbox serves (the app's).
 */
import { escapeHtml } from "./http";

export interface CardFrameQuery {
  channel: string;
  parent: string;
  key: string;
  options: string;
}

export function cardFramePage(origin: string, query: CardFrameQuery, nonce: string): string {
  const config = JSON.stringify({ origin, channel: query.channel, parent: query.parent, key: query.key, options: safeJson(query.options) }).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml("Secure card payment input frame")}</title>
<style>
:root{color-scheme:light dark}
@media (prefers-color-scheme: dark){:root{--text:#f4f4f5;--field:#09090b;--border:#52525b;--placeholder:#a1a1aa;--invalid:#f87171;--focus:#818cf8}}
html,body{margin:0;padding:0;background:transparent;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--text,#18181b)}
form{display:grid;gap:.75rem;padding:2px}
.row{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
label{display:block;font-weight:500;margin-bottom:.25rem}
input{box-sizing:border-box;width:100%;font:inherit;color:inherit;background:var(--field,#fff);border:1px solid var(--border,#a1a1aa);border-radius:.5rem;padding:.5rem .75rem;outline:none}
input::placeholder{color:var(--placeholder,#71717a)}
input:focus-visible{outline:2px solid var(--focus,#4f46e5);outline-offset:1px}
input[aria-invalid=true]{border-color:var(--invalid,#b91c1c)}
input:disabled{opacity:.6}
.error{margin:.25rem 0 0;color:var(--invalid,#b91c1c);font-size:.8125rem}
.hint{margin:.25rem 0 0;color:var(--placeholder,#52525b);font-size:.8125rem}
</style></head><body>
<form novalidate>
  <div><label for="number">Card number</label>
    <input id="number" name="cardnumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" aria-describedby="number-error" required>
    <p id="number-error" class="error" hidden></p></div>
  <div class="row">
    <div><label for="expiry">Expiration</label>
      <input id="expiry" name="exp-date" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" aria-describedby="expiry-hint expiry-error" required>
      <p id="expiry-hint" class="hint">MM / YY</p>
      <p id="expiry-error" class="error" hidden></p></div>
    <div><label for="cvc">CVC</label>
      <input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" maxlength="4" aria-describedby="cvc-error" required>
      <p id="cvc-error" class="error" hidden></p></div>
  </div>
</form>
<script nonce="${escapeHtml(nonce)}">${FRAME_SCRIPT.replace("__CONFIG__", () => config)}</script>
</body></html>`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** The frame's one script (its CSP allows only this, by nonce; see server.ts). */
const FRAME_SCRIPT = `(function () {
"use strict";
var C = __CONFIG__;
var fields = { number: document.getElementById("number"), expiry: document.getElementById("expiry"), cvc: document.getElementById("cvc") };
var order = ["number", "expiry", "cvc"];
var errors = {};
function post(message) { message.channel = C.channel; window.parent.postMessage(message, C.parent); }
function digits(s) { return String(s || "").replace(/\\D/g, ""); }
function isAmex(n) { return /^3[47]/.test(n); }
function brandOf(n) {
  if (/^4/.test(n)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(n)) return "mastercard";
  if (isAmex(n)) return "amex";
  if (/^6(011|5)/.test(n)) return "discover";
  return "unknown";
}
function luhn(n) {
  var sum = 0;
  for (var i = 0; i < n.length; i++) { var d = Number(n[n.length - 1 - i]); if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2; sum += d; }
  return sum % 10 === 0;
}
function formatNumber(raw) {
  var d = digits(raw).slice(0, 19);
  var groups = isAmex(d) ? [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)] : (d.match(/.{1,4}/g) || []);
  return groups.filter(Boolean).join(" ");
}
function formatExpiry(raw) {
  var d = digits(raw).slice(0, 4);
  if (d.length === 1 && d > "1") d = "0" + d;
  return d.length > 2 ? d.slice(0, 2) + " / " + d.slice(2) : d;
}
function check(today) {
  today = today || new Date();
  var e = {};
  var number = digits(fields.number.value);
  var needed = isAmex(number) ? 15 : 16;
  if (!number) e.number = { code: "incomplete_number", message: "Your card number is incomplete." };
  else if (number.length < needed && !(number.length >= 12 && luhn(number))) e.number = { code: "incomplete_number", message: "Your card number is incomplete." };
  else if (!luhn(number)) e.number = { code: "invalid_number", message: "Your card number is invalid." };
  var parts = fields.expiry.value.split("/").map(digits);
  var mm = parts[0] || "", yy = parts[1] || "";
  var month = Number(mm), year = 2000 + Number(yy);
  if (!mm && !yy) e.expiry = { code: "incomplete_expiry", message: "Your card's expiration date is incomplete." };
  else if (mm.length !== 2 || yy.length !== 2) e.expiry = { code: "incomplete_expiry", message: "Your card's expiration date is incomplete." };
  else if (month < 1 || month > 12) e.expiry = { code: "invalid_expiry_month", message: "Your card's expiration date is invalid." };
  else if (year * 12 + month < today.getFullYear() * 12 + today.getMonth() + 1) e.expiry = { code: "invalid_expiry_year_past", message: "Your card's expiration year is in the past." };
  var cvc = digits(fields.cvc.value);
  if (cvc.length < (isAmex(number) ? 4 : 3)) e.cvc = { code: "incomplete_cvc", message: "Your card's security code is incomplete." };
  return { errors: e, number: number, month: month, year: year, cvc: cvc };
}
function show(name, error) {
  errors[name] = error || null;
  var p = document.getElementById(name + "-error");
  p.textContent = error ? error.message : "";
  p.hidden = !error;
  if (error) fields[name].setAttribute("aria-invalid", "true"); else fields[name].removeAttribute("aria-invalid");
}
function firstError() { for (var i = 0; i < order.length; i++) if (errors[order[i]]) return errors[order[i]]; return undefined; }
function report() {
  var r = check();
  var empty = !fields.number.value && !fields.expiry.value && !fields.cvc.value;
  var e = firstError();
  post({ type: "change", empty: empty, complete: Object.keys(r.errors).length === 0, brand: brandOf(r.number), error: e ? { type: "validation_error", code: e.code, message: e.message } : null });
}
function resize() { post({ type: "resize", height: document.documentElement.scrollHeight }); }
order.forEach(function (name) {
  var input = fields[name];
  input.addEventListener("input", function () {
    if (name === "number") input.value = formatNumber(input.value);
    if (name === "expiry") input.value = formatExpiry(input.value);
    if (name === "cvc") input.value = digits(input.value).slice(0, 4);
    if (errors[name]) show(name, null);
    report(); resize();
  });
  input.addEventListener("blur", function () {
    // A change event only when the message changed: leaving a field changes no card.
    var before = errors[name] ? errors[name].message : "";
    if (input.value) show(name, check().errors[name]);
    if ((errors[name] ? errors[name].message : "") !== before) { report(); resize(); }
    post({ type: "blur" });
  });
  input.addEventListener("focus", function () { post({ type: "focus" }); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); post({ type: "submit" }); }
    if (event.key === "Escape") post({ type: "escape" });
  });
});
function applyOptions(o) {
  o = o || {};
  var base = (o.style && o.style.base) || {};
  var invalid = (o.style && o.style.invalid) || {};
  var root = document.documentElement.style;
  if (base.color) root.setProperty("--text", base.color);
  if (base.fontFamily) document.body.style.fontFamily = base.fontFamily;
  if (base.fontSize) document.body.style.fontSize = base.fontSize;
  if (base["::placeholder"] && base["::placeholder"].color) root.setProperty("--placeholder", base["::placeholder"].color);
  if (base.backgroundColor) root.setProperty("--field", base.backgroundColor);
  if (base.borderColor) root.setProperty("--border", base.borderColor);
  if (base.focusColor) root.setProperty("--focus", base.focusColor);
  if (invalid.color) root.setProperty("--invalid", invalid.color);
  order.forEach(function (name) { fields[name].disabled = !!o.disabled; });
  resize();
}
function tokenize(id, billingDetails) {
  var r = check();
  order.forEach(function (name) { show(name, r.errors[name]); });
  report(); resize();
  var failed = order.filter(function (name) { return r.errors[name]; })[0];
  if (failed) {
    fields[failed].focus();
    var e = r.errors[failed];
    post({ type: "result", id: id, result: { error: { type: "validation_error", code: e.code, message: e.message } } });
    return;
  }
  var body = new URLSearchParams({ key: C.key, type: "card", "card[number]": r.number, "card[exp_month]": String(r.month), "card[exp_year]": String(r.year), "card[cvc]": r.cvc });
  if (billingDetails && billingDetails.name) body.set("billing_details[name]", billingDetails.name);
  if (billingDetails && billingDetails.email) body.set("billing_details[email]", billingDetails.email);
  fetch(C.origin + "/v1/payment_methods", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body })
    .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json }; }); })
    .then(function (r2) {
      if (r2.ok) { post({ type: "result", id: id, result: { paymentMethod: r2.json } }); return; }
      var err = (r2.json && r2.json.error) || { type: "api_error", message: "Your card could not be used. Try again." };
      var field = err.param && /exp_/.test(err.param) ? "expiry" : err.param && /cvc/.test(err.param) ? "cvc" : err.param && /number/.test(err.param) ? "number" : null;
      if (field) { show(field, { code: err.code, message: err.message }); fields[field].focus(); report(); resize(); }
      post({ type: "result", id: id, result: { error: err } });
    }, function () {
      post({ type: "result", id: id, result: { error: { type: "api_connection_error", message: "We could not reach the payment service. Check your connection and try again." } } });
    });
}
window.addEventListener("message", function (event) {
  if (event.origin !== C.parent || event.source !== window.parent) return;
  var data = event.data || {};
  if (data.type === "tokenize") tokenize(data.id, data.billing_details);
  else if (data.type === "update") applyOptions(data.options);
  else if (data.type === "focus") fields.number.focus();
  else if (data.type === "blur") { if (document.activeElement && document.activeElement.blur) document.activeElement.blur(); }
  else if (data.type === "clear") { order.forEach(function (n) { fields[n].value = ""; show(n, null); }); report(); resize(); }
});
applyOptions(C.options);
if (typeof ResizeObserver === "function") new ResizeObserver(resize).observe(document.body);
post({ type: "ready" });
resize();
})();`;
