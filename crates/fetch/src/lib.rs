//! rasid's fetcher — the only crate that talks to the network for ingestion.
//!
//! [`client::Fetcher`] is the polite HTTP client (robots.txt, one request at a time per
//! host with a minimum delay, a global concurrency limit, conditional GET, retries with
//! backoff, `Retry-After`, size and time caps, a redirect limit); [`safety`] refuses
//! URLs outside http/https and addresses on the machine's own networks, checked on the
//! address actually connected to. [`feeds`], [`sitemap`] and [`opml`] read what outlets
//! and readers publish; [`schedule`] decides when a feed is read again.

pub mod client;
pub mod feeds;
pub mod opml;
pub mod repair;
pub mod safety;
pub mod schedule;
pub mod sitemap;

pub use client::{Config, FetchError, Fetcher, Page, SharedTurns, Validators};
