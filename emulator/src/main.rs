//! `graph-emulator`: serve the local Graph emulator (and optionally a built `dist/`).

use clap::Parser;
use graph_emulator::{seed, Emulator, Options, PatchMode};
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "A local emulator of the Microsoft Graph Office client configuration endpoints")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Accepted bearer token (repeatable).
    #[arg(long = "token", default_value = "demo-token")]
    tokens: Vec<String>,
    /// How PATCH answers.
    #[arg(long, value_enum, default_value_t = PatchMode::Entity)]
    patch_mode: PatchMode,
    /// Default page size of the collection.
    #[arg(long, default_value_t = 100)]
    page_size: usize,
    /// Serve this built site at / with a demo config.json.
    #[arg(long)]
    dist: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let options =
        Options { tokens: args.tokens, patch_mode: args.patch_mode, page_size: args.page_size, dist: args.dist };
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    let addr = listener.local_addr()?;
    eprintln!("graph-emulator listening on http://{addr} (Graph base http://{addr}/beta)");
    axum::serve(listener, Emulator::new(options, seed::demo()).router()).await
}
