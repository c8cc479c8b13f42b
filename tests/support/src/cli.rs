//! Runs `masthead-cli` against a library folder, as a script would (no terminal: standard
//! input is empty).

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `exe --data-dir dir args…` with `env` added; waits for it. The caller's own
/// `MASTHEAD_DATA_DIR` is not passed on: the test's folder is the only library.
pub fn run(exe: &str, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    command(exe, dir, env, args).stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("cannot run {exe}: {e}"))
}

/// As [`run`], with `input` on standard input (a list piped in, a key).
pub fn run_with_input(exe: &str, dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = command(exe, dir, &[], args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {exe}: {e}"));
    child.stdin.take().expect("stdin is piped").write_all(input.as_bytes()).expect("writing the input");
    child.wait_with_output().expect("waiting for it")
}

fn command(exe: &str, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut c = Command::new(exe);
    c.arg("--data-dir").arg(dir).args(args).env_remove("MASTHEAD_DATA_DIR").envs(env.iter().copied());
    c
}

/// What it printed on standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What it printed on standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
