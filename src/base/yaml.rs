//! The only module that knows the YAML library: parse text into `Node`s or typed values,
//! and find where keys stand so problems can name a line and column.

use crate::base::diagnostic::{did_you_mean, Diagnostic, Pos};
use serde::de::DeserializeOwned;

/// A YAML value, independent of the parser behind it.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

/// A YAML problem with its position in the parsed text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
    /// The parser's own (English) words, for `--verbose`.
    pub detail: Option<String>,
}

impl YamlError {
    /// The problem as an error of the file `path`.
    pub fn at(self, path: &std::path::Path) -> Diagnostic {
        let d = Diagnostic::error(path, self.pos, self.message).with_opt_hint(self.hint);
        match self.detail {
            Some(detail) => d.with_detail(detail),
            None => d,
        }
    }
}

impl Node {
    /// A short Vietnamese name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Node::Null => "rỗng",
            Node::Bool(_) => "đúng/sai",
            Node::Int(_) | Node::Float(_) => "số",
            Node::String(_) => "chuỗi",
            Node::List(_) => "danh sách",
            Node::Map(_) => "bảng khóa",
        }
    }

    /// The value under `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as plain text when it is a scalar (numbers and booleans as written).
    pub fn as_scalar_text(&self) -> Option<String> {
        match self {
            Node::String(s) => Some(s.clone()),
            Node::Int(i) => Some(i.to_string()),
            Node::Float(f) => Some(f.to_string()),
            Node::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Converts to JSON, for template data under `extra:`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Node::Null => J::Null,
            Node::Bool(b) => J::Bool(*b),
            Node::Int(i) => J::from(*i),
            Node::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Node::String(s) => J::String(s.clone()),
            Node::List(l) => J::Array(l.iter().map(Node::to_json).collect()),
            Node::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }
}

/// `node` back as the parser's value, to be read into a typed value.
fn unconvert(node: &Node) -> serde_yaml::Value {
    use serde_yaml::Value as V;
    match node {
        Node::Null => V::Null,
        Node::Bool(b) => V::Bool(*b),
        Node::Int(i) => V::Number((*i).into()),
        Node::Float(f) => V::Number((*f).into()),
        Node::String(s) => V::String(s.clone()),
        Node::List(l) => V::Sequence(l.iter().map(unconvert).collect()),
        Node::Map(m) => V::Mapping(
            m.iter()
                .map(|(k, v)| (V::String(k.clone()), unconvert(v)))
                .collect(),
        ),
    }
}

/// Reads `node` into a typed value (after keys were taken out of it, say); the problems have
/// no position, as a node has none.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, YamlError> {
    serde_yaml::from_value(unconvert(node)).map_err(|e| {
        let raw = e.to_string();
        let (message, hint) = translate(&raw);
        YamlError {
            pos: Pos::start(),
            message,
            hint,
            detail: Some(raw),
        }
    })
}

impl Node {
    /// Takes the keys of a mapping that `keep` refuses out of it.
    pub fn retain_keys(&mut self, keep: impl Fn(&str) -> bool) {
        if let Node::Map(m) = self {
            m.retain(|(k, _)| keep(k));
        }
    }

    /// The value of `key` in a mapping, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Map(m) => m.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn convert(v: serde_yaml::Value) -> Node {
    use serde_yaml::Value as V;
    match v {
        V::Null => Node::Null,
        V::Bool(b) => Node::Bool(b),
        V::Number(n) => match n.as_i64() {
            Some(i) => Node::Int(i),
            None => Node::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        // An escape like "\x01" is legal YAML, but no page or feed may carry the character.
        V::String(mut s) => {
            s.retain(|c| !crate::base::xml::is_forbidden(c));
            Node::String(s)
        }
        V::Sequence(s) => Node::List(s.into_iter().map(convert).collect()),
        V::Mapping(m) => Node::Map(
            m.into_iter()
                .map(|(k, v)| (key_text(&k), convert(v)))
                .collect(),
        ),
        V::Tagged(t) => convert(t.value),
    }
}

fn key_text(k: &serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Parses `text` into a `Node`.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    serde_yaml::from_str::<serde_yaml::Value>(text)
        .map(convert)
        .map_err(|e| error_of(&e, text))
}

/// Parses `text` straight into a typed value.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| error_of(&e, text))
}

