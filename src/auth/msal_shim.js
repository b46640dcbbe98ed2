// The one JavaScript shim: talks to the `msal` global of @azure/msal-browser 5.x, which it loads
// from this site's own origin when the `msal` sign-in mode starts. No imports (wasm-bindgen snippet rule). It never logs, and
// returns nothing to Rust but account descriptions and the access token string.

let app = null;
let scopes = [];
let interaction = "popup";
// Only one interaction at a time: later callers wait for the one in progress.
let pending = null;

function client() {
  if (!app) throw { errorCode: "not_initialized", message: "MSAL was not initialized" };
  return app;
}

function describe(a) {
  return a ? { name: a.name || "", username: a.username || "", tenantId: a.tenantId || "", homeAccountId: a.homeAccountId } : null;
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
async function interact(popup, redirect) {
  const leave = async () => {
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

export async function msalInit(clientId, authority, redirectUri, knownAuthority, scope, cacheLocation, mode) {
  await loadMsal();
  if (typeof msal === "undefined") {
    throw { errorCode: "msal_not_loaded", message: "msal-browser.min.js did not load" };
  }
  scopes = [scope];
  interaction = mode;
  const auth = { clientId, authority, redirectUri, postLogoutRedirectUri: redirectUri };
  if (knownAuthority) auth.knownAuthorities = [knownAuthority];
  app = new msal.PublicClientApplication({ auth, cache: { cacheLocation } });
  await app.initialize();
  const result = await app.handleRedirectPromise();
  if (result && result.account) app.setActiveAccount(result.account);
  if (!app.getActiveAccount()) {
    const all = app.getAllAccounts();
    if (all.length > 0) app.setActiveAccount(all[0]);
  }
  return describe(app.getActiveAccount());
}

export function msalAccounts() {
  return client().getAllAccounts().map(describe);
}

export function msalActiveAccount() {
  return describe(client().getActiveAccount());
}

export function msalSetActive(homeAccountId) {
  const account = client().getAllAccounts().find((a) => a.homeAccountId === homeAccountId);
  if (account) client().setActiveAccount(account);
  return describe(client().getActiveAccount());
}

export async function msalSignIn(chooseAccount) {
  return exclusive(async () => {
    const request = { scopes, prompt: chooseAccount ? "select_account" : undefined };
    const result = await interact(
      () => client().loginPopup(request),
      () => client().loginRedirect(request)
    );
    if (result && result.account) client().setActiveAccount(result.account);
    return result ? describe(result.account) : null;
  });
}

// Signs this app out of the active account: only this app's MSAL cache is cleared, so other
// apps and the Entra ID session stay signed in.
export async function msalSignOut() {
  const account = client().getActiveAccount();
  await client().clearCache({ account });
  const rest = client().getAllAccounts();
  client().setActiveAccount(rest.length > 0 ? rest[0] : null);
  return describe(client().getActiveAccount());
}

// A token for the active account, or for the signed-in account `homeAccountId` (reading another
// tenant without switching to it).
export async function msalToken(forceRefresh, claims, homeAccountId) {
  const account = homeAccountId
    ? client().getAllAccounts().find((a) => a.homeAccountId === homeAccountId)
    : client().getActiveAccount();
  if (!account) throw { errorCode: "no_account", message: "not signed in" };
  const request = { scopes, account, forceRefresh: !!forceRefresh };
  if (claims) request.claims = claims;
  try {
    return (await client().acquireTokenSilent(request)).accessToken;
  } catch (e) {
    const busy = e && e.errorCode === "interaction_in_progress";
    if (!(e instanceof msal.InteractionRequiredAuthError) && !busy) throw e;
    if (pending) {
      // Someone else is already signing in: wait for them, then try silently again.
      await settled(pending);
      const again = homeAccountId ? account : client().getActiveAccount() || account;
      return (await client().acquireTokenSilent({ scopes, account: again })).accessToken;
    }
    const result = await exclusive(() =>
      interact(
        () => client().acquireTokenPopup(request),
        () => client().acquireTokenRedirect(request)
      )
    );
    if (!result) throw { errorCode: "redirecting", message: "signing in again by redirect" };
    return result.accessToken;
  }
}
