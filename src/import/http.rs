//! Fetching one feed over HTTP: a time limit, a size limit, gzip, a few redirects, and the
//! validators of the last answer sent back so an unchanged feed costs one short reply.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The most a feed may weigh, after decompression.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 5;
/// Feeds fetched at once.
pub const PARALLEL: usize = 4;

/// What the last answer said to ask with next time (`ETag`, `Last-Modified`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// A feed's answer.
#[derive(Debug)]
pub enum Fetched {
    /// Unchanged since the validators were given.
    NotModified,
    /// The body (decompressed), its declared type, and the validators to keep.
    Body {
        bytes: Vec<u8>,
        content_type: Option<String>,
        validators: Validators,
    },
}

/// Why a feed could not be fetched, as an editor is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    HostNotFound,
    Refused,
    Timeout(Duration),
    Status(u16),
    TooLarge,
    Redirects,
    Other(String),
}

impl FetchError {
    /// The cause in Vietnamese.
    pub fn vi(&self) -> String {
        match self {
            FetchError::HostNotFound => {
                "không tìm thấy máy chủ (tên miền sai hoặc mạng không phân giải được)".into()
            }
            FetchError::Refused => "máy chủ từ chối kết nối".into(),
            FetchError::Timeout(d) => format!("máy chủ không trả lời trong {} giây", d.as_secs()),
            FetchError::Status(404) => "máy chủ trả lời 404: không có trang này".into(),
            FetchError::Status(c @ 500..=599) => format!("máy chủ gặp lỗi (mã HTTP {c})"),
            FetchError::Status(c) => format!("máy chủ trả lời mã HTTP {c}"),
            FetchError::TooLarge => format!("tệp lớn hơn {} MB", MAX_BYTES / 1024 / 1024),
            FetchError::Redirects => {
                format!("chuyển hướng quá {MAX_REDIRECTS} lần (có thể là vòng lặp)")
            }
            FetchError::Other(e) => format!("lỗi kết nối: {e}"),
        }
    }

    /// What an editor can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            FetchError::HostNotFound => {
                "kiểm tra tên miền trong units.yaml (gõ thử vào trình duyệt) và mạng của máy này"
            }
            FetchError::Refused => {
                "máy chủ không nhận kết nối ở địa chỉ và cổng này: kiểm tra địa chỉ trong units.yaml, hoặc chạy lại khi máy chủ hoạt động"
            }
            FetchError::Timeout(_) => {
                "máy chủ chậm hoặc mạng yếu: chạy lại sau, hoặc cho thêm thời gian bằng --timeout, ví dụ --timeout 60"
            }
            FetchError::Status(404) | FetchError::Redirects => {
                "mở trang web của đơn vị, tìm biểu tượng RSS và chép lại địa chỉ nguồn tin vào units.yaml"
            }
            FetchError::TooLarge => "đây có lẽ không phải nguồn tin; kiểm tra lại địa chỉ",
            _ => "chạy lại sau; nếu vẫn lỗi, báo cho người quản trị trang web của đơn vị",
        }
    }
}

/// Whether an I/O error's text says a name could not be resolved (the system's resolver
/// gives no error kind for it).
fn is_lookup_failure(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "lookup address",
        "name or service not known",
        "no such host",
        "nodename nor servname",
        "temporary failure in name resolution",
        "dns",
    ]
    .iter()
    .any(|p| t.contains(p))
}

/// An HTTP client with the limits of `loa import`.
pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Client {
    /// A client that names loa and the site (`user_agent`) and gives each feed `timeout`.
    pub fn new(user_agent: &str, timeout: Duration) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(MAX_REDIRECTS)
            .timeout_global(Some(timeout))
            .user_agent(user_agent)
            .accept("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
            .build()
            .new_agent();
        Client { agent, timeout }
    }

    /// Fetches `url`, asking with `known` when it is given.
    pub fn fetch(&self, url: &str, known: Option<&Validators>) -> Result<Fetched, FetchError> {
        let mut req = self.agent.get(url);
        if let Some(v) = known {
            if let Some(e) = &v.etag {
                req = req.header("If-None-Match", e);
            }
            if let Some(m) = &v.last_modified {
                req = req.header("If-Modified-Since", m);
            }
        }
        let mut resp = req.call().map_err(|e| self.error(e))?;
        let status = resp.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if (300..400).contains(&status) {
            return Err(FetchError::Redirects);
        }
        if status >= 400 {
            return Err(FetchError::Status(status));
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type");
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_vec()
            .map_err(|e| self.error(e))?;
        Ok(Fetched::Body {
            bytes,
            content_type,
            validators,
        })
    }

    fn error(&self, e: ureq::Error) -> FetchError {
        use std::io::ErrorKind as K;
        match e {
            ureq::Error::HostNotFound => FetchError::HostNotFound,
            ureq::Error::Timeout(_) => FetchError::Timeout(self.timeout),
            ureq::Error::TooManyRedirects => FetchError::Redirects,
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge,
            ureq::Error::StatusCode(c) => FetchError::Status(c),
            ureq::Error::Io(io) => match io.kind() {
                K::ConnectionRefused => FetchError::Refused,
                K::TimedOut | K::WouldBlock => FetchError::Timeout(self.timeout),
                // The resolver's failures come as plain I/O errors, in English.
                _ if is_lookup_failure(&io.to_string()) => FetchError::HostNotFound,
                K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof => {
                    FetchError::Other("máy chủ ngắt kết nối giữa chừng".into())
                }
                K::NetworkUnreachable | K::HostUnreachable => {
                    FetchError::Other("không tới được máy chủ (mạng không thông)".into())
                }
                _ => FetchError::Other("lỗi mạng không rõ nguyên nhân".into()),
            },
            ureq::Error::ConnectionFailed => {
                FetchError::Other("không kết nối được tới máy chủ".into())
            }
            ureq::Error::BadUri(_) => FetchError::Other("địa chỉ không hợp lệ".into()),
            ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => {
                FetchError::Other("máy chủ trả lời sai giao thức HTTP".into())
            }
            ureq::Error::Decompress(..) => FetchError::Other("nội dung nén (gzip) bị hỏng".into()),
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => FetchError::Other(
                "lỗi kết nối bảo mật (chứng chỉ HTTPS của máy chủ không hợp lệ hoặc đã hết hạn)"
                    .into(),
            ),
            // Kept in Vietnamese: the library's own text is English.
            _ => FetchError::Other("lỗi mạng không rõ nguyên nhân".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_does_not_resolve_is_told_in_vietnamese() {
        // The texts glibc's and macOS's resolvers give, through std.
        for t in [
            "failed to lookup address information: Name or service not known",
            "failed to lookup address information: nodename nor servname provided, or not known",
            "failed to lookup address information: Temporary failure in name resolution",
        ] {
            assert!(is_lookup_failure(t), "{t}");
        }
        assert!(!is_lookup_failure("Connection reset by peer"));
        assert!(FetchError::HostNotFound
            .vi()
            .starts_with("không tìm thấy máy chủ"));
        for e in [
            FetchError::HostNotFound,
            FetchError::Refused,
            FetchError::Timeout(Duration::from_secs(3)),
            FetchError::Status(404),
            FetchError::Status(503),
            FetchError::TooLarge,
            FetchError::Redirects,
        ] {
            assert!(!e.vi().is_ascii() && !e.hint().is_ascii(), "{e:?}");
        }
    }
}
