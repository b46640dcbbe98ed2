//! The parts of the app that arrive when first used. In the release site (cargo feature
//! `split`, set in index.html) each part below is a wasm chunk of its own: `wasm_split_helpers`
//! marks its one entry, and the `site-split` post-build step (`split/`) cuts what cargo linked
//! into the first load — the shell, sign-in and the list — and one chunk a part, fetched the first
//! time the part is shown. Without the feature (the tests) a part is ordinary code.
//!
//! The parts: a configuration's page, effective policy, the tenant's check-in rows, and the list's
//! transfer tools (export, import and compare), and the policy catalog behind the header's line.
//!
//! A part's entry is a function pointer to its view, kept once it has arrived: later renders
//! call it directly, with no wait. While it is on its way the page says so; if it cannot be
//! fetched (the network, a deployment replaced under an open tab), the page says what to do
//! and offers to try again.

use super::catalog::{self, CatalogWorkProps};
use super::catalog_store::CatalogTaker;
use super::codemirror::{self, EditorModule};
use super::editor_page::{EditorPage, EditorPageProps};
use super::effective::EffectivePolicy;
use super::import_dialog::{ToolsProps, TransferTools};
use super::prefetch;
use super::tenant_rows::{TenantRows, TenantRowsProps};
use crate::graph::GraphHandle;
use std::cell::Cell;
use yew::prelude::*;

/// A part's view, and where it is kept once it has arrived.
type View<P> = fn(&P) -> Html;
type Kept<P> = std::thread::LocalKey<Cell<Option<View<P>>>>;

/// Why a part's chunk could not be had.
struct Unavailable(String);

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for Unavailable {
    fn from(e: wasm_split_helpers::SplitLoaderError) -> Unavailable {
        Unavailable(e.to_string())
    }
}

/// How a part's view is fetched: its chunk's entry, or why it could not be had.
type Fetch<P> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<View<P>, Unavailable>>>>;

/// Where a part is: arrived (its view), on its way, or not to be had (why).
enum Arrival<P: 'static> {
    Here(View<P>),
    OnItsWay,
    Failed(String),
}

/// The part whose view `fetch` brings, kept in `kept` once it has arrived; and a callback that
/// tries again after a failure. `ahead` runs when the part is not here yet, as its fetch starts:
/// what the part will ask for first can be asked for in parallel.
#[hook]
fn use_part<P: 'static>(
    kept: &'static Kept<P>,
    fetch: fn() -> Fetch<P>,
    ahead: impl FnOnce() + 'static,
) -> (Arrival<P>, Callback<MouseEvent>) {
    let failed = use_state(|| None::<String>);
    // Bumped by each arrival (to show it) and each new attempt (to start it).
    let attempts = use_state(|| 0u32);
    {
        let (failed, attempts) = (failed.clone(), attempts.clone());
        use_effect_with(*attempts, move |attempt| {
            let attempt = *attempt;
            if kept.with(Cell::get).is_none() {
                if attempt == 0 {
                    ahead();
                }
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch().await {
                        Ok(view) => {
                            kept.with(|k| k.set(Some(view)));
                            failed.set(None);
                            attempts.set(attempt + 1);
                        }
                        Err(Unavailable(why)) => failed.set(Some(why)),
                    }
                });
            }
        });
    }
    let retry = {
        let (failed, attempts) = (failed.clone(), attempts.clone());
        Callback::from(move |_: MouseEvent| {
            failed.set(None);
            attempts.set(*attempts + 1);
        })
    };
    let arrival = match (kept.with(Cell::get), (*failed).clone()) {
        (Some(view), _) => Arrival::Here(view),
        (None, Some(why)) => Arrival::Failed(why),
        (None, None) => Arrival::OnItsWay,
    };
    (arrival, retry)
}

/// What a part shows before it arrives, or when it cannot.
fn waiting(what: &str, failed: Option<String>, retry: Callback<MouseEvent>) -> Html {
    match failed {
        None => {
            html! { <p role="status" class="loading" data-part-loading={what.to_string()}>{ format!("Loading the {what}…") }</p> }
        }
        Some(why) => html! {
            <div class="banner error" role="alert" data-part-failed={what.to_string()}>
                <p>{ format!("The {what} could not be loaded ({why}). Check the connection, then try again; if the site was just updated, reload the page.") }</p>
                <button type="button" data-action="retry-part" onclick={retry}>{ "Try again" }</button>
            </div>
        },
    }
}

