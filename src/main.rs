//! The `loa` command line. Every message is in Vietnamese: editors are Vietnamese civil servants.

use clap::error::{ContextKind, ErrorKind};
use clap::{ArgAction, Args, Parser, Subcommand};
use loa::base::diagnostic::{Diagnostic, Diagnostics};
use loa::build::{self, LinkPolicy};
use loa::model::BuildOptions;
use loa::search::rank::Filters;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const HELP_TEMPLATE: &str = "{about}\n\n{usage-heading} {usage}\n\n{all-args}\n";

#[derive(Parser)]
#[command(
    name = "loa",
    version,
    about = "loa – trình tạo trang tĩnh cho chiến dịch chuyển đổi số tỉnh Lai Châu",
    help_template = HELP_TEMPLATE,
    override_usage = "loa [--root THƯ_MỤC] <LỆNH>",
    subcommand_help_heading = "Các lệnh",
    next_help_heading = "Tùy chọn",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
struct Cli {
    /// Thư mục của site (chứa site.yaml, units.yaml và content/); mặc định: thư mục hiện tại
    #[arg(
        long,
        global = true,
        value_name = "THƯ_MỤC",
        default_value = ".",
        hide_default_value = true,
        display_order = 900
    )]
    root: PathBuf,
    /// In hướng dẫn này
    #[arg(short = 'h', long, action = ArgAction::Help, global = true, display_order = 901)]
    help: Option<bool>,
    /// In thêm nguyên văn thông báo của các thư viện (thường bằng tiếng Anh) dưới mỗi lỗi
    #[arg(long, global = true, display_order = 902)]
    verbose: bool,
    /// In phiên bản
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

/// What `build` and `check` build: for which address, with which links, which posts.
#[derive(Args)]
struct SiteArgs {
    /// Thay base_url của site.yaml, ví dụ http://127.0.0.1:8000/xem-thu/ (có thể có thư mục)
    #[arg(long, value_name = "ĐỊA_CHỈ")]
    base_url: Option<String>,
    /// Liên kết tương đối giữa các trang: bản sao mở được từ thư mục hay USB (file://)
    #[arg(long)]
    relative: bool,
    /// Gồm cả bài nháp và bài hẹn giờ đăng
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    /// The build's options; a `--base-url` that is not a web address is a wrong command line
    /// (exit status 2), reported before anything is built.
    fn options(self, command: &str, not_done: &str) -> Result<BuildOptions, ExitCode> {
        let base_url = match self
            .base_url
            .as_deref()
            .map(loa::input::config::parse_base_url)
        {
            Some(Err(e)) => {
                let e = Diagnostic::arg("--base-url", format!("--base-url {e}"))
                    .with_hint(loa::input::config::BASE_URL_HINT)
                    .usage();
                return Err(refuse(&e.into(), not_done, command));
            }
            ok => ok.and_then(Result::ok),
        };
        Ok(BuildOptions {
            drafts: self.drafts,
            base_url,
            relative: self.relative.then_some(true),
            ..BuildOptions::default()
        })
    }
}

