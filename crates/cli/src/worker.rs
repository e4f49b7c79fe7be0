//! `rasid worker`: checks the followed feeds of a PostgreSQL store shared with `rasid
//! serve` and stores what they bring — fetched, extracted, analysed and enriched here —
//! for the serving process to index and link. Any number of workers may run, on any
//! machines: each round claims the due feeds it checks (see
//! `rasid_store::Store::claim_due_feeds`), so that no two check one feed at once.

use crate::archive::{emit, DataArgs};
use crate::config;
use anyhow::Result;
use rasid_pipeline::crawl;
use rasid_pipeline::live::Live;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

#[derive(clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    data: DataArgs,
    /// One round (the feeds due now), then exit.
    #[arg(long)]
    once: bool,
    /// With --once: the round's report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn worker(args: WorkerArgs) -> Result<ExitCode> {
    let data = &args.data.data;
    let settings = config::load(data)?;
    let fetcher = Arc::new(crawl::fetcher(data, settings.fetch_config())?);
    let live = Arc::new(Mutex::new(Live::open_worker(data)?));
    // The serving process links; a worker only stores.
    let opts = settings.crawl_options(false, false);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if args.once {
        let report = rt.block_on(crawl::crawl(&live, &fetcher, &opts))?;
        emit(args.json, &report, |out| {
            crate::feeds::print_report(out, &report)
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    crate::archive::init_logs();
    let tick = std::time::Duration::from_secs(settings.crawl.tick_secs.max(5));
    tracing::info!(data = %data.display(), "worker started");
    let rounds = {
        let live = live.clone();
        async move {
            loop {
                match crawl::crawl(&live, &fetcher, &opts).await {
                    Ok(r) => crate::archive::log_round(&r, "worker round"),
                    Err(e) => tracing::error!(error = %e, "worker round failed"),
                }
                tokio::time::sleep(tick).await;
            }
        }
    };
    rt.block_on(async {
        tokio::select! {
            () = rounds => {}
            () = rasid_server::shutdown_signal() => {}
        }
    });
    // What enrichment learned this round is kept for the next start.
    live.lock().unwrap_or_else(|p| p.into_inner()).commit()?;
    tracing::info!("worker stopped");
    rt.shutdown_timeout(std::time::Duration::from_secs(5));
    Ok(ExitCode::SUCCESS)
}