/// Declares a part: its entry (a split point in the release site) and the component that shows it.
macro_rules! part {
    ($(#[$doc:meta])* $component:ident($props:ty), $what:literal, $chunk:ident, $view:expr, $ahead:ident) => {
        part!($(#[$doc])* $component($props), $chunk, $view, $ahead,
            waiting = |_: &$props, failed, retry| waiting($what, failed, retry));
    };
    // A part that says it is on its way, or why it could not be fetched, in its own words.
    ($(#[$doc:meta])* $component:ident($props:ty), $chunk:ident, $view:expr, $ahead:ident, waiting = $waiting:expr) => {
        #[cfg_attr(feature = "split", wasm_split_helpers::wasm_split($chunk, fallible))]
        fn $chunk() -> Result<View<$props>, Unavailable> {
            Ok($view)
        }

        $(#[$doc])*
        #[function_component]
        pub fn $component(props: &$props) -> Html {
            thread_local! {
                static KEPT: Cell<Option<View<$props>>> = const { Cell::new(None) };
            }
            fn fetch() -> Fetch<$props> {
                Box::pin(async {
                    #[cfg(feature = "split")]
                    return $chunk().await;
                    #[cfg(not(feature = "split"))]
                    return $chunk();
                })
            }
            let ahead = $ahead(props);
            let waiting: fn(&$props, Option<String>, Callback<MouseEvent>) -> Html = $waiting;
            match use_part(&KEPT, fetch, ahead) {
                (Arrival::Here(view), _) => view(props),
                (Arrival::OnItsWay, _) => waiting(props, None, Callback::noop()),
                (Arrival::Failed(why), retry) => waiting(props, Some(why), retry),
            }
        }
    };
}

part!(
    /// A configuration's page: the form, its payloads and Settings views, the review, the
    /// check-in report, backup and compare of one configuration.
    Editor(EditorPageProps),
    "editor",
    editor_chunk,
    |props| html! { <EditorPage id={props.id.clone()} /> },
    use_editor_ahead
);

part!(
    /// Effective policy: which configuration applies to a user or group.
    Effective(()),
    "effective policy page",
    effective_chunk,
    |_| html! { <EffectivePolicy /> },
    use_nothing_ahead
);

part!(
    /// The tenant's check-in rows (the list page's "Show the tenant's check-ins").
    TenantCheckins(TenantRowsProps),
    "tenant's check-ins",
    tenant_checkins_chunk,
    |props| html! { <TenantRows rows={props.rows.clone()} /> },
    use_nothing_ahead
);

part!(
    /// The list's export, import and compare: the transfer machine and its dialogs, fetched on
    /// the toolbar's first ask.
    Transfer(ToolsProps),
    "export and import tools",
    transfer_chunk,
    |props| html! { <TransferTools workspace={props.workspace.clone()} asks={props.asks.clone()} made={props.made} exporting={props.exporting.clone()} /> },
    use_nothing_ahead
);

part!(
    /// The policy catalog behind the header's line (`app::catalog`): its state and the worker
    /// that reads templates, fetched on the first ask. It shows nothing of its own: the line
    /// shows what it does.
    CatalogWork(CatalogWorkProps),
    catalog_chunk,
    |props| html! { <CatalogTaker made={props.made} /> },
    use_nothing_ahead,
    waiting = catalog::waiting
);

/// While the editor's chunk is on its way: the configuration's GET (`app/prefetch.rs`) and the
/// payload editor's module (`codemirror.js`) start too, so that neither waits for the other.
#[hook]
fn use_editor_ahead(props: &EditorPageProps) -> impl FnOnce() + 'static {
    let graph = use_context::<GraphHandle>();
    let module = use_context::<EditorModule>().unwrap_or_default();
    let id = props.id.clone();
    move || {
        if let Some(graph) = graph {
            prefetch::start(&graph.api, &id);
        }
        codemirror::preload(&module.0);
    }
}

/// A part whose first request needs no head start.
#[hook]
fn use_nothing_ahead<P>(_: &P) -> impl FnOnce() + 'static {
    || {}
}
