//! The alerts mock GitHub/Azure DevOps API as a process (for `benches/alerts-wrk.sh`):
//! `alerts-mock-api LISTEN_ADDR RECORD.jsonl`; tokens from `MOCK_GITHUB_TOKEN` and
//! `MOCK_ADO_PAT`. Prints `listening on ADDR` and serves until killed.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::expect_used)]

#[path = "../tests/support/mock_api.rs"]
mod mock_api;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr = args
        .get(1)
        .map_or("127.0.0.1:0", String::as_str)
        .parse()
        .unwrap();
    let file = args.get(2).map(|p| std::fs::File::create(p).unwrap());
    let gh = std::env::var("MOCK_GITHUB_TOKEN").unwrap_or_default();
    let pat = std::env::var("MOCK_ADO_PAT").unwrap_or_default();
    let local = mock_api::spawn(mock_api::Mock::new(&gh, &pat, file), addr).await;
    println!("listening on {local}");
    std::future::pending::<()>().await;
}
