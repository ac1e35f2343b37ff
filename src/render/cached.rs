//! Pieces of HTML made once per page: the `cached` filter renders a small template (a list
//! entry) for a page and keeps the result on the page's value, so a page listed by its
//! section, unit, topics and tags is rendered once, and again only when the page changes
//! (a rebuild keeps the values of unchanged pages, and these with them).

use minijinja::value::{Enumerator, Kwargs, Object, ObjectRepr, Value};
use minijinja::{Error, State};
use std::sync::{Arc, Mutex};

/// A page as templates see it: its fields, and what `cached` made of it.
#[derive(Debug)]
pub(crate) struct PageValue {
    fields: Value,
    /// (hash of template, its settings and arguments; the HTML made).
    made: Mutex<Vec<(u64, Value)>>,
}

impl PageValue {
    /// The value of a page with the fields `fields` (a map).
    pub(crate) fn value(fields: Value) -> Value {
        Value::from_object(PageValue {
            fields,
            made: Mutex::new(Vec::new()),
        })
    }

    fn made(&self, key: u64) -> Option<Value> {
        let made = self.made.lock().ok()?;
        made.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    }

    fn keep(&self, key: u64, html: &Value) {
        if let Ok(mut made) = self.made.lock() {
            if !made.iter().any(|(k, _)| *k == key) {
                made.push((key, html.clone()));
            }
        }
    }
}

impl Object for PageValue {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.fields.get_item(key).ok().filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match self.fields.try_iter() {
            Ok(keys) => Enumerator::Iter(Box::new(keys.collect::<Vec<_>>().into_iter())),
            Err(_) => Enumerator::Empty,
        }
    }
}

/// `{{ p | cached("post_item.html", level=2) }}`: template `name` rendered with `p` and the
/// named arguments as its variables. For a page the result is kept on the page's value, so
/// the template must read nothing but them; `theme` identifies the templates and settings.
pub(crate) fn filter(
    theme: u64,
) -> impl Fn(&State, Value, &str, Kwargs) -> Result<Value, Error> + Send + Sync + 'static {
    move |state: &State, p: Value, name: &str, kwargs: Kwargs| {
        let mut vars: Vec<(String, Value)> = Vec::new();
        for k in kwargs.args() {
            vars.push((k.to_string(), kwargs.get::<Value>(k)?));
        }
        kwargs.assert_all_used()?;
        let page = p.downcast_object_ref::<PageValue>();
        let key = crate::base::hash::hash_of((theme, name, &vars));
        if let Some(html) = page.and_then(|pv| pv.made(key)) {
            return Ok(html);
        }
        let ctx: Value = vars
            .into_iter()
            .chain(std::iter::once(("p".to_string(), p.clone())))
            .collect::<std::collections::BTreeMap<String, Value>>()
            .into();
        let html = Value::from_safe_string(state.env().get_template(name)?.render(ctx)?);
        if let Some(pv) = page {
            pv.keep(key, &html);
        }
        Ok(html)
    }
}

#[cfg(test)]
mod tests {
    use super::PageValue;
    use crate::input::theme::{TemplateSource, Theme};
    use crate::render::templates::Templates;
    use minijinja::{context, Value};

    fn templates(list: &str, item: &str) -> Templates {
        let mut theme = Theme::default();
        for (name, text) in [("list.html", list), ("item.html", item)] {
            theme.templates.insert(
                name.into(),
                TemplateSource {
                    text: text.into(),
                    display: format!("templates/{name}").into(),
                },
            );
        }
        let offset = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
        Templates::new(&theme, offset, "https://x.vn/").unwrap()
    }

    fn page(title: &str) -> Value {
        PageValue::value(context! { title, url => "/a/" })
    }

    fn render(t: &Templates, items: Vec<Value>) -> String {
        let out = t.render("list.html", context! { items }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_page_is_made_once_and_kept_on_its_value() {
        let list = r#"{% for p in items %}{{ p | cached("item.html", level=2) }}|{% endfor %}"#;
        let t = templates(
            list,
            "<h{{ level }}>{{ p.title }} & {{ p.url }}</h{{ level }}>",
        );
        let p = page("Tin <mới>");
        assert_eq!(
            render(&t, vec![p.clone(), p.clone()]),
            "<h2>Tin &lt;mới&gt; & /a/</h2>|<h2>Tin &lt;mới&gt; & /a/</h2>|"
        );
        let kept = p.downcast_object_ref::<PageValue>().unwrap();
        assert_eq!(kept.made.lock().unwrap().len(), 1);
        // Other arguments make another entry; the same page value gives the kept one.
        let other = templates(
            r#"{% for p in items %}{{ p | cached("item.html", level=3) }}{% endfor %}"#,
            "<h{{ level }}>{{ p.title }}</h{{ level }}>",
        );
        assert_eq!(render(&other, vec![p.clone()]), "<h3>Tin &lt;mới&gt;</h3>");
        assert_eq!(kept.made.lock().unwrap().len(), 2);
        // A page's fields read the same through its value.
        assert_eq!(p.get_attr("title").unwrap().as_str(), Some("Tin <mới>"));
        assert!(p.get_attr("missing").unwrap().is_undefined());
        assert_eq!(p.try_iter().unwrap().count(), 2);
    }

    #[test]
    fn other_values_are_rendered_each_time() {
        let list = r#"{% for p in items %}{{ p | cached("item.html") }}{% endfor %}"#;
        let t = templates(list, "{{ p.title }};");
        let plain = context! { title => "a" };
        assert_eq!(render(&t, vec![plain.clone(), plain]), "a;a;");
    }

    #[test]
    fn a_missing_or_broken_item_template_names_its_file() {
        let t = templates(
            r#"{% for p in items %}{{ p | cached("khong-co.html") }}{% endfor %}"#,
            "",
        );
        let e = t.render("list.html", context! { items => vec![page("a")] });
        let e = e.unwrap_err();
        assert!(e.message.contains("khong-co.html"), "{}", e.message);
        let t = templates(
            r#"{% for p in items %}{{ p | cached("item.html") }}{% endfor %}"#,
            "{{ p.title | khong_co_bo_loc }}",
        );
        let e = t.render("list.html", context! { items => vec![page("a")] });
        let e = e.unwrap_err();
        assert!(e.message.contains("bộ lọc không tồn tại"), "{}", e.message);
        assert_eq!(e.path, std::path::PathBuf::from("templates/item.html"));
    }
}
