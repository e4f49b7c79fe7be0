//! A fast, forgiving HTML parser into an arena DOM.
//!
//! Extraction needs the element tree of a page, not a browser-exact one, and it needs it
//! in well under a millisecond per page. This parser tokenizes in one pass and builds the
//! tree with the HTML5 rules that matter for reading text: void elements, raw-text
//! elements (script, style, title, textarea…), implied end tags (`<p>` closed by a block,
//! `<li>` by the next `<li>`, table cells and rows), and end tags that close everything
//! opened after their element. It never fails and never recurses: nesting deeper than
//! [`MAX_DEPTH`] is flattened, so a 100,000-deep page costs what a flat one does.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Nesting deeper than this is flattened into the element at this depth.
pub const MAX_DEPTH: usize = 256;

/// Index of a node in [`Dom::nodes`]. The document root is `0`.
pub type NodeId = u32;
const NONE: NodeId = u32::MAX;

/// A parsed page. Text and attribute values borrow from the source where no entity had to
/// be decoded, so parsing allocates little.
pub struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
}

/// One node: an element or a text run, linked to its parent and siblings.
pub struct Node<'a> {
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub next_sibling: NodeId,
    pub data: NodeData<'a>,
}

#[derive(Clone)]
pub enum NodeData<'a> {
    Document,
    Element(Element<'a>),
    Text(Cow<'a, str>),
}

/// An attribute: lower-case name, entity-decoded value.
pub type Attr<'a> = (Cow<'a, str>, Cow<'a, str>);

#[derive(Clone)]
pub struct Element<'a> {
    /// Lower-case tag name.
    pub name: Cow<'a, str>,
    pub attrs: Vec<Attr<'a>>,
}

impl Element<'_> {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.as_ref() == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl<'a> Dom<'a> {
    /// Parses `html`. Never fails.
    pub fn parse(html: &'a str) -> Dom<'a> {
        let mut b = Builder::new(html.len() / 40 + 16);
        tokenize(html, &mut b);
        b.dom
    }

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id as usize]
    }

    pub fn element(&self, id: NodeId) -> Option<&Element<'a>> {
        match &self.nodes[id as usize].data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    /// Tag name of an element node, `""` otherwise.
    pub fn name(&self, id: NodeId) -> &str {
        self.element(id).map_or("", |e| &e.name)
    }

    /// Children of `id`, in order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// `id` and all its descendants in document order (pre-order), iteratively.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_, 'a> {
        Descendants {
            dom: self,
            root: id,
            next: id,
        }
    }

    /// The last node of `id`'s subtree. Nodes are stored in document order, so the
    /// subtree of `id` is exactly the ids `id..=subtree_end(id)`.
    pub fn subtree_end(&self, id: NodeId) -> NodeId {
        let mut cur = id;
        loop {
            let last = self.nodes[cur as usize].last_child;
            if last == NONE {
                return cur;
            }
            cur = last;
        }
    }

    /// Whether `id` is `root` or inside it.
    pub fn is_within(&self, id: NodeId, root: NodeId) -> bool {
        id >= root && id <= self.subtree_end(root)
    }

    /// Parent of `id`, if any.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = self.nodes[id as usize].parent;
        (p != NONE).then_some(p)
    }

    /// All elements with this tag name, in document order.
    pub fn elements_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = NodeId> + 's {
        (0..self.nodes.len() as NodeId).filter(move |&i| self.name(i) == name)
    }

    /// A new page holding copies of the subtrees at `roots` (in document order; a root
    /// inside another is part of that one) as children of its document, less every
    /// subtree whose root `dropped` says to drop. The copy keeps the invariants of a
    /// parsed page (nodes in document order, each subtree contiguous).
    pub fn subset(&self, roots: &[NodeId], dropped: impl Fn(NodeId) -> bool) -> Dom<'a> {
        let mut b = Builder::new(self.nodes.len());
        let mut copied = vec![NONE; self.nodes.len()];
        let mut roots = roots.to_vec();
        roots.sort_unstable();
        let mut next = 0;
        for root in roots {
            if root < next || root as usize >= self.nodes.len() {
                continue;
            }
            let end = self.subtree_end(root);
            let mut i = root;
            while i <= end {
                if dropped(i) {
                    i = self.subtree_end(i) + 1;
                    continue;
                }
                let node = &self.nodes[i as usize];
                let parent = if i == root {
                    0
                } else {
                    copied[node.parent as usize]
                };
                let data = match &node.data {
                    NodeData::Document => NodeData::Element(Element {
                        name: Cow::Borrowed("body"),
                        attrs: Vec::new(),
                    }),
                    d => d.clone(),
                };
                copied[i as usize] = b.append(parent, data);
                i += 1;
            }
            next = end + 1;
        }
        b.dom
    }

    /// The text content of `id` with white space collapsed.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for d in self.descendants(id) {
            if let NodeData::Text(t) = &self.nodes[d as usize].data {
                push_collapsed(&mut out, t);
            }
        }
        out.trim().to_owned()
    }
}

