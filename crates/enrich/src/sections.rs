//! Section classification: which part of a news site an article belongs in.
//!
//! Features are the analyzer's content stems of the title (in a space of their own and
//! again with the body's) and of the body's first [`BODY_WORDS`] content words (the first
//! [`LEAD_WORDS`] of them also in a space of their own: the lead says what the article is
//! about), plus the pairs of adjacent stems, hashed into 2^[`BITS`] slots; each is weighed by
//! `(1 + ln tf) × idf` and the vector has unit length. The model is one linear function per
//! section (one-vs-rest), each an L2-regularized squared-hinge SVM trained by dual
//! coordinate descent (the method of LIBLINEAR): the class with the highest score wins,
//! and the gap to the runner-up gives the confidence.
//!
//! A trained model serializes to a few MB ([`Model::to_bytes`]: idf and weights quantized
//! to 8 bits, zstd); the one trained on ANT ships inside the binary ([`Model::builtin`]).

use crate::terms::Terms;
pub use crate::terms::BODY_WORDS;

/// rasid's sections, in the order of the reader's section tabs (`other` has no tab).
pub const SECTIONS: [&str; 10] = [
    "politics",
    "middle-east",
    "world",
    "economy",
    "sports",
    "technology",
    "culture",
    "health",
    "society",
    "other",
];

/// A publisher's section label (RSS category, URL path segment, or the labels of the ANT
/// and JawharaFM corpora) mapped to rasid's section, when it is one rasid knows.
pub fn map_label(label: &str) -> Option<&'static str> {
    let l = label.trim().to_lowercase();
    let l = l.trim_matches(|c: char| c == '/' || c.is_whitespace());
    Some(match l {
        "politics" | "politic" | "political" | "سياسة" | "سياسي" | "السياسة" => {
            "politics"
        }
        "world"
        | "international"
        | "internationalnews"
        | "international-news"
        | "عالم"
        | "العالم"
        | "دولي"
        | "دولية"
        | "عربي-ودولي" => "world",
        "middle-east"
        | "middle east"
        | "middleeast"
        | "middle_east"
        | "arab"
        | "arabic"
        | "الشرق-الأوسط"
        | "الشرق الأوسط"
        | "عربي"
        | "عربية" => "middle-east",
        "economy" | "business" | "economie" | "finance" | "اقتصاد" | "الاقتصاد" | "اقتصادي"
        | "إقتصادي" => "economy",
        "sport" | "sports" | "رياضة" | "الرياضة" | "رياضي" => "sports",
        "technology" | "tech" | "science" | "sciences" | "تكنولوجيا" | "تقنية" | "علوم"
        | "تقني" | "علمي" => "technology",
        "culture" | "arts" | "art" | "entertainment" | "ثقافة" | "فن" | "فنون" | "ثقافي"
        | "فني" => "culture",
        "health" | "صحة" | "الصحة" | "صحي" => "health",
        "society" | "localnews" | "local" | "مجتمع" | "محليات" | "محلي" | "اجتماعي" => {
            "society"
        }
        "other" | "diverse" | "misc" | "منوعات" | "متفرقات" => "other",
        _ => return None,
    })
}

/// The section a reader or a client names (a slug, or a label [`map_label`] knows: `Sports`,
/// `رياضة`), or an error naming the sections.
pub fn parse(given: &str) -> Result<&'static str, String> {
    map_label(given).ok_or_else(|| {
        format!(
            "{given:?} is no section; use one of {}",
            SECTIONS.join(", ")
        )
    })
}

/// Section slugs that name no section (`عام / …`: general news).
const GENERAL_SLUGS: [&str; 3] = ["عام", "تقرير", "عاجل"];

/// A wire service's section slug heading a title, as the Saudi Press Agency writes its
/// titles (`اقتصادي / البورصة الكويتية تغلق على تباين`, `عام / …`): the slug when it names
/// a section ([`map_label`] knows it; `None` for a general one) and the title without it.
/// `None` when the title has no slug: one word before the slash that is a section label or
/// a general slug, and a headline of two words or more after it.
pub fn title_slug(title: &str) -> Option<(Option<&str>, &str)> {
    let (head, rest) = title.split_once('/')?;
    let (head, rest) = (head.trim(), rest.trim());
    if head.split_whitespace().nth(1).is_some() || rest.split_whitespace().nth(1).is_none() {
        return None;
    }
    if map_label(head).is_some() {
        Some((Some(head), rest))
    } else {
        GENERAL_SLUGS.contains(&head).then_some((None, rest))
    }
}

