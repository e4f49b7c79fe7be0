//! Per-site rules: where a site's article is, what to drop from its pages, and where its
//! title and date are, for the few sites the generic extraction gets wrong.
//!
//! A rule names a host (it applies to the host and its subdomains; the longest matching
//! host wins) and CSS selectors — the subset pages need: type, `#id`, `.class`,
//! `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr^=v]`, `[attr$=v]`, `[attr*=v]`, `*`, the
//! descendant and `>` child combinators, and comma-separated lists. Rules are data: the
//! pipeline reads them from the data directory's `sites.toml` and passes them in, so
//! extraction stays a pure function of its input.
//!
//! ```
//! use rasid_extract::sites::{SiteRule, Sites};
//! use rasid_extract::{extract, Input};
//!
//! let mut rule = SiteRule::new("example.com");
//! rule.set_content("div.story").unwrap();
//! rule.set_remove(&[".promo"]).unwrap();
//! let sites = Sites::new(vec![rule]);
//! let page = "<html><body><div class='teaser'><p>عنوان آخر من الموقع يتحدث عن موضوع مختلف تماما عن الخبر وفيه كلام كثير لا يخص القارئ هنا.</p></div>\
//!   <div class='story'><p>توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق على مراحل.</p>\
//!   <p class='promo'>اشترك في النشرة البريدية لتصلك الأخبار كل صباح مع أهم ما ينشر على الموقع.</p></div></body></html>";
//! let input = Input::html(page.as_bytes())
//!     .with_url(Some("https://www.example.com/news/1"))
//!     .with_sites(Some(&sites));
//! let (article, _) = extract(&input);
//! assert_eq!(article.body.len(), 1);
//! assert!(article.body[0].starts_with("توصلت بغداد"));
//! ```

use crate::dom::{Dom, NodeData, NodeId};
use serde::Deserialize;
use std::fmt;

/// The rule file's name inside a data directory.
pub const FILE: &str = "sites.toml";

/// The warning code of a page whose site's content selector matched nothing (the page
/// is then read as if its site had no rule).
pub const UNMATCHED: &str = "site-rule-unmatched";

/// A mistake in a rule file: its line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    pub line: usize,
    pub message: String,
}

