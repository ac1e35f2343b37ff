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
            FetchError::Other(e) => format!("lỗi kết nối ({e})"),
        }
    }

    /// What an editor can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            FetchError::HostNotFound | FetchError::Refused | FetchError::Timeout(_) => {
                "kiểm tra mạng và địa chỉ trong units.yaml, rồi chạy lại; có thể tăng --timeout"
            }
            FetchError::Status(404) | FetchError::Redirects => {
                "mở trang web của đơn vị, tìm biểu tượng RSS và chép lại địa chỉ nguồn tin vào units.yaml"
            }
            FetchError::TooLarge => "đây có lẽ không phải nguồn tin; kiểm tra lại địa chỉ",
            _ => "chạy lại sau; nếu vẫn lỗi, báo cho người quản trị trang web của đơn vị",
        }
    }
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
                _ => FetchError::Other(crate::base::diagnostic::io_error_vi(&io)),
            },
            other => FetchError::Other(other.to_string()),
        }
    }
}
