// The one JavaScript shim: talks to the `msal` global of @azure/msal-browser 5.x, which it loads
// from this site's own origin when the `msal` sign-in mode starts. No imports (wasm-bindgen snippet rule). It never logs, and
// returns nothing to Rust but account descriptions and the access token string.
//
// One PublicClientApplication per configured cloud (national clouds have app registrations
// and authorities of their own); every call names its cloud. Which account is active is the
// app's to say (Rust passes the account): clouds sharing an app registration share MSAL's cache.

const apps = new Map(); // cloud name -> { app, scopes }
let interaction = "popup";
// Only one interaction at a time: later callers wait for the one in progress.
let pending = null;
const REDIRECT_CLOUD = "office-policy-editor:redirect-cloud";

function entry(cloud) {
  const found = apps.get(cloud);
  if (!found) throw { errorCode: "not_initialized", message: "MSAL was not initialized for " + cloud };
  return found;
}

function client(cloud) {
  return entry(cloud).app;
}

function describe(a) {
  return a ? { name: a.name || "", username: a.username || "", tenantId: a.tenantId || "", homeAccountId: a.homeAccountId } : null;
}

function find(cloud, homeAccountId) {
  return client(cloud).getAllAccounts().find((a) => a.homeAccountId === homeAccountId) || null;
}

function popupBlocked(e) {
  return e && (e.errorCode === "popup_window_error" || e.errorCode === "empty_window_error");
}

async function settled(p) {
  try {
    await p;
  } catch (_) {
    // the interaction that was in progress reports its own outcome
  }
}

async function exclusive(run) {
  while (pending) await settled(pending);
  pending = run();
  try {
    return await pending;
  } finally {
    pending = null;
  }
}

// Popup first, unless configured otherwise; a blocked popup falls back to a redirect (the page
// navigates away: unsaved edits are already kept in storage by the app).
async function interact(cloud, popup, redirect) {
  const leave = async () => {
    // The cloud whose application handles the answer when the page comes back.
    sessionStorage.setItem(REDIRECT_CLOUD, cloud);
    // The app does not ask "leave the page?" for this navigation: its edits are kept. If the
    // redirect fails to start, the page stays, and so must the question.
    window.__msalRedirecting = true;
    try {
      await redirect();
    } catch (e) {
      window.__msalRedirecting = false;
      throw e;
    }
    return null;
  };
  if (interaction === "redirect") return leave();
  try {
    return await popup();
  } catch (e) {
    if (!popupBlocked(e)) throw e;
    return leave();
  }
}

// Loads @azure/msal-browser from this site (next to index.html) the first time it is needed:
// only the `msal` sign-in mode pays for it, and it never blocks the first render.
function loadMsal() {
  if (typeof msal !== "undefined") return Promise.resolve();
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = new URL("msal-browser.min.js", document.baseURI).href;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => resolve(); // reported below as msal_not_loaded
    document.head.appendChild(script);
  });
}

// Creates and initializes the application of one cloud.
export async function msalInit(cloud, clientId, authority, redirectUri, knownAuthority, scope, cacheLocation, mode) {
  await loadMsal();
  if (typeof msal === "undefined") {
    throw { errorCode: "msal_not_loaded", message: "msal-browser.min.js did not load" };
  }
  interaction = mode;
  const auth = { clientId, authority, redirectUri, postLogoutRedirectUri: redirectUri };
  if (knownAuthority) auth.knownAuthorities = [knownAuthority];
  const app = new msal.PublicClientApplication({ auth, cache: { cacheLocation } });
  await app.initialize();
  apps.set(cloud, { app, scopes: [scope] });
}

// After every cloud's msalInit: the account a sign-in by redirect brought back, with the cloud
// it signed in to ({ cloud, account }), or null. The cloud that started the redirect answers first.
export async function msalHandleRedirect() {
  const started = sessionStorage.getItem(REDIRECT_CLOUD);
  sessionStorage.removeItem(REDIRECT_CLOUD);
  const order = [...apps.keys()].sort((a, b) => (b === started) - (a === started));
  let back = null;
  for (const cloud of order) {
    const result = await client(cloud).handleRedirectPromise();
    if (result && result.account && !back) back = { cloud, account: describe(result.account) };
  }
  return back;
}

// The accounts one cloud's application knows.
export function msalAccounts(cloud) {
  return client(cloud).getAllAccounts().map(describe);
}

// MSAL's own idea of the active account, for a first start with no choice kept by the app.
export function msalActiveAccount(cloud) {
  return describe(client(cloud).getActiveAccount());
}

export function msalSetActive(cloud, homeAccountId) {
  const account = find(cloud, homeAccountId);
  if (account) client(cloud).setActiveAccount(account);
}

export async function msalSignIn(cloud, chooseAccount) {
  return exclusive(async () => {
    const request = { scopes: entry(cloud).scopes, prompt: chooseAccount ? "select_account" : undefined };
    const result = await interact(
      cloud,
      () => client(cloud).loginPopup(request),
      () => client(cloud).loginRedirect(request)
    );
    if (result && result.account) client(cloud).setActiveAccount(result.account);
    return result ? describe(result.account) : null;
  });
}

// Signs this app out of one account: only this app's MSAL cache is cleared, so other apps and
// the Entra ID session stay signed in.
export async function msalSignOut(cloud, homeAccountId) {
  const account = find(cloud, homeAccountId);
  if (account) await client(cloud).clearCache({ account });
}

// A token for the signed-in account `homeAccountId` of `cloud`.
export async function msalToken(cloud, forceRefresh, claims, homeAccountId) {
  const account = find(cloud, homeAccountId);
  if (!account) throw { errorCode: "no_account", message: "not signed in" };
  const scopes = entry(cloud).scopes;
  const request = { scopes, account, forceRefresh: !!forceRefresh };
  if (claims) request.claims = claims;
  try {
    return (await client(cloud).acquireTokenSilent(request)).accessToken;
  } catch (e) {
    const busy = e && e.errorCode === "interaction_in_progress";
    if (!(e instanceof msal.InteractionRequiredAuthError) && !busy) throw e;
    if (pending) {
      // Someone else is already signing in: wait for them, then try silently again.
      await settled(pending);
      return (await client(cloud).acquireTokenSilent({ scopes, account: find(cloud, homeAccountId) || account })).accessToken;
    }
    const result = await exclusive(() =>
      interact(
        cloud,
        () => client(cloud).acquireTokenPopup(request),
        () => client(cloud).acquireTokenRedirect(request)
      )
    );
    if (!result) throw { errorCode: "redirecting", message: "signing in again by redirect" };
    return result.accessToken;
  }
}
