//! The search fixture (`tests/fixtures/search/`) and what each query must find there,
//! worked out by hand from its pages; shared by the command-line and browser tests.

#![allow(dead_code)]

/// One query: as typed, its filters (`muc`, `don-vi`, `nam` as in the page's address), the
/// results in order (by slug), the words that found nothing, and whether no page had every
/// word.
pub struct Case {
    pub query: &'static str,
    pub filters: &'static [(&'static str, &'static str)],
    pub results: &'static [&'static str],
    pub missing: &'static [&'static str],
    pub partial: bool,
}

const fn case(query: &'static str, results: &'static [&'static str]) -> Case {
    Case {
        query,
        filters: &[],
        results,
        missing: &[],
        partial: false,
    }
}

/// The fixture's pages by slug: the three `duong` pages have "đường" (the oldest), "Dương"
/// and "đương"; two pages have "chuyển đổi số" as a phrase and one has the three words
/// apart; old tone placements ("Hoà", "khoẻ", "Thuý", "quí") are in the text; a draft and a
/// future post hold words of their own.
pub const CASES: &[Case] = &[
    // Marks optional: unmarked finds every spelling, newest first among equals.
    case(
        "duong",
        &["xa-duong-quy", "can-bo-duong-nhiem", "con-duong-len-ban"],
    ),
    // Exact marks first.
    case(
        "đường",
        &["con-duong-len-ban", "xa-duong-quy", "can-bo-duong-nhiem"],
    ),
    case(
        "đương",
        &["can-bo-duong-nhiem", "con-duong-len-ban", "xa-duong-quy"],
    ),
    case("da lat", &["tap-huan-da-lat"]),
    case("toi duoc di hoc", &["toi-duoc-di-hoc"]),
    // One tone placement: the text has the old one, the query the new, and the reverse.
    case("hòa bình", &["xa-hoa-binh"]),
    case("hoà bình", &["xa-hoa-binh"]),
    case("khỏe", &["suc-khoe-dien-tu"]),
    case("thúy", &["suc-khoe-dien-tu"]),
    // `quí` is `quý`; `Quỳ` has another tone, `quyền` only starts like it.
    case(
        "quý",
        &["ket-qua-qui-mot", "xa-duong-quy", "tap-huan-da-lat"],
    ),
    // The phrase first, then the three words apart; quoted, the phrase only.
    case(
        "chuyen doi so",
        &[
            "chuyen-doi-so-la-gi",
            "ke-hoach-chuyen-doi-so",
            "so-hoa-ho-so",
        ],
    ),
    case(
        "\"chuyển đổi số\"",
        &["chuyen-doi-so-la-gi", "ke-hoach-chuyen-doi-so"],
    ),
    // The last word is a prefix while typed.
    case(
        "chuyen d",
        &["ke-hoach-chuyen-doi-so", "chuyen-doi-so-la-gi"],
    ),
    case("cach cai vneid", &["cai-vneid"]),
    case("lua dao qua dien thoai", &["lua-dao-qua-dien-thoai"]),
    // A word found nowhere is named, and the others still answer.
    Case {
        query: "xyzzy vneid",
        results: &["cai-vneid", "suc-khoe-dien-tu"],
        missing: &["xyzzy"],
        ..case("", &[])
    },
    // No page has all three words: those with most of them, exact marks first.
    Case {
        query: "đà lạt vneid",
        results: &["tap-huan-da-lat", "suc-khoe-dien-tu"],
        partial: true,
        ..case("", &[])
    },
    // Filters.
    Case {
        query: "cán bộ",
        filters: &[("nam", "2023")],
        ..case("", &["tap-huan-da-lat"])
    },
    Case {
        query: "cán bộ",
        filters: &[("don-vi", "bao")],
        ..case("", &["can-bo-duong-nhiem", "tap-huan-da-lat"])
    },
    Case {
        query: "cai vneid",
        filters: &[("muc", "hoi-dap")],
        ..case("", &["cai-vneid"])
    },
    // Drafts and future posts are not published, so not found.
    Case {
        query: "kiwimat",
        missing: &["kiwimat"],
        ..case("", &[])
    },
    Case {
        query: "tuonglaixa",
        missing: &["tuonglaixa"],
        ..case("", &[])
    },
];

/// The slug of a result's address (`/tin-tuc/x/` → `x`), under any folder.
pub fn slug(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}
