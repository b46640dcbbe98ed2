// The one JavaScript shim: talks to the `msal` global of @azure/msal-browser 5.x, which index.html
// loads from this site's own origin. No imports (wasm-bindgen snippet rule). It never logs and
// never returns anything but the access token string to Rust.

let app = null;
let scopes = [];

function client() {
  if (!app) throw { errorCode: "not_initialized", message: "MSAL was not initialized" };
  return app;
}

function accountOf(a) {
  return a ? { name: a.name || "", username: a.username || "", tenantId: a.tenantId || "" } : null;
}

export async function msalInit(clientId, authority, redirectUri, knownAuthority, scope) {
  if (typeof msal === "undefined") {
    throw { errorCode: "msal_not_loaded", message: "msal-browser.min.js did not load" };
  }
  scopes = [scope];
  const auth = { clientId, authority, redirectUri };
  if (knownAuthority) auth.knownAuthorities = [knownAuthority];
  app = new msal.PublicClientApplication({ auth, cache: { cacheLocation: "sessionStorage" } });
  await app.initialize();
  const result = await app.handleRedirectPromise();
  if (result && result.account) app.setActiveAccount(result.account);
  if (!app.getActiveAccount()) {
    const all = app.getAllAccounts();
    if (all.length > 0) app.setActiveAccount(all[0]);
  }
  return accountOf(app.getActiveAccount());
}

export async function msalSignIn() {
  const result = await client().loginPopup({ scopes, prompt: "select_account" });
  client().setActiveAccount(result.account);
  return accountOf(result.account);
}

export async function msalSignOut() {
  const account = client().getActiveAccount();
  await client().logoutPopup({ account });
}

export async function msalToken() {
  const account = client().getActiveAccount();
  if (!account) throw { errorCode: "no_account", message: "not signed in" };
  try {
    return (await client().acquireTokenSilent({ scopes, account })).accessToken;
  } catch (e) {
    if (e instanceof msal.InteractionRequiredAuthError) {
      return (await client().acquireTokenPopup({ scopes, account })).accessToken;
    }
    throw e;
  }
}
