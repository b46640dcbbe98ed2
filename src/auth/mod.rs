//! Where the bearer token comes from: a trait and its three sources.
//!
//! Invariant: a token lives only in memory (MSAL keeps its own cache); our code never logs,
//! renders or stores it. `Debug` on the sources shows no token.

mod msal;

pub use msal::{AccountTokens, MsalAccount, MsalTokenSource};

use async_trait::async_trait;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// Why no token could be had, phrased to say what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("You are not signed in. Sign in (or paste a token) first.")]
    NotSignedIn,
    #[error("Sign-in failed ({code}): {advice}")]
    Msal { code: String, advice: String },
}

/// Something that can hand out a Graph access token.
#[async_trait(?Send)]
pub trait TokenSource {
    /// A token, from a cache when one is still good.
    async fn token(&self) -> Result<String, AuthError>;

    /// A new token after Graph refused the last one (401), with the claims of a claims
    /// challenge when Graph sent one. Sources that cannot refresh hand out the same token.
    async fn refresh(&self, _claims: Option<String>) -> Result<String, AuthError> {
        self.token().await
    }
}

/// A token fixed in config.json: local development and tests only.
pub struct FixedToken(String);

impl FixedToken {
    pub fn new(token: String) -> FixedToken {
        FixedToken(token)
    }
}

impl fmt::Debug for FixedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FixedToken(<redacted>)")
    }
}

#[async_trait(?Send)]
impl TokenSource for FixedToken {
    async fn token(&self) -> Result<String, AuthError> {
        Ok(self.0.clone())
    }
}

/// A token the admin pasted (as Graph Explorer users do); kept in memory only.
#[derive(Default)]
pub struct PastedToken(RefCell<Option<String>>);

impl PastedToken {
    /// Sets the token; a leading `Bearer ` and surrounding whitespace are dropped. A token the
    /// browser could not send (whitespace or non-ASCII inside) is refused with what to do, and
    /// the token in use, if any, is kept.
    pub fn set(&self, pasted: &str) -> Result<(), &'static str> {
        *self.0.borrow_mut() = Some(crate::core::rules::signin::pasted_token(pasted)?);
        Ok(())
    }

    /// The tenant and account the token names, when it is a JWT (see `core::rules::signin`).
    pub fn identity(&self) -> Option<(String, String)> {
        self.0.borrow().as_deref().and_then(crate::core::rules::signin::token_identity)
    }

    pub fn clear(&self) {
        self.0.borrow_mut().take();
    }

    pub fn is_set(&self) -> bool {
        self.0.borrow().is_some()
    }
}

impl fmt::Debug for PastedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PastedToken(set: {})", self.is_set())
    }
}

#[async_trait(?Send)]
impl TokenSource for PastedToken {
    async fn token(&self) -> Result<String, AuthError> {
        self.0.borrow().clone().ok_or(AuthError::NotSignedIn)
    }
}

/// The configured token source, as the view needs to know it.
#[derive(Clone)]
pub enum Auth {
    Fixed(Rc<FixedToken>),
    Pasted(Rc<PastedToken>),
    Msal(Rc<MsalTokenSource>),
}

impl Auth {
    /// The tokens of one Graph client for its whole life: with MSAL, bound to the account that is
    /// this tab's now (a later switch builds a new client; requests already running finish with
    /// this one's identity). `None`: no account is signed in.
    pub fn bound(&self) -> Option<Rc<dyn TokenSource>> {
        match self {
            Auth::Msal(s) => s.bound().map(|t| Rc::new(t) as Rc<dyn TokenSource>),
            other => Some(other.source()),
        }
    }

    /// The source, for the Graph client.
    pub fn source(&self) -> Rc<dyn TokenSource> {
        match self {
            Auth::Fixed(s) => s.clone(),
            Auth::Pasted(s) => s.clone(),
            Auth::Msal(s) => s.clone(),
        }
    }
}
