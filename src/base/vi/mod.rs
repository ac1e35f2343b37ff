//! Vietnamese text: alphabetical order, one tone placement, search keys of words, and numbers
//! and dates written the Vietnamese way.

pub mod collate;
pub mod phrase;
pub mod syllable;
pub mod tone;

use crate::base::date::vi_day;
use chrono::NaiveDate;

/// Formats a number the Vietnamese way, without trailing zeros: `1234.5` -> `1.234,5`.
pub fn number(v: f64, decimals: usize) -> String {
    let s = fixed(v, decimals);
    match s.split_once(',') {
        Some((int, frac)) => match frac.trim_end_matches('0') {
            "" => int.to_string(),
            frac => format!("{int},{frac}"),
        },
        None => s,
    }
}

/// A number with exactly `decimals` decimals, Vietnamese style: `1234.5` -> `1.234,50`.
pub fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// A span with either end open: `từ 01/07/2025`, `đến 30/06/2025`, `từ … đến …`.
pub fn span(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<String> {
    match (from, to) {
        (None, None) => None,
        (Some(f), None) => Some(format!("từ {}", vi_day(f))),
        (None, Some(t)) => Some(format!("đến {}", vi_day(t))),
        (Some(f), Some(t)) => Some(format!("từ {} đến {}", vi_day(f), vi_day(t))),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn vietnamese_numbers() {
        assert_eq!(super::number(1.25, 2), "1,25");
        assert_eq!(super::number(1234567.0, 2), "1.234.567");
        assert_eq!(super::number(-0.5, 2), "-0,5");
        assert_eq!(super::fixed(0.5, 2), "0,50");
        assert_eq!(super::fixed(0.0, 2), "0,00");
        assert_eq!(super::fixed(1234.5, 2), "1.234,50");
        assert_eq!(super::fixed(7.0, 0), "7");
    }

    #[test]
    fn days_have_two_digit_day_and_month() {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        assert_eq!(super::vi_day(d), "01/07/2025");
    }
}
