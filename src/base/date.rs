//! Dates in the site's offset, parsed from the forms editors type.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use std::fmt;

/// A day as people read it in Vietnam: `14/04/2023`.
pub const VI_DAY: &str = "%d/%m/%Y";
/// A day as machines read it: `2023-04-14`.
pub const ISO_DAY: &str = "%Y-%m-%d";
/// A month as reports key it: `2023-04`.
pub const MONTH: &str = "%Y-%m";
/// A moment as `loa new` writes it into front matter: `2023-04-14 08:30`.
pub const FRONT_MATTER: &str = "%Y-%m-%d %H:%M";

/// `14/04/2023`.
pub fn vi_day(d: NaiveDate) -> String {
    day_in(d, VI_DAY)
}

/// `d` written in `pattern`, one of the day patterns above. By hand for four-digit years:
/// chrono's formatter interprets its pattern on every call, and templates and the sitemap ask
/// this of every page.
fn day_in(d: NaiveDate, pattern: &str) -> String {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.format(pattern).to_string();
    }
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (n, width) = match chars.next() {
            Some('Y') => (year as u32, 4),
            Some('m') => (d.month(), 2),
            Some('d') => (d.day(), 2),
            _ => return d.format(pattern).to_string(),
        };
        for k in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
        }
    }
    out
}

/// `2023-04`, the key of a month.
pub fn month_key(d: NaiveDate) -> String {
    day_in(d, MONTH)
}

/// A point in time expressed in the site's offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(DateTime<FixedOffset>);

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

const WEEKDAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
];

impl Date {
    /// Parses `2023-04-14`, `2023-04-14 08:30`, RFC 3339, `14/4/2023` and `14/04/2023 08:30`;
    /// times without an offset are in `offset`, and the result is shown in `offset`.
    pub fn parse(text: &str, offset: FixedOffset) -> Result<Date, DateError> {
        let d = Date::parse_any(text, offset)?;
        // Feeds and the sitemap cannot write a year outside these four digits (RFC 2822).
        match d.0.year() {
            1..=9999 => Ok(d),
            y => Err(DateError(format!(
                "năm {y} của `{}` nằm ngoài khoảng 1–9999",
                text.trim()
            ))),
        }
    }

