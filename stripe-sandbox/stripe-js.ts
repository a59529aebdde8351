/**
 * The sandbox's Stripe.js: what js.stripe.com serves, for test mode. The page
 * loads it from the sandbox (`<script src="…/endive/stripe.js">`), it sets
 * `window.Stripe`, and `@stripe/stripe-js`'s loadStripe reuses that — so the
 * app's `@stripe/react-stripe-js` components run unchanged against it.
 *
 * What it implements is what the app calls: `Stripe(publishableKey)`,
 * `elements()`, `elements.create("card")` (mount, unmount, on, off, once,
 * update, destroy, focus, blur, clear), `createPaymentMethod`, `createToken`
 * (refused: the sandbox has no Tokens API), `confirmCardPayment`/
 * `confirmPayment`, `confirmCardSetup`/`confirmSetup`, `handleNextAction`/
 * `handleCardAction`, `retrievePaymentIntent`/`retrieveSetupIntent`.
 *
 * Card details live only in the card frame (card-frame.ts), a page of the
 * sandbox's own origin: this script asks the frame to create the
 * PaymentMethod and gets back its id. Answers have Stripe.js's shapes:
 * `{ paymentMethod }`, `{ paymentIntent }`, `{ setupIntent }`, or
 * `{ error: { type, code, message, … } }` — Stripe.js resolves, never rejects,
 * for card and validation errors.
 */

