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

/// Reads a pasted access token: surrounding whitespace and a leading `Bearer ` are dropped; a
/// token that still holds whitespace or a character outside ASCII (a line break from a copied
/// terminal, a typographic quote from a document) is refused with what to do, since the browser
/// would refuse it as a header value and the request would never be sent.
pub fn pasted_token(pasted: &str) -> Result<String, &'static str> {
    let token = pasted.trim();
    let token = match token.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => token[7..].trim(),
        _ => token,
    };
    if token.is_empty() || token.eq_ignore_ascii_case("bearer") {
        return Err("Paste an access token first.");
    }
    if token.chars().any(char::is_whitespace) {
        return Err("The token contains spaces or line breaks. Copy it again as one unbroken piece.");
    }
    if !token.is_ascii() || token.chars().any(|c| c.is_ascii_control()) {
        return Err("The token contains characters that cannot be in a token (non-ASCII or control characters). Copy the raw token again, not a formatted copy.");
    }
    Ok(token.to_string())
}

/// The tenant (`tid`) and account (`oid`, else `sub`) a JWT access token names, read without
/// checking its signature: only to keep an admin's unsaved drafts apart from another's, never
/// to trust anything. An opaque token names nobody (`None`).
pub fn token_identity(token: &str) -> Option<(String, String)> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let claim = |name: &str| claims.get(name).and_then(serde_json::Value::as_str).map(str::to_string);
    Some((claim("tid")?, claim("oid").or_else(|| claim("sub"))?))
}

/// Which configured cloud a signed-in account belongs to. Clouds that share an app registration
/// share MSAL's cache, so one account may be listed by several of them: the cloud it signed in
/// through (recorded then) wins, else the first that lists it.
pub fn account_cloud<C: Copy + PartialEq>(listed_by: &[C], recorded: Option<C>) -> Option<C> {
    recorded.filter(|r| listed_by.contains(r)).or_else(|| listed_by.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jwt_names_its_tenant_and_account_and_an_opaque_token_nobody() {
        use base64::Engine as _;
        let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"tid":"t-1","oid":"o-1","sub":"s"}"#);
        assert_eq!(token_identity(&format!("eyJhbGciOiJub25lIn0.{claims}.sig")), Some(("t-1".into(), "o-1".into())));
        let no_oid = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"tid":"t-1","sub":"s-1"}"#);
        assert_eq!(token_identity(&format!("h.{no_oid}.s")), Some(("t-1".into(), "s-1".into())));
        assert_eq!(token_identity("e2e-token"), None);
        assert_eq!(token_identity("a.!!!.c"), None);
    }

    #[test]
    fn pasted_tokens_are_trimmed_or_refused_with_what_to_do() {
        let cases: [(&str, Result<&str, &str>); 8] = [
            ("  eyJ0.eyJ1.sig \n", Ok("eyJ0.eyJ1.sig")),
            ("Bearer eyJ0.eyJ1.sig", Ok("eyJ0.eyJ1.sig")),
            ("bearer   eyJ0.eyJ1.sig", Ok("eyJ0.eyJ1.sig")),
            ("", Err("Paste an access token first")),
            ("Bearer ", Err("Paste an access token first")),
            ("eyJ0.eyJ1\n.sig", Err("spaces or line breaks")),
            ("eyJ0.eyJ1 .sig", Err("spaces or line breaks")),
            ("eyJ0.eyJ1\u{201d}.sig", Err("non-ASCII")),
        ];
        for (pasted, expected) in cases {
            match (pasted_token(pasted), expected) {
                (Ok(token), Ok(want)) => assert_eq!(token, want),
                (Err(message), Err(want)) => assert!(message.contains(want), "{pasted:?}: {message}"),
                (got, want) => panic!("{pasted:?}: {got:?}, expected {want:?}"),
            }
        }
    }

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

    #[test]
    fn an_account_belongs_to_the_cloud_it_signed_in_through() {
        let cases: [(&[&str], Option<&str>, Option<&str>); 5] = [
            (&["global"], None, Some("global")),
            (&["global", "usgov"], Some("usgov"), Some("usgov")),
            (&["global", "usgov"], None, Some("global")),
            // A recorded cloud that no longer lists the account (removed from config.json).
            (&["usgov"], Some("china"), Some("usgov")),
            (&[], Some("usgov"), None),
        ];
        for (listed_by, recorded, expected) in cases {
            assert_eq!(account_cloud(listed_by, recorded), expected, "{listed_by:?} {recorded:?}");
        }
    }
}
