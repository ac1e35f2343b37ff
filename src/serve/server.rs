//! The preview's HTTP/1.1 server on `std::net`: one thread per connection up to a cap, with
//! limits that keep a hostile or stuck client from holding anything for long. A request head
//! must arrive whole within `head_timeout` (a slow-loris client gets `408`) and fit in
//! `head_bytes` (`431`); a body is refused past `body_bytes` (`413`); a client that stops
//! reading is dropped after `write_timeout`; past `connections` open connections a new one is
//! answered `503` at once. Answers come from a handler that sees a parsed request.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How much a connection may take, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Request line and headers, in bytes.
    pub head_bytes: usize,
    /// A request body (GET and HEAD need none; it is read and dropped).
    pub body_bytes: usize,
    /// From a request's first byte to the end of its head.
    pub head_timeout: Duration,
    /// An open connection waiting for its next request.
    pub idle_timeout: Duration,
    /// One write to a client that does not read.
    pub write_timeout: Duration,
    /// Open connections, event streams included.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            head_bytes: 16 * 1024,
            body_bytes: 64 * 1024,
            head_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(10),
            connections: 512,
        }
    }
}

/// A request as the handler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The target as sent (`/tin-tuc/?trang=2`).
    pub target: String,
}

/// What the handler answers.
pub enum Reply {
    /// A whole response; for `HEAD` the body is left out and its length sent.
    Full {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// A Server-Sent Events stream: `first`, then each message of `rx`, with a comment every
    /// `ping` so that a closed tab is noticed. It ends when the client goes or `rx` closes.
    Events {
        first: String,
        rx: Receiver<String>,
        ping: Duration,
    },
}

/// Answers a request.
pub type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// Accepts connections on `listener` on a thread of its own, each answered by `handler`.
pub fn spawn(listener: TcpListener, limits: Limits, handler: Handler) {
    let open = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else {
                // Out of file descriptors, say: accepting again at once would spin a core.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            };
            if open.fetch_add(1, Ordering::SeqCst) >= limits.connections {
                open.fetch_sub(1, Ordering::SeqCst);
                refuse_busy(stream);
                continue;
            }
            // Counted out when dropped: when the connection ends, a failed spawn or a panic.
            let slot = Slot(Arc::clone(&open));
            let handler = Arc::clone(&handler);
            let _ = std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let _slot = slot;
                    connection(stream, &limits, handler.as_ref());
                });
        }
    });
}

/// One open connection of the count; counted out when dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `503` to a connection over the cap, without waiting on it.
fn refuse_busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let body = "Máy chủ xem thử đang bận: quá nhiều kết nối. Thử lại sau giây lát.";
    let _ = write_head(&mut stream, 503, &text_headers(), body.len(), false);
    let _ = stream.write_all(body.as_bytes());
}

fn text_headers() -> Vec<(&'static str, String)> {
    vec![("Content-Type", "text/plain; charset=utf-8".into())]
}

/// Why reading a request head stopped.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The client closed, or stayed silent between requests.
    Gone,
    /// Too slow: `408`.
    Timeout,
    /// Too large: `431`.
    TooLarge,
    /// Not HTTP: `400`.
    Malformed,
}

/// A parsed head: the request, and what the connection must do with the rest.
struct Head {
    request: Request,
    keep_alive: bool,
    content_length: usize,
    chunked: bool,
}

/// Serves one connection's requests in turn until it closes or breaks a limit.
fn connection(
    mut stream: TcpStream,
    limits: &Limits,
    handler: &(dyn Fn(&Request) -> Reply + Send + Sync),
) {
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    loop {
        let head = match read_head(&mut stream, &mut buf, limits) {
            Ok(head) => head,
            Err(HeadError::Gone) => return,
            Err(HeadError::Timeout) => return refuse(&mut stream, 408, "Yêu cầu đến quá chậm."),
            Err(HeadError::TooLarge) => {
                return refuse(
                    &mut stream,
                    431,
                    "Phần đầu của yêu cầu quá lớn (tối đa 16 KiB).",
                )
            }
            Err(HeadError::Malformed) => {
                return refuse(&mut stream, 400, "Yêu cầu HTTP không hợp lệ.")
            }
        };
        if head.chunked || head.content_length > limits.body_bytes {
            return refuse(
                &mut stream,
                413,
                "Yêu cầu có phần thân quá lớn; máy chủ xem thử chỉ nhận GET và HEAD.",
            );
        }
        if discard_body(&mut stream, &mut buf, head.content_length, limits).is_err() {
            return;
        }
        let is_head = head.request.method == "HEAD";
        match handler(&head.request) {
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let written =
                    write_head(&mut stream, status, &headers, body.len(), head.keep_alive)
                        .and_then(|()| match is_head {
                            true => Ok(()),
                            false => stream.write_all(&body),
                        })
                        .and_then(|()| stream.flush());
                if written.is_err() || !head.keep_alive {
                    return;
                }
            }
            Reply::Events { first, rx, ping } => {
                return stream_events(&mut stream, &first, &rx, ping)
            }
        }
    }
}

/// Answers `status` with a short text and closes the connection.
fn refuse(stream: &mut TcpStream, status: u16, text: &str) {
    let _ = write_head(stream, status, &text_headers(), text.len(), false);
    let _ = stream.write_all(text.as_bytes());
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
    // What the client still sends is read and dropped for a moment: closing with it unread
    // would reset the connection, and the client might never see the answer.
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let (mut chunk, mut read) = ([0u8; 4096], 0);
    while read < 1 << 20 {
        match stream.read(&mut chunk) {
            Ok(n) if n > 0 => read += n,
            _ => break,
        }
    }
}