impl RulesError {
    /// The message with the file's name: `FILE:LINE: what (where to read about it)`.
    pub fn at(&self, file: &std::path::Path) -> String {
        format!(
            "{}:{}: {} (see docs/CONFIG.md, \"Site rules\")",
            file.display(),
            self.line,
            self.message
        )
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    site: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    host: toml::Spanned<String>,
    content: Option<toml::Spanned<String>>,
    #[serde(default)]
    remove: Vec<toml::Spanned<String>>,
    title: Option<toml::Spanned<String>>,
    published: Option<toml::Spanned<String>>,
}

/// Reads a rule file's text (`[[site]]` tables; see the module's example): every
/// selector parsed, hosts checked, one rule per host.
pub fn parse_rules(text: &str) -> Result<Sites, RulesError> {
    let fail = |at: usize, message: String| RulesError {
        line: text[..at.min(text.len())].lines().count().max(1),
        message,
    };
    let file: RuleFile = toml::from_str(text).map_err(|e| {
        fail(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_owned(),
        )
    })?;
    let mut rules: Vec<SiteRule> = Vec::with_capacity(file.site.len());
    for raw in file.site {
        let at = raw.host.span().start;
        let host = raw.host.get_ref().trim();
        if !SiteRule::valid_host(host) {
            return Err(fail(
                at,
                format!("host {host:?} is not a host name (write it as almarsad.co, without https:// or a path)"),
            ));
        }
        let mut rule = SiteRule::new(host);
        if rules.iter().any(|r| r.host == rule.host) {
            return Err(fail(at, format!("a second rule for {}", rule.host)));
        }
        let selector = |s: &toml::Spanned<String>| {
            SelectorList::parse(s.get_ref()).map_err(|e| fail(s.span().start, e.to_string()))
        };
        rule.content = raw.content.as_ref().map(selector).transpose()?;
        rule.remove = raw.remove.iter().map(selector).collect::<Result<_, _>>()?;
        rule.title = raw.title.as_ref().map(selector).transpose()?;
        rule.published = raw.published.as_ref().map(selector).transpose()?;
        rules.push(rule);
    }
    Ok(Sites::new(rules))
}

/// The rules of every site that has one.
#[derive(Clone, Debug, Default)]
pub struct Sites {
    /// Longest host first, so that the most specific rule is found first.
    rules: Vec<SiteRule>,
}

impl Sites {
    pub fn new(mut rules: Vec<SiteRule>) -> Sites {
        rules.sort_by_key(|r| std::cmp::Reverse(r.host.len()));
        Sites { rules }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// The rule for a page's URL: of its host, or of the nearest parent domain that has
    /// one (`www.example.com` and `news.example.com` take `example.com`'s).
    pub fn for_url(&self, url: &str) -> Option<&SiteRule> {
        if self.rules.is_empty() {
            return None;
        }
        let host = host_of(url)?;
        self.rules.iter().find(|r| {
            host == r.host
                || (host.len() > r.host.len()
                    && host.ends_with(r.host.as_str())
                    && host.as_bytes()[host.len() - r.host.len() - 1] == b'.')
        })
    }
}

/// The host of an absolute http(s) URL, lower-cased, without port or credentials.
fn host_of(url: &str) -> Option<String> {
    let rest = url
        .split_once("://")
        .filter(|(scheme, _)| {
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        })?
        .1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// One site's rule.
#[derive(Clone, Debug)]
pub struct SiteRule {
    /// The host it applies to (and its subdomains), lower-case, without `www.`.
    pub host: String,
    /// The article's body is extracted from inside these elements only.
    pub content: Option<SelectorList>,
    /// These elements (and all inside them) are dropped before extraction.
    pub remove: Vec<SelectorList>,
    /// The title is this element's text.
    pub title: Option<SelectorList>,
    /// The publication time is this element's `datetime` or `content` attribute, else a
    /// date in its text.
    pub published: Option<SelectorList>,
}

impl SiteRule {
    /// A rule for `host` that changes nothing yet.
    pub fn new(host: &str) -> SiteRule {
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        SiteRule {
            host,
            content: None,
            remove: Vec::new(),
            title: None,
            published: None,
        }
    }

    pub fn set_content(&mut self, selector: &str) -> Result<(), SelectorError> {
        self.content = Some(SelectorList::parse(selector)?);
        Ok(())
    }

    pub fn set_remove(&mut self, selectors: &[&str]) -> Result<(), SelectorError> {
        self.remove = selectors
            .iter()
            .map(|s| SelectorList::parse(s))
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    pub fn set_title(&mut self, selector: &str) -> Result<(), SelectorError> {
        self.title = Some(SelectorList::parse(selector)?);
        Ok(())
    }

    pub fn set_published(&mut self, selector: &str) -> Result<(), SelectorError> {
        self.published = Some(SelectorList::parse(selector)?);
        Ok(())
    }

    /// Whether `host` is a name a rule can be for (letters, digits, dots and hyphens,
    /// at least one dot, or `localhost`).
    pub fn valid_host(host: &str) -> bool {
        let h = host.trim();
        !h.is_empty()
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            && (h.contains('.') || h.eq_ignore_ascii_case("localhost"))
            && !h.starts_with('.')
    }
}

/// Why a selector could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectorError {
    pub selector: String,
    /// The character where reading stopped (0-based).
    pub at: usize,
    pub message: &'static str,
}

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "selector `{}`: {} at character {}",
            self.selector,
            self.message,
            self.at + 1
        )
    }
}

impl std::error::Error for SelectorError {}

