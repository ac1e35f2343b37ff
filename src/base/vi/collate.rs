//! Vietnamese alphabetical order from ICU4X's collator with CLDR's `vi` data: A Ă Â B C D Đ
//! E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y, tones breaking ties in dictionary order
//! (none, huyền, hỏi, ngã, sắc, nặng). Text is compared in its canonical tone placement, so
//! `Hòa` and `Hoà` sort together; the exact text breaks the last ties, so the order is total.

use super::tone::canonical;
use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use std::cmp::Ordering;
use std::sync::LazyLock;

static COLLATOR: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    let mut options = CollatorOptions::default();
    options.strength = Some(Strength::Tertiary);
    // The data is compiled in: this cannot fail for a locale it ships.
    Collator::try_new(locale!("vi").into(), options).expect("ICU4X ships Vietnamese collation")
});

/// Compares two texts in Vietnamese alphabetical order.
pub fn compare(a: &str, b: &str) -> Ordering {
    COLLATOR
        .compare(&canonical(a), &canonical(b))
        .then_with(|| a.cmp(b))
}

/// A key whose order is [`compare`]'s, for sorting many items (`sort_by_cached_key`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey(Vec<u8>, String);

/// The sort key of `text`.
pub fn sort_key(text: &str) -> SortKey {
    let mut bytes = Vec::new();
    let Ok(()) = COLLATOR.write_sort_key_to(&canonical(text), &mut bytes);
    SortKey(bytes, text.to_string())
}

#[cfg(test)]
mod tests {
    use super::{compare, sort_key};

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn letters_with_marks_follow_their_base_letter() {
        assert_eq!(
            sorted(&[
                "Âm vang bản làng",
                "Ăn ở văn minh",
                "An toàn thông tin mạng",
                "Bảo mật"
            ]),
            [
                "An toàn thông tin mạng",
                "Ăn ở văn minh",
                "Âm vang bản làng",
                "Bảo mật"
            ]
        );
        assert_eq!(
            sorted(&["Đà Lạt", "Dương", "Em"]),
            ["Dương", "Đà Lạt", "Em"]
        );
        assert_eq!(
            sorted(&["Ưu tiên", "Uy tín", "Vân"]),
            ["Uy tín", "Ưu tiên", "Vân"]
        );
        assert_eq!(sorted(&["Ơ", "Ô", "O", "P"]), ["O", "Ô", "Ơ", "P"]);
    }

    #[test]
    fn tones_break_ties_in_dictionary_order() {
        assert_eq!(
            sorted(&["bạ", "bá", "bã", "bả", "bà", "ba", "bác"]),
            ["ba", "bà", "bả", "bã", "bá", "bạ", "bác"]
        );
    }

    #[test]
    fn tone_placement_does_not_change_the_order() {
        // `Hòa` and `Hoà` are one word: they sort next to each other, before `Hoàng`.
        assert_eq!(
            sorted(&["Hoàng", "Hòa", "Hoa", "Hoà"]),
            ["Hoa", "Hoà", "Hòa", "Hoàng"]
        );
        // Still a total order: the exact text breaks the tie.
        assert_ne!(compare("Hòa", "Hoà"), std::cmp::Ordering::Equal);
        assert_eq!(compare("Hòa", "Hoà").reverse(), compare("Hoà", "Hòa"));
    }

    #[test]
    fn sort_keys_agree_with_compare() {
        let words = [
            "Âm", "an", "An", "Ăn", "Đà", "da", "hòa", "hoà", "Hoàng", "ư", "u",
        ];
        for a in words {
            for b in words {
                assert_eq!(sort_key(a).cmp(&sort_key(b)), compare(a, b), "{a} {b}");
            }
        }
    }
}