/// Moves an error to where the mistake was written, for the two the parser places badly:
/// a key written twice (it names the map's first line) and a quote left open (it complains,
/// lines later, about indentation).
fn placed(mut err: YamlError, raw: &str, text: &str) -> YamlError {
    if let Some(key) = raw
        .split("duplicate entry with key \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
    {
        if let Some(pos) = Locator::new(text).keys_anywhere(key).get(1) {
            err.pos = *pos;
        }
        err.message = format!("khóa `{key}` được viết hai lần");
        err.hint = Some(format!("giữ một dòng `{key}:` và xóa dòng còn lại"));
        return err;
    }
    if raw.contains("did not find expected") || raw.contains("found unexpected end of stream") {
        if let Some((pos, quote)) = open_quote(text, err.pos.line.max(1)) {
            err.pos = pos;
            if quote == '"' {
                err.message = "YAML không hợp lệ: dấu nháy kép `\"` mở ở đây chưa được đóng".into();
                err.hint = Some(
                    "thêm `\"` ở cuối giá trị, hoặc viết `\\\"` nếu giá trị có dấu nháy kép".into(),
                );
            } else {
                err.message = "YAML không hợp lệ: dấu nháy đơn `'` mở ở đây chưa được đóng".into();
                err.hint = Some(
                    "thêm `'` ở cuối giá trị, hoặc viết `''` nếu giá trị có dấu nháy đơn".into(),
                );
            }
        }
    }
    err
}

/// The first quote, up to line `last`, that opens a value and is not closed on its line:
/// an odd number of `"` (not `\"`), or a value that starts with `'` whose `'` (not `''`)
/// are odd. An apostrophe inside a plain value opens nothing.
fn open_quote(text: &str, last: usize) -> Option<(Pos, char)> {
    text.lines().take(last).enumerate().find_map(|(i, line)| {
        if line.trim_start().starts_with('#') {
            return None;
        }
        let column = |c: usize| Pos::new(i + 1, line[..c].chars().count() + 1);
        if line.replace("\\\"", "").matches('"').count() % 2 == 1 {
            return line.find('"').map(|c| (column(c), '"'));
        }
        let value_start = [": ", "- ", "[", ", "]
            .iter()
            .filter_map(|sep| line.find(sep).map(|c| c + sep.len()))
            .map(|c| c + line[c..].len() - line[c..].trim_start().len())
            .find(|&c| line[c..].starts_with('\''))?;
        let quotes = line[value_start..].replace("''", "").matches('\'').count();
        (quotes % 2 == 1).then(|| (column(value_start), '\''))
    })
}

fn error_of(e: &serde_yaml::Error, text: &str) -> YamlError {
    let pos = e
        .location()
        .map(|l| Pos::new(l.line(), l.column()))
        .unwrap_or_else(Pos::start);
    let raw = e.to_string();
    // serde_yaml appends "at line X column Y"; we print the position ourselves.
    let raw = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let (message, hint) = translate(&raw);
    let err = YamlError {
        pos,
        message,
        hint,
        detail: Some(raw.clone()),
    };
    placed(err, &raw, text)
}

/// Turns the parser's English message into Vietnamese, keeping the original for reference.
fn translate(raw: &str) -> (String, Option<String>) {
    // Inside lists serde_yaml prefixes the path (`.[1]: unknown field ...`); the position says it.
    let raw = ["unknown field `", "missing field `", "duplicate field `"]
        .iter()
        .find_map(|m| raw.find(m).map(|i| &raw[i..]))
        .unwrap_or(raw);
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        return unknown_key(name, &expected);
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return (format!("thiếu trường bắt buộc `{name}`"), None);
    }
    if let Some(rest) = raw.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or("");
        return (format!("khóa `{name}` bị lặp lại"), None);
    }
    if let Some(rest) = raw.split("invalid type: ").nth(1) {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            format!(
                "kiểu giá trị không đúng: cần {}, không phải {}",
                type_vi(expected),
                type_vi(found)
            ),
            Some("kiểm tra giá trị: chuỗi, số, danh sách hay đúng/sai".into()),
        );
    }
    let hint = if raw.contains("mapping values are not allowed") {
        Some("chuỗi có dấu hai chấm `:` phải đặt trong ngoặc kép".into())
    } else if raw.contains("did not find expected") || raw.contains("could not find expected") {
        Some("kiểm tra thụt lề, dấu ngoặc và dấu nháy chưa đóng".into())
    } else if raw.contains("tab") {
        Some("thụt lề bằng dấu cách, không dùng phím Tab".into())
    } else {
        None
    };
    // The parser's own words go to `--verbose` only.
    match scanner_message(raw) {
        Some(vi) => (format!("YAML không hợp lệ: {vi}"), hint),
        None => (
            "YAML không hợp lệ ở chỗ này".to_string(),
            hint.or_else(|| {
                Some("kiểm tra dòng này và dòng trên nó: dấu ngoặc, dấu nháy, thụt lề; chạy lại với `--verbose` để xem nguyên văn của trình đọc YAML".into())
            }),
        ),
    }
}