/// Selectors separated by commas: an element matches when any does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectorList(Vec<Complex>);

/// Compound selectors joined by combinators, left to right.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Complex {
    /// `(combinator to the previous compound, compound)`; the first's combinator is unused.
    parts: Vec<(Combinator, Compound)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Combinator {
    Descendant,
    Child,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Compound {
    /// Lower-case type, `None` for any.
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<AttrTest>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct AttrTest {
    name: String,
    op: AttrOp,
    value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AttrOp {
    Exists,
    Equals,
    Word,
    Prefix,
    Suffix,
    Contains,
}

impl SelectorList {
    /// Reads a selector list; what rasid does not support (pseudo-classes, sibling
    /// combinators, namespaces) is an error, not silently ignored.
    pub fn parse(text: &str) -> Result<SelectorList, SelectorError> {
        let mut p = Parser {
            text,
            chars: text.char_indices().collect(),
            i: 0,
        };
        let mut list = Vec::new();
        loop {
            p.skip_space();
            list.push(p.complex()?);
            p.skip_space();
            match p.peek() {
                None => break,
                Some(',') => p.i += 1,
                Some(_) => return Err(p.error("expected `,` or the end")),
            }
        }
        Ok(SelectorList(list))
    }

    /// Whether element `id` of `dom` matches.
    pub fn matches(&self, dom: &Dom, id: NodeId) -> bool {
        self.0.iter().any(|c| {
            let mut budget = MATCH_STEPS;
            matches_from(dom, id, &c.parts, c.parts.len() - 1, &mut budget)
        })
    }

    /// Every matching element, in document order.
    pub fn select(&self, dom: &Dom) -> Vec<NodeId> {
        (0..dom.nodes.len() as NodeId)
            .filter(|&id| self.matches(dom, id))
            .collect()
    }

    /// The first matching element.
    pub fn first(&self, dom: &Dom) -> Option<NodeId> {
        (0..dom.nodes.len() as NodeId).find(|&id| self.matches(dom, id))
    }
}

/// Ancestors tried at most when matching one element against one selector: descendant
/// combinators backtrack, and `div div div div` on a page nested 256 deep would otherwise
/// try millions of ways (extraction is bounded work).
const MATCH_STEPS: usize = 4096;

/// Whether `id` matches `parts[..=k]`, `parts[k]` being matched by `id` itself (false
/// once `budget` steps are spent).
fn matches_from(
    dom: &Dom,
    id: NodeId,
    parts: &[(Combinator, Compound)],
    k: usize,
    budget: &mut usize,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    if !compound_matches(dom, id, &parts[k].1) {
        return false;
    }
    if k == 0 {
        return true;
    }
    match parts[k].0 {
        Combinator::Child => dom
            .parent(id)
            .is_some_and(|p| matches_from(dom, p, parts, k - 1, budget)),
        Combinator::Descendant => {
            let mut cur = dom.parent(id);
            while let Some(p) = cur {
                if matches_from(dom, p, parts, k - 1, budget) {
                    return true;
                }
                cur = dom.parent(p);
            }
            false
        }
    }
}

fn compound_matches(dom: &Dom, id: NodeId, c: &Compound) -> bool {
    let NodeData::Element(e) = &dom.node(id).data else {
        return false;
    };
    if c.tag.as_deref().is_some_and(|t| t != e.name) {
        return false;
    }
    if let Some(want) = &c.id {
        if e.attr("id") != Some(want.as_str()) {
            return false;
        }
    }
    if !c.classes.is_empty() {
        let class = e.attr("class").unwrap_or("");
        if !c
            .classes
            .iter()
            .all(|want| class.split_ascii_whitespace().any(|have| have == want))
        {
            return false;
        }
    }
    c.attrs.iter().all(|t| {
        let Some(v) = e.attr(&t.name) else {
            return false;
        };
        match t.op {
            AttrOp::Exists => true,
            AttrOp::Equals => v == t.value,
            AttrOp::Word => v.split_ascii_whitespace().any(|w| w == t.value),
            AttrOp::Prefix => !t.value.is_empty() && v.starts_with(&t.value),
            AttrOp::Suffix => !t.value.is_empty() && v.ends_with(&t.value),
            AttrOp::Contains => !t.value.is_empty() && v.contains(&t.value),
        }
    })
}

struct Parser<'t> {
    text: &'t str,
    chars: Vec<(usize, char)>,
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).map(|&(_, c)| c)
    }

    fn error(&self, message: &'static str) -> SelectorError {
        SelectorError {
            selector: self.text.to_owned(),
            at: self.i,
            message,
        }
    }

    fn skip_space(&mut self) -> bool {
        let start = self.i;
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
        self.i > start
    }

    fn complex(&mut self) -> Result<Complex, SelectorError> {
        let mut parts = vec![(Combinator::Descendant, self.compound()?)];
        loop {
            let spaced = self.skip_space();
            let combinator = match self.peek() {
                None | Some(',') => break,
                Some('>') => {
                    self.i += 1;
                    self.skip_space();
                    Combinator::Child
                }
                Some('+') | Some('~') => {
                    return Err(self.error("sibling combinators are not supported"))
                }
                Some(_) if spaced => Combinator::Descendant,
                Some(_) => return Err(self.error("unexpected character")),
            };
            parts.push((combinator, self.compound()?));
        }
        Ok(Complex { parts })
    }

    fn compound(&mut self) -> Result<Compound, SelectorError> {
        let mut c = Compound::default();
        let start = self.i;
        match self.peek() {
            Some('*') => self.i += 1,
            Some(ch) if is_ident_char(ch) => c.tag = Some(self.ident()?.to_ascii_lowercase()),
            _ => {}
        }
        loop {
            match self.peek() {
                Some('#') => {
                    self.i += 1;
                    c.id = Some(self.ident()?);
                }
                Some('.') => {
                    self.i += 1;
                    c.classes.push(self.ident()?);
                }
                Some('[') => {
                    self.i += 1;
                    c.attrs.push(self.attr()?);
                }
                Some(':') => return Err(self.error("pseudo-classes are not supported")),
                _ => break,
            }
        }
        if self.i == start {
            return Err(self.error("expected a selector"));
        }
        Ok(c)
    }

    fn ident(&mut self) -> Result<String, SelectorError> {
        let start = self.i;
        while self.peek().is_some_and(is_ident_char) {
            self.i += 1;
        }
        if self.i == start {
            return Err(self.error("expected a name"));
        }
        Ok(self.chars[start..self.i].iter().map(|&(_, c)| c).collect())
    }

    fn attr(&mut self) -> Result<AttrTest, SelectorError> {
        self.skip_space();
        let name = self.ident()?.to_ascii_lowercase();
        self.skip_space();
        let op = match self.peek() {
            Some(']') => {
                self.i += 1;
                return Ok(AttrTest {
                    name,
                    op: AttrOp::Exists,
                    value: String::new(),
                });
            }
            Some('=') => AttrOp::Equals,
            Some(c @ ('~' | '^' | '$' | '*')) => {
                self.i += 1;
                if self.peek() != Some('=') {
                    return Err(self.error("expected `=`"));
                }
                match c {
                    '~' => AttrOp::Word,
                    '^' => AttrOp::Prefix,
                    '$' => AttrOp::Suffix,
                    _ => AttrOp::Contains,
                }
            }
            _ => return Err(self.error("expected `]` or an operator (=, ~=, ^=, $=, *=)")),
        };
        self.i += 1; // '='
        self.skip_space();
        let value = match self.peek() {
            Some(q @ ('"' | '\'')) => {
                self.i += 1;
                let start = self.i;
                while self.peek().is_some_and(|c| c != q) {
                    self.i += 1;
                }
                if self.peek().is_none() {
                    return Err(self.error("unclosed quote"));
                }
                let v = self.chars[start..self.i].iter().map(|&(_, c)| c).collect();
                self.i += 1;
                v
            }
            _ => self.ident()?,
        };
        self.skip_space();
        if self.peek() != Some(']') {
            return Err(self.error("expected `]`"));
        }
        self.i += 1;
        Ok(AttrTest { name, op, value })
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii() && !c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(s: &str) -> SelectorList {
        SelectorList::parse(s).unwrap()
    }

    fn texts(dom: &Dom, ids: &[NodeId]) -> Vec<String> {
        ids.iter().map(|&i| dom.text(i)).collect()
    }

    #[test]
    fn selectors_match_as_css_does() {
        let html =
            "<div id=main class='post body'><p>a</p><section><p class=x>b</p></section></div>\
                    <p data-role='lead story'>c</p><a href='https://x.org/y.pdf'>d</a>";
        let dom = Dom::parse(html);
        assert_eq!(texts(&dom, &sel("#main p").select(&dom)), ["a", "b"]);
        assert_eq!(texts(&dom, &sel("#main > p").select(&dom)), ["a"]);
        assert_eq!(
            texts(&dom, &sel("div.post.body > section .x").select(&dom)),
            ["b"]
        );
        assert_eq!(
            texts(&dom, &sel("DIV.body p.x, [data-role~=lead]").select(&dom)),
            ["b", "c"]
        );
        assert_eq!(texts(&dom, &sel("a[href$='.pdf']").select(&dom)), ["d"]);
        assert_eq!(texts(&dom, &sel("a[href^=https]").select(&dom)), ["d"]);
        assert_eq!(
            texts(&dom, &sel("[data-role*=\"story\"]").select(&dom)),
            ["c"]
        );
        assert!(sel("div.postx").select(&dom).is_empty());
        assert!(sel("p[data-role=lead]").select(&dom).is_empty());
        assert_eq!(sel("*").select(&dom).len(), 6);
    }

    #[test]
    fn matching_a_deep_page_is_bounded_work() {
        let html = "<div>".repeat(300) + "x";
        let dom = Dom::parse(&html);
        let found = sel("div div div div div div span").select(&dom);
        assert!(found.is_empty());
        assert!(sel("div div div").select(&dom).len() > 200);
    }

    #[test]
    fn what_is_not_supported_is_an_error_saying_where() {
        let e = SelectorList::parse("div:first-child").unwrap_err();
        assert_eq!(e.at, 3);
        assert!(e.to_string().contains("pseudo-classes"), "{e}");
        assert!(SelectorList::parse("p + p").is_err());
        assert!(SelectorList::parse("div..x").is_err());
        assert!(SelectorList::parse("a[href='x]").is_err());
        assert!(SelectorList::parse("").is_err());
        assert!(SelectorList::parse("p,").is_err());
        assert!(SelectorList::parse("div,p > span").is_ok());
        assert!(SelectorList::parse(".مقال").is_ok());
    }

    #[test]
    fn the_most_specific_host_rule_applies_to_subdomains_too() {
        let sites = Sites::new(vec![
            SiteRule::new("example.com"),
            SiteRule::new("www.news.example.com"),
        ]);
        for (url, rule) in [
            ("https://example.com/a", Some("example.com")),
            ("http://WWW.Example.com:8080/a", Some("example.com")),
            ("https://news.example.com/a", Some("news.example.com")),
            ("https://a.news.example.com/", Some("news.example.com")),
            ("https://badexample.com/a", None),
            ("file:///example.com", None),
        ] {
            let found = sites.for_url(url).map(|r| r.host.as_str());
            assert_eq!(found, rule, "{url}");
        }
        assert!(SiteRule::valid_host("almarsad.co"));
        assert!(!SiteRule::valid_host("https://almarsad.co/"));
        assert!(!SiteRule::valid_host("almarsad"));
    }
}