/// Appends `t` to `out`, collapsing runs of white space into one space. Returns the
/// number of characters appended.
pub fn push_collapsed(out: &mut String, t: &str) -> usize {
    let mut space = out.ends_with(' ') || out.is_empty();
    let mut n = 0;
    for c in t.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
                n += 1;
            }
        } else {
            out.push(c);
            space = false;
            n += 1;
        }
    }
    n
}

pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: NodeId,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.dom.nodes[id as usize].next_sibling;
        Some(id)
    }
}

pub struct Descendants<'d, 'a> {
    dom: &'d Dom<'a>,
    root: NodeId,
    next: NodeId,
}

impl Iterator for Descendants<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        let n = &self.dom.nodes[id as usize];
        self.next = if n.first_child != NONE {
            n.first_child
        } else {
            // Climb until a node with a next sibling, stopping at the root.
            let mut cur = id;
            loop {
                if cur == self.root {
                    break NONE;
                }
                let c = &self.dom.nodes[cur as usize];
                if c.next_sibling != NONE {
                    break c.next_sibling;
                }
                cur = c.parent;
                if cur == NONE {
                    break NONE;
                }
            }
        };
        Some(id)
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
    )
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// Start tags that close an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
    )
}

struct Builder<'a> {
    dom: Dom<'a>,
    stack: Vec<NodeId>,
}

impl<'a> Builder<'a> {
    /// A page holding its document node, with room for `capacity` nodes.
    fn new(capacity: usize) -> Builder<'a> {
        let mut nodes = Vec::with_capacity(capacity);
        nodes.push(Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            data: NodeData::Document,
        });
        Builder {
            dom: Dom { nodes },
            stack: vec![0],
        }
    }

    fn current(&self) -> NodeId {
        *self.stack.last().unwrap_or(&0)
    }

    fn append(&mut self, parent: NodeId, data: NodeData<'a>) -> NodeId {
        let id = self.dom.nodes.len() as NodeId;
        self.dom.nodes.push(Node {
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            data,
        });
        let p = &mut self.dom.nodes[parent as usize];
        let last = p.last_child;
        p.last_child = id;
        if last == NONE {
            p.first_child = id;
        } else {
            self.dom.nodes[last as usize].next_sibling = id;
        }
        id
    }

    fn text(&mut self, t: &'a str) {
        if t.is_empty() {
            return;
        }
        let parent = self.current();
        let last = self.dom.nodes[parent as usize].last_child;
        if last != NONE {
            if let NodeData::Text(s) = &mut self.dom.nodes[last as usize].data {
                decode_entities_into(t, s.to_mut());
                return;
            }
        }
        self.append(parent, NodeData::Text(decode_entities(t)));
    }

    fn raw_text(&mut self, t: Cow<'a, str>) {
        let parent = self.current();
        self.append(parent, NodeData::Text(t));
    }

    /// Index in the stack of the nearest open element named `name`, not crossing any of `scope`.
    fn find_open(&self, name: &str, scope: &[&str]) -> Option<usize> {
        for i in (1..self.stack.len()).rev() {
            let n = self.dom.name(self.stack[i]);
            if n == name {
                return Some(i);
            }
            if scope.contains(&n) {
                return None;
            }
        }
        None
    }

    fn close_to(&mut self, index: usize) {
        self.stack.truncate(index);
    }

    /// Closes the outermost open element named in `names` (and everything inside it),
    /// searching no further out than the first element named in `scope`.
    fn close_open(&mut self, names: &[&str], scope: &[&str]) {
        if let Some(i) = names.iter().filter_map(|n| self.find_open(n, scope)).min() {
            self.close_to(i);
        }
    }

    fn start(&mut self, tag: Cow<'a, str>, attrs: Vec<Attr<'a>>, self_closing: bool) {
        let name: &str = &tag;
        // Implied end tags: which open elements this start tag closes, and the elements
        // that bound the search (a <li> does not close an <li> of an outer list).
        if closes_p(name) {
            self.close_open(
                &["p"],
                &["button", "table", "td", "th", "div", "section", "article"],
            );
        }
        let (closes, scope): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu", "table"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl", "table"]),
            "option" => (&["option"], &["select", "datalist"]),
            "tr" => (&["tr"], &["table"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot"], &["table"]),
            // Nested anchors are invalid; the open one closes.
            "a" => (&["a"], &["div", "p", "li", "td", "table"]),
            _ => (&[], &[]),
        };
        self.close_open(closes, scope);
        if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            && matches!(
                self.dom.name(self.current()),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            )
        {
            self.stack.pop();
        }
        let leaf = is_void(name)
            || self_closing
                && !matches!(name, "div" | "span" | "p" | "a" | "li" | "td" | "section");
        let parent = self.current();
        let id = self.append(parent, NodeData::Element(Element { name: tag, attrs }));
        if leaf {
            return;
        }
        if self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        }
    }

    fn end(&mut self, name: &str) {
        if name == "br" {
            self.start(Cow::Borrowed("br"), Vec::new(), true);
            return;
        }
        if matches!(name, "body" | "html") {
            return;
        }
        if let Some(i) = self.find_open(name, &[]) {
            self.close_to(i);
        }
    }
}