/// The Vietnamese name of a kind of value in serde's words (`a sequence`, `string "x"`).
fn type_vi(en: &str) -> &'static str {
    const KINDS: &[(&str, &str)] = &[
        ("sequence", "một danh sách"),
        ("map", "một bảng `khóa: giá trị`"),
        ("string", "một chuỗi"),
        ("char", "một chuỗi"),
        ("integer", "một số nguyên"),
        ("floating point", "một số"),
        ("boolean", "`true` hoặc `false`"),
        ("unit", "một giá trị rỗng"),
        ("null", "một giá trị rỗng"),
        ("option", "một giá trị rỗng"),
    ];
    KINDS
        .iter()
        .find(|(k, _)| en.contains(k))
        .map_or("giá trị khác", |(_, v)| *v)
}

/// The Vietnamese for the YAML scanner's commonest complaints.
fn scanner_message(raw: &str) -> Option<&'static str> {
    const KNOWN: &[(&str, &str)] = &[
        (
            "did not find expected ',' or ']'",
            "danh sách mở bằng `[` chưa đóng bằng `]`",
        ),
        (
            "did not find expected ',' or '}'",
            "bảng mở bằng `{` chưa đóng bằng `}`",
        ),
        (
            "did not find expected key",
            "thụt lề không khớp với các dòng bên trên",
        ),
        (
            "did not find expected '-' indicator",
            "thụt lề của danh sách không khớp",
        ),
        (
            "mapping values are not allowed",
            "dấu hai chấm `:` đứng ở chỗ không được phép",
        ),
        (
            "found unexpected end of stream",
            "tệp kết thúc khi một chuỗi trong dấu nháy chưa được đóng",
        ),
        (
            "found unknown escape character",
            "chuỗi trong ngoặc kép có `\\` theo sau là ký tự lạ",
        ),
        (
            "found character that cannot start any token",
            "có ký tự không được đứng đầu một giá trị",
        ),
        ("found a tab character", "dùng phím Tab để thụt lề"),
        (
            "found undefined alias",
            "dùng bí danh `*` chưa được định nghĩa",
        ),
        (
            "unknown anchor",
            "dùng bí danh `*` chưa được định nghĩa bằng `&`",
        ),
        (
            "did not find expected alphabetic or numeric character",
            "sau `&` hoặc `*` phải là tên bí danh",
        ),
        (
            "recursion limit exceeded",
            "lồng danh sách, bảng quá nhiều tầng (tối đa 128)",
        ),
        (
            "repetition limit exceeded",
            "bí danh `*` được nhân lên quá nhiều lần",
        ),
        (
            "more than one document",
            "có nhiều tài liệu YAML (ngăn bởi `---`) trong một tệp",
        ),
        (
            "could not find expected ':'",
            "thiếu dấu hai chấm `:` sau khóa",
        ),
        (
            "block sequence entries are not allowed",
            "dấu `-` của danh sách đứng ở chỗ không được phép",
        ),
        (
            "did not find expected node content",
            "thiếu giá trị ở chỗ này",
        ),
        (
            "did not find expected <document start>",
            "có nội dung thừa sau phần YAML",
        ),
        (
            "found unexpected document indicator",
            "dòng `---` hoặc `...` nằm giữa một chuỗi",
        ),
        (
            "control characters are not allowed",
            "có ký tự điều khiển (không in được) trong tệp",
        ),
        (
            "invalid leading UTF-8 octet",
            "tệp có byte không phải UTF-8",
        ),
        (
            "found undefined tag handle",
            "thẻ kiểu `!` không được hỗ trợ",
        ),
        ("did not find URI escaped octet", "thẻ kiểu `!` viết sai"),
        (
            "found invalid Unicode character escape code",
            "mã `\\u` trong ngoặc kép không phải ký tự Unicode",
        ),
        (
            "did not find expected hexdecimal number",
            "sau `\\x`, `\\u` phải là số thập lục phân",
        ),
        (
            "did not find expected comment or line break",
            "có ký tự thừa sau giá trị",
        ),
        (
            "found an indentation indicator equal to 0",
            "chỉ số thụt lề của khối `|` hoặc `>` không được là 0",
        ),
        (
            "invalid value: ",
            "giá trị không đúng với kiểu thẻ `!!` đã ghi",
        ),
    ];
    KNOWN
        .iter()
        .find(|(en, _)| raw.contains(en))
        .map(|(_, vi)| *vi)
}

