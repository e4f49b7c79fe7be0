//! Integration tests of rasid-extract, one binary: robustness on hostile input, and the
//! example page the README runs.

mod example_page;
mod robustness;