/// `s` lower-cased, borrowed when it already is (as almost every tag name is).
fn lower<'a>(s: &'a str) -> Cow<'a, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// One pass over the source, feeding the builder.
fn tokenize<'a>(src: &'a str, b: &mut Builder<'a>) {
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        // Jump to the next '<'.
        match memchr_lt(&bytes[i..]) {
            Some(off) => i += off,
            None => break,
        }
        let rest = &bytes[i + 1..];
        let Some(&c) = rest.first() else { break };
        if c == b'!' || c == b'?' {
            b.text(&src[text_start..i]);
            let end = if rest.starts_with(b"!--") {
                find(&bytes[i + 4..], b"-->").map_or(bytes.len(), |j| i + 4 + j + 3)
            } else {
                memchr(&bytes[i..], b'>').map_or(bytes.len(), |j| i + j + 1)
            };
            i = end;
            text_start = i;
            continue;
        }
        let closing = c == b'/';
        let name_start = i + 1 + closing as usize;
        if !bytes
            .get(name_start)
            .is_some_and(|c| c.is_ascii_alphabetic())
        {
            // Not a tag: a literal '<' in text.
            i += 1;
            continue;
        }
        b.text(&src[text_start..i]);
        let mut j = name_start;
        while j < bytes.len()
            && !matches!(
                bytes[j],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
            )
        {
            j += 1;
        }
        let name = lower(&src[name_start..j]);
        let (attrs, self_closing, end) = parse_attrs(src, j);
        i = end;
        text_start = i;
        if closing {
            b.end(&name);
            continue;
        }
        let raw_text = is_raw_text(&name) && !self_closing;
        let keep = name.clone();
        b.start(name, attrs, self_closing);
        let name = keep;
        if raw_text {
            // Content up to the matching end tag is text, not markup.
            let close = find_end_tag(&bytes[i..], name.as_bytes()).map_or(bytes.len(), |j| i + j);
            let raw = &src[i..close];
            if !raw.is_empty() {
                let t = if matches!(name.as_ref(), "title" | "textarea") {
                    decode_entities(raw)
                } else {
                    Cow::Borrowed(raw)
                };
                b.raw_text(t);
            }
            b.end(&name);
            i = memchr(&bytes[close..], b'>').map_or(bytes.len(), |j| close + j + 1);
            text_start = i;
        }
    }
    b.text(&src[text_start.min(src.len())..]);
}

/// Parses attributes from `src[i..]` up to the closing '>'. Returns them, whether the tag
/// was self-closing, and the index after '>'.
fn parse_attrs(src: &str, mut i: usize) -> (Vec<Attr<'_>>, bool, usize) {
    let bytes = src.as_bytes();
    let mut attrs: Vec<Attr<'_>> = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, self_closing, bytes.len());
        }
        match bytes[i] {
            b'>' => return (attrs, self_closing, i + 1),
            b'/' => {
                self_closing = bytes.get(i + 1) == Some(&b'>');
                i += 1;
                continue;
            }
            _ => {}
        }
        let ns = i;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
            )
        {
            i += 1;
        }
        let name = lower(&src[ns..i]);
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = Cow::Borrowed("");
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let vs = i + 1;
                    let ve = memchr(&bytes[vs..], q).map_or(bytes.len(), |j| vs + j);
                    value = decode_entities(&src[vs..ve]);
                    i = (ve + 1).min(bytes.len());
                }
                _ => {
                    let vs = i;
                    while i < bytes.len()
                        && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    {
                        i += 1;
                    }
                    value = decode_entities(&src[vs..i]);
                }
            }
        }
        if !name.is_empty() && attrs.len() < 64 && !attrs.iter().any(|(n, _)| *n == name) {
            attrs.push((name, value));
        }
    }
}

