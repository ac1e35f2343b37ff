//! `loa report` on `tests/fixtures/report`, whose figures were counted by hand:
//! - P1 2022-12-31 23:30 +07:00 (bao, tin, cds+attt, column, featured) is in 2022;
//! - P2 2022-12-31 20:00Z is 2023-01-01 03:00 in the site's offset, so it is in 2023;
//! - the district office `huyen` (until 2022-06-30) has its own column, “Văn hóa – Xã hội”
//!   (P3, and P3b spelled `văn hoá  – xã hội`: one column), and its station `tram-a` runs
//!   “Chuyển đổi số” (P4); `tram-b` has no column and is succeeded by `xa-moi`;
//! - the district office `huyen-hai` has no column and no post; its station `tram-c` runs one
//!   (P20), so the district answers for a column that is not its own;
//! - `to-cds` exists from 2022-04-01 to 2022-09-30 (183 days, 6 months), `xa-moi` from
//!   2022-07-01 (184 days, 6 months), the districts until 2022-06-30 (181 days, 6 months):
//!   their averages are over those days only;
//! - `so` ended in 2021 and its work went to `so-moi`, which has no post in 2022;
//! - `dai`'s seven posts (P13–P19) have columns whose Vietnamese order differs from the order
//!   of their unaccented spellings (A Ă Â, D Đ, U Ư) and five titles that differ only in tone,
//!   all at the same minute (highlight ties go in dictionary order: ba bà bả bá bạ); P15 is a
//!   `video`, a form that `report.kinds` does not list;
//! - P4 and P17 have no topic; P8 is a draft; P9 is in a section that is not reportable;
//!   P10 is in 2021; P12 is in a second reportable section, `phat-thanh`.

mod common;
use common::{loa, stderr, stdout};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

fn report(args: &[&str]) -> std::process::Output {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    loa(&site(), &all)
}