/// Reads until a whole head is in `buf` (bytes after it stay there: a pipelined request).
fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    limits: &Limits,
) -> Result<Head, HeadError> {
    // Waiting for a next request is idle time; once its first byte is here, the head has
    // `head_timeout` to arrive whole.
    let mut deadline = None;
    let idle_until = Instant::now() + limits.idle_timeout;
    let mut searched = 0;
    loop {
        if let Some(end) = find_head_end(&buf[searched..]).map(|e| e + searched) {
            if end > limits.head_bytes {
                return Err(HeadError::TooLarge);
            }
            let head = parse_head(&buf[..end]);
            buf.drain(..end + 4);
            return head;
        }
        // The end, when it comes, starts at most three bytes before the new ones.
        searched = buf.len().saturating_sub(3);
        if buf.len() > limits.head_bytes {
            return Err(HeadError::TooLarge);
        }
        if deadline.is_none() && !buf.is_empty() {
            deadline = Some(Instant::now() + limits.head_timeout);
        }
        let until = deadline.unwrap_or(idle_until);
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(match deadline {
                Some(_) => HeadError::Timeout,
                None => HeadError::Gone,
            });
        }
        let _ = stream.set_read_timeout(Some(left));
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(HeadError::Gone),
        }
    }
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n")
}

/// The request line and the headers the connection needs.
fn parse_head(raw: &[u8]) -> Result<Head, HeadError> {
    let text = std::str::from_utf8(raw).map_err(|_| HeadError::Malformed)?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    let http_1_1 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(HeadError::Malformed),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(HeadError::Malformed);
    }
    // No space or control character in the target: it is copied into `Location`.
    if !target
        .bytes()
        .all(|b| (0x21..0x7f).contains(&b) || b >= 0x80)
    {
        return Err(HeadError::Malformed);
    }
    let (mut keep_alive, mut content_length, mut chunked) = (http_1_1, 0usize, false);
    let mut seen_length = None;
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
        let bad_name = name.is_empty() || name.bytes().any(|b| b <= b' ' || b == 0x7f);
        if bad_name || value.bytes().any(|b| b < b' ' && b != b'\t') {
            return Err(HeadError::Malformed);
        }
        let value = value.trim();
        if name.eq_ignore_ascii_case("connection") {
            let v = value.to_ascii_lowercase();
            if v.contains("close") {
                keep_alive = false;
            } else if v.contains("keep-alive") {
                keep_alive = true;
            }
        } else if name.eq_ignore_ascii_case("content-length") {
            let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
            let len: usize = match digits {
                true => value.parse().unwrap_or(usize::MAX),
                false => return Err(HeadError::Malformed),
            };
            // Two lengths that disagree: which one the body has cannot be told.
            if seen_length.replace(len).is_some_and(|l| l != len) {
                return Err(HeadError::Malformed);
            }
            content_length = len;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = true;
        }
    }
    Ok(Head {
        request: Request {
            method: method.to_string(),
            target: target.to_string(),
        },
        keep_alive,
        content_length,
        chunked,
    })
}

/// Reads and drops `len` bytes of body, some of them perhaps already in `buf`.
fn discard_body(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    len: usize,
    limits: &Limits,
) -> io::Result<()> {
    let had = len.min(buf.len());
    buf.drain(..had);
    let mut left = len - had;
    // One deadline for the whole body: a byte every few seconds would otherwise hold the
    // connection for days.
    let deadline = Instant::now() + limits.head_timeout;
    let mut chunk = [0u8; 4096];
    while left > 0 {
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        let _ = stream.set_read_timeout(Some(wait));
        let n = stream.read(&mut chunk[..left.min(4096)])?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        left -= n;
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The status line and headers, with `Content-Length` and `Connection`.
fn write_head(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&'static str, String)],
    len: usize,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    head.push_str(&format!(
        "Content-Length: {len}\r\nConnection: {connection}\r\n\r\n"
    ));
    stream.write_all(head.as_bytes())
}

/// Writes an event stream until the client goes (a write fails or times out) or `rx` closes.
fn stream_events(stream: &mut TcpStream, first: &str, rx: &Receiver<String>, ping: Duration) {
    let start = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if stream
        .write_all(start.as_bytes())
        .and_then(|()| stream.write_all(first.as_bytes()))
        .and_then(|()| stream.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(ping) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if stream
            .write_all(msg.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_parsed_and_bad_ones_refused() {
        let h = parse_head(b"GET /a?b HTTP/1.1\r\nHost: x\r\nContent-Length: 3").unwrap();
        assert_eq!(
            (h.request.target.as_str(), h.keep_alive, h.content_length),
            ("/a?b", true, 3)
        );
        assert!(
            parse_head(b"HEAD / HTTP/1.0\r\nConnection: keep-alive")
                .unwrap()
                .keep_alive
        );
        assert!(!parse_head(b"HEAD / HTTP/1.0").unwrap().keep_alive);
        assert!(
            !parse_head(b"GET / HTTP/1.1\r\nConnection: close")
                .unwrap()
                .keep_alive
        );
        for bad in [
            &b"GET /"[..],
            b"get / HTTP/1.1",
            b"GET / HTTP/2",
            b"GET / HTTP/1.1\r\nno colon",
            b"GET / HTTP/1.1\r\nContent-Length: x",
            b"\xff / HTTP/1.1",
            b"GET / HTTP/1.1\r\nContent-Length: +5",
            b"GET / HTTP/1.1\r\nContent-Length : 5",
            b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2",
            b"GET /a\rb HTTP/1.1",
        ] {
            assert_eq!(parse_head(bad).err(), Some(HeadError::Malformed), "{bad:?}");
        }
    }
}
