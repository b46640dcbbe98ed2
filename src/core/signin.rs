//! What an admin should do about a sign-in error. MSAL 5 error messages are links, so the
//! advice is chosen by `errorCode`, and by the AADSTS code inside the message where Entra ID
//! sent one.

/// Advice for an MSAL error code (and the error's message, for AADSTS codes).
pub fn msal_advice(code: &str, message: &str) -> &'static str {
    if message.contains("AADSTS50020") || message.contains("AADSTS90072") {
        return "This account is not in the tenant configured for this app. Sign in with an account of that tenant, or ask for the tenant in config.json to be changed.";
    }
    if message.contains("AADSTS65001") || code == "consent_required" {
        return "This app has no consent for DeviceManagementConfiguration.ReadWrite.All. Ask an administrator to grant admin consent in Microsoft Entra ID.";
    }
    match code {
        "popup_window_error" | "empty_window_error" => {
            "The sign-in popup was blocked. Allow popups for this site, or sign in again to use a redirect."
        }
        "user_cancelled" => "Sign-in was cancelled. Click Sign in to try again.",
        "interaction_in_progress" => "A sign-in is already in progress in this browser; finish it, then try again.",
        "interaction_required" | "login_required" | "invalid_grant" => "Your sign-in has expired. Click Sign in.",
        "msal_not_loaded" => {
            "The sign-in library did not load. Reload the page; if it persists, check that msal-browser.min.js is deployed next to index.html."
        }
        "endpoints_resolution_error" | "no_network_connectivity" | "post_request_failed" | "get_request_failed" => {
            "The sign-in service could not be reached. Check the network, and the cloud or authority in config.json."
        }
        "timed_out" | "redirect_bridge_timeout" | "monitor_window_timeout" => {
            "Sign-in timed out. Check that redirect.html is deployed and registered as a redirect URI of the app."
        }
        "redirecting" => "Signing in again: the page is going to the sign-in page.",
        _ => "Sign-in failed. Try again; if it persists, sign out and in.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_says_what_to_do() {
        let cases = [
            ("popup_window_error", "", "popup was blocked"),
            ("empty_window_error", "", "popup was blocked"),
            ("user_cancelled", "", "cancelled"),
            ("consent_required", "", "admin consent"),
            ("invalid_grant", "AADSTS65001: The user or administrator has not consented", "admin consent"),
            (
                "invalid_grant",
                "AADSTS50020: User account from identity provider does not exist in tenant",
                "not in the tenant",
            ),
            ("interaction_in_progress", "", "already in progress"),
            ("no_network_connectivity", "", "could not be reached"),
            ("endpoints_resolution_error", "", "could not be reached"),
            ("timed_out", "", "redirect.html"),
            ("invalid_grant", "AADSTS700082: expired", "expired"),
            ("something_new", "", "Sign-in failed"),
        ];
        for (code, message, expected) in cases {
            assert!(msal_advice(code, message).contains(expected), "{code} {message}: {}", msal_advice(code, message));
        }
    }
}