fn json_report(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let o = report(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// `per_month` over months `first..=last` of 2022 with the given months set.
fn months(first: u32, last: u32, set: &[(u32, u64)]) -> Value {
    let mut m = serde_json::Map::new();
    for i in first..=last {
        let n = set.iter().find(|(x, _)| *x == i).map_or(0, |(_, n)| *n);
        m.insert(format!("2022-{i:02}"), json!(n));
    }
    Value::Object(m)
}

fn url(path: &str) -> String {
    format!("https://baocao.vidu.vn/{path}/")
}

fn hl(title: &str, date: &str, path: &str, featured: bool) -> Value {
    json!({"title": title, "date": date, "url": url(path), "featured": featured, "imported": false})
}

fn kinds(tin: u64, bai: u64, anh: u64, video: u64) -> Value {
    json!({"tin": tin, "bai": bai, "anh": anh, "van-ban": 0, "video": video})
}

const DAI_COLUMNS: [&str; 7] = [
    "An toàn thông tin mạng",
    "Ăn ở văn minh",
    "Âm vang bản làng",
    "Dân vận khéo",
    "Đời sống số",
    "Uy tín báo chí",
    "Ưu tiên số",
];

#[test]
fn year_2022_matches_the_hand_count_field_by_field() {
    let got = json_report(&["--period", "2022"]);
    let none: [&str; 0] = [];
    let expected = json!({
        "period": {"from": "2022-01-01", "to": "2022-12-31"},
        "filters": {"unit": null, "topic": null, "kind": null, "tag": null, "section": null, "imported": true},
        "totals": {
            "count": 18, "imported_count": 0, "by_kind": kinds(12, 4, 1, 1), "by_topic": {"cds": 11, "attt": 6},
            "per_month": months(1, 12, &[(1, 1), (2, 2), (3, 1), (4, 1), (5, 1), (6, 2), (8, 1), (10, 1), (11, 7), (12, 1)])
        },
        "units": [
            {
                "id": "bao", "name": "Báo tỉnh", "parent": null,
                "active_from": "2022-01-01", "active_to": "2022-12-31",
                "count": 2, "own_count": 2, "imported_count": 0,
                "by_kind": kinds(2, 0, 0, 0), "by_topic": {"cds": 2, "attt": 1},
                "has_column": true, "columns": ["Chuyển đổi số"], "own_columns": ["Chuyển đổi số"],
                "columns_by_unit": {"bao": ["Chuyển đổi số"]},
                "per_month": months(1, 12, &[(2, 1), (12, 1)]),
                "avg_per_month": 0.17, "avg_per_week": 0.04,
                "highlights": [
                    hl("P1 cuối năm, hai chủ đề", "2022-12-31", "tin-tuc/p1", true),
                    hl("P11 tháng hai", "2022-02-02", "tin-tuc/p11", false),
                ]
            },
            {
                "id": "dai", "name": "Đài Phát thanh - Truyền hình", "parent": null,
                "active_from": "2022-01-01", "active_to": "2022-12-31",
                "count": 7, "own_count": 7, "imported_count": 0,
                "by_kind": kinds(5, 1, 0, 1), "by_topic": {"cds": 4, "attt": 2},
                "has_column": true, "columns": DAI_COLUMNS, "own_columns": DAI_COLUMNS,
                "columns_by_unit": {"dai": DAI_COLUMNS},
                "per_month": months(1, 12, &[(11, 7)]),
                // 7 / 12 months; 7 / (365 / 7) weeks.
                "avg_per_month": 0.58, "avg_per_week": 0.13,
                "highlights": [
                    hl("P18 Ư sau U", "2022-11-11", "tin-tuc/p18", false),
                    hl("P19 U trước Ư", "2022-11-11", "tin-tuc/p19", false),
                    hl("Ba thư số", "2022-11-10", "tin-tuc/p15", false),
                    hl("Bà thư số", "2022-11-10", "tin-tuc/p14", false),
                    hl("Bả thư số", "2022-11-10", "tin-tuc/p16", false),
                    hl("Bá thư số", "2022-11-10", "tin-tuc/p13", false),
                    hl("Bạ thư số", "2022-11-10", "tin-tuc/p17", false),
                ]
            },
            {
                "id": "huyen", "name": "Phòng Văn hóa và Thông tin huyện", "parent": null,
                "active_from": "2022-01-01", "active_to": "2022-06-30",
                "count": 5, "own_count": 2, "imported_count": 0,
                "by_kind": kinds(3, 1, 1, 0), "by_topic": {"cds": 3, "attt": 1},
                "has_column": true,
                "columns": ["Chuyển đổi số", "Văn hóa – Xã hội"],
                "own_columns": ["Văn hóa – Xã hội"],
                "columns_by_unit": {"huyen": ["Văn hóa – Xã hội"], "tram-a": ["Chuyển đổi số"]},
                "per_month": months(1, 6, &[(1, 1), (2, 1), (3, 1), (5, 1), (6, 1)]),
                // 5 / 6 months; 5 / (181 / 7) weeks.
                "avg_per_month": 0.83, "avg_per_week": 0.19,
                "highlights": [
                    hl("P5 ảnh tiêu biểu", "2022-05-20", "tin-tuc/p5", true),
                    hl("P6 về 17 điểm", "2022-06-10", "tin-tuc/p6", false),
                    hl("P4 không chủ đề", "2022-03-15", "tin-tuc/p4", false),
                    hl("P3b cùng chuyên mục, kiểu bỏ dấu khác", "2022-02-15", "tin-tuc/p3b", false),
                    hl("P3 ngày đầu năm", "2022-01-01", "tin-tuc/p3", false),
                ]
            },
            {
                "id": "tram-a", "name": "Đài truyền thanh xã A", "parent": "huyen",
                "active_from": "2022-01-01", "active_to": "2022-06-30",
                "count": 2, "own_count": 2, "imported_count": 0,
                "by_kind": kinds(2, 0, 0, 0), "by_topic": {"cds": 1, "attt": 0},
                "has_column": true, "columns": ["Chuyển đổi số"], "own_columns": ["Chuyển đổi số"],
                "columns_by_unit": {"tram-a": ["Chuyển đổi số"]},
                "per_month": months(1, 6, &[(3, 1), (6, 1)]),
                "avg_per_month": 0.33, "avg_per_week": 0.08,
                "highlights": [
                    hl("P6 về 17 điểm", "2022-06-10", "tin-tuc/p6", false),
                    hl("P4 không chủ đề", "2022-03-15", "tin-tuc/p4", false),
                ]
            },
            {
                "id": "tram-b", "name": "Đài truyền thanh xã B", "parent": "huyen",
                "active_from": "2022-01-01", "active_to": "2022-06-30",
                "count": 1, "own_count": 1, "imported_count": 0,
                "by_kind": kinds(0, 0, 1, 0), "by_topic": {"cds": 0, "attt": 1},
                "has_column": false, "columns": none, "own_columns": none, "columns_by_unit": {},
                "per_month": months(1, 6, &[(5, 1)]),
                "avg_per_month": 0.17, "avg_per_week": 0.04,
                "highlights": [hl("P5 ảnh tiêu biểu", "2022-05-20", "tin-tuc/p5", true)]
            },
            {
                "id": "huyen-hai", "name": "Phòng Văn hóa và Thông tin huyện Hai", "parent": null,
                "active_from": "2022-01-01", "active_to": "2022-06-30",
                "count": 1, "own_count": 0, "imported_count": 0,
                "by_kind": kinds(1, 0, 0, 0), "by_topic": {"cds": 1, "attt": 0},
                // The station's column, not the district office's own.
                "has_column": true, "columns": ["Chuyển đổi số"], "own_columns": none,
                "columns_by_unit": {"tram-c": ["Chuyển đổi số"]},
                "per_month": months(1, 6, &[(4, 1)]),
                "avg_per_month": 0.17, "avg_per_week": 0.04,
                "highlights": [hl("P20 trạm có chuyên mục, huyện không có", "2022-04-04", "tin-tuc/p20", false)]
            },
            {
                "id": "tram-c", "name": "Đài truyền thanh xã C", "parent": "huyen-hai",
                "active_from": "2022-01-01", "active_to": "2022-06-30",
                "count": 1, "own_count": 1, "imported_count": 0,
                "by_kind": kinds(1, 0, 0, 0), "by_topic": {"cds": 1, "attt": 0},
                "has_column": true, "columns": ["Chuyển đổi số"], "own_columns": ["Chuyển đổi số"],
                "columns_by_unit": {"tram-c": ["Chuyển đổi số"]},
                "per_month": months(1, 6, &[(4, 1)]),
                "avg_per_month": 0.17, "avg_per_week": 0.04,
                "highlights": [hl("P20 trạm có chuyên mục, huyện không có", "2022-04-04", "tin-tuc/p20", false)]
            },
            {
                "id": "so-moi", "name": "Sở mới", "parent": null,
                "active_from": "2022-01-01", "active_to": "2022-12-31",
                "count": 0, "own_count": 0, "imported_count": 0,
                "by_kind": kinds(0, 0, 0, 0), "by_topic": {"cds": 0, "attt": 0},
                "has_column": false, "columns": none, "own_columns": none, "columns_by_unit": {},
                "per_month": months(1, 12, &[]),
                "avg_per_month": 0.0, "avg_per_week": 0.0, "highlights": []
            },
            {
                "id": "to-cds", "name": "Tổ công nghệ số thử", "parent": null,
                "active_from": "2022-04-01", "active_to": "2022-09-30",
                "count": 1, "own_count": 1, "imported_count": 0,
                "by_kind": kinds(0, 1, 0, 0), "by_topic": {"cds": 0, "attt": 1},
                "has_column": false, "columns": none, "own_columns": none, "columns_by_unit": {},
                "per_month": months(4, 9, &[(6, 1)]),
                // 1 / 6 months; 1 / (183 / 7) weeks.
                "avg_per_month": 0.17, "avg_per_week": 0.04,
                "highlights": [hl("P21 tổ chỉ hoạt động giữa năm", "2022-06-15", "tin-tuc/p21", false)]
            },
            {
                "id": "xa-moi", "name": "Ủy ban nhân dân xã Mới", "parent": null,
                "active_from": "2022-07-01", "active_to": "2022-12-31",
                "count": 2, "own_count": 2, "imported_count": 0,
                "by_kind": kinds(1, 1, 0, 0), "by_topic": {"cds": 1, "attt": 1},
                "has_column": false, "columns": none, "own_columns": none, "columns_by_unit": {},
                "per_month": months(7, 12, &[(8, 1), (10, 1)]),
                // 2 / 6 months (not 12); 2 / (184 / 7) weeks.
                "avg_per_month": 0.33, "avg_per_week": 0.08,
                "highlights": [
                    hl("P12 phát thanh", "2022-10-10", "phat-thanh/p12", false),
                    hl("P7 xã mới về 17 điểm", "2022-08-01", "tin-tuc/p7", false),
                ]
            }
        ],
        "missing": ["so-moi"]
    });
    assert_eq!(got, expected);
    // The same period typed as dates, in both accepted forms.
    assert_eq!(
        json_report(&["--from", "1/1/2022", "--to", "2022-12-31"])["units"],
        got["units"]
    );
}

/// `(id, count)` of every unit listed.
fn counts(v: &Value) -> Vec<(String, u64)> {
    v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap().to_string(),
                u["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(a, b)| (a.to_string(), *b)).collect()
}

#[test]
fn the_period_boundary_is_in_the_site_offset() {
    // P2 (2022-12-31T20:00Z) is the only post of the first quarter of 2023; the units that
    // ended in 2022 are not listed; 90 days, 3 months.
    let v = json_report(&["--period", "q1-2023"]);
    assert_eq!(
        counts(&v),
        pairs(&[("bao", 1), ("dai", 0), ("so-moi", 0), ("xa-moi", 0)])
    );
    let bao = &v["units"][0];
    assert_eq!(
        bao["per_month"],
        json!({"2023-01": 1, "2023-02": 0, "2023-03": 0})
    );
    assert_eq!(bao["avg_per_month"], json!(0.33));
    assert_eq!(bao["avg_per_week"], json!(0.08));
    assert_eq!(v["missing"], json!(["dai", "so-moi", "xa-moi"]));
    // A single day: 31/12/2022 holds only P1.
    let v = json_report(&["--from", "31/12/2022", "--to", "31/12/2022"]);
    assert_eq!(v["totals"]["count"], json!(1));
    assert_eq!(v["units"][0]["avg_per_week"], json!(7.0));
    assert_eq!(
        v["units"][0]["highlights"][0]["title"],
        json!("P1 cuối năm, hai chủ đề")
    );
}

#[test]
fn every_filter_narrows_the_count() {
    let v = json_report(&["--period", "2022", "--unit", "huyen"]);
    assert_eq!(
        counts(&v),
        pairs(&[("huyen", 5), ("tram-a", 2), ("tram-b", 1)])
    );
    assert_eq!(v["totals"]["count"], json!(5));
    assert_eq!(v["filters"]["unit"], json!("huyen"));

    let v = json_report(&["--period", "2022", "--topic", "attt"]);
    assert_eq!(v["totals"]["count"], json!(6));
    assert_eq!(
        counts(&v),
        pairs(&[
            ("bao", 1),
            ("dai", 2),
            ("huyen", 1),
            ("tram-a", 0),
            ("tram-b", 1),
            ("huyen-hai", 0),
            ("tram-c", 0),
            ("so-moi", 0),
            ("to-cds", 1),
            ("xa-moi", 1)
        ])
    );

    let v = json_report(&["--period", "2022", "--kind", "bai"]);
    assert_eq!(v["totals"]["by_kind"], kinds(0, 4, 0, 0));
    assert_eq!(
        v["missing"],
        json!(["bao", "tram-a", "tram-b", "huyen-hai", "tram-c", "so-moi"])
    );

    // A tag by its slug or by its name.
    for tag in ["17-diem-khac-nhau", "17 điểm khác nhau"] {
        let v = json_report(&["--period", "2022", "--tag", tag]);
        let with_posts: Vec<(String, u64)> =
            counts(&v).into_iter().filter(|(_, n)| *n > 0).collect();
        assert_eq!(
            with_posts,
            pairs(&[("huyen", 1), ("tram-a", 1), ("xa-moi", 1)])
        );
        assert_eq!(v["filters"]["tag"], json!("17-diem-khac-nhau"));
    }

    let v = json_report(&["--period", "2022", "--section", "phat-thanh"]);
    assert_eq!(v["totals"]["count"], json!(1));
    assert_eq!(
        v["units"][9]["highlights"][0]["title"],
        json!("P12 phát thanh")
    );
    let v = json_report(&["--period", "2022", "--section", "/tin-tuc/"]);
    assert_eq!(v["totals"]["count"], json!(17));
    assert_eq!(v["filters"]["section"], json!("tin-tuc"));

    // Filters combine.
    let v = json_report(&[
        "--period", "2022", "--unit", "huyen", "--topic", "cds", "--kind", "tin",
    ]);
    assert_eq!(
        counts(&v),
        pairs(&[("huyen", 2), ("tram-a", 1), ("tram-b", 0)])
    );

    // --highlights caps the list, featured first.
    let v = json_report(&["--period", "2022", "--highlights", "1"]);
    assert_eq!(
        v["units"][2]["highlights"],
        json!([hl("P5 ảnh tiêu biểu", "2022-05-20", "tin-tuc/p5", true)])
    );
    let v = json_report(&["--period", "2022", "--highlights", "0"]);
    assert_eq!(v["units"][0]["highlights"], json!([]));
}

#[test]
fn a_unit_asked_for_outside_the_period_names_who_carried_on_its_work() {
    let cases: &[(&[&str], &str)] = &[
        // Backwards along `successor`: the station that came before the commune.
        (
            &["--from", "1/1/2022", "--to", "31/3/2022", "--unit", "xa-moi"],
            "lỗi: đơn vị `xa-moi` (Ủy ban nhân dân xã Mới) không hoạt động trong kỳ từ 01/01/2022 đến 31/03/2022: đơn vị hoạt động từ 01/07/2022\n  gợi ý: trong kỳ này, công việc của đơn vị do Đài truyền thanh xã B (`tram-b`) đảm nhận: dùng --unit tram-b",
        ),
        // Forwards.
        (
            &["--period", "2022", "--unit", "so"],
            "lỗi: đơn vị `so` (Sở cũ) không hoạt động trong kỳ từ 01/01/2022 đến 31/12/2022: đơn vị hoạt động đến 31/12/2021\n  gợi ý: trong kỳ này, công việc của đơn vị do Sở mới (`so-moi`) đảm nhận: dùng --unit so-moi",
        ),
        // A district office, through its station's successor.
        (
            &["--period", "q1-2023", "--unit", "huyen"],
            "gợi ý: trong kỳ này, công việc của đơn vị do Ủy ban nhân dân xã Mới (`xa-moi`) đảm nhận: dùng --unit xa-moi",
        ),
        // Nobody to name.
        (
            &["--period", "q1-2023", "--unit", "to-cds"],
            "gợi ý: chọn kỳ báo cáo khác, hoặc bỏ --unit để xem mọi đơn vị",
        ),
    ];
    for (args, expected) in cases {
        for format in ["table", "md", "json", "csv", "html"] {
            let mut all = args.to_vec();
            all.extend(["--format", format]);
            let o = report(&all);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(expected), "{args:?}:\n{}", stderr(&o));
            assert!(o.stdout.is_empty(), "{args:?} {format}");
        }
    }
}

/// The JSON report of `site` for one calendar year.
fn year_json(site: &common::Fixture, year: i32) -> Value {
    let (from, to) = (format!("1/1/{year}"), format!("31/12/{year}"));
    let o = site.loa(&["report", "--from", &from, "--to", &to, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn a_district_answers_only_for_the_days_it_existed() {
    // The station was left without `until`; its post of August is its own, not the closed
    // district's.
    let units = "- id: huyen\n  name: Huyen\n  until: 2025-06-30\n  children:\n    - id: tram\n      name: Tram\n";
    let post = |date: &str| {
        format!("---\ntitle: \"Tin {date}\"\ndate: {date}\nunit: tram\nkind: tin\n---\n")
    };
    let (june, august) = (post("2025-06-10"), post("2025-08-01"));
    let site = common::Fixture::new(&[
        ("units.yaml", units.as_bytes()),
        ("content/tin-tuc/a.md", june.as_bytes()),
        ("content/tin-tuc/b.md", august.as_bytes()),
    ]);
    let v = year_json(&site, 2025);
    assert_eq!(counts(&v), pairs(&[("huyen", 1), ("tram", 2)]));
    assert_eq!(v["totals"]["count"], json!(2));
    let huyen = &v["units"][0];
    assert_eq!(huyen["per_month"]["2025-06"], json!(1));
    assert_eq!(huyen["avg_per_month"], json!(0.17));
    // After the district closed, the station is asked about through it, and stands on its own.
    let o = site.loa(&[
        "report",
        "--from",
        "1/1/2026",
        "--to",
        "31/12/2026",
        "--unit",
        "huyen",
        "--format",
        "md",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\n| Tram | 0 |"), "{}", stdout(&o));
}

#[test]
fn each_unit_keeps_its_own_spelling_of_a_column() {
    let units = "- id: huyen\n  name: Huyen\n  children:\n    - id: tram\n      name: Tram\n";
    let post = |unit: &str, column: &str| {
        format!("---\ntitle: \"Tin\"\ndate: 2025-03-01\nunit: {unit}\nkind: tin\ncolumn: \"{column}\"\n---\n")
    };
    let (a, b, c) = (
        post("huyen", "dân vận số"),
        post("tram", "Dân vận số"),
        post("tram", "DÂN VẬN SỐ"),
    );
    let site = common::Fixture::new(&[
        ("units.yaml", units.as_bytes()),
        ("content/tin-tuc/a.md", a.as_bytes()),
        ("content/tin-tuc/b.md", b.as_bytes()),
        ("content/tin-tuc/c.md", c.as_bytes()),
    ]);
    let v = year_json(&site, 2025);
    let (huyen, tram) = (&v["units"][0], &v["units"][1]);
    assert_eq!(huyen["own_columns"], json!(["dân vận số"]));
    assert_eq!(huyen["columns"], json!(["dân vận số"]));
    assert_eq!(
        huyen["columns_by_unit"],
        json!({"huyen": ["dân vận số"], "tram": ["Dân vận số"]})
    );
    assert_eq!(tram["columns"], json!(["Dân vận số"]));
}

#[test]
fn no_format_says_every_unit_published_when_no_unit_is_listed() {
    // A registry whose only unit starts after the period.
    let site = common::Fixture::new(&[(
        "units.yaml",
        b"- id: xa\n  name: \"Xa moi\"\n  from: 2030-01-01\n",
    )]);
    for format in ["table", "md", "html"] {
        let o = site.loa(&[
            "report",
            "--from",
            "1/1/2022",
            "--to",
            "31/12/2022",
            "--format",
            format,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains("Không có đơn vị nào hoạt động trong kỳ."),
            "{format}:\n{out}"
        );
        assert!(
            !out.contains("mọi đơn vị") && !out.contains("Mọi đơn vị"),
            "{format}:\n{out}"
        );
    }
}

#[test]
fn table_is_aligned_and_names_the_missing_units() {
    let o = report(&["--period", "2022"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Kỳ báo cáo: từ 01/01/2022 đến 31/12/2022");
    // The letter's four forms always, and Video because P15 used it.
    assert_eq!(
        lines[2],
        "Đơn vị                                Tổng  Riêng  Tin  Bài  Ảnh  Văn bản  Video  TB/tuần  TB/tháng  Hoạt động                     Chuyên mục"
    );
    for line in [
        "Phòng Văn hóa và Thông tin huyện         5      2    3    1    1        0      0     0,19      0,83  đến 30/06/2022                Văn hóa – Xã hội (Phòng Văn hóa và Thông tin huyện); Chuyển đổi số (Đài truyền thanh xã A)",
        "  Đài truyền thanh xã A                  2      2    2    0    0        0      0     0,08      0,33  đến 30/06/2022                Chuyển đổi số",
        "Phòng Văn hóa và Thông tin huyện Hai     1      0    1    0    0        0      0     0,04      0,17  đến 30/06/2022                Chuyển đổi số (Đài truyền thanh xã C)",
        "Tổ công nghệ số thử                      1      1    0    1    0        0      0     0,04      0,17  từ 01/04/2022 đến 30/09/2022  không",
        "Báo tỉnh                                 2      2    2    0    0        0      0     0,04      0,17  cả kỳ                         Chuyển đổi số",
        "Cộng (không tính trùng)                 18          12    4    1        0      1",
    ] {
        assert!(lines.contains(&line), "missing {line:?} in\n{out}");
    }
    assert_eq!(
        lines.last().unwrap(),
        &"1 trong 10 đơn vị chưa có tin, bài trong kỳ: Sở mới"
    );
    // Without a post of another form, only the letter's four forms.
    let o = report(&["--period", "q1-2023"]);
    assert!(stdout(&o)
        .lines()
        .nth(2)
        .unwrap()
        .contains("Tin  Bài  Ảnh  Văn bản  TB/tuần"));
}

#[test]
fn markdown_answers_the_letter() {
    let o = report(&["--period", "2022", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    for line in [
        "# Báo cáo kết quả thông tin, tuyên truyền về chuyển đổi số, an toàn thông tin",
        "| Đơn vị | Tổng số | Tin | Bài | Ảnh | Văn bản | Video | TB mỗi tuần | TB mỗi tháng | Chuyên mục |",
        // Stations are drawn under their district with a mark that Markdown tables keep.
        "| ↳ Đài truyền thanh xã A (hoạt động đến 30/06/2022) | 2 | 2 | 0 | 0 | 0 | 0 | 0,08 | 0,33 | Chuyển đổi số |",
        "| Phòng Văn hóa và Thông tin huyện Hai (hoạt động đến 30/06/2022) | 1 | 1 | 0 | 0 | 0 | 0 | 0,04 | 0,17 | Chuyển đổi số (Đài truyền thanh xã C) |",
        "| Ủy ban nhân dân xã Mới (hoạt động từ 01/07/2022) | 2 | 1 | 1 | 0 | 0 | 0 | 0,08 | 0,33 | không |",
        "| **Cộng (không tính trùng)** | **18** | **12** | **4** | **1** | **0** | **1** | | | |",
        "Theo chủ đề (một bài có thể thuộc nhiều chủ đề): Chuyển đổi số: 11; An toàn thông tin: 6.",
        "### Phòng Văn hóa và Thông tin huyện",
        "Đơn vị hoạt động đến 30/06/2022.",
        // A district office with its own column and a station's lists both, naming who runs each.
        "1. **Chuyên mục:** có – “Văn hóa – Xã hội” (Phòng Văn hóa và Thông tin huyện); “Chuyển đổi số” (Đài truyền thanh xã A).",
        "2. **Số lượng:** 5 tin, bài (của chính đơn vị: 2; của đơn vị trực thuộc: 3).",
        "   - Theo hình thức: Tin: 3; Bài: 1; Ảnh: 1; Văn bản: 0; Video: 0.",
        "   - Theo chủ đề: Chuyển đổi số: 3; An toàn thông tin: 1.",
        "3. **Tần suất:** trung bình 0,19 tin, bài mỗi tuần; 0,83 tin, bài mỗi tháng (tính trên thời gian đơn vị hoạt động trong kỳ, từ 01/01/2022 đến 30/06/2022).",
        "   - Theo tháng: 01/2022: 1; 02/2022: 1; 03/2022: 1; 04/2022: 0; 05/2022: 1; 06/2022: 1.",
        "   - [P5 ảnh tiêu biểu](<https://baocao.vidu.vn/tin-tuc/p5/>) – 20/05/2022 (tiêu biểu)",
        // A district office with no column of its own answers for its station's, by name.
        "1. **Chuyên mục:** có – “Chuyển đổi số” (Đài truyền thanh xã C).",
        "Đơn vị hoạt động từ 01/04/2022 đến 30/09/2022.",
        "1. **Chuyên mục:** không có chuyên mục riêng.",
        "1. **Chuyên mục:** có – “An toàn thông tin mạng”, “Ăn ở văn minh”, “Âm vang bản làng”, “Dân vận khéo”, “Đời sống số”, “Uy tín báo chí”, “Ưu tiên số” (Đài Phát thanh - Truyền hình).",
        "## Đơn vị chưa có tin, bài trong kỳ",
        "1 trong 10 đơn vị chưa có tin, bài trong kỳ:",
        "- Sở mới",
    ] {
        assert!(md.lines().any(|l| l == line), "missing line {line:?} in\n{md}");
    }
    // Units with nothing get no detail section; annual averages never use the whole year
    // for a unit that existed half of it.
    assert!(!md.contains("### Sở mới"));
    assert!(!md.contains("\n| Ủy ban nhân dân xã Mới (hoạt động từ 01/07/2022) | 2 | 1 | 1 | 0 | 0 | 0 | 0,04 | 0,17"));
}

#[test]
fn lists_without_the_tree_name_each_station_with_its_district() {
    // With --kind bai the stations have nothing: the list is flat, so it says whose they are.
    let md = stdout(&report(&[
        "--period", "2022", "--kind", "bai", "--format", "md",
    ]));
    for line in [
        "- Đài truyền thanh xã A, thuộc Phòng Văn hóa và Thông tin huyện – hoạt động đến 30/06/2022",
        "- Phòng Văn hóa và Thông tin huyện Hai – hoạt động đến 30/06/2022",
        "- Đài truyền thanh xã C, thuộc Phòng Văn hóa và Thông tin huyện Hai – hoạt động đến 30/06/2022",
    ] {
        assert!(md.lines().any(|l| l == line), "missing {line:?} in\n{md}");
    }
    let html = stdout(&report(&[
        "--period", "2022", "--kind", "bai", "--format", "html",
    ]));
    assert!(html.contains("<li>Đài truyền thanh xã A, thuộc Phòng Văn hóa và Thông tin huyện – hoạt động đến 30/06/2022</li>"));
    // --highlights 0 says so instead of leaving the heading empty; a unit without units
    // below it is not said to have any.
    let md = stdout(&report(&[
        "--period",
        "2022",
        "--unit",
        "tram-a",
        "--highlights",
        "0",
        "--format",
        "md",
    ]));
    assert!(
        md.contains("4. **Tin, bài tiêu biểu:** không liệt kê (--highlights 0)."),
        "{md}"
    );
    assert!(
        md.contains("(chỉ tính: đơn vị Đài truyền thanh xã A)"),
        "{md}"
    );
    let md = stdout(&report(&[
        "--period",
        "2022",
        "--section",
        "phat-thanh",
        "--format",
        "md",
    ]));
    assert!(md.contains("(chỉ tính: mục phat-thanh)"), "{md}");
    let md = stdout(&report(&[
        "--period", "2022", "--unit", "huyen", "--format", "md",
    ]));
    assert!(
        md.contains("(chỉ tính: đơn vị Phòng Văn hóa và Thông tin huyện và các đơn vị trực thuộc)")
    );
}

#[test]
fn csv_has_a_bom_and_one_row_per_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bao-cao.csv");
    // The format follows the file's extension.
    let o = report(&["--period", "2022", "-o", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Đã ghi báo cáo vào"));
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    // The columns of the first version keep their places; the new ones come last.
    assert_eq!(
        lines[0],
        "Mã đơn vị,Tên đơn vị,Đơn vị cấp trên,Tổng số,Của chính đơn vị,Có chuyên mục,Tên chuyên mục,TB mỗi tháng,TB mỗi tuần,Hình thức: Tin,Hình thức: Bài,Hình thức: Ảnh,Hình thức: Văn bản,Hình thức: Video,Chủ đề: Chuyển đổi số,Chủ đề: An toàn thông tin,Chuyên mục của chính đơn vị,Hoạt động từ,Hoạt động đến,Lấy từ trang web đơn vị"
    );
    assert_eq!(lines[3], "huyen,Phòng Văn hóa và Thông tin huyện,,5,2,có,Chuyển đổi số; Văn hóa – Xã hội,0.83,0.19,3,1,1,0,0,3,1,Văn hóa – Xã hội,2022-01-01,2022-06-30,0");
    assert_eq!(
        lines[6],
        "huyen-hai,Phòng Văn hóa và Thông tin huyện Hai,,1,0,có,Chuyển đổi số,0.17,0.04,1,0,0,0,0,1,0,,2022-01-01,2022-06-30,0"
    );
    assert_eq!(lines.len(), 12, "header, 10 units, final empty string");
}

#[test]
fn xlsx_reads_back_as_a_clerk_would_send_it() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bao-cao.xlsx");
    let o = report(&[
        "--period",
        "2022",
        "--format",
        "xlsx",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Tổng hợp", "Theo tháng", "Tin bài tiêu biểu"]
    );
    let text = |s: &str| Some(Data::String(s.into()));
    let date = |d: &Data| match d {
        Data::DateTime(dt) => dt.as_f64(),
        other => panic!("not a date cell: {other:?}"),
    };

    let sheet = wb.worksheet_range("Tổng hợp").unwrap();
    // A title row and the period, then the header on row 5 (index 4).
    assert_eq!(
        sheet.get((0, 0)),
        text("Báo cáo kết quả thông tin, tuyên truyền về chuyển đổi số, an toàn thông tin")
            .as_ref()
    );
    assert_eq!(
        sheet.get((1, 0)),
        text("Kỳ báo cáo: từ 01/01/2022 đến 31/12/2022").as_ref()
    );
    let header: Vec<String> = (0..19)
        .map(|c| sheet.get((4, c)).map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        header,
        [
            "Tên đơn vị",
            "Hoạt động từ",
            "Hoạt động đến",
            "Ghi chú",
            "Tổng số",
            "Của chính đơn vị",
            "Tin",
            "Bài",
            "Ảnh",
            "Văn bản",
            "Video",
            "TB mỗi tuần",
            "TB mỗi tháng",
            "Có chuyên mục",
            "Chuyên mục (đơn vị thực hiện)",
            "Chủ đề: Chuyển đổi số",
            "Chủ đề: An toàn thông tin",
            "Mã đơn vị",
            "Mã đơn vị cấp trên",
        ]
    );
    // Names first, ids last; real dates and numbers.
    let huyen = 7;
    assert_eq!(
        sheet.get((huyen, 0)),
        text("Phòng Văn hóa và Thông tin huyện").as_ref()
    );
    assert_eq!(date(sheet.get((huyen, 1)).unwrap()), 44562.0, "2022-01-01");
    assert_eq!(date(sheet.get((huyen, 2)).unwrap()), 44742.0, "2022-06-30");
    assert_eq!(
        sheet.get((huyen, 3)),
        text("hoạt động đến 30/06/2022").as_ref()
    );
    assert_eq!(sheet.get((huyen, 4)), Some(&Data::Float(5.0)));
    assert_eq!(sheet.get((huyen, 11)), Some(&Data::Float(0.19)));
    assert_eq!(sheet.get((huyen, 12)), Some(&Data::Float(0.83)));
    assert_eq!(
        sheet.get((huyen, 14)),
        text("Văn hóa – Xã hội (Phòng Văn hóa và Thông tin huyện); Chuyển đổi số (Đài truyền thanh xã A)").as_ref()
    );
    assert_eq!(sheet.get((huyen, 17)), text("huyen").as_ref());
    assert_eq!(
        sheet.get((huyen + 1, 18)),
        text("huyen").as_ref(),
        "tram-a's parent"
    );
    // The totals row, after the ten units: distinct posts.
    let total = 5 + 10;
    assert_eq!(
        sheet.get((total, 0)),
        text("Cộng (không tính trùng)").as_ref()
    );
    assert_eq!(sheet.get((total, 4)), Some(&Data::Float(18.0)));
    assert_eq!(sheet.get((total, 6)), Some(&Data::Float(12.0)));
    assert_eq!(sheet.get((total, 10)), Some(&Data::Float(1.0)));
    assert_eq!(sheet.get((total, 15)), Some(&Data::Float(11.0)));
    assert_eq!(sheet.get_size().0, total + 1);

    let months = wb.worksheet_range("Theo tháng").unwrap();
    assert_eq!(months.get((4, 1)), text("01/2022").as_ref());
    assert_eq!(months.get((4, 13)), text("Tổng số").as_ref());
    // xa-moi (row 14): nothing before July, when it did not exist; August and October.
    assert_eq!(months.get((14, 0)), text("Ủy ban nhân dân xã Mới").as_ref());
    assert!(matches!(months.get((14, 1)), None | Some(Data::Empty)));
    assert_eq!(months.get((14, 7)), Some(&Data::Float(0.0)));
    assert_eq!(months.get((14, 8)), Some(&Data::Float(1.0)));
    assert_eq!(months.get((14, 10)), Some(&Data::Float(1.0)));
    assert_eq!(months.get((14, 13)), Some(&Data::Float(2.0)));
    assert_eq!(months.get((14, 14)), text("xa-moi").as_ref());
    assert_eq!(
        months.get((15, 11)),
        Some(&Data::Float(7.0)),
        "November's total"
    );
    assert_eq!(months.get((15, 13)), Some(&Data::Float(18.0)));

    let hl = wb.worksheet_range("Tin bài tiêu biểu").unwrap();
    // 2 + 7 + 5 + 2 + 1 + 1 + 1 + 1 + 2 highlights under a header.
    assert_eq!(hl.get_size().0, 5 + 22);
    assert_eq!(hl.get((5, 1)), text("P1 cuối năm, hai chủ đề").as_ref());
    assert_eq!(date(hl.get((5, 2)).unwrap()), 44926.0, "2022-12-31");
    assert_eq!(
        hl.get((5, 3)),
        text("https://baocao.vidu.vn/tin-tuc/p1/").as_ref()
    );

    // Every column used has a width fitted to its content.
    let xml = sheet_xml(&path, "xl/worksheets/sheet1.xml");
    let mut covered = Vec::new();
    for col in xml.split("<col ").skip(1) {
        let attr = |name: &str| -> f64 {
            let rest = &col[col.find(&format!("{name}=\"")).unwrap() + name.len() + 2..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        };
        covered.extend(attr("min") as usize..=attr("max") as usize);
    }
    assert_eq!(covered, (1..=19).collect::<Vec<_>>(), "{xml}");
    // Printed across A4, one page wide.
    assert!(
        xml.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
        "{xml}"
    );
    // The longest name, "Phòng Văn hóa và Thông tin huyện Hai", is 36 characters.
    assert!(
        xml.contains("<col min=\"1\" max=\"1\" width=\"40."),
        "{xml}"
    );

    // Two runs give the same bytes (no clock in the file).
    let again = tmp.path().join("lai.xlsx");
    let o = report(&["--period", "2022", "-o", again.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

/// One XML part of an XLSX file.
fn sheet_xml(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn html_is_one_printable_page_with_charts() {
    let o = report(&["--period", "2022", "--format", "html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(html.contains("@page{size:A4"));
    // Self-contained: no stylesheet, script, image or icon fetched.
    assert!(!html.contains("stylesheet") && !html.contains("<script") && !html.contains("src="));
    assert!(html.contains("<link rel=\"icon\" href=\"data:,\">"));
    // One chart per unit with posts, one bar per month the unit existed.
    assert_eq!(html.matches("<svg role=\"img\"").count(), 9);
    assert!(
        html.contains("aria-label=\"Số tin, bài theo tháng của Phòng Văn hóa và Thông tin huyện\"")
    );
    assert_eq!(
        html.matches("<rect class=\"bar\"").count(),
        12 + 12 + 6 * 7,
        "bao and dai 12 months; the others 6"
    );
    assert!(html.contains(
        "<tfoot><tr><th scope=\"row\">Cộng (không tính trùng)</th><td class=\"n\">18</td>"
    ));
    assert!(html.contains(
        "<p><strong>1. Chuyên mục:</strong> có – “Chuyển đổi số” (Đài truyền thanh xã C).</p>"
    ));
    assert!(html.contains("<p>Đơn vị hoạt động từ 01/07/2022.</p>"));
    assert!(html.contains(
        "Ủy ban nhân dân xã Mới<span class=\"note\">hoạt động từ 01/07/2022</span></th>"
    ));
    assert!(html.contains("<li>Sở mới</li>"));
}

#[test]
fn bad_arguments_get_vietnamese_errors_with_hints() {
    // (arguments, message, exit status): 2 for a command line that cannot mean anything,
    // 1 for a value the site does not have.
    let cases: &[(&[&str], &str, i32)] = &[
        (&["--period", "2021"], "lỗi: kỳ báo cáo `2021` không có trong site.yaml\n  gợi ý: bạn có định viết `2022`?", 1),
        (&["--period", "x"], "lỗi: kỳ báo cáo `x` không có trong site.yaml\n  gợi ý: các mã có: 2022, q1-2023", 1),
        (&[], "lỗi: chưa chọn kỳ báo cáo\n  gợi ý: dùng --period q1-2023 (các kỳ trong site.yaml: 2022, q1-2023) hoặc --from/--to", 2),
        (&["--from", "1/1/2022"], "lỗi: cần cả --from và --to", 2),
        (&["--period", "2022", "--from", "1/1/2022", "--to", "2/1/2022"], "lỗi: dùng --period hoặc --from/--to, không dùng cả hai", 2),
        (&["--from", "31/12/2022", "--to", "1/1/2022"], "lỗi: --from (31/12/2022) sau --to (01/01/2022)\n  gợi ý: đổi chỗ hai ngày", 2),
        (&["--from", "32/1/2022", "--to", "1/2/2022"], "lỗi: ngày `32/1/2022` của --from không hợp lệ", 2),
        (&["--from", "hôm qua", "--to", "1/2/2022"], "lỗi: ngày `hôm qua` của --from không hợp lệ", 2),
        (&["--period", "2022", "--unit", "huyn"], "lỗi: đơn vị `huyn` không có trong units.yaml\n  gợi ý: bạn có định viết `huyen`?", 1),
        (&["--period", "2022", "--topic", "cdx"], "lỗi: chủ đề `cdx` (--topic) không có trong site.yaml\n  gợi ý: bạn có định viết `cds`?", 1),
        (&["--period", "2022", "--kind", "phong-su"], "lỗi: hình thức `phong-su` (--kind) không có trong site.yaml\n  gợi ý: các mã có: tin, bai, anh, van-ban, video", 1),
        (&["--period", "2022", "--tag", "17-diem"], "lỗi: không có bài nào gắn thẻ `17-diem`\n  gợi ý: bạn có định viết `17-diem-khac-nhau`?", 1),
        (&["--period", "2022", "--section", "tin-tc"], "lỗi: không có mục `tin-tc` (thư mục trong content/)\n  gợi ý: bạn có định viết `tin-tuc`?", 1),
        (&["--period", "2022", "--section", "gioi-thieu"], "lỗi: mục `gioi-thieu` không được tính trong báo cáo\n  gợi ý: thêm `reportable: true`", 1),
        (&["--period", "2022", "--format", "pdf"], "lỗi: định dạng `pdf` không được hỗ trợ\n  gợi ý: chọn một trong: table, md, csv, json, xlsx, html", 2),
        (&["--period", "2022", "--format", "xlsx"], "lỗi: định dạng xlsx cần tệp đầu ra: tệp Excel không in ra màn hình được\n  gợi ý: thêm -o bao-cao.xlsx", 2),
        (&["--period", "2022", "--highlights", "-1"], "lỗi: giá trị `-1` không hợp lệ cho --highlights: cần một số nguyên từ 0 trở lên, không phải số âm\n  gợi ý: công văn hỏi 5 đến 10 tin, bài tiêu biểu", 2),
        (&["--period", "2022", "--highlights", "mười"], "lỗi: giá trị `mười` không hợp lệ cho --highlights: cần một số nguyên", 2),
        (&["--period", "2022", "-o", "/tmp"], "lỗi: `-o /tmp` là một thư mục, không phải tệp", 2),
        (&["--period", "2022", "--format", "md", "-o", "/tmp/bao-cao.xlsx"], "lỗi: --format md không khớp với đuôi .xlsx của tệp `/tmp/bao-cao.xlsx`\n  gợi ý: bỏ --format để ghi theo đuôi tệp (xlsx), hoặc đổi đuôi tệp", 2),
        (&["--period", "2022", "--highlights", "99999999999999999999"], "lỗi: giá trị `99999999999999999999` không hợp lệ cho --highlights: số quá lớn", 2),
        (&["--period", "2022", "-o", "bao-cao.csv2"], "lỗi: không biết định dạng nào cho tệp `.csv2`\n  gợi ý: đặt tên tệp có đuôi .md, .csv, .json, .xlsx, .html hoặc .txt, hoặc thêm --format", 2),
    ];
    for (args, expected, status) in cases {
        let o = report(args);
        assert_eq!(o.status.code(), Some(*status), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{args:?}:\n{}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    // An output file that cannot be written.
    let o = report(&["--period", "2022", "-o", "/khong-co-thu-muc/bao-cao.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "lỗi: không ghi được /khong-co-thu-muc/bao-cao.csv: không tìm thấy tệp hoặc thư mục"
        ),
        "{}",
        stderr(&o)
    );
    // Several wrong arguments are all reported in one run; a usage mistake among them
    // decides the status.
    let o = report(&["--period", "2022", "--unit", "x", "--kind", "y"]);
    let err = stderr(&o);
    assert!(
        err.contains("đơn vị `x`") && err.contains("hình thức `y`"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(1));
    let o = report(&["--from", "1/1/2022", "--unit", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // The format, the highlights and the ids are checked together.
    let o = report(&[
        "--period",
        "2022",
        "--unit",
        "x",
        "--highlights",
        "-1",
        "--format",
        "xlsx",
    ]);
    let err = stderr(&o);
    for expected in [
        "đơn vị `x`",
        "--highlights",
        "định dạng xlsx cần tệp đầu ra",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert_eq!(o.status.code(), Some(2));
    // Content errors stop the report like a build.
    let broken = common::Fixture::new(&[(
        "content/tin-tuc/x.md",
        b"---\ntitle: X\ndate: 2022-01-01\nunit: khong-co\n---\n",
    )]);
    let o = broken.loa(&["report", "--from", "1/1/2022", "--to", "31/12/2022"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/tin-tuc/x.md:4:7: lỗi:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn report_kinds_must_be_kinds_of_the_site() {
    let site = common::Fixture::new(&[(
        "site.yaml",
        b"title: T\nbase_url: https://x.vn\nkinds: { tin: Tin, bai: B\xc3\xa0i }\nreport:\n  kinds: [tin, anh]\n",
    )]);
    let o = site.loa(&["report", "--from", "1/1/2022", "--to", "31/12/2022"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "site.yaml:5:16: lỗi: hình thức `anh` của `report.kinds` không có trong `kinds`"
        ),
        "{}",
        stderr(&o)
    );
}

/// A copy of the fixture with `publish_reports: true` and `extra` files.
fn publishing_copy(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (rel, data) in common::tree(&site()) {
        let path = tmp.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    let yaml = tmp.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}publish_reports: true\n")).unwrap();
    for (rel, data) in extra {
        std::fs::write(tmp.path().join(rel), data).unwrap();
    }
    tmp
}

#[test]
fn build_publishes_every_named_period_when_asked() {
    let tmp = publishing_copy(&[]);
    let o = loa(tmp.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = tmp.path().join("public");
    for period in ["2022", "q1-2023"] {
        let dir = public.join("bao-cao").join(period);
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(html.contains(&format!(
            "Tải về: <a href=\"bao-cao-{period}.csv\">CSV</a> · <a href=\"bao-cao-{period}.xlsx\">Excel (XLSX)</a>"
        )));
        assert!(dir.join(format!("bao-cao-{period}.xlsx")).is_file());
        // The published CSV is the command's CSV.
        let csv = std::fs::read(dir.join(format!("bao-cao-{period}.csv"))).unwrap();
        let o = loa(
            tmp.path(),
            &["report", "--period", period, "--format", "csv"],
        );
        assert_eq!(csv, o.stdout);
    }
    let list = std::fs::read_to_string(public.join("bao-cao/index.html")).unwrap();
    assert!(
        list.contains("<a href=\"/bao-cao/q1-2023/\">Kỳ q1-2023: từ 01/01/2023 đến 31/03/2023</a>")
    );
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://baocao.vidu.vn/bao-cao/2022/</loc>"));
    assert!(std::fs::read_to_string(public.join("index.html"))
        .unwrap()
        .contains("<a href=\"/bao-cao/\">Báo cáo số lượng tin, bài</a>"));

    // Without the setting nothing is published and the path is free.
    let plain = tempfile::tempdir().unwrap();
    let out = plain.path().join("public");
    let o = loa(&site(), &["build", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("bao-cao").exists());
}

#[test]
fn published_reports_reserve_their_path() {
    let tmp = publishing_copy(&[("content/bao-cao.md", "---\ntitle: \"Báo cáo\"\n---\n")]);
    let o = loa(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/bao-cao.md:2:9: lỗi: địa chỉ /bao-cao/ dành cho các báo cáo công khai (publish_reports) do loa tạo ra"),
        "{}",
        stderr(&o)
    );
}