/// Below this confidence the model's answer is not trusted and the section is `other`.
pub const MIN_CONFIDENCE: f32 = 0.55;

/// Where an article's section came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionSource {
    /// The publisher's own label (feed category, page metadata, record field).
    Publisher,
    /// A segment of the article's URL path (`/sport/`, `/economy/`, `/رياضة/`).
    Url,
    /// The classifier.
    Model,
}

/// An article's section, how sure rasid is, and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Assigned {
    pub section: String,
    pub confidence: f32,
    pub source: SectionSource,
}

/// The section of an article: the publisher's label when rasid knows it, else a hint in
/// the URL path, else the model (`other` when it is not confident).
pub fn assign(
    model: &Model,
    publisher: Option<&str>,
    url: Option<&str>,
    terms: &Terms<'_>,
) -> Assigned {
    if let Some(s) = publisher.and_then(map_label) {
        return Assigned {
            section: s.to_owned(),
            confidence: 1.0,
            source: SectionSource::Publisher,
        };
    }
    if let Some(s) = url.and_then(url_hint) {
        return Assigned {
            section: s.to_owned(),
            confidence: 0.9,
            source: SectionSource::Url,
        };
    }
    // The model learned from Arabic articles: an English or French one without a
    // publisher's or a URL's section is `other` (it would read every such article as the
    // biggest class, world, at the same middling confidence).
    if crate::latin::is_latin_text(terms.title_text, terms.body_text) {
        return Assigned {
            section: "other".to_owned(),
            confidence: 0.0,
            source: SectionSource::Model,
        };
    }
    let p = model.classify_terms(terms);
    Assigned {
        section: if p.confidence < MIN_CONFIDENCE {
            "other".to_owned()
        } else {
            p.section
        },
        confidence: p.confidence,
        source: SectionSource::Model,
    }
}

/// The section a URL's path names, if one of its segments is a label rasid knows
/// (percent-encoded Arabic segments are decoded first).
pub fn url_hint(url: &str) -> Option<&'static str> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.split('/')
        .filter(|seg| !seg.is_empty())
        .find_map(|seg| map_label(&percent_decode(seg)))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The body's first content words that are also lead features. Chosen on the training
/// months alone (`rasid-eval sections --dev`: 8 to 15 are alike, 30 is worse).
pub const LEAD_WORDS: usize = 10;

/// Bits of a feature's slot.
pub const BITS: u32 = 20;
const DIM: usize = 1 << BITS;
/// Value of the constant feature that carries each class's bias.
const BIAS: f32 = 1.0;

use rasid_text::mix64 as mix;

fn slot(h: u64) -> u32 {
    (h >> (64 - BITS)) as u32
}

/// The model's features as they are read: each word's stem (also as a title feature in
/// the title, as a lead feature in the body's first [`LEAD_WORDS`]) and the pair it makes
/// with the word before, as hashed slots.
struct Features {
    slots: Vec<u32>,
    prev: Option<u64>,
    in_title: bool,
    /// Body words read.
    body_words: usize,
}

impl Features {
    const TITLE: u64 = 0x7469_746c_6500_0001;
    const PAIR: u64 = 0x7061_6972_0000_0002;
    const LEAD: u64 = 0x6c65_6164_0000_0003;

    fn new() -> Features {
        Features {
            slots: Vec::with_capacity(2 * BODY_WORDS + LEAD_WORDS + 64),
            prev: None,
            in_title: true,
            body_words: 0,
        }
    }

    fn word(&mut self, h: u64) {
        self.slots.push(slot(h));
        if self.in_title {
            self.slots.push(slot(mix(h ^ Self::TITLE)));
        } else {
            if self.body_words < LEAD_WORDS {
                self.slots.push(slot(mix(h ^ Self::LEAD)));
            }
            self.body_words += 1;
        }
        if let Some(p) = self.prev {
            self.slots
                .push(slot(mix(p.rotate_left(17) ^ h ^ Self::PAIR)));
        }
        self.prev = Some(h);
    }