#[derive(Subcommand)]
enum Command {
    /// Dựng toàn bộ site vào thư mục đầu ra (mặc định public/)
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Tùy chọn", override_usage = "loa build [--out THƯ_MỤC] [--base-url ĐỊA_CHỈ] [--relative] [--drafts]")]
    Build {
        /// Thư mục đầu ra; mặc định: public
        #[arg(
            long,
            value_name = "THƯ_MỤC",
            default_value = "public",
            hide_default_value = true
        )]
        out: PathBuf,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Kiểm tra toàn bộ nội dung và liên kết, không ghi gì
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Tùy chọn", override_usage = "loa check [--base-url ĐỊA_CHỈ] [--relative] [--drafts]")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Xem trước site trên máy này, tự dựng lại và tải lại trang khi lưu tệp
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Tùy chọn", override_usage = "loa serve [--bind 127.0.0.1] [--port 1111] [--drafts] [--poll]")]
    Serve {
        /// Địa chỉ mạng để phục vụ; mặc định 127.0.0.1 (chỉ máy này)
        #[arg(
            long,
            value_name = "ĐỊA_CHỈ",
            default_value = "127.0.0.1",
            hide_default_value = true
        )]
        bind: std::net::IpAddr,
        /// Cổng; mặc định 1111
        #[arg(
            long,
            value_name = "CỔNG",
            default_value_t = 1111,
            hide_default_value = true
        )]
        port: u16,
        /// Hiện cả bài nháp và bài hẹn giờ đăng
        #[arg(long)]
        drafts: bool,
        /// Dò thay đổi bằng cách đọc lại tệp mỗi nửa giây (khi ổ mạng không báo sự kiện)
        #[arg(long)]
        poll: bool,
    },
    /// Thống kê tin, bài theo đơn vị trong một kỳ báo cáo
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Tùy chọn", override_usage = "loa report [--period MÃ | --from NGÀY --to NGÀY] [--unit MÃ] [--topic MÃ] [--kind MÃ]\n                  [--tag THẺ] [--section TÊN] [--highlights N] [--format table|md|csv|json|xlsx|html] [-o TỆP]")]
    Report {
        #[command(flatten)]
        args: loa::report::Args,
        /// Định dạng: table (mặc định), md, csv, json, xlsx, html
        #[arg(long, value_name = "ĐỊNH_DẠNG")]
        format: Option<String>,
        /// Ghi vào tệp thay vì in ra màn hình (bắt buộc với xlsx)
        #[arg(short = 'o', long = "output", value_name = "TỆP")]
        output: Option<PathBuf>,
    },
    /// Tìm trong site như người đọc tìm ở trang /tim-kiem/
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Tùy chọn", override_usage = "loa search \"<TỪ_CẦN_TÌM>\" [--limit N] [--section MỤC] [--unit MÃ] [--year NĂM] [--json]")]
    Search {
        /// Từ cần tìm, có dấu hay không dấu; cụm từ trong ngoặc kép phải đứng liền nhau
        #[arg(value_name = "TỪ_CẦN_TÌM")]
        query: String,
        /// Số kết quả in ra; mặc định 10
        #[arg(
            long,
            value_name = "N",
            default_value_t = 10,
            hide_default_value = true
        )]
        limit: usize,
        /// Chỉ tìm trong một mục (thư mục trong content/), ví dụ tin-tuc
        #[arg(long, value_name = "MỤC")]
        section: Option<String>,
        /// Chỉ tìm bài của một đơn vị (mã trong units.yaml) và các đơn vị trực thuộc
        #[arg(long, value_name = "MÃ")]
        unit: Option<String>,
        /// Chỉ tìm bài đăng trong một năm
        #[arg(long, value_name = "NĂM")]
        year: Option<i32>,
        /// In kết quả dạng JSON
        #[arg(long)]
        json: bool,
    },
    /// Lấy tin, bài về chủ đề của chiến dịch từ nguồn tin trên trang web của các đơn vị
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Tùy chọn", override_usage = "loa import [--unit MÃ] [--file TỆP --unit MÃ] [--dry-run] [--timeout GIÂY]")]
    Import {
        /// Chỉ nhập nguồn tin của một đơn vị (mã trong units.yaml)
        #[arg(long, value_name = "MÃ")]
        unit: Option<String>,
        /// Nhập một tệp nguồn tin (RSS, Atom, JSON Feed) đơn vị gửi, thay vì tải về; cần --unit
        #[arg(long, value_name = "TỆP")]
        file: Option<PathBuf>,
        /// Chỉ cho biết sẽ thêm gì, không ghi tệp nào
        #[arg(long)]
        dry_run: bool,
        /// Thời gian chờ tối đa mỗi nguồn tin, tính bằng giây; mặc định 20
        #[arg(long, value_name = "GIÂY", allow_hyphen_values = true)]
        timeout: Option<String>,
    },
    /// Tạo bài mới với phần thông tin đầu bài
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Tùy chọn", override_usage = "loa new <MỤC> \"<TIÊU_ĐỀ>\" [--unit MÃ]")]
    New {
        /// Mục của trang (thư mục trong content/), ví dụ tin-tuc
        #[arg(value_name = "MỤC")]
        section: String,
        /// Tiêu đề bài, đặt trong ngoặc kép
        #[arg(value_name = "TIÊU_ĐỀ")]
        title: String,
        /// Mã đơn vị đăng bài (trong units.yaml)
        #[arg(long, value_name = "MÃ")]
        unit: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return clap_error(e),
    };
    loa::base::diagnostic::set_verbose(cli.verbose);
    let root = cli.root;
    if !root.is_dir() {
        let d = Diagnostics::from(
            Diagnostic::arg(
                "--root",
                format!("không có thư mục site `{}`", root.display()),
            )
            .with_hint("--root chỉ tới thư mục chứa site.yaml, units.yaml và content/ (mặc định: thư mục hiện tại)")
            .usage(),
        );
        d.eprint();
        return status(&d);
    }
    match cli.command {
        Command::Build { out, site } => match site.options("build", "Chưa dựng site") {
            Ok(opts) => build(&root, out, &opts),
            Err(status) => status,
        },
        Command::Check { site } => match site.options("check", "Chưa kiểm tra") {
            Ok(opts) => check(&root, &opts),
            Err(status) => status,
        },
        Command::Serve {
            bind,
            port,
            drafts,
            poll,
        } => {
            keep_freed_memory();
            // Everything is in memory: stopping loses nothing, so Ctrl-C just says goodbye.
            let _ = ctrlc::set_handler(|| {
                println!("\nĐã dừng loa serve.");
                std::process::exit(0);
            });
            let opts = loa::serve::ServeOptions {
                bind,
                port,
                drafts,
                poll,
            };
            match loa::serve::run(&root, &opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let d = Diagnostics::from(e);
                    d.eprint();
                    status(&d)
                }
            }
        }
        Command::Report {
            args,
            format,
            output,
        } => report(&root, &args, format.as_deref(), output.as_deref()),
        Command::New {
            section,
            title,
            unit,
        } => new(&root, &section, &title, unit.as_deref()),
        Command::Import {
            unit,
            file,
            dry_run,
            timeout,
        } => import(&root, unit, file, dry_run, timeout.as_deref()),
        Command::Search {
            query,
            limit,
            section,
            unit,
            year,
            json,
        } => {
            let filters = Filters {
                section,
                unit,
                year,
            };
            search(&root, &query, filters, limit, json)
        }
    }
}