/** The script's text; `origin` is the sandbox's own (frames and API calls go there). */
export function stripeJsScript(origin: string): string {
  return `(function () {
"use strict";
var ORIGIN = ${JSON.stringify(origin)};
var FRAME_TITLE = "Secure card payment input frame";
var seq = 0;
function nextId(prefix) { seq += 1; return prefix + "-" + Date.now().toString(36) + "-" + seq; }
function genericError(message) { return { type: "api_connection_error", message: message }; }

function request(key, method, path, fields) {
  var body = new URLSearchParams();
  body.set("key", key);
  Object.keys(fields || {}).forEach(function (k) { if (fields[k] !== undefined && fields[k] !== null) body.set(k, String(fields[k])); });
  var url = ORIGIN + path + (method === "GET" ? "?" + body.toString() : "");
  var init = method === "GET" ? { method: "GET" } : { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body };
  return fetch(url, init).then(function (res) {
    return res.json().then(function (json) { return { ok: res.ok, json: json }; }, function () { return { ok: false, json: {} }; });
  }, function () {
    return { ok: false, json: { error: genericError("We could not reach the payment service. Check your connection and try again.") } };
  });
}

function intentIdOf(clientSecret, prefix) {
  if (typeof clientSecret !== "string") return null;
  var i = clientSecret.indexOf("_secret_");
  var id = i > 0 ? clientSecret.slice(0, i) : "";
  return id.indexOf(prefix + "_") === 0 ? id : null;
}
function badSecret(kind) {
  return { error: { type: "invalid_request_error", code: "parameter_invalid", param: "client_secret", message: "Invalid value for " + kind + "(): clientSecret should be a client secret of the form ${"${id}_secret_${secret}"}." } };
}

/* ---------- 3-D Secure in the page: the sandbox's authentication page in a modal frame ---------- */
function authenticate(url) {
  return new Promise(function (resolve) {
    var overlay = document.createElement("div");
    overlay.setAttribute("data-stripe-sandbox", "authentication");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;display:grid;place-items:center;background:rgba(0,0,0,.5);pointer-events:auto";
    var frame = document.createElement("iframe");
    frame.src = url + (url.indexOf("?") < 0 ? "?" : "&") + "embedded=1&parent=" + encodeURIComponent(window.location.origin);
    frame.title = "3D Secure authentication";
    frame.setAttribute("role", "dialog");
    frame.setAttribute("aria-modal", "true");
    frame.style.cssText = "width:min(420px,94vw);height:min(440px,90vh);border:0;border-radius:12px;background:#fff;box-shadow:0 10px 40px rgba(0,0,0,.35)";
    overlay.appendChild(frame);
    var previous = document.activeElement;
    function onMessage(event) {
      if (event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
      var data = event.data || {};
      if (data.type !== "stripe-sandbox:authentication-finished") return;
      window.removeEventListener("message", onMessage, false);
      overlay.remove();
      if (previous && typeof previous.focus === "function") previous.focus();
      resolve();
    }
    window.addEventListener("message", onMessage, false);
    // Inside an open modal dialog the rest of the page is inert: join the dialog so the frame stays usable.
    var host = document.querySelector("[role=dialog][aria-modal=true]") || document.body;
    host.appendChild(overlay);
    frame.addEventListener("load", function () { frame.focus(); });
  });
}

function sdkUrl(intent) {
  var next = intent && intent.next_action;
  if (!next) return null;
  if (next.type === "use_stripe_sdk" && next.use_stripe_sdk && typeof next.use_stripe_sdk.stripe_js === "string") return next.use_stripe_sdk.stripe_js;
  if (next.type === "redirect_to_url" && next.redirect_to_url) return next.redirect_to_url.url;
  return null;
}

/* ---------- Elements ---------- */
function CardElement(group, type, options) {
  var self = this;
  var handlers = {};
  var frame = null;
  var container = null;
  var ready = false;
  var queue = [];
  var pending = {};
  var opts = options || {};
  var state = { empty: true, complete: false, error: undefined, brand: "unknown" };
  var channel = nextId("card");
  function emit(name, payload) { (handlers[name] || []).slice().forEach(function (h) { h(payload); }); }
  function post(message) {
    if (!frame || !frame.contentWindow) return;
    if (!ready) { queue.push(message); return; }
    frame.contentWindow.postMessage(message, ORIGIN);
  }
  function onMessage(event) {
    if (!frame || event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.channel !== channel) return;
    switch (data.type) {
      case "ready":
        ready = true;
        queue.splice(0).forEach(post);
        emit("ready", { elementType: type });
        break;
      case "resize":
        frame.style.height = Math.ceil(data.height) + "px";
        break;
      case "change":
        state = { empty: data.empty, complete: data.complete, error: data.error || undefined, brand: data.brand };
        emit("change", { elementType: type, empty: data.empty, complete: data.complete, error: data.error || undefined, brand: data.brand, value: { postalCode: "" } });
        break;
      case "focus": emit("focus", { elementType: type }); break;
      case "blur": emit("blur", { elementType: type }); break;
      case "escape": emit("escape", { elementType: type }); break;
      case "submit": {
        // Enter in a card field submits the form the Element sits in, as Stripe's Elements do.
        var form = container && container.closest("form");
        if (form && typeof form.requestSubmit === "function") form.requestSubmit();
        break;
      }
      case "result": {
        var resolve = pending[data.id];
        delete pending[data.id];
        if (resolve) resolve(data.result);
        break;
      }
    }
  }
  this._componentName = type;
  this._sandboxTokenize = function (billingDetails) {
    if (!frame) return Promise.resolve({ error: { type: "integration_error", message: "The card Element is not mounted." } });
    var id = nextId("tok");
    return new Promise(function (resolve) {
      pending[id] = resolve;
      post({ type: "tokenize", id: id, billing_details: billingDetails || null });
    });
  };
  this.mount = function (target) {
    var node = typeof target === "string" ? document.querySelector(target) : target;
    if (!node) throw new Error("The selector you specified (" + target + ") applies to no DOM elements that are currently on the page.");
    if (frame) throw new Error("This Element is already mounted.");
    container = node;
    frame = document.createElement("iframe");
    var params = new URLSearchParams({ channel: channel, parent: window.location.origin, key: group._key, options: JSON.stringify({ style: opts.style || null, disabled: !!opts.disabled, hidePostalCode: true }) });
    frame.src = ORIGIN + "/elements/card?" + params.toString();
    frame.title = FRAME_TITLE;
    frame.name = channel;
    frame.setAttribute("allowtransparency", "true");
    frame.setAttribute("scrolling", "no");
    frame.style.cssText = "border:0;width:100%;height:12rem;display:block;background:transparent";
    window.addEventListener("message", onMessage, false);
    node.appendChild(frame);
  };
  this.unmount = function () {
    window.removeEventListener("message", onMessage, false);
    if (frame) frame.remove();
    frame = null; ready = false; queue = [];
    Object.keys(pending).forEach(function (id) { pending[id]({ error: { type: "integration_error", message: "The card Element was unmounted." } }); delete pending[id]; });
  };
  this.destroy = function () { self.unmount(); group._remove(self); handlers = {}; };
  this.on = function (name, handler) { (handlers[name] = handlers[name] || []).push(handler); if (name === "ready" && ready) handler({ elementType: type }); return self; };
  this.addEventListener = this.on;
  this.once = function (name, handler) { function wrapped(e) { self.off(name, wrapped); handler(e); } return self.on(name, wrapped); };
  this.off = function (name, handler) { if (!handler) delete handlers[name]; else handlers[name] = (handlers[name] || []).filter(function (h) { return h !== handler; }); return self; };
  this.removeEventListener = this.off;
  this.update = function (next) { opts = Object.assign({}, opts, next || {}); post({ type: "update", options: { style: opts.style || null, disabled: !!opts.disabled } }); };
  this.focus = function () { if (frame) frame.focus(); post({ type: "focus" }); };
  this.blur = function () { post({ type: "blur" }); };
  this.clear = function () { post({ type: "clear" }); };
  this._state = function () { return state; };
}

function ElementsGroup(stripe, options) {
  var self = this;
  var elements = [];
  this._key = stripe._key;
  this._options = options || {};
  this.create = function (type, opts) {
    if (type !== "card") throw new Error("The Stripe sandbox's Stripe.js supports the card Element only (asked for " + type + ").");
    if (elements.some(function (e) { return e._componentName === type; })) throw new Error("Can only create one Element of type " + type + ".");
    var element = new CardElement(self, type, opts);
    elements.push(element);
    return element;
  };
  this.getElement = function (typeOrComponent) {
    var type = typeof typeOrComponent === "string" ? typeOrComponent : typeOrComponent && typeOrComponent.__elementType;
    return elements.find(function (e) { return e._componentName === type; }) || null;
  };
  this.update = function (opts) { self._options = Object.assign({}, self._options, opts || {}); };
  this.fetchUpdates = function () { return Promise.resolve({}); };
  this.submit = function () {
    var card = elements[0];
    if (!card) return Promise.resolve({ error: { type: "integration_error", message: "No Element to submit." } });
    var s = card._state();
    return Promise.resolve(s.complete ? {} : { error: s.error || { type: "validation_error", code: "incomplete_number", message: "Your card number is incomplete." } });
  };
  this._remove = function (element) { elements = elements.filter(function (e) { return e !== element; }); };
  this._first = function () { return elements[0] || null; };
}

function isElement(value) { return value && typeof value._sandboxTokenize === "function"; }

function StripeSandbox(key, options) {
  if (!(this instanceof StripeSandbox)) return new StripeSandbox(key, options);
  if (typeof key !== "string" || key.indexOf("pk_") !== 0) throw new Error("Invalid value for Stripe(): apiKey should be a publishable key (pk_…), got " + String(key).slice(0, 8) + "…");
  var stripe = this;
  this._key = key;
  this._apiVersion = options && options.apiVersion;
  this._registerWrapper = function () {};
  this.registerAppInfo = function () {};
  this.elements = function (opts) { return new ElementsGroup(stripe, opts); };

  function paymentMethodFrom(data, elementsGroup) {
    // Returns a Promise of { id } or { error }.
    if (!data) data = {};
    var pm = data.payment_method;
    if (typeof pm === "string") return Promise.resolve({ id: pm });
    var card = (pm && pm.card) || data.card || (elementsGroup && elementsGroup._first());
    if (!isElement(card)) return Promise.resolve({ error: { type: "integration_error", message: "Provide payment_method: { card: cardElement } or a PaymentMethod id." } });
    return card._sandboxTokenize((pm && pm.billing_details) || data.billing_details).then(function (result) {
      return result.paymentMethod ? { id: result.paymentMethod.id } : { error: result.error };
    });
  }

  this.createPaymentMethod = function (a, b) {
    // createPaymentMethod({ type: "card", card: element }) or the old createPaymentMethod("card", element).
    var params = typeof a === "string" ? { type: a, card: b } : (a || {});
    if (params.elements) params = { type: "card", card: params.elements._first(), billing_details: params.params && params.params.billing_details };
    if (params.type !== "card" || !isElement(params.card)) {
      return Promise.resolve({ error: { type: "invalid_request_error", code: "parameter_invalid", message: "The sandbox creates card PaymentMethods from a card Element only." } });
    }
    return params.card._sandboxTokenize(params.billing_details).then(function (result) { return result; });
  };
  this.createToken = function () {
    return Promise.resolve({ error: { type: "invalid_request_error", code: "parameter_unknown", message: "The Stripe sandbox has no Tokens API: use createPaymentMethod." } });
  };

  function retrieve(kind, clientSecret) {
    var prefix = kind === "payment_intent" ? "pi" : "seti";
    var id = intentIdOf(clientSecret, prefix);
    if (!id) return Promise.resolve(badSecret(kind === "payment_intent" ? "retrievePaymentIntent" : "retrieveSetupIntent"));
    return request(stripe._key, "GET", "/v1/" + kind + "s/" + id, { client_secret: clientSecret }).then(function (r) {
      if (!r.ok) return { error: r.json.error || genericError("The intent could not be retrieved.") };
      var out = {}; out[kind === "payment_intent" ? "paymentIntent" : "setupIntent"] = r.json; return out;
    });
  }
  this.retrievePaymentIntent = function (cs) { return retrieve("payment_intent", cs); };
  this.retrieveSetupIntent = function (cs) { return retrieve("setup_intent", cs); };

  function authenticationFailed(kind, intent) {
    var error = {
      type: "invalid_request_error",
      code: kind === "payment_intent" ? "payment_intent_authentication_failure" : "setup_intent_authentication_failure",
      message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
    };
    error[kind] = intent;
    return { error: error };
  }

  // Runs the intent's next action (the authentication page, in a modal frame) and answers with the intent as it then stands.
  function runNextAction(kind, clientSecret, intent) {
    var url = sdkUrl(intent);
    var key = kind === "payment_intent" ? "paymentIntent" : "setupIntent";
    if (!url || intent.status !== "requires_action") { var same = {}; same[key] = intent; return Promise.resolve(same); }
    return authenticate(url).then(function () { return retrieve(kind, clientSecret); }).then(function (r) {
      if (r.error) return r;
      var after = r[key];
      if (after.status === "requires_payment_method") return authenticationFailed(kind, after);
      return r;
    });
  }
  function handleAction(kind, clientSecret) {
    return retrieve(kind, clientSecret).then(function (r) {
      if (r.error) return r;
      var intent = r[kind === "payment_intent" ? "paymentIntent" : "setupIntent"];
      if (intent.status !== "requires_action") {
        var error = { type: "invalid_request_error", code: kind + "_unexpected_state", message: "The " + (kind === "payment_intent" ? "PaymentIntent" : "SetupIntent") + " does not need an action." };
        error[kind] = intent;
        return { error: error };
      }
      return runNextAction(kind, clientSecret, intent);
    });
  }
  this.handleNextAction = function (opts) {
    var cs = opts && opts.clientSecret;
    return handleAction(intentIdOf(cs, "seti") ? "setup_intent" : "payment_intent", cs);
  };
  this.handleCardAction = function (cs) { return handleAction("payment_intent", cs); };
  this.handleCardSetup = function (cs) { return handleAction("setup_intent", cs); };

  function confirm(kind, clientSecret, data, handleActions, elementsGroup, returnUrl) {
    var prefix = kind === "payment_intent" ? "pi" : "seti";
    var id = intentIdOf(clientSecret, prefix);
    if (!id) return Promise.resolve(badSecret(kind === "payment_intent" ? "confirmCardPayment" : "confirmCardSetup"));
    return paymentMethodFrom(data, elementsGroup).then(function (pm) {
      if (pm.error) return { error: pm.error };
      var fields = { client_secret: clientSecret, payment_method: pm.id, use_stripe_sdk: "true" };
      if (returnUrl) fields.return_url = returnUrl;
      if (data && data.setup_future_usage) fields.setup_future_usage = data.setup_future_usage;
      return request(stripe._key, "POST", "/v1/" + kind + "s/" + id + "/confirm", fields).then(function (r) {
        if (!r.ok) return { error: r.json.error || genericError("The payment could not be confirmed.") };
        var intent = r.json;
        if (intent.status === "requires_action" && handleActions !== false) return runNextAction(kind, clientSecret, intent);
        var out = {}; out[kind === "payment_intent" ? "paymentIntent" : "setupIntent"] = intent; return out;
      });
    });
  }
  this.confirmCardPayment = function (cs, data, opts) { return confirm("payment_intent", cs, data, !(opts && opts.handleActions === false)); };
  this.confirmCardSetup = function (cs, data, opts) { return confirm("setup_intent", cs, data, !(opts && opts.handleActions === false)); };
  function confirmWithElements(kind, opts) {
    opts = opts || {};
    var params = opts.confirmParams || {};
    return confirm(kind, opts.clientSecret, { payment_method: params.payment_method, billing_details: params.payment_method_data && params.payment_method_data.billing_details }, true, opts.elements, params.return_url);
  }
  this.confirmPayment = function (opts) { return confirmWithElements("payment_intent", opts); };
  this.confirmSetup = function (opts) { return confirmWithElements("setup_intent", opts); };
}
StripeSandbox.version = "endive";
StripeSandbox.sandbox = true;
window.Stripe = StripeSandbox;
})();
`;
}
