// MSAL 5 redirect bridge: hands the sign-in response back to the app window (same origin).
msalRedirectBridge.broadcastResponseToMainFrame();