    /// The title is over: pairs do not cross into the body.
    fn body(&mut self) {
        self.in_title = false;
        self.prev = None;
    }

    /// Counts per slot, sorted by slot.
    fn finish(mut self) -> Vec<(u32, f32)> {
        self.slots.sort_unstable();
        let mut out: Vec<(u32, f32)> = Vec::with_capacity(self.slots.len());
        for s in self.slots {
            match out.last_mut() {
                Some(last) if last.0 == s => last.1 += 1.0,
                _ => out.push((s, 1.0)),
            }
        }
        out
    }
}

/// The hashed feature counts of an article, sorted by slot: the title's stems (also as
/// title features), the first [`BODY_WORDS`] content stems of the body (the first
/// [`LEAD_WORDS`] also as lead features), and the pairs of consecutive content stems.
pub fn counts(title: &str, body: &str) -> Vec<(u32, f32)> {
    let mut f = Features::new();
    crate::terms::section_words(title, usize::MAX, |h| f.word(h));
    f.body();
    crate::terms::section_words(body, BODY_WORDS, |h| f.word(h));
    f.finish()
}

/// [`counts`] of an article already analysed (the enrichment stage's shared reading).
pub fn counts_of(terms: &Terms<'_>) -> Vec<(u32, f32)> {
    let mut f = Features::new();
    for t in terms.title.iter().filter(|t| t.section_word()) {
        f.word(t.hash);
    }
    f.body();
    for t in terms
        .body
        .iter()
        .filter(|t| t.section_word())
        .take(BODY_WORDS)
    {
        f.word(t.hash);
    }
    f.finish()
}

/// A labelled article for training.
#[derive(Clone, Debug)]
pub struct Sample<'a> {
    pub title: &'a str,
    pub body: &'a str,
    /// The section (one of the model's classes).
    pub label: &'a str,
    /// The publisher, when known (see [`without_ambiguous_world`]).
    pub outlet: &'a str,
}

/// A labelled article as training and evaluation read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Labelled {
    pub url: String,
    /// Publication date as given (ISO 8601 sorts as text).
    pub date: String,
    pub title: String,
    pub body: String,
    pub section: &'static str,
    pub outlet: String,
}

impl Labelled {
    /// A labelled article from a record's fields (`field(name)` is a field's text, empty
    /// when absent): the section from `section` or `category` (mapped by [`map_label`]),
    /// the date from `published`, `date_iso` or `date`, the outlet from `source`. `None`
    /// without a section rasid knows or without a body.
    pub fn from_fields(field: impl Fn(&str) -> String) -> Option<Labelled> {
        let section = ["section", "category"]
            .into_iter()
            .find_map(|k| map_label(&field(k)))?;
        let body = field("body");
        if body.trim().is_empty() {
            return None;
        }
        Some(Labelled {
            url: field("url"),
            date: ["published", "date_iso", "date"]
                .into_iter()
                .map(&field)
                .find(|d| !d.is_empty())
                .unwrap_or_default(),
            title: field("title"),
            body,
            section,
            outlet: field("source"),
        })
    }

    /// As a training sample.
    pub fn sample(&self) -> Sample<'_> {
        Sample {
            title: &self.title,
            body: &self.body,
            label: self.section,
            outlet: &self.outlet,
        }
    }
}

/// Labelled articles with one per URL, leaving out every URL filed under two sections or
/// more (an article in two sections teaches nothing about either); articles without a
/// URL are all kept. Returns those kept and how many were left out.
pub fn one_section_per_url(records: Vec<Labelled>) -> (Vec<Labelled>, usize) {
    let mut sections_of: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        Default::default();
    for r in &records {
        if !r.url.is_empty() {
            sections_of.entry(&r.url).or_default().insert(r.section);
        }
    }
    let one: std::collections::HashSet<String> = sections_of
        .into_iter()
        .filter(|(_, s)| s.len() == 1)
        .map(|(u, _)| u.to_owned())
        .collect();
    let before = records.len();
    let mut seen = std::collections::HashSet::new();
    let kept: Vec<Labelled> = records
        .into_iter()
        .filter(|r| r.url.is_empty() || (one.contains(&r.url) && seen.insert(r.url.clone())))
        .collect();
    let left_out = before - kept.len();
    (kept, left_out)
}

