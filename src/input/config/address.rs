//! The site's address (`base_url`, `--base-url`) and the full URLs made from it.

/// Checks a base URL (from `site.yaml` or `--base-url`): an absolute `http(s)` URL with a
/// host, maybe with a path. Returns it without its trailing `/`, or why it is not one.
pub fn parse_base_url(value: &str) -> Result<String, String> {
    let v = value.trim();
    let bad = || {
        format!("`{v}` không phải địa chỉ web đầy đủ: cần bắt đầu bằng `https://` hoặc `http://` và có tên máy chủ")
    };
    if v.contains(char::is_whitespace) {
        return Err(format!(
            "`{v}` có dấu cách: địa chỉ web không chứa dấu cách"
        ));
    }
    let url = url::Url::parse(v).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(bad());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "`{v}` có tên đăng nhập hoặc mật khẩu: địa chỉ công khai của trang không chứa chúng"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`{v}` có phần `?` hoặc `#`: địa chỉ gốc của trang chỉ gồm tên máy chủ và thư mục"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// The hint given with a bad base URL.
pub const BASE_URL_HINT: &str = "ví dụ `https://chuyendoiso.laichau.gov.vn` hoặc, khi đặt trang trong một thư mục, `https://laichau.gov.vn/chuyendoiso/`";

/// `path` made absolute under `base_url` (no trailing slash); URLs with a scheme pass unchanged.
pub fn absolute_url(base_url: &str, path: &str) -> String {
    if path.contains("://") {
        path.to_string()
    } else {
        format!("{base_url}{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::SiteConfig;
    use super::*;
    use std::path::Path;

    #[test]
    fn base_urls_must_be_absolute_web_addresses() {
        assert_eq!(
            parse_base_url("https://laichau.gov.vn/chuyendoiso/").unwrap(),
            "https://laichau.gov.vn/chuyendoiso"
        );
        assert_eq!(
            parse_base_url(" http://127.0.0.1:8000 ").unwrap(),
            "http://127.0.0.1:8000"
        );
        for bad in [
            "https://x y/",
            "https://user:pw@x.vn/",
            "localhost:8000",
            "/chuyendoiso",
            "ftp://x.vn",
            "https://",
            "https://x.vn/?a=1",
            "x.vn",
        ] {
            let e = parse_base_url(bad).unwrap_err();
            assert!(e.contains('`'), "{bad}: {e}");
        }
        let e = SiteConfig::parse(
            "title: T\nbase_url: \"localhost:8000\"\n",
            Path::new("site.yaml"),
        )
        .unwrap_err();
        assert_eq!((e[0].pos.line, e[0].pos.column), (2, 12), "{e:?}");
        assert!(
            e[0].message.contains("không phải địa chỉ web đầy đủ"),
            "{}",
            e[0].message
        );
    }
}