/// `loa search`: answers from the index the build would publish; matched words in bold on a
/// terminal.
fn search(
    root: &std::path::Path,
    query: &str,
    filters: Filters,
    limit: usize,
    json: bool,
) -> ExitCode {
    use std::io::IsTerminal;
    match build::search::search(root, query, &filters, limit) {
        Ok((found, warnings)) => {
            warnings.eprint();
            let out = match (json, std::io::stdout().is_terminal()) {
                (true, _) => build::search::json(&found) + "\n",
                (false, true) => build::search::text(&found, query, "\x1b[1m", "\x1b[0m"),
                (false, false) => build::search::text(&found, query, "", ""),
            };
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(d) if d.has_usage_errors() => refuse(&d, "Chưa tìm", "search"),
        Err(d) => fail(&d, "Chưa tìm: nội dung có lỗi."),
    }
}

/// `loa import`: one line per unit on standard output, problems on standard error; exit
/// status 1 when a feed failed.
fn import(
    root: &std::path::Path,
    unit: Option<String>,
    file: Option<PathBuf>,
    dry_run: bool,
    timeout: Option<&str>,
) -> ExitCode {
    let timeout = match timeout.map(|t| t.trim().parse::<u64>()) {
        None => loa::import::DEFAULT_TIMEOUT,
        Some(Ok(s)) if (1..=3600).contains(&s) => std::time::Duration::from_secs(s),
        Some(_) => {
            let e = Diagnostic::arg(
                "--timeout",
                format!(
                    "--timeout `{}` không phải số giây hợp lệ",
                    timeout.unwrap_or_default()
                ),
            )
            .with_hint("một số nguyên từ 1 đến 3600, ví dụ --timeout 60")
            .usage();
            return refuse(&e.into(), "Chưa nhập", "import");
        }
    };
    let opts = loa::import::ImportOptions {
        unit,
        file,
        dry_run,
        timeout,
    };
    match loa::import::run(root, &opts) {
        Ok(outcome) => {
            for line in &outcome.lines {
                println!("{line}");
            }
            outcome.problems.eprint();
            let failed = outcome.problems.error_count();
            if failed > 0 {
                match dry_run {
                    true => eprintln!("Có {failed} lỗi (chạy thử: không ghi gì)."),
                    false => eprintln!(
                        "Có {failed} lỗi; những gì nhập được đã ghi, tệp cũ không mất gì."
                    ),
                }
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        // A wrong command line (2), or an argument naming what the site lacks (1).
        Err(d) if d.clone().into_iter().all(|x| x.file().is_none()) => {
            refuse(&d, "Chưa nhập", "import")
        }
        Err(d) => fail(&d, "Chưa nhập: cấu hình có lỗi."),
    }
}

/// `loa new`: writes the scaffold and says what is left to fill.
fn new(root: &std::path::Path, section: &str, title: &str, unit: Option<&str>) -> ExitCode {
    let now = chrono::Local::now().fixed_offset();
    match loa::new::new_post(root, section, title, unit, now) {
        Ok(created) => {
            let mut todo: Vec<String> = created
                .to_fill
                .iter()
                .map(|f| format!("chọn `{f}`"))
                .collect();
            todo.push("xóa dòng `draft: true` khi sẵn sàng đăng".into());
            println!(
                "Đã tạo {}. Bài đang ở dạng nháp: {}.",
                created.path.display(),
                todo.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(loa::new::NewError::Content(ds)) => {
            let mut d = Diagnostics::new();
            d.extend(ds);
            fail(&d, "Chưa tạo bài.")
        }
        Err(loa::new::NewError::Arg(e)) => refuse(&e.into(), "Chưa tạo bài", "new"),
    }
}

/// Exit status 2 when one of `d` is a command line that cannot mean anything, else 1.
fn status(d: &Diagnostics) -> ExitCode {
    if d.has_usage_errors() {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

/// Prints the problems of a command line, then what was not done and where the command's help
/// is.
fn refuse(d: &Diagnostics, not_done: &str, command: &str) -> ExitCode {
    d.eprint();
    eprintln!("{not_done}. Xem thêm: loa {command} --help");
    status(d)
}

/// `loa report`: checks the arguments against the site, then prints or writes the report.
fn report(
    root: &std::path::Path,
    args: &loa::report::Args,
    format: Option<&str>,
    output: Option<&std::path::Path>,
) -> ExitCode {
    use loa::report::{self, Format};
    // Every wrong argument is reported at once, those about the format too.
    let mut errors = Diagnostics::new();
    let format = Format::choose(format, output)
        .map_err(|e| errors.push(e))
        .ok();
    let (site, warnings) = match build::load_model(root, &BuildOptions::default()) {
        Ok(x) => x,
        Err(d) => {
            errors.eprint();
            fail(&d, "Chưa lập báo cáo: nội dung có lỗi.");
            return status(&errors);
        }
    };
    warnings.eprint();
    let query = report::Query::resolve(&site, args)
        .map_err(|e| errors.extend(e))
        .ok();
    let (Some(format), Some(query)) = (format, query) else {
        return refuse(&errors, "Chưa lập báo cáo", "report");
    };
    let rep = report::report(&site, &query);
    match report::render(&rep, &site, format) {
        Ok(bytes) => write_report(&rep, &bytes, output),
        Err(e) => {
            Diagnostics::from(Diagnostic::general(e)).eprint();
            ExitCode::FAILURE
        }
    }
}

/// Writes a rendered report to `output` and says what it holds, or prints it.
fn write_report(
    rep: &loa::report::Report,
    bytes: &[u8],
    output: Option<&std::path::Path>,
) -> ExitCode {
    match output {
        Some(path) => {
            // Written beside and renamed: a failed run leaves the previous report whole.
            if let Err(e) = loa::build::write::replace_file(path, bytes) {
                let d = Diagnostic::arg(
                    "-o",
                    format!(
                        "không ghi được {}: {}",
                        path.display(),
                        loa::base::diagnostic::io_error_vi(&e)
                    ),
                );
                Diagnostics::from(d).eprint();
                return ExitCode::FAILURE;
            }
            eprintln!(
                "Đã ghi báo cáo vào {}: {} đơn vị, {} tin, bài; {} đơn vị chưa có tin, bài.",
                path.display(),
                rep.units.len(),
                rep.totals.count,
                rep.missing.len()
            );
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            if out.write_all(bytes).and_then(|_| out.flush()).is_err() {
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn seconds(started: Instant) -> String {
    format!(
        "{} giây",
        loa::base::vi::number(started.elapsed().as_secs_f64(), 2)
    )
}

/// `loa build`: the whole site into `out`, swapped in only when it all succeeded.
fn build(root: &std::path::Path, out: PathBuf, opts: &BuildOptions) -> ExitCode {
    let started = Instant::now();
    let out = if out.is_absolute() {
        out
    } else {
        root.join(out)
    };
    match build::build_to_disk(root, &out, opts) {
        Ok(built) => {
            built.warnings.eprint();
            let pages = built
                .outputs
                .iter()
                .filter(|o| o.path().ends_with(".html"))
                .count();
            println!(
                "Đã dựng {pages} trang ({} tệp) vào {} trong {}.",
                built.outputs.len(),
                out.display(),
                seconds(started)
            );
            // The process ends now: the system takes the memory back faster than freeing
            // the site piece by piece.
            std::mem::forget(built);
            ExitCode::SUCCESS
        }
        Err(d) => fail(
            &out_folder_in_arg(d, &out),
            "Dựng site thất bại; thư mục đầu ra cũ được giữ nguyên.",
        ),
    }
}

/// The problems of a build with those of the output folder `out` placed in `--out`:
/// `build_to_disk` gives them the folder's path with line 1, column 1, but a folder typed on the
/// command line has no line or column.
fn out_folder_in_arg(d: Diagnostics, out: &std::path::Path) -> Diagnostics {
    d.into_iter()
        .map(|x| match x.file() {
            Some((path, _)) if path == out => x.in_arg("--out"),
            _ => x,
        })
        .collect()
}

/// `loa check`: every validation of a build, links as errors, nothing written.
fn check(root: &std::path::Path, opts: &BuildOptions) -> ExitCode {
    let started = Instant::now();
    match build::build_in_memory(root, opts, LinkPolicy::Fail) {
        Ok(built) => {
            built.warnings.eprint();
            println!(
                "Không có lỗi: {} bài, {} mục, mọi liên kết nội bộ đều tốt ({}).",
                built.site.pages.len(),
                built.site.sections.len(),
                seconds(started)
            );
            std::mem::forget(built);
            ExitCode::SUCCESS
        }
        Err(d) => fail(&d, "Kiểm tra phát hiện lỗi; chưa ghi gì."),
    }
}

fn fail(d: &Diagnostics, summary: &str) -> ExitCode {
    d.eprint();
    let (e, w) = (d.error_count(), d.warning_count());
    let warn = if w > 0 {
        format!(", {w} cảnh báo")
    } else {
        String::new()
    };
    eprintln!("{e} lỗi{warn}. {summary}");
    ExitCode::FAILURE
}

/// Prints clap's outcome in Vietnamese; help and version go to stdout with status 0.
fn clap_error(e: clap::Error) -> ExitCode {
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let suggestion = |k: ContextKind| match ctx(k) {
        s if s.is_empty() => s,
        s => format!(" (bạn có định gõ `{s}`?)"),
    };
    let msg = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = e.render().to_string().replace("Usage:", "Cách dùng:");
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            "thiếu lệnh: dùng `build`, `check`, `serve`, `report` hoặc `new`".to_string()
        }
        ErrorKind::InvalidSubcommand => format!(
            "lệnh `{}` không tồn tại{}",
            ctx(ContextKind::InvalidSubcommand),
            suggestion(ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "tùy chọn `{}` không tồn tại{}",
            ctx(ContextKind::InvalidArg),
            suggestion(ContextKind::SuggestedArg)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu tham số bắt buộc: {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // clap's own reasons are English: say what the option takes instead.
            let arg = ctx(ContextKind::InvalidArg);
            let takes = if arg.starts_with("--port") {
                ": cần một số cổng từ 1 đến 65535, ví dụ 1111"
            } else if arg.starts_with("--bind") {
                ": cần một địa chỉ IP, ví dụ 127.0.0.1"
            } else {
                ""
            };
            format!(
                "giá trị `{}` không hợp lệ cho {arg}{takes}",
                ctx(ContextKind::InvalidValue)
            )
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!(
                "tham số thừa hoặc mâu thuẫn: {}",
                ctx(ContextKind::InvalidArg)
            )
        }
        _ => "dòng lệnh không hợp lệ".to_string(),
    };
    let d = Diagnostics::from(Diagnostic::general(msg).usage());
    d.eprint();
    eprintln!(
        "\nCách dùng: loa [--root THƯ_MỤC] <build|check|serve|report|search|import|new> …\nXem thêm: loa --help"
    );
    status(&d)
}

/// mimalloc: the build allocates many small strings on every core, where the system
/// allocator spends a large share of the time (see the README's profile).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's option list (17 in mimalloc 2); the sys crate names
/// no constant, so a test checks that this option reads its documented default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// `serve` rebuilds every few seconds while an editor types: memory one rebuild frees is kept
/// for the next for a minute, instead of going back to the system after a second (mimalloc's
/// default) and being faulted in again page by page, which took about a tenth of a rebuild.
fn keep_freed_memory() {
    // SAFETY: setting an option is safe at any time; it takes effect at the next purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 60_000) };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc 3 purges freed memory after 1,000 ms unless told otherwise; another
        // option at this place would read another default.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reading an option is safe at any time.
            assert_eq!(
                unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) },
                1000
            );
        }
    }
}