/// Training samples without the `world` labels of outlets that have no `middle-east`
/// section (under 15% of their world-or-middle-east articles): such an outlet files its
/// Middle East news under world, so its world label does not tell the two apart and would
/// teach the model that Arab news is world news.
pub fn without_ambiguous_world<'a>(samples: &[Sample<'a>]) -> Vec<Sample<'a>> {
    let mut counts: std::collections::HashMap<&str, (usize, usize)> = Default::default();
    for s in samples {
        let e = counts.entry(s.outlet).or_default();
        match s.label {
            "middle-east" => e.0 += 1,
            "world" => e.1 += 1,
            _ => {}
        }
    }
    samples
        .iter()
        .filter(|s| {
            let (me, world) = counts[s.outlet];
            s.label != "world" || s.outlet.is_empty() || me as f64 >= 0.15 * (me + world) as f64
        })
        .cloned()
        .collect()
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Inverse regularization strength (LIBLINEAR's C).
    pub c: f32,
    /// Passes over the data at most.
    pub epochs: usize,
    /// Classes trained at once.
    pub threads: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            c: 0.5,
            epochs: 20,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// A section and how sure the model is.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    pub section: String,
    /// In [0.5, 1): the logistic of twice the gap between the best and the second score.
    pub confidence: f32,
}

/// A trained classifier.
#[derive(Clone, Debug)]
pub struct Model {
    classes: Vec<String>,
    /// Each slot's idf in steps of 1/16.
    idf: Vec<u8>,
    /// The classes' 8-bit weights of each slot together (`slot × classes + class`): one
    /// cache line serves every class, and the whole table stays small.
    weights: Vec<i8>,
    /// Each class's weight step.
    scales: Vec<f32>,
    bias: Vec<f32>,
    /// What classification reads, one row per slot: its idf, then its classes' weights —
    /// one memory access per feature.
    rows: Vec<u8>,
}

