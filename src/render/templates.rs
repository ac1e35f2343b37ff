//! The minijinja environment: templates parsed once, Vietnamese date filters.

use crate::base::date::Date;
use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::input::theme::Theme;
use chrono::FixedOffset;
use minijinja::{Environment, Error, ErrorKind};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Parsed templates plus where each came from, for messages.
pub struct Templates {
    pub env: Environment<'static>,
    displays: BTreeMap<String, PathBuf>,
    /// A hash of every template's name and text: a changed template changes every page.
    pub fingerprint: u64,
    /// The largest output of each template so far: a page's buffer starts that big instead of
    /// growing (and copying) a dozen times.
    sizes: std::sync::Mutex<BTreeMap<String, usize>>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The environment holds closures; the template names say enough.
        f.debug_struct("Templates")
            .field("templates", &self.displays.keys().collect::<Vec<_>>())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Templates {
    /// Parses every template of `theme`; `base_url` backs the `abs_url` filter.
    pub fn new(
        theme: &Theme,
        offset: FixedOffset,
        base_url: &str,
    ) -> Result<Templates, Diagnostics> {
        let fingerprint = crate::base::hash::hash_of(
            theme
                .templates
                .iter()
                .map(|(name, src)| (name, &src.text))
                .collect::<Vec<_>>(),
        );
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        // The default HTML escaper also escapes `/`, which bloats every URL for no safety gain.
        env.set_formatter(|out, state, value| {
            if matches!(state.auto_escape(), minijinja::AutoEscape::Html) && !value.is_safe() {
                if let Some(s) = value.as_str() {
                    // The XML escaper suits HTML text and quoted attributes too.
                    return crate::base::xml::escape_to(out, s)
                        .map_err(|_| Error::new(ErrorKind::WriteFailure, "không ghi được"));
                }
            }
            minijinja::escape_formatter(out, state, value)
        });
        let parse = move |v: &str| {
            Date::parse(v, offset).map_err(|e| Error::new(ErrorKind::InvalidOperation, e.0))
        };
        env.add_filter("date_vi", move |v: &str| parse(v).map(|d| d.vi_short()));
        env.add_filter("date_long_vi", move |v: &str| parse(v).map(|d| d.vi_long()));
        env.add_filter("date_iso", move |v: &str| parse(v).map(|d| d.iso_day()));
        let base = base_url.to_string();
        env.add_filter("abs_url", move |v: &str| {
            crate::input::config::absolute_url(&base, v)
        });
        env.add_filter("vi_number", |v: f64| crate::base::vi::number(v, 2));
        env.add_function("faq_entities", faq_entities);
        env.add_filter("truncate", truncate);
        env.add_filter("tel", tel);
        // What `cached` keeps depends on the templates and on what the filters above use.
        let settings = (fingerprint, offset.local_minus_utc(), base_url);
        env.add_filter(
            "cached",
            super::cached::filter(crate::base::hash::hash_of(settings)),
        );
        let mut diags = Diagnostics::new();
        let mut displays = BTreeMap::new();
        for (name, src) in &theme.templates {
            displays.insert(name.clone(), src.display.clone());
            if let Err(e) = env.add_template_owned(name.clone(), src.text.clone()) {
                diags.push(
                    Diagnostic::error(
                        &src.display,
                        Pos::new(e.line().unwrap_or(1), 1),
                        format!("lỗi mẫu trang: {}", kind_vi(e.kind())),
                    )
                    .with_detail(detail(&e)),
                );
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Templates {
            env,
            displays,
            fingerprint,
            sizes: Default::default(),
        })
    }

    /// Renders `name` with `ctx` into UTF-8 bytes; a failure names the template file and line.
    pub fn render(&self, name: &str, ctx: minijinja::Value) -> Result<Vec<u8>, Diagnostic> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| self.error(name, &e))?;
        let hint = self
            .sizes
            .lock()
            .map_or(0, |s| s.get(name).copied().unwrap_or(0));
        let mut out = Vec::with_capacity(hint.max(4096));
        // Deprecated for its `State`, unused here; it is the one way to choose the buffer.
        #[allow(deprecated)]
        tmpl.render_to_write(ctx, &mut out)
            .map_err(|e| self.error(name, &e))?;
        if out.len() > hint {
            if let Ok(mut s) = self.sizes.lock() {
                s.insert(name.to_string(), out.len());
            }
        } else if out.capacity() - out.len() > out.len() / 4 {
            // `serve` keeps every page in memory: no quarter of it left empty.
            out.shrink_to_fit();
        }
        Ok(out)
    }

