//! rasid's enrichment stage: what an article is about, derived by rasid itself.
//!
//! Pure: no IO (the trained model is passed in, or the one compiled into the binary is
//! used). [`entities`] finds people, places and organisations; [`sections`] classifies an article into rasid's sections with a linear model
//! over the analyzer's stems and stem pairs, trained by `rasid train-sections`.

pub mod entities;
pub mod keyphrases;
pub mod sections;