/// The message and hint for a key that is not one of `expected`.
fn unknown_key(name: &str, expected: &[&str]) -> (String, Option<String>) {
    let hint = did_you_mean(name, expected.iter().copied()).or_else(|| {
        (!expected.is_empty()).then(|| format!("các khóa hợp lệ: {}", expected.join(", ")))
    });
    (format!("khóa `{name}` không được hỗ trợ"), hint)
}

/// Collects every key that a mapping does not allow, with its position; where the same
/// unknown key appears several times, each occurrence is matched in document order.
pub struct KeyCheck<'a> {
    loc: Locator<'a>,
    seen: std::collections::HashMap<String, usize>,
    pub errors: Vec<YamlError>,
}

impl<'a> KeyCheck<'a> {
    /// A check over the YAML `text`.
    pub fn new(text: &'a str) -> Self {
        KeyCheck {
            loc: Locator::new(text),
            seen: Default::default(),
            errors: Vec::new(),
        }
    }

    /// Records the keys of `node` (when it is a mapping) that are not in `allowed`.
    pub fn check(&mut self, node: &Node, allowed: &[&str]) {
        let Node::Map(entries) = node else { return };
        for (key, _) in entries
            .iter()
            .filter(|(k, _)| !allowed.contains(&k.as_str()))
        {
            let n = self.seen.entry(key.clone()).or_default();
            // Block-style keys start a line; flow-style ones (`{ limt: 3 }`) are found as text.
            let pos = (self.loc.keys_anywhere(key).get(*n).copied())
                .or_else(|| self.loc.text(&format!("{key}:")))
                .unwrap_or_else(Pos::start);
            *n += 1;
            let (message, hint) = unknown_key(key, allowed);
            self.errors.push(YamlError {
                pos,
                message,
                hint,
                detail: None,
            });
        }
    }
}

/// Finds where keys and values stand in YAML text, line by line.
pub struct Locator<'a> {
    text: &'a str,
}

impl<'a> Locator<'a> {
    /// A locator over `text`.
    pub fn new(text: &'a str) -> Self {
        Locator { text }
    }

    /// The position of the top-level `key:` (at the start of a line).
    pub fn key(&self, key: &str) -> Option<Pos> {
        self.key_line(key).map(|(i, _)| Pos::new(i + 1, 1))
    }