impl Model {
    /// The classes, in the model's order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    fn new(
        classes: Vec<String>,
        idf: Vec<u8>,
        weights: Vec<i8>,
        scales: Vec<f32>,
        bias: Vec<f32>,
    ) -> Model {
        let k = classes.len();
        let mut rows = Vec::with_capacity(DIM * (k + 1));
        for s in 0..DIM {
            rows.push(idf[s]);
            rows.extend(weights[s * k..(s + 1) * k].iter().map(|&w| w as u8));
        }
        Model {
            classes,
            idf,
            weights,
            scales,
            bias,
            rows,
        }
    }

    /// The score of every class for an article.
    pub fn scores(&self, title: &str, body: &str) -> Vec<f32> {
        self.score_counts(&counts(title, body))
    }

    /// [`Self::scores`] of an analysed article.
    pub fn scores_terms(&self, terms: &Terms<'_>) -> Vec<f32> {
        self.score_counts(&counts_of(terms))
    }

    /// The class scores of counted features: the unit TF-IDF vector's dot product with
    /// each class's weights, in one pass that reads each feature's row once (the idf and
    /// the weights share it) and divides by the vector's norm at the end.
    fn score_counts(&self, counts: &[(u32, f32)]) -> Vec<f32> {
        let k = self.classes.len();
        // The rows are spread over a table of megabytes: touching each first lets the
        // processor fetch many at once (a loop this short has dozens of loads in flight),
        // so that the arithmetic below finds them in cache.
        let touched = counts
            .iter()
            .fold(0u8, |acc, &(s, _)| acc ^ self.rows[s as usize * (k + 1)]);
        std::hint::black_box(touched);
        let mut sums = vec![0.0f32; k];
        let mut norm = 0.0f32;
        for &(s, tf) in counts {
            let row = &self.rows[s as usize * (k + 1)..(s as usize + 1) * (k + 1)];
            let v = tf_weight(tf) * dequantize_idf(row[0]);
            norm += v * v;
            for (sum, &w) in sums.iter_mut().zip(&row[1..]) {
                *sum += f32::from(w as i8) * v;
            }
        }
        let norm = if norm > 0.0 { norm.sqrt() } else { 1.0 };
        sums.iter()
            .zip(&self.scales)
            .zip(&self.bias)
            .map(|((sum, scale), b)| sum / norm * scale + b * BIAS)
            .collect()
    }

    /// The article's section.
    pub fn classify(&self, title: &str, body: &str) -> Prediction {
        self.predict(&self.scores(title, body))
    }

    /// [`Self::classify`] of an analysed article.
    pub fn classify_terms(&self, terms: &Terms<'_>) -> Prediction {
        self.predict(&self.scores_terms(terms))
    }

    fn predict(&self, scores: &[f32]) -> Prediction {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let best = order.first().copied().unwrap_or(0);
        let gap = match order.get(1) {
            Some(&second) => scores[best] - scores[second],
            None => 1.0,
        };
        Prediction {
            section: self.classes.get(best).cloned().unwrap_or_default(),
            confidence: 1.0 / (1.0 + (-2.0 * gap).exp()),
        }
    }

    /// Trains on labelled articles (less [`without_ambiguous_world`]); the classes are
    /// the labels seen, sorted.
    pub fn train(samples: &[Sample<'_>], options: &TrainOptions) -> Model {
        let samples = &without_ambiguous_world(samples)[..];
        let mut classes: Vec<String> = samples.iter().map(|s| s.label.to_owned()).collect();
        classes.sort();
        classes.dedup();
        let counted: Vec<Vec<(u32, f32)>> =
            rasid_text::par_map(samples, options.threads, |s| counts(s.title, s.body));
        // Document frequencies → idf (smoothed, as scikit-learn's).
        let mut df = vec![0u32; DIM];
        for c in &counted {
            for &(s, _) in c {
                df[s as usize] += 1;
            }
        }
        let n = counted.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        // Quantized now, so that training sees what classification will.
        let idf: Vec<u8> = idf.iter().map(|&v| quantize_idf(v)).collect();
        let xs: Vec<Vec<(u32, f32)>> = counted
            .iter()
            .map(|c| weigh(c, |s| dequantize_idf(idf[s as usize])))
            .collect();
        let labels: Vec<usize> = samples
            .iter()
            .map(|s| classes.iter().position(|c| c == s.label).unwrap_or(0))
            .collect();
        let trained: Vec<(Vec<f32>, f32)> = rasid_text::par_map(
            &(0..classes.len()).collect::<Vec<_>>(),
            options.threads,
            |&c| {
                let y: Vec<f32> = labels
                    .iter()
                    .map(|&l| if l == c { 1.0 } else { -1.0 })
                    .collect();
                // Each feature scaled by how strongly it marks the class either way: the
                // magnitude of its naive-Bayes log-count ratio (binarized, add-one; after
                // Wang & Manning's NBSVM); folded into the weights afterwards.
                let (mut p, mut q) = (vec![1.0f32; DIM], vec![1.0f32; DIM]);
                for (x, &yy) in xs.iter().zip(&y) {
                    let t = if yy > 0.0 { &mut p } else { &mut q };
                    for &(s, _) in x {
                        t[s as usize] += 1.0;
                    }
                }
                let (sp, sq): (f32, f32) = (p.iter().sum(), q.iter().sum());
                let r: Vec<f32> = p
                    .iter()
                    .zip(&q)
                    .map(|(a, b)| ((a / sp) / (b / sq)).ln().abs())
                    .collect();
                let scaled: Vec<Vec<(u32, f32)>> = xs
                    .iter()
                    .map(|x| x.iter().map(|&(s, v)| (s, v * r[s as usize])).collect())
                    .collect();
                let (mut w, b) = train_binary(&scaled, &y, options.c, options.epochs, c as u64 + 1);
                for (wj, rj) in w.iter_mut().zip(&r) {
                    *wj *= rj;
                }
                (w, b)
            },
        );
        let (rows, bias): (Vec<Vec<f32>>, Vec<f32>) = trained.into_iter().unzip();
        let (weights, scales) = quantize_rows(&rows);
        Model::new(classes, idf, weights, scales, bias)
    }

    /// The model as bytes: a header with the classes, then the idf (8-bit, steps of
    /// 1/16), then per class its bias, scale and 8-bit weights; zstd-compressed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(DIM * (1 + self.classes.len()) + 256);
        out.extend_from_slice(MAGIC);
        out.push(BITS as u8);
        out.push(self.classes.len() as u8);
        for c in &self.classes {
            out.push(c.len() as u8);
            out.extend_from_slice(c.as_bytes());
        }
        out.extend_from_slice(&self.idf);
        let k = self.classes.len();
        for (c, (b, scale)) in self.bias.iter().zip(&self.scales).enumerate() {
            out.extend_from_slice(&b.to_le_bytes());
            out.extend_from_slice(&scale.to_le_bytes());
            out.extend(self.weights.iter().skip(c).step_by(k).map(|&w| w as u8));
        }
        zstd::bulk::compress(&out, 19).unwrap_or_default()
    }

    /// A model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let raw = zstd::bulk::decompress(bytes, 64 << 20).map_err(|_| ModelError::Format)?;
        let mut r = Reader { b: &raw, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError::Format);
        }
        if u32::from(r.byte()?) != BITS {
            return Err(ModelError::Format);
        }
        let n = r.byte()? as usize;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.byte()? as usize;
            classes.push(
                std::str::from_utf8(r.take(len)?)
                    .map_err(|_| ModelError::Format)?
                    .to_owned(),
            );
        }
        let idf = r.take(DIM)?.to_vec();
        let (mut scales, mut bias) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let mut weights = vec![0i8; DIM * n];
        for c in 0..n {
            bias.push(r.f32()?);
            scales.push(r.f32()?);
            for (s, &q) in r.take(DIM)?.iter().enumerate() {
                weights[s * n + c] = q as i8;
            }
        }
        Ok(Model::new(classes, idf, weights, scales, bias))
    }

    /// The model trained on ANT v2.1 that ships with rasid (`model/sections.bin`).
    pub fn builtin() -> &'static Model {
        static MODEL: std::sync::LazyLock<Model> = std::sync::LazyLock::new(|| {
            Model::from_bytes(include_bytes!("../model/sections.bin"))
                .expect("the built-in section model is valid")
        });
        &MODEL
    }
}

