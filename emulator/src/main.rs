//! `graph-emulator`: serve the local Graph emulator (and optionally a built `dist/`).

use clap::Parser;
use graph_emulator::faults::Fault;
use graph_emulator::{seed, Emulator, Options, PatchMode, PayloadMode, PrioritiesSpelling};
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "A local emulator of the Microsoft Graph (beta) Office client configuration endpoints")]
struct Args {
    /// Address to listen on (port 0 picks a free port; the address is printed). Only loopback
    /// addresses unless --allow-remote is given.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Listen on a non-loopback address, and answer requests for any host name: anyone who can
    /// reach it can use the demo token (and, with the secret, read the journal and script faults).
    #[arg(long)]
    allow_remote: bool,
    /// The control API's secret (the x-emulator-secret header of /_emulator/*); a random one
    /// per run, printed at start, when not given.
    #[arg(long)]
    control_secret: Option<String>,
    /// An origin whose pages may call this Graph cross-origin, e.g. http://127.0.0.1:8000
    /// (repeatable). The site served with --dist is same-origin and needs none.
    #[arg(long = "allow-origin")]
    allowed_origins: Vec<String>,
    /// A redirect URI of the fake authority's app registration (repeatable); with --dist,
    /// http://<listen>/redirect.html is registered too.
    #[arg(long = "redirect-uri")]
    redirect_uris: Vec<String>,
    /// Leave ETags out (no @odata.etag, no ETag header, If-Match not checked).
    #[arg(long)]
    no_etags: bool,
    /// An accepted bearer token (repeatable).
    #[arg(long = "token", default_value = "demo-token")]
    tokens: Vec<String>,
    /// A token that may read but gets 403 on writes (repeatable).
    #[arg(long = "read-only-token")]
    read_only_tokens: Vec<String>,
    /// How PATCH answers.
    #[arg(long, value_enum, default_value_t = PatchMode::Entity)]
    patch_mode: PatchMode,
    /// Whether entities carry the payloads inline or only as stream links.
    #[arg(long, value_enum, default_value_t = PayloadMode::Inline)]
    payloads: PayloadMode,
    /// Page size of the collection.
    #[arg(long, default_value_t = 100)]
    page_size: usize,
    /// Serve this built site at / with a demo config.json.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// With --dist, serve this folder of policy templates (ADMX/ADML) at /templates/ and name
    /// them in the demo config.json's catalog (tests/fixtures/templates holds ones written for
    /// the demo).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Also start a fake Entra ID authority over TLS here (e.g. 127.0.0.1:8443); the demo
    /// config.json then signs in with MSAL against it.
    #[arg(long)]
    authority_listen: Option<String>,
    /// Which spelling of the updatePriorities URL segment is accepted.
    #[arg(long, value_enum, default_value_t = PrioritiesSpelling::Both)]
    update_priorities: PrioritiesSpelling,
    /// Refuse PATCHes that carry a payload inline (400), as some Graph deployments do.
    #[arg(long)]
    no_inline_streams: bool,
    /// Answer directory reads (group names, group and user search) with 403, as a tenant that
    /// never granted Group.Read.All does.
    #[arg(long)]
    no_directory_consent: bool,
    /// Serve what the docs' tables list (lastModifiedDateTime, any $select, JSON on the stream
    /// URLs) instead of holding the published contract strictly.
    #[arg(long)]
    lenient: bool,
    /// Answer every request under /beta/officeConfiguration as a Graph that no longer serves
    /// the resource does (400 "Resource not found for the segment 'officeConfiguration'").
    #[arg(long)]
    without_office_configuration: bool,
    /// A fault to script from the start, as JSON (repeatable), e.g.
    /// '{"method":"PATCH","path":"/beta/*","fault":"status","status":503,"count":2}'.
    #[arg(long = "fault", value_parser = parse_fault)]
    faults: Vec<Fault>,
}

fn parse_fault(text: &str) -> Result<Fault, String> {
    serde_json::from_str(text).map_err(|e| format!("not a fault: {e}"))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listen = std::net::ToSocketAddrs::to_socket_addrs(&args.listen)?
        .next()
        .ok_or_else(|| std::io::Error::other(format!("{} names no address", args.listen)))?;
    if !listen.ip().is_loopback() && !args.allow_remote {
        eprintln!(
            "graph-emulator: {listen} is not a loopback address. The emulator has no real security (demo tokens, an open journal, scriptable faults); add --allow-remote to listen there anyway."
        );
        std::process::exit(2);
    }
    let authority = match &args.authority_listen {
        Some(addr) => {
            let mut redirect_uris = args.redirect_uris.clone();
            if args.dist.is_some() {
                redirect_uris.push(format!("http://{listen}/redirect.html"));
            }
            let options = graph_emulator::authority::AuthorityOptions { redirect_uris, ..Default::default() };
            let authority = graph_emulator::authority::Authority::new(options);
            let bound = authority.clone().serve_tls(addr.parse().map_err(std::io::Error::other)?).await?;
            eprintln!("fake authority on https://{bound} (self-signed certificate)");
            Some(authority)
        }
        None => None,
    };
    let options = Options {
        authority,
        config_json: None,
        tokens: args.tokens,
        read_only_tokens: args.read_only_tokens,
        patch_mode: args.patch_mode,
        payload_mode: args.payloads,
        page_size: args.page_size,
        dist: args.dist,
        templates: args.templates,
        allowed_origins: args.allowed_origins,
        etags: !args.no_etags,
        priorities_spelling: args.update_priorities,
        inline_streams: !args.no_inline_streams,
        directory_consent: !args.no_directory_consent,
        strict: !args.lenient,
        office_configuration: !args.without_office_configuration,
        allow_remote: args.allow_remote,
        ..Options::default()
    };
    let options = match args.control_secret {
        Some(control_secret) => Options { control_secret, ..options },
        None => options,
    };
    let open = options.dist.is_some();
    let emulator = Emulator::new(options, seed::demo());
    for fault in args.faults {
        emulator.inject(fault);
    }
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    // Printed once the port is bound: what it says is already true.
    eprintln!(
        "graph-emulator listening on http://{addr} (Graph base http://{addr}/beta; control API secret {})",
        emulator.control_secret()
    );
    if open {
        println!("Open http://{addr}/#/configurations  (Ctrl-C stops the demo)");
    }
    axum::serve(listener, emulator.router()).await
}