    /// [`Date::parse`] without the check of the year.
    fn parse_any(text: &str, offset: FixedOffset) -> Result<Date, DateError> {
        let t = text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            return Ok(Date(dt.with_timezone(&offset)));
        }
        if let Ok(dt) = DateTime::parse_from_str(t, concat!("%Y-%m-%d", " %H:%M:%S%:z")) {
            return Ok(Date(dt.with_timezone(&offset)));
        }
        let (day_part, time_part) = match t.split_once([' ', 'T']) {
            Some((d, tm)) => (d.trim(), Some(tm.trim())),
            None => (t, None),
        };
        let day = parse_day(day_part)?;
        let time = match time_part {
            None => NaiveTime::MIN,
            Some(tm) => NaiveTime::parse_from_str(tm, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(tm, "%H:%M"))
                .map_err(|_| DateError(format!("giờ `{tm}` không hợp lệ (dạng HH:MM)")))?,
        };
        Date::from_naive(NaiveDateTime::new(day, time), offset)
    }

    /// The moment `naive` in `offset`.
    pub fn from_naive(naive: NaiveDateTime, offset: FixedOffset) -> Result<Date, DateError> {
        offset
            .from_local_datetime(&naive)
            .single()
            .map(Date)
            .ok_or_else(|| DateError("thời điểm không tồn tại".into()))
    }

    /// 1970-01-01 00:00 UTC shown in `offset`: the date of a feed with nothing dated.
    pub fn epoch(offset: FixedOffset) -> Date {
        Date(DateTime::UNIX_EPOCH.with_timezone(&offset))
    }

    /// `now` in `offset`.
    pub fn from_datetime(dt: DateTime<FixedOffset>, offset: FixedOffset) -> Date {
        Date(dt.with_timezone(&offset))
    }

    /// The underlying time.
    pub fn datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }

    /// The calendar day in the site's offset.
    pub fn day(&self) -> NaiveDate {
        self.0.date_naive()
    }

    /// `14/04/2023`.
    pub fn vi_short(&self) -> String {
        vi_day(self.day())
    }

    /// `Thứ Sáu, 14/04/2023`.
    pub fn vi_long(&self) -> String {
        let wd = WEEKDAYS[self.0.weekday().num_days_from_monday() as usize];
        format!("{wd}, {}", self.vi_short())
    }

    /// `2023-04-14T08:30:00+07:00`.
    pub fn rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }

    /// `Fri, 14 Apr 2023 08:30:00 +0700`, as RSS wants it.
    pub fn rfc2822(&self) -> String {
        self.0.to_rfc2822()
    }

    /// `2023-04-14`.
    pub fn iso_day(&self) -> String {
        day_in(self.0.date_naive(), ISO_DAY)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

fn parse_day(s: &str) -> Result<NaiveDate, DateError> {
    let bad = || {
        DateError(format!(
            "ngày `{s}` không hợp lệ; viết dạng 2023-04-14, 14/4/2023 hoặc 14/04/2023 08:30"
        ))
    };
    let (y, m, d) = if s.contains('/') {
        let parts: Vec<&str> = s.split('/').collect();
        if parts.len() != 3 {
            return Err(bad());
        }
        (parts[2], parts[1], parts[0])
    } else {
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() != 3 {
            return Err(bad());
        }
        (parts[0], parts[1], parts[2])
    };
    let num = |p: &str, max_len: usize| -> Result<u32, DateError> {
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    if y.len() != 4 {
        return Err(bad());
    }
    let (y, m, d) = (num(y, 4)? as i32, num(m, 2)?, num(d, 2)?);
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| DateError(format!("ngày `{s}` không có trong lịch")))
}

/// Parses a site offset such as `+07:00`.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn years_feeds_cannot_write_are_refused() {
        let ict = FixedOffset::east_opt(7 * 3600).unwrap();
        // Found by the `dates` fuzz target: the RSS date of it panicked.
        let e = Date::parse("-61012-12-3 2:\t\u{b}2:59+02:00", ict).unwrap_err();
        assert!(e.0.contains("nằm ngoài khoảng 1–9999"), "{}", e.0);
        assert!(Date::parse("20233-04-14", ict).is_err());
        assert!(Date::parse("9999-12-31", ict).is_ok());
    }

    use super::*;
    use chrono::Datelike;

    fn ict() -> FixedOffset {
        parse_offset("+07:00").unwrap()
    }

    #[test]
    fn all_forms_agree() {
        let forms = [
            "2023-04-14",
            "14/4/2023",
            "14/04/2023",
            "2023-04-14T00:00:00+07:00",
            "2023-04-13T17:00:00Z",
        ];
        for f in forms {
            let d = Date::parse(f, ict()).unwrap();
            assert_eq!(d.rfc3339(), "2023-04-14T00:00:00+07:00", "{f}");
        }
        let d = Date::parse("14/04/2023 08:30", ict()).unwrap();
        assert_eq!(d.rfc3339(), "2023-04-14T08:30:00+07:00");
        assert_eq!(d.vi_long(), "Thứ Sáu, 14/04/2023");
        assert_eq!(d.vi_short(), "14/04/2023");
    }

    #[test]
    fn days_are_written_as_chrono_writes_them() {
        // 17:00 UTC is the next day at +07:00.
        let d = Date::parse("2023-04-13T17:00:00Z", ict()).unwrap();
        assert_eq!(d.iso_day(), "2023-04-14");
        let mut day = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        while day.year() < 10_000 {
            let at = day.and_hms_opt(12, 0, 0).unwrap().and_local_timezone(ict());
            let d = Date(at.unwrap());
            assert_eq!(d.iso_day(), d.0.format(ISO_DAY).to_string());
            assert_eq!(d.vi_short(), d.0.format(VI_DAY).to_string());
            assert_eq!(month_key(day), day.format(MONTH).to_string());
            day = day + chrono::Days::new(397);
        }
    }

    #[test]
    fn bad_dates_are_rejected() {
        for f in [
            "2023-13-01",
            "31/2/2023",
            "hôm qua",
            "2023/04/14",
            "14/4/23",
            "",
        ] {
            assert!(Date::parse(f, ict()).is_err(), "{f}");
        }
    }
}