const MAGIC: &[u8] = b"rasid-sections-2\n";

/// Why a model file could not be read.
#[derive(Debug, PartialEq)]
pub enum ModelError {
    Format,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "not a rasid section model (or from another version); train one with `rasid train-sections`"
        )
    }
}

impl std::error::Error for ModelError {}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self.b.get(self.at..self.at + n).ok_or(ModelError::Format)?;
        self.at += n;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Per-class rows of weights to 8 bits, slot-major, with each class's step.
fn quantize_rows(rows: &[Vec<f32>]) -> (Vec<i8>, Vec<f32>) {
    let k = rows.len();
    let mut out = vec![0i8; DIM * k];
    let mut scales = Vec::with_capacity(k);
    for (c, row) in rows.iter().enumerate() {
        let scale = weight_scale(row);
        for (s, &w) in row.iter().enumerate() {
            out[s * k + c] = quantize_weight(w, scale);
        }
        scales.push(scale);
    }
    (out, scales)
}

fn quantize_idf(v: f32) -> u8 {
    (v * 16.0).round().clamp(0.0, 255.0) as u8
}

fn dequantize_idf(q: u8) -> f32 {
    f32::from(q) / 16.0
}

/// The step of a class's 8-bit weights: the largest magnitude maps to 127.
fn weight_scale(w: &[f32]) -> f32 {
    let max = w.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if max > 0.0 {
        max / 127.0
    } else {
        1.0
    }
}

fn quantize_weight(v: f32, scale: f32) -> i8 {
    (v / scale).round().clamp(-127.0, 127.0) as i8
}

/// A count's sublinear weight, 1 + ln tf (most counts are 1).
#[inline]
fn tf_weight(tf: f32) -> f32 {
    if tf == 1.0 {
        1.0
    } else {
        1.0 + tf.ln()
    }
}

/// Counts to a unit TF-IDF vector.
fn weigh(counts: &[(u32, f32)], idf: impl Fn(u32) -> f32) -> Vec<(u32, f32)> {
    let mut v: Vec<(u32, f32)> = counts
        .iter()
        .map(|&(s, tf)| (s, tf_weight(tf) * idf(s)))
        .collect();
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            x.1 /= norm;
        }
    }
    v
}

fn dot(w: &[f32], x: &[(u32, f32)]) -> f32 {
    x.iter().map(|&(s, v)| w[s as usize] * v).sum()
}

