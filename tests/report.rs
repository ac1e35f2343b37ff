//! `loa report` on `tests/fixtures/report`, whose figures were counted by hand:
//! - P1 2022-12-31 23:30 +07:00 (bao, tin, cds+attt, column, featured) is in 2022;
//! - P2 2022-12-31 20:00Z is 2023-01-01 03:00 in the site's offset, so it is in 2023;
//! - P3–P6 belong to the district office `huyen` and its stations `tram-a`, `tram-b`,
//!   which end on 2022-06-30; `xa-moi` starts on 2022-07-01; `so` ended in 2021;
//! - P4 has no topic; P8 is a draft; P9 is in a section that is not reportable;
//! - P10 is in 2021; P12 is in a second reportable section, `phat-thanh`.

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

/// `per_month` for 2022 with the given months set.
fn months_2022(set: &[(&str, u64)]) -> Value {
    let mut m = serde_json::Map::new();
    for i in 1..=12 {
        let k = format!("2022-{i:02}");
        let n = set.iter().find(|(x, _)| *x == k).map_or(0, |(_, n)| *n);
        m.insert(k, json!(n));
    }
    Value::Object(m)
}

fn url(path: &str) -> String {
    format!("https://baocao.vidu.vn/{path}/")
}

fn hl(title: &str, date: &str, path: &str, featured: bool) -> Value {
    json!({"title": title, "date": date, "url": url(path), "featured": featured})
}

