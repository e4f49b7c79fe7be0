//! Integration tests of rasid-extract, one binary: robustness on hostile input, the
//! example page the README runs, and per-site rules.

mod example_page;
mod robustness;
mod sites;
