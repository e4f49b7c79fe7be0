//! The conflation test set for the stemmer and its scoring.
//!
//! The set (`data/conflation.tsv`, written for this project) has three kinds of rows:
//! pairs that must meet (forms of one word), pairs that must differ (different words a
//! careless stemmer would merge) and proper nouns whose stem must be exactly the name.
//! [`evaluate`] scores any stemmer on it, so that rasid's and Snowball's figures come
//! from the same code (`rasid-eval conflation`).

/// The compiled-in test set.
pub const TEST_SET: &str = include_str!("../data/conflation.tsv");

/// The kind of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Meet,
    Differ,
    Name,
}

/// One row of the test set.
#[derive(Clone, Debug)]
pub struct Case {
    pub kind: Kind,
    pub a: String,
    pub b: String,
    pub note: String,
    pub line: usize,
}

/// Parses the TSV; rows that do not parse are an error naming their line.
pub fn parse(src: &str) -> Result<Vec<Case>, String> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            return Err(format!(
                "conflation.tsv line {}: expected kind<TAB>a<TAB>b",
                i + 1
            ));
        }
        let kind = match f[0] {
            "meet" => Kind::Meet,
            "differ" => Kind::Differ,
            "name" => Kind::Name,
            k => return Err(format!("conflation.tsv line {}: unknown kind {k:?}", i + 1)),
        };
        out.push(Case {
            kind,
            a: f[1].to_owned(),
            b: f[2].to_owned(),
            note: f.get(3).unwrap_or(&"").to_string(),
            line: i + 1,
        });
    }
    Ok(out)
}

/// Scores per kind.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub meet: (usize, usize),
    pub differ: (usize, usize),
    pub name: (usize, usize),
    /// Failed cases with the stems produced.
    pub failures: Vec<(Case, String, String)>,
}

impl Score {
    fn rate((ok, n): (usize, usize)) -> f64 {
        if n == 0 {
            1.0
        } else {
            ok as f64 / n as f64
        }
    }
    pub fn meet_rate(&self) -> f64 {
        Self::rate(self.meet)
    }
    pub fn differ_rate(&self) -> f64 {
        Self::rate(self.differ)
    }
    pub fn name_rate(&self) -> f64 {
        Self::rate(self.name)
    }
}

/// Scores `stem` (raw word → stem) on `cases`. Names compare the stem with the
/// expected form after lossy normalization of both, so that a stemmer with its own
/// normalization is not penalised for spelling alone.
pub fn evaluate(cases: &[Case], mut stem: impl FnMut(&str) -> String) -> Score {
    let mut s = Score::default();
    for c in cases {
        let sa = stem(&c.a);
        let (ok, sb) = match c.kind {
            Kind::Meet => {
                let sb = stem(&c.b);
                (sa == sb, sb)
            }
            Kind::Differ => {
                let sb = stem(&c.b);
                (sa != sb, sb)
            }
            Kind::Name => {
                let want = crate::normalize(&c.b);
                (crate::normalize(&sa) == want, want)
            }
        };
        let slot = match c.kind {
            Kind::Meet => &mut s.meet,
            Kind::Differ => &mut s.differ,
            Kind::Name => &mut s.name,
        };
        slot.1 += 1;
        if ok {
            slot.0 += 1;
        } else {
            s.failures.push((c.clone(), sa, sb));
        }
    }
    s
}

/// rasid's own stem of a raw word as search indexes it: normalize, the light stemmer,
/// then the commoner spelling's stem ([`crate::variants`]).
pub fn rasid_stem(word: &str) -> String {
    crate::variants::common_spelling(crate::stem_arabic(&crate::normalize(word))).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stemmer_meets_the_conflation_bars() {
        let cases = parse(TEST_SET).unwrap();
        assert!(cases.len() >= 150);
        let s = evaluate(&cases, rasid_stem);
        for (c, a, b) in &s.failures {
            eprintln!(
                "line {}: {:?} {} / {} → {a} / {b} ({})",
                c.line, c.kind, c.a, c.b, c.note
            );
        }
        eprintln!("meet {:?} differ {:?} name {:?}", s.meet, s.differ, s.name);
        assert!(s.meet_rate() >= 0.95, "must-meet {:.3}", s.meet_rate());
        assert!(
            s.differ_rate() >= 0.95,
            "must-differ {:.3}",
            s.differ_rate()
        );
        assert!(s.name_rate() >= 0.95, "names {:.3}", s.name_rate());
    }
}