    fn key_line(&self, key: &str) -> Option<(usize, &'a str)> {
        self.text.lines().enumerate().find(|(_, line)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }

    /// The position of `needle` inside the value of the top-level `key`
    /// (on its line or the indented lines after it); falls back to the key.
    pub fn value(&self, key: &str, needle: &str) -> Option<Pos> {
        let (start, first) = self.key_line(key)?;
        let after_colon = first.find(':').map_or(0, |i| i + 1);
        if let Some(i) = first[after_colon..].find(needle) {
            return Some(Pos::new(
                start + 1,
                first[..after_colon + i].chars().count() + 1,
            ));
        }
        for (i, line) in self.text.lines().enumerate().skip(start + 1) {
            if !line.starts_with([' ', '\t', '-']) && !line.trim().is_empty() {
                break;
            }
            if let Some(c) = line.find(needle) {
                return Some(Pos::new(i + 1, line[..c].chars().count() + 1));
            }
        }
        self.key(key)
    }

    /// The positions of the items of the list under the top-level `key`, in their order: each
    /// is looked for after the one before, so a list of thousands costs one pass. An item not
    /// found falls back to the key.
    pub fn values(&self, key: &str, needles: &[&str]) -> Vec<Pos> {
        let Some((start, _)) = self.key_line(key) else {
            return vec![Pos::start(); needles.len()];
        };
        let key_pos = Pos::new(start + 1, 1);
        let lines: Vec<&str> = self
            .text
            .lines()
            .skip(start)
            .enumerate()
            .take_while(|(i, l)| *i == 0 || l.starts_with([' ', '\t', '-']) || l.trim().is_empty())
            .map(|(_, l)| l)
            .collect();
        // (line, byte in line) where the next search starts: after the colon of the key.
        let mut at = (0, lines[0].find(':').map_or(0, |i| i + 1));
        needles
            .iter()
            .map(|needle| {
                let found = (at.0..lines.len()).find_map(|i| {
                    let from = if i == at.0 { at.1 } else { 0 };
                    lines[i][from..].find(needle).map(|c| (i, from + c))
                });
                match found {
                    Some((i, c)) => {
                        at = (i, c + needle.len());
                        Pos::new(start + i + 1, lines[i][..c].chars().count() + 1)
                    }
                    None => key_pos,
                }
            })
            .collect()
    }

    /// Every `key:` that starts a line (after indentation and list dashes), in document order.
    pub fn keys_anywhere(&self, key: &str) -> Vec<Pos> {
        let mut found = Vec::new();
        for (i, line) in self.text.lines().enumerate() {
            let body = line.trim_start_matches([' ', '\t', '-']);
            let is_key = body
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'));
            if is_key {
                found.push(Pos::new(
                    i + 1,
                    line[..line.len() - body.len()].chars().count() + 1,
                ));
            }
        }
        found
    }

    /// The first position of `needle` anywhere in the text.
    pub fn text(&self, needle: &str) -> Option<Pos> {
        self.text
            .find(needle)
            .map(|off| Pos::of_offset(self.text, off, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nodes_in_order() {
        let n = parse("b: 1\na: [x, y]\nc: true\n").unwrap();
        let Node::Map(m) = n else { panic!() };
        let keys: Vec<_> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(
            m[1].1,
            Node::List(vec![Node::String("x".into()), Node::String("y".into())])
        );
    }

    #[test]
    fn errors_carry_position_and_vietnamese() {
        let e = parse("title: a\nx: [1, 2\n").unwrap_err();
        assert!(
            e.message
                .starts_with("YAML không hợp lệ: danh sách mở bằng `[` chưa đóng"),
            "{}",
            e.message
        );
        let e = parse("title: \"chưa đóng\n").unwrap_err();
        assert!(
            e.message
                .starts_with("YAML không hợp lệ: dấu nháy kép `\"` mở ở đây chưa được đóng"),
            "{}",
            e.message
        );
        assert_eq!(e.pos, Pos::new(1, 8));
        // Lines later the parser blames indentation; the open quote is named at its line.
        let e = parse("a: 1\ntitle: \"Bộ chỉ số\ntags: [x]\nkind: bai\n").unwrap_err();
        assert_eq!(
            (e.pos, e.message.contains("dấu nháy kép")),
            (Pos::new(2, 8), true),
            "{e:?}"
        );
        assert!(!e.message.contains("did not"), "{e:?}");
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(
            (e.pos, e.message.as_str()),
            (Pos::new(3, 1), "khóa `a` được viết hai lần"),
            "{e:?}"
        );
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct T {
            name: String,
        }
        let e = from_str::<Vec<T>>("- name: [a, b]\n").unwrap_err();
        assert_eq!(
            e.message,
            "kiểu giá trị không đúng: cần một chuỗi, không phải một danh sách"
        );
        let e = parse("title: a\n  b: c\n").unwrap_err();
        assert!(e.message.contains("dấu hai chấm"), "{}", e.message);
        assert!(e.pos.line >= 2, "{:?}", e.pos);
    }

    #[test]
    fn locator_finds_keys_and_items() {
        let t = "title: x\ntopics:\n  - chuyen-doi-so\n  - an-toan\nunit: bao\n";
        let l = Locator::new(t);
        assert_eq!(l.key("unit"), Some(Pos::new(5, 1)));
        assert_eq!(l.value("topics", "an-toan"), Some(Pos::new(4, 5)));
        assert_eq!(l.value("unit", "bao"), Some(Pos::new(5, 7)));
        assert_eq!(l.key("missing"), None);
        assert_eq!(
            l.values("topics", &["chuyen-doi-so", "an-toan", "khong-co"]),
            [Pos::new(3, 5), Pos::new(4, 5), Pos::new(2, 1)]
        );
        let flow = Locator::new("tags: [a, a, b]\n");
        assert_eq!(
            flow.values("tags", &["a", "a", "b"]),
            [Pos::new(1, 8), Pos::new(1, 11), Pos::new(1, 14)]
        );
    }
}