/// One class against the rest: L2-regularized squared-hinge SVM by dual coordinate
/// descent (Hsieh et al., ICML 2008). Returns the weights and the bias.
fn train_binary(
    xs: &[Vec<(u32, f32)>],
    y: &[f32],
    c: f32,
    epochs: usize,
    seed: u64,
) -> (Vec<f32>, f32) {
    let n = xs.len();
    let diag = 0.5 / c;
    let mut w = vec![0.0f32; DIM];
    let mut b = 0.0f32;
    let mut alpha = vec![0.0f32; n];
    let qd: Vec<f32> = xs
        .iter()
        .map(|x| x.iter().map(|(_, v)| v * v).sum::<f32>() + BIAS * BIAS + diag)
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for _ in 0..epochs {
        // Fisher–Yates with xorshift: a fixed order per seed (training is reproducible).
        for i in (1..n).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut max_pg = 0.0f32;
        for &i in &order {
            let x = &xs[i];
            let g = y[i] * (dot(&w, x) + b * BIAS) - 1.0 + diag * alpha[i];
            let pg = if alpha[i] == 0.0 { g.min(0.0) } else { g };
            if pg.abs() > 1e-6 {
                max_pg = max_pg.max(pg.abs());
                let old = alpha[i];
                alpha[i] = (old - g / qd[i]).max(0.0);
                let d = (alpha[i] - old) * y[i];
                for &(s, v) in x {
                    w[s as usize] += d * v;
                }
                b += d * BIAS;
            }
        }
        if max_pg < 0.01 {
            break;
        }
    }
    (w, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Sample<'static>> {
        let sport = [
            (
                "الهلال يفوز على النصر",
                "فاز فريق الهلال على النصر بهدفين في مباراة الدوري وسجل المهاجم هدف الفوز",
            ),
            (
                "منتخب مصر يتأهل",
                "تأهل المنتخب إلى نهائيات كأس العالم بعد الفوز في المباراة الحاسمة على ملعبه",
            ),
            (
                "ريال مدريد يتعادل",
                "تعادل ريال مدريد مع برشلونة في مباراة الدوري الإسباني وأهدر اللاعب ركلة جزاء",
            ),
        ];
        let economy = [
            (
                "ارتفاع أسعار النفط",
                "ارتفعت أسعار النفط في الأسواق العالمية وصعد خام برنت مع تراجع المخزونات",
            ),
            (
                "البورصة تغلق على ارتفاع",
                "أغلقت البورصة على ارتفاع بدعم من أسهم البنوك وارتفع المؤشر العام للسوق",
            ),
            (
                "التضخم يتراجع",
                "تراجع معدل التضخم في الربع الثالث وقال البنك المركزي إن أسعار الفائدة ستبقى",
            ),
        ];
        sport
            .iter()
            .map(|&(title, body)| Sample {
                title,
                body,
                label: "sports",
                outlet: "",
            })
            .chain(economy.iter().map(|&(title, body)| Sample {
                title,
                body,
                label: "economy",
                outlet: "",
            }))
            .collect()
    }

    #[test]
    fn learns_and_survives_a_round_trip() {
        let model = Model::train(
            &samples(),
            &TrainOptions {
                threads: 2,
                ..Default::default()
            },
        );
        assert_eq!(model.classes(), ["economy", "sports"]);
        let p = model.classify("الفريق يفوز في المباراة", "سجل اللاعب هدفا في مباراة الدوري");
        assert_eq!(p.section, "sports");
        assert!(p.confidence > 0.5);
        let e = model.classify("أسعار النفط", "تراجعت أسعار النفط وارتفعت البورصة");
        assert_eq!(e.section, "economy");
        let again = Model::from_bytes(&model.to_bytes()).expect("read back");
        assert_eq!(
            again.scores("أسعار النفط", "البورصة"),
            model.scores("أسعار النفط", "البورصة")
        );
        assert_eq!(
            Model::from_bytes(b"nonsense").unwrap_err(),
            ModelError::Format
        );
    }

    #[test]
    fn world_labels_of_outlets_without_a_middle_east_section_are_left_out() {
        let s = |label, outlet| Sample {
            title: "",
            body: "",
            label,
            outlet,
        };
        let samples = [
            s("world", "a"),
            s("world", "a"),
            s("sports", "a"),
            s("world", "b"),
            s("middle-east", "b"),
            s("world", ""),
        ];
        let kept = without_ambiguous_world(&samples);
        let labels: Vec<(&str, &str)> = kept.iter().map(|s| (s.label, s.outlet)).collect();
        assert_eq!(
            labels,
            [
                ("sports", "a"),
                ("world", "b"),
                ("middle-east", "b"),
                ("world", "")
            ]
        );
    }

    #[test]
    fn the_section_comes_from_the_publisher_the_url_or_the_model() {
        let m = Model::builtin();
        let sport =
            "فاز الأهلي على الزمالك بهدفين مقابل هدف في مباراة قمة الدوري المصري لكرة القدم.";
        let a = assign(
            m,
            Some("Economy"),
            Some("https://x.example/sport/1"),
            &Terms::new("", sport),
        );
        assert_eq!(
            (a.section.as_str(), a.source),
            ("economy", SectionSource::Publisher)
        );
        let a = assign(
            m,
            Some("weather"),
            Some("https://x.example/news/sport/1?x=2"),
            &Terms::new("", sport),
        );
        assert_eq!(
            (a.section.as_str(), a.source),
            ("sports", SectionSource::Url)
        );
        let a = assign(
            m,
            None,
            Some("https://x.example/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/7"),
            &Terms::new("", ""),
        );
        assert_eq!(a.section, "sports", "percent-encoded رياضة");
        let a = assign(
            m,
            None,
            Some("https://x.example/2024/01/story"),
            &Terms::new("الأهلي يفوز", sport),
        );
        assert_eq!(
            (a.section.as_str(), a.source),
            ("sports", SectionSource::Model)
        );
        assert_eq!(
            url_hint("https://sport.example/a/b"),
            None,
            "the host is not the path"
        );
        // An English article: the Arabic model does not guess; a URL's section still counts.
        let english = "Al Ahly beat Zamalek two goals to one in the Egyptian league derby.";
        let a = assign(m, None, None, &Terms::new("Al Ahly win", english));
        assert_eq!((a.section.as_str(), a.confidence), ("other", 0.0));
        let a = assign(
            m,
            None,
            Some("https://x.example/sport/1"),
            &Terms::new("Al Ahly win", english),
        );
        assert_eq!(a.section, "sports");
    }

    #[test]
    fn a_wire_services_section_slug_comes_off_the_title() {
        assert_eq!(
            title_slug("اقتصادي/ البورصة الكويتية تغلق على تباين"),
            Some((Some("اقتصادي"), "البورصة الكويتية تغلق على تباين"))
        );
        assert_eq!(
            title_slug("عام /  اهتمامات الصحف الليبية"),
            Some((None, "اهتمامات الصحف الليبية"))
        );
        let (slug, _) = title_slug("رياضي / منتخب التايكوندو يشارك").unwrap();
        assert_eq!(slug.and_then(map_label), Some("sports"));
        // Not a slug: a place, two words, a fraction, nothing after it.
        assert_eq!(title_slug("مصر / السودان: اتفاق على السد"), None);
        assert_eq!(title_slug("الشرق الأوسط / تقرير"), None);
        assert_eq!(title_slug("نمو 3/4 الشركات"), None);
        assert_eq!(title_slug("عام / "), None);
    }

    #[test]
    fn publisher_labels_map_to_sections() {
        assert_eq!(map_label("internationalNews"), Some("world"));
        assert_eq!(map_label("middleEast"), Some("middle-east"));
        assert_eq!(map_label("Middle East"), Some("middle-east"));
        assert_eq!(parse("رياضة"), Ok("sports"));
        assert!(parse("nope")
            .unwrap_err()
            .contains("use one of politics, middle-east"));
        assert_eq!(map_label("/sport/"), Some("sports"));
        assert_eq!(map_label("رياضة"), Some("sports"));
        assert_eq!(map_label("localNews"), Some("society"));
        assert_eq!(map_label("weather"), None);
        for s in SECTIONS {
            assert_eq!(map_label(s), Some(s), "{s}");
        }
    }

    #[test]
    fn the_built_in_model_classifies() {
        let m = Model::builtin();
        assert!(m.classes().len() >= 6);
        let p = m.classify(
            "الأهلي يفوز على الزمالك في الدوري",
            "فاز الأهلي على الزمالك بهدفين مقابل هدف في مباراة قمة الدوري المصري لكرة القدم، وسجل المهاجم هدف الفوز في الدقيقة الأخيرة.",
        );
        assert_eq!(p.section, "sports");
    }
}
