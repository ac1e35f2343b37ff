//! Transcripts of the command line's answers to mistakes, in Vietnamese, with their exit
//! statuses: every `tests/cmd/<name>.toml` runs the binary (in a copy of `<name>.in/`, the
//! site of that case, when the case may write) and compares stdout, stderr and the status
//! with what the file says. Only the binary is used, never the library.
//!
//! After an intended change: `TRYCMD=overwrite cargo test --test cli`, then read the diff of
//! `tests/cmd/` (overwriting keeps `[..]` and `[CWD]` where it can; check they are still there).

#[test]
fn cli() {
    trycmd::TestCases::new()
        .register_bin("loa", std::path::Path::new(env!("CARGO_BIN_EXE_loa")))
        .case("tests/cmd/*.toml");
}