#[inline]
fn memchr(h: &[u8], n: u8) -> Option<usize> {
    h.iter().position(|&b| b == n)
}

#[inline]
fn memchr_lt(h: &[u8]) -> Option<usize> {
    memchr(h, b'<')
}

fn find(h: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || h.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= h.len() {
        match memchr(&h[i..h.len() - needle.len() + 1], first) {
            None => return None,
            Some(j) => {
                i += j;
                if &h[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// Position of `</name` (ASCII case-insensitive) in `h`.
fn find_end_tag(h: &[u8], name: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(j) = memchr(&h[i..], b'<') {
        let k = i + j;
        if h.get(k + 1) == Some(&b'/')
            && h.len() >= k + 2 + name.len()
            && h[k + 2..k + 2 + name.len()].eq_ignore_ascii_case(name)
            && h.get(k + 2 + name.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return Some(k);
        }
        i = k + 1;
    }
    None
}

static ENTITIES: std::sync::LazyLock<FxHashMap<&'static str, &'static str>> =
    std::sync::LazyLock::new(|| {
        [
            ("amp", "&"),
            ("lt", "<"),
            ("gt", ">"),
            ("quot", "\""),
            ("apos", "'"),
            ("nbsp", "\u{a0}"),
            ("shy", "\u{ad}"),
            ("mdash", "—"),
            ("ndash", "–"),
            ("hellip", "…"),
            ("laquo", "«"),
            ("raquo", "»"),
            ("lsquo", "‘"),
            ("rsquo", "’"),
            ("ldquo", "“"),
            ("rdquo", "”"),
            ("sbquo", "‚"),
            ("bdquo", "„"),
            ("copy", "©"),
            ("reg", "®"),
            ("trade", "™"),
            ("deg", "°"),
            ("middot", "·"),
            ("bull", "•"),
            ("times", "×"),
            ("euro", "€"),
            ("pound", "£"),
            ("yen", "¥"),
            ("cent", "¢"),
            ("sect", "§"),
            ("para", "¶"),
            ("thinsp", "\u{2009}"),
            ("ensp", "\u{2002}"),
            ("emsp", "\u{2003}"),
            ("zwnj", "\u{200c}"),
            ("zwj", "\u{200d}"),
            ("lrm", "\u{200e}"),
            ("rlm", "\u{200f}"),
            ("agrave", "à"),
            ("aacute", "á"),
            ("acirc", "â"),
            ("atilde", "ã"),
            ("auml", "ä"),
            ("aring", "å"),
            ("aelig", "æ"),
            ("ccedil", "ç"),
            ("egrave", "è"),
            ("eacute", "é"),
            ("ecirc", "ê"),
            ("euml", "ë"),
            ("igrave", "ì"),
            ("iacute", "í"),
            ("icirc", "î"),
            ("iuml", "ï"),
            ("ntilde", "ñ"),
            ("ograve", "ò"),
            ("oacute", "ó"),
            ("ocirc", "ô"),
            ("otilde", "õ"),
            ("ouml", "ö"),
            ("oslash", "ø"),
            ("ugrave", "ù"),
            ("uacute", "ú"),
            ("ucirc", "û"),
            ("uuml", "ü"),
            ("yacute", "ý"),
            ("yuml", "ÿ"),
            ("szlig", "ß"),
            ("Agrave", "À"),
            ("Aacute", "Á"),
            ("Acirc", "Â"),
            ("Auml", "Ä"),
            ("Ccedil", "Ç"),
            ("Egrave", "È"),
            ("Eacute", "É"),
            ("Ecirc", "Ê"),
            ("Iacute", "Í"),
            ("Ntilde", "Ñ"),
            ("Oacute", "Ó"),
            ("Ouml", "Ö"),
            ("Uacute", "Ú"),
            ("Uuml", "Ü"),
            ("oelig", "œ"),
            ("OElig", "Œ"),
            ("iexcl", "¡"),
            ("iquest", "¿"),
            ("ordf", "ª"),
            ("ordm", "º"),
        ]
        .into_iter()
        .collect()
    });

/// `s` with character references decoded, borrowed when it has none.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if s.contains('&') {
        let mut out = String::with_capacity(s.len());
        decode_entities_into(s, &mut out);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// Decodes character references in `s` and appends the result to `out`.
pub fn decode_entities_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let b = rest.as_bytes();
        let limit = b.len().min(32);
        let end = b[..limit].iter().position(|&c| c == b';');
        let decoded = if let Some(num) = rest.strip_prefix('#') {
            let (radix, digits) = match num.as_bytes().first() {
                Some(b'x' | b'X') => (16, &num[1..]),
                _ => (10, num),
            };
            let len = digits
                .bytes()
                .take_while(|c| c.is_ascii_hexdigit() && (radix == 16 || c.is_ascii_digit()))
                .count();
            if len > 0 && len <= 8 {
                let v = u32::from_str_radix(&digits[..len], radix).unwrap_or(0xFFFD);
                let c = char::from_u32(windows_1252_c1(v)).unwrap_or('\u{FFFD}');
                let c = if c == '\0' { '\u{FFFD}' } else { c };
                out.push(c);
                let consumed = (num.len() - digits.len()) + len + 1;
                let consumed = if rest[consumed..].starts_with(';') {
                    consumed + 1
                } else {
                    consumed
                };
                rest = &rest[consumed..];
                true
            } else {
                false
            }
        } else if let Some(e) = end.and_then(|e| ENTITIES.get(&rest[..e]).map(|v| (e, v))) {
            out.push_str(e.1);
            rest = &rest[e.0 + 1..];
            true
        } else {
            false
        };
        if !decoded {
            out.push('&');
        }
    }
    out.push_str(rest);
}

/// Numeric references in 0x80..0x9F mean windows-1252 characters, as browsers read them.
fn windows_1252_c1(v: u32) -> u32 {
    const MAP: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    if (0x80..0xA0).contains(&v) {
        MAP[(v - 0x80) as usize]
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(dom: &Dom, id: NodeId, out: &mut String) {
        match &dom.node(id).data {
            NodeData::Element(e) => {
                out.push('<');
                out.push_str(&e.name);
                out.push('>');
                for c in dom.children(id) {
                    outline(dom, c, out);
                }
                out.push_str("</>");
            }
            NodeData::Text(t) => out.push_str(t.trim()),
            NodeData::Document => {
                for c in dom.children(id) {
                    outline(dom, c, out);
                }
            }
        }
    }

    fn check(html: &str, want: &str) {
        let dom = Dom::parse(html);
        let mut s = String::new();
        outline(&dom, 0, &mut s);
        assert_eq!(s, want, "{html}");
    }

    #[test]
    fn implied_end_tags() {
        check("<p>a<p>b<div>c</div>", "<p>a</><p>b</><div>c</>");
        check("<ul><li>a<li>b</ul>", "<ul><li>a</><li>b</></>");
        check(
            "<table><tr><td>a<td>b<tr><td>c</table>",
            "<table><tr><td>a</><td>b</></><tr><td>c</></></>",
        );
    }

    #[test]
    fn void_and_raw_text() {
        check("<p>a<br>b<img src=x>c</p>", "<p>a<br></>b<img></>c</>");
        check(
            "<script>if (a<b) {}</script><p>x",
            "<script>if (a<b) {}</><p>x</>",
        );
        check("<title>A &amp; B</title>", "<title>A & B</>");
    }

    #[test]
    fn end_tag_closes_what_was_opened_inside() {
        check("<div><span><b>x</div>y", "<div><span><b>x</></></>y");
        check("</p>stray</span>", "stray");
    }

    #[test]
    fn attributes_and_entities() {
        let dom = Dom::parse(
            r#"<a HREF="/x?a=1&amp;b=2" class='c d' data-x=y disabled>t&eacute;&#1575;&#x644;&nbsp;!</a>"#,
        );
        let a = dom.elements_named("a").next().unwrap();
        let e = dom.element(a).unwrap();
        assert_eq!(e.attr("href"), Some("/x?a=1&b=2"));
        assert_eq!(e.attr("class"), Some("c d"));
        assert_eq!(e.attr("data-x"), Some("y"));
        assert_eq!(e.attr("disabled"), Some(""));
        assert_eq!(dom.text(a), "téال !");
    }

    #[test]
    fn comments_and_doctype_are_skipped() {
        check("<!DOCTYPE html><!-- <p>no</p> --><p>yes", "<p>yes</>");
    }

    #[test]
    fn deep_nesting_is_flattened_without_recursion() {
        let html = "<div>".repeat(100_000) + "x";
        let dom = Dom::parse(&html);
        assert!(dom.nodes.len() > 100_000);
        let mut depth = 0;
        let mut id = dom.nodes.len() as NodeId - 1;
        while let Some(p) = dom.parent(id) {
            depth += 1;
            id = p;
        }
        assert!(depth <= MAX_DEPTH + 1);
        assert_eq!(dom.text(0), "x");
    }
}