    fn error(&self, name: &str, e: &Error) -> Diagnostic {
        let at = e.name().unwrap_or(name);
        let display = self
            .displays
            .get(at)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("templates").join(at));
        let d = Diagnostic::error(
            display,
            Pos::new(e.line().unwrap_or(1), 1),
            format!(
                "lỗi mẫu trang `{at}`: {}",
                kind_vi(e.kind()) + &missing_name(e)
            ),
        )
        .with_detail(detail(e));
        if e.kind() == ErrorKind::TemplateNotFound {
            d.with_hint(format!(
                "tạo `templates/{at}` hoặc sửa tên mẫu trong `template:`"
            ))
        } else {
            d
        }
    }
}

/// Shortens text to at most `max` characters at a word boundary, adding `…`.
/// The first number of a phone field as a `tel:` link wants it: `0213 3876 543; 0913…` ->
/// `02133876543`.
fn tel(text: &str) -> String {
    let first = text.split([';', ',', '/']).next().unwrap_or("").trim();
    let plus = if first.starts_with('+') { "+" } else { "" };
    let digits: String = first.chars().filter(char::is_ascii_digit).collect();
    format!("{plus}{digits}")
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// schema.org `Question` entries for the FAQ page's JSON-LD.
fn faq_entities(pages: Vec<minijinja::Value>) -> minijinja::Value {
    let attr = |p: &minijinja::Value, k: &str| {
        p.get_attr(k)
            .ok()
            .filter(|v| !v.is_undefined())
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let list: Vec<serde_json::Value> = pages
        .iter()
        .map(|p| {
            serde_json::json!({
                "@type": "Question",
                "name": attr(p, "title"),
                "acceptedAnswer": { "@type": "Answer", "text": html_to_text(&attr(p, "content")) },
            })
        })
        .collect();
    minijinja::Value::from_serialize(list)
}

/// Plain text of an HTML fragment: tags dropped, common entities decoded, spaces folded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The error's own words plus its causes, on one line.
/// ` `tên.html`` for a template not found: its name, from the library's words (`template
/// "tên.html" does not exist`); empty otherwise.
fn missing_name(e: &Error) -> String {
    let name = (e.kind() == ErrorKind::TemplateNotFound)
        .then(|| e.detail()?.split('"').nth(1))
        .flatten();
    name.map(|n| format!(" `{n}`")).unwrap_or_default()
}

/// The library's own words about `e` (English), for `--verbose`.
fn detail(e: &Error) -> String {
    let mut s = e.detail().unwrap_or_default().to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        s.push_str(&format!("; {inner}"));
        source = inner.source();
    }
    s
}

fn kind_vi(k: ErrorKind) -> String {
    let vi = match k {
        ErrorKind::SyntaxError => "sai cú pháp",
        ErrorKind::TemplateNotFound => "không tìm thấy mẫu",
        ErrorKind::UndefinedError => "biến chưa được định nghĩa",
        ErrorKind::UnknownFilter => "bộ lọc không tồn tại",
        ErrorKind::UnknownFunction => "hàm không tồn tại",
        ErrorKind::UnknownTest => "phép thử không tồn tại",
        ErrorKind::InvalidOperation => "thao tác không hợp lệ",
        ErrorKind::MissingArgument | ErrorKind::TooManyArguments => "sai số tham số",
        _ => "lỗi khi dựng trang",
    };
    vi.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn phone_links_take_the_first_number() {
        assert_eq!(super::tel("0213 3876.543; 0913 222 333"), "02133876543");
        assert_eq!(super::tel("+84 213 387 6543"), "+842133876543");
    }
}