#[test]
fn year_2022_matches_the_hand_count_field_by_field() {
    let got = json_report(&["--period", "2022"]);
    let expected = json!({
        "period": {"from": "2022-01-01", "to": "2022-12-31"},
        "filters": {"unit": null, "topic": null, "kind": null, "tag": null, "section": null},
        "totals": {"count": 8, "by_kind": {"tin": 5, "bai": 2, "anh": 1}, "by_topic": {"cds": 5, "attt": 3}},
        "units": [
            {
                "id": "bao", "name": "Báo tỉnh", "parent": null, "count": 2, "own_count": 2,
                "by_kind": {"tin": 2, "bai": 0, "anh": 0}, "by_topic": {"cds": 2, "attt": 1},
                "has_column": true, "columns": ["Chuyển đổi số"],
                "per_month": months_2022(&[("2022-02", 1), ("2022-12", 1)]),
                "avg_per_month": 0.17, "avg_per_week": 0.04,
                "highlights": [
                    hl("P1 cuối năm, hai chủ đề", "2022-12-31", "tin-tuc/p1", true),
                    hl("P11 tháng hai", "2022-02-02", "tin-tuc/p11", false),
                ]
            },
            {
                "id": "dai", "name": "Đài Phát thanh - Truyền hình", "parent": null, "count": 0, "own_count": 0,
                "by_kind": {"tin": 0, "bai": 0, "anh": 0}, "by_topic": {"cds": 0, "attt": 0},
                "has_column": false, "columns": [],
                "per_month": months_2022(&[]),
                "avg_per_month": 0.0, "avg_per_week": 0.0, "highlights": []
            },
            {
                "id": "huyen", "name": "Phòng Văn hóa và Thông tin huyện", "parent": null, "count": 4, "own_count": 1,
                "by_kind": {"tin": 2, "bai": 1, "anh": 1}, "by_topic": {"cds": 2, "attt": 1},
                "has_column": true, "columns": ["Chuyển đổi số", "Văn hóa – Xã hội"],
                "per_month": months_2022(&[("2022-01", 1), ("2022-03", 1), ("2022-05", 1), ("2022-06", 1)]),
                "avg_per_month": 0.33, "avg_per_week": 0.08,
                "highlights": [
                    hl("P5 ảnh tiêu biểu", "2022-05-20", "tin-tuc/p5", true),
                    hl("P6 về 17 điểm", "2022-06-10", "tin-tuc/p6", false),
                    hl("P4 không chủ đề", "2022-03-15", "tin-tuc/p4", false),
                    hl("P3 ngày đầu năm", "2022-01-01", "tin-tuc/p3", false),
                ]
            },
            {
                "id": "tram-a", "name": "Đài truyền thanh xã A", "parent": "huyen", "count": 2, "own_count": 2,
                "by_kind": {"tin": 2, "bai": 0, "anh": 0}, "by_topic": {"cds": 1, "attt": 0},
                "has_column": true, "columns": ["Chuyển đổi số"],
                "per_month": months_2022(&[("2022-03", 1), ("2022-06", 1)]),
                "avg_per_month": 0.17, "avg_per_week": 0.04,
                "highlights": [
                    hl("P6 về 17 điểm", "2022-06-10", "tin-tuc/p6", false),
                    hl("P4 không chủ đề", "2022-03-15", "tin-tuc/p4", false),
                ]
            },
            {
                "id": "tram-b", "name": "Đài truyền thanh xã B", "parent": "huyen", "count": 1, "own_count": 1,
                "by_kind": {"tin": 0, "bai": 0, "anh": 1}, "by_topic": {"cds": 0, "attt": 1},
                "has_column": false, "columns": [],
                "per_month": months_2022(&[("2022-05", 1)]),
                "avg_per_month": 0.08, "avg_per_week": 0.02,
                "highlights": [hl("P5 ảnh tiêu biểu", "2022-05-20", "tin-tuc/p5", true)]
            },
            {
                "id": "xa-moi", "name": "Ủy ban nhân dân xã Mới", "parent": null, "count": 2, "own_count": 2,
                "by_kind": {"tin": 1, "bai": 1, "anh": 0}, "by_topic": {"cds": 1, "attt": 1},
                "has_column": false, "columns": [],
                "per_month": months_2022(&[("2022-08", 1), ("2022-10", 1)]),
                "avg_per_month": 0.17, "avg_per_week": 0.04,
                "highlights": [
                    hl("P12 phát thanh", "2022-10-10", "phat-thanh/p12", false),
                    hl("P7 xã mới về 17 điểm", "2022-08-01", "tin-tuc/p7", false),
                ]
            }
        ],
        "missing": ["dai"]
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
    // P2 (2022-12-31T20:00Z) is the only post of the first quarter of 2023; the district
    // units ended in 2022 and are not listed; 90 days, 3 months.
    let v = json_report(&["--period", "q1-2023"]);
    assert_eq!(counts(&v), pairs(&[("bao", 1), ("dai", 0), ("xa-moi", 0)]));
    let bao = &v["units"][0];
    assert_eq!(
        bao["per_month"],
        json!({"2023-01": 1, "2023-02": 0, "2023-03": 0})
    );
    assert_eq!(bao["avg_per_month"], json!(0.33));
    assert_eq!(bao["avg_per_week"], json!(0.08));
    assert_eq!(v["missing"], json!(["dai", "xa-moi"]));
    // A single day: 31/12/2022 holds only P1.
    let v = json_report(&["--from", "31/12/2022", "--to", "31/12/2022"]);
    assert_eq!(v["totals"]["count"], json!(1));
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
        pairs(&[("huyen", 4), ("tram-a", 2), ("tram-b", 1)])
    );
    assert_eq!(v["totals"]["count"], json!(4));
    assert_eq!(v["filters"]["unit"], json!("huyen"));

    let v = json_report(&["--period", "2022", "--topic", "attt"]);
    assert_eq!(v["totals"]["count"], json!(3));
    assert_eq!(
        counts(&v),
        pairs(&[
            ("bao", 1),
            ("dai", 0),
            ("huyen", 1),
            ("tram-a", 0),
            ("tram-b", 1),
            ("xa-moi", 1)
        ])
    );

    let v = json_report(&["--period", "2022", "--kind", "bai"]);
    assert_eq!(
        v["totals"]["by_kind"],
        json!({"tin": 0, "bai": 2, "anh": 0})
    );
    assert_eq!(v["missing"], json!(["bao", "dai", "tram-a", "tram-b"]));

    // A tag by its slug or by its name.
    for tag in ["17-diem-khac-nhau", "17 điểm khác nhau"] {
        let v = json_report(&["--period", "2022", "--tag", tag]);
        assert_eq!(
            counts(&v),
            pairs(&[
                ("bao", 0),
                ("dai", 0),
                ("huyen", 1),
                ("tram-a", 1),
                ("tram-b", 0),
                ("xa-moi", 1)
            ])
        );
        assert_eq!(v["filters"]["tag"], json!("17-diem-khac-nhau"));
    }

    let v = json_report(&["--period", "2022", "--section", "phat-thanh"]);
    assert_eq!(v["totals"]["count"], json!(1));
    assert_eq!(
        v["units"][5]["highlights"][0]["title"],
        json!("P12 phát thanh")
    );
    let v = json_report(&["--period", "2022", "--section", "/tin-tuc/"]);
    assert_eq!(v["totals"]["count"], json!(7));
    assert_eq!(v["filters"]["section"], json!("tin-tuc"));

    // Filters combine.
    let v = json_report(&[
        "--period", "2022", "--unit", "huyen", "--topic", "cds", "--kind", "tin",
    ]);
    assert_eq!(
        counts(&v),
        pairs(&[("huyen", 1), ("tram-a", 1), ("tram-b", 0)])
    );

    // --highlights caps the list, featured first.
    let v = json_report(&["--period", "2022", "--highlights", "1"]);
    assert_eq!(
        v["units"][2]["highlights"],
        json!([hl("P5 ảnh tiêu biểu", "2022-05-20", "tin-tuc/p5", true)])
    );
}

#[test]
fn table_is_aligned_and_names_the_missing_units() {
    let o = report(&["--period", "2022"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Kỳ báo cáo: từ 01/01/2022 đến 31/12/2022");
    assert_eq!(
        lines[2],
        "Đơn vị                            Tổng  Riêng  Tin  Bài  Ảnh  TB/tuần  TB/tháng  Chuyên mục"
    );
    assert!(lines.contains(
        &"  Đài truyền thanh xã A              2      2    2    0    0     0,04      0,17  có"
    ));
    assert!(lines.contains(&"Cộng (không tính trùng)              8           5    2    1"));
    assert_eq!(
        lines.last().unwrap(),
        &"1 đơn vị chưa có tin, bài trong kỳ: dai"
    );
}

#[test]
fn markdown_answers_the_letter() {
    let o = report(&["--period", "2022", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    for line in [
        "# Báo cáo kết quả thông tin, tuyên truyền về chuyển đổi số, an toàn thông tin",
        "| Đơn vị | Tổng số | Tin | Bài | Ảnh | TB mỗi tuần | TB mỗi tháng | Chuyên mục |",
        "| \u{a0}\u{a0}\u{a0}\u{a0}Đài truyền thanh xã A | 2 | 2 | 0 | 0 | 0,04 | 0,17 | Chuyển đổi số |",
        "| **Cộng (không tính trùng)** | **8** | **5** | **2** | **1** | | | |",
        "Theo chủ đề (một bài có thể thuộc nhiều chủ đề): Chuyển đổi số: 5; An toàn thông tin: 3.",
        "### Phòng Văn hóa và Thông tin huyện",
        "1. **Chuyên mục:** có – “Chuyển đổi số”, “Văn hóa – Xã hội”.",
        "2. **Số lượng:** 4 tin, bài (của chính đơn vị: 1; của đơn vị trực thuộc: 3).",
        "   - Theo hình thức: Tin: 2; Bài: 1; Ảnh: 1.",
        "   - Theo chủ đề: Chuyển đổi số: 2; An toàn thông tin: 1.",
        "3. **Tần suất:** trung bình 0,08 tin, bài mỗi tuần; 0,33 tin, bài mỗi tháng.",
        "   - Theo tháng: 01/2022: 1; 02/2022: 0; 03/2022: 1; 04/2022: 0; 05/2022: 1; 06/2022: 1; 07/2022: 0; 08/2022: 0; 09/2022: 0; 10/2022: 0; 11/2022: 0; 12/2022: 0.",
        "   - [P5 ảnh tiêu biểu](<https://baocao.vidu.vn/tin-tuc/p5/>) – 20/05/2022 (tiêu biểu)",
        "1. **Chuyên mục:** không có chuyên mục riêng.",
        "## Đơn vị chưa có tin, bài trong kỳ",
        "- Đài Phát thanh - Truyền hình (`dai`)",
    ] {
        assert!(md.lines().any(|l| l == line), "missing line {line:?} in\n{md}");
    }
    // Units with nothing get no detail section.
    assert!(!md.contains("### Đài Phát thanh - Truyền hình"));
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
    assert_eq!(
        lines[0],
        "Mã đơn vị,Tên đơn vị,Đơn vị cấp trên,Tổng số,Của chính đơn vị,Có chuyên mục,Tên chuyên mục,TB mỗi tháng,TB mỗi tuần,Hình thức: Tin,Hình thức: Bài,Hình thức: Ảnh,Chủ đề: Chuyển đổi số,Chủ đề: An toàn thông tin"
    );
    assert_eq!(lines[3], "huyen,Phòng Văn hóa và Thông tin huyện,,4,1,có,Chuyển đổi số; Văn hóa – Xã hội,0.33,0.08,2,1,1,2,1");
    assert_eq!(
        lines[4],
        "tram-a,Đài truyền thanh xã A,huyen,2,2,có,Chuyển đổi số,0.17,0.04,2,0,0,1,0"
    );
    assert_eq!(lines.len(), 8, "header, 6 units, final empty string");
}

#[test]
fn xlsx_reads_back_with_three_sheets() {
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

    let sheet = wb.worksheet_range("Tổng hợp").unwrap();
    assert_eq!(sheet.get_size(), (7, 14));
    assert_eq!(sheet.get((0, 3)), Some(&Data::String("Tổng số".into())));
    assert_eq!(
        sheet.get((3, 1)),
        Some(&Data::String("Phòng Văn hóa và Thông tin huyện".into()))
    );
    assert_eq!(sheet.get((3, 3)), Some(&Data::Float(4.0)));
    assert_eq!(sheet.get((3, 7)), Some(&Data::Float(0.33)));

    let months = wb.worksheet_range("Theo tháng").unwrap();
    assert_eq!(months.get((0, 2)), Some(&Data::String("01/2022".into())));
    assert_eq!(months.get((0, 14)), Some(&Data::String("Tổng số".into())));
    // xa-moi: August and October.
    assert_eq!(months.get((6, 0)), Some(&Data::String("xa-moi".into())));
    assert_eq!(months.get((6, 9)), Some(&Data::Float(1.0)));
    assert_eq!(months.get((6, 11)), Some(&Data::Float(1.0)));
    assert_eq!(months.get((6, 14)), Some(&Data::Float(2.0)));

    let hl = wb.worksheet_range("Tin bài tiêu biểu").unwrap();
    // 2 + 4 + 2 + 1 + 2 highlights under a header.
    assert_eq!(hl.get_size().0, 12);
    assert_eq!(
        hl.get((1, 1)),
        Some(&Data::String("P1 cuối năm, hai chủ đề".into()))
    );
    assert_eq!(
        hl.get((1, 3)),
        Some(&Data::String("https://baocao.vidu.vn/tin-tuc/p1/".into()))
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
    // One chart per unit with posts, each bar labelled with its count.
    assert_eq!(html.matches("<svg role=\"img\"").count(), 5);
    assert!(
        html.contains("aria-label=\"Số tin, bài theo tháng của Phòng Văn hóa và Thông tin huyện\"")
    );
    assert_eq!(html.matches("<rect class=\"bar\"").count(), 5 * 12);
    assert!(html.contains(
        "<tfoot><tr><th scope=\"row\">Cộng (không tính trùng)</th><td class=\"n\">8</td>"
    ));
    assert!(html.contains("<li>Đài Phát thanh - Truyền hình</li>"));
}

#[test]
fn bad_arguments_get_vietnamese_errors_with_hints() {
    let cases: &[(&[&str], &str)] = &[
        (&["--period", "2021"], "lỗi: kỳ báo cáo `2021` không có trong site.yaml\n  gợi ý: bạn có định viết `2022`?"),
        (&["--period", "x"], "lỗi: kỳ báo cáo `x` không có trong site.yaml\n  gợi ý: các mã có: 2022, q1-2023"),
        (&[], "lỗi: chưa chọn kỳ báo cáo\n  gợi ý: dùng --period q1-2023 (các kỳ trong site.yaml: 2022, q1-2023) hoặc --from/--to"),
        (&["--from", "1/1/2022"], "lỗi: cần cả --from và --to"),
        (&["--period", "2022", "--from", "1/1/2022", "--to", "2/1/2022"], "lỗi: dùng --period hoặc --from/--to, không dùng cả hai"),
        (&["--from", "31/12/2022", "--to", "1/1/2022"], "lỗi: --from (31/12/2022) sau --to (01/01/2022)\n  gợi ý: đổi chỗ hai ngày"),
        (&["--from", "32/1/2022", "--to", "1/2/2022"], "lỗi: ngày `32/1/2022` của --from không hợp lệ"),
        (&["--from", "hôm qua", "--to", "1/2/2022"], "lỗi: ngày `hôm qua` của --from không hợp lệ"),
        (&["--period", "2022", "--unit", "huyn"], "lỗi: đơn vị `huyn` không có trong units.yaml\n  gợi ý: bạn có định viết `huyen`?"),
        (&["--period", "2022", "--topic", "cdx"], "lỗi: chủ đề `cdx` (--topic) không có trong site.yaml\n  gợi ý: bạn có định viết `cds`?"),
        (&["--period", "2022", "--kind", "video"], "lỗi: hình thức `video` (--kind) không có trong site.yaml\n  gợi ý: các mã có: tin, bai, anh"),
        (&["--period", "2022", "--tag", "17-diem"], "lỗi: không có bài nào gắn thẻ `17-diem`\n  gợi ý: bạn có định viết `17-diem-khac-nhau`?"),
        (&["--period", "2022", "--section", "tin-tc"], "lỗi: không có chuyên mục `tin-tc`\n  gợi ý: bạn có định viết `tin-tuc`?"),
        (&["--period", "2022", "--section", "gioi-thieu"], "lỗi: chuyên mục `gioi-thieu` không được tính trong báo cáo\n  gợi ý: thêm `reportable: true`"),
        (&["--period", "2022", "--format", "pdf"], "lỗi: định dạng `pdf` không được hỗ trợ\n  gợi ý: chọn một trong: table, md, csv, json, xlsx, html"),
        (&["--period", "2022", "--format", "xlsx"], "lỗi: định dạng xlsx cần tệp đầu ra\n  gợi ý: thêm -o bao-cao.xlsx"),
    ];
    for (args, expected) in cases {
        let o = report(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
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
    // Several wrong arguments are all reported in one run.
    let o = report(&["--period", "2022", "--unit", "x", "--kind", "y"]);
    let err = stderr(&o);
    assert!(
        err.contains("đơn vị `x`") && err.contains("hình thức `y`"),
        "{err}"
    );
    // A number that is not one is clap's to refuse: a wrong command line, status 2.
    let o = report(&["--period", "2022", "--highlights", "-1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
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
