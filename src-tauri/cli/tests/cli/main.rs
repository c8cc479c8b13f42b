//! The `masthead-cli` contract that scripts and other tools rely on: the real binary run on
//! real library files, read back through `masthead_core`.
//!
//! - `library`: init, issues, publications, images, search, `db check`, help, a closed
//!   pipe, exit codes
//! - `export`: every export format, import, backup and restore, settings, the web archive
//! - `links`: `link-meta` offline and online, the inbox, imports, feeds
//! - `publish`: targets, drafts, sends and schedules, each service served on loopback

mod export;
mod library;
mod links;
mod publish;

use std::path::{Path, PathBuf};
use std::process::Output;

use masthead_core::Store;
use masthead_test_support::cli as runner;

/// Runs `masthead-cli` on the library in `dir`.
pub fn cli(dir: &Path, args: &[&str]) -> Output {
    runner::run(env!("CARGO_BIN_EXE_masthead-cli"), dir, &[], args)
}

/// [`cli`] with environment variables set (a target's key, a timeout).
pub fn cli_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    runner::run(env!("CARGO_BIN_EXE_masthead-cli"), dir, env, args)
}

/// [`cli`] with `input` on standard input.
pub fn cli_input(dir: &Path, args: &[&str], input: &str) -> Output {
    runner::run_with_input(env!("CARGO_BIN_EXE_masthead-cli"), dir, args, input)
}

/// What a command that must work printed (it fails the test with the command's error).
pub fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// What a command said on standard error.
pub fn stderr(o: &Output) -> String {
    runner::stderr(o)
}

/// A library made through the command line: `init --sample`, then the publication's
/// sender, unsubscribe link and postal address set with `settings set`; opened for the
/// test to read what the commands kept.
pub fn library() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init", "--sample"]));
    let settings = [
        ("publication.name", "The Tide Table"),
        ("publication.author", "Ines Moreau"),
        ("publication.sign_off", "— Ines"),
        ("publication.sender", "The Tide Table <letters@tidetable.example>"),
        ("publication.unsubscribe_url", "https://tidetable.example/leave?u=7"),
        ("publication.postal_address", "1 Harbour Road, Portside"),
    ];
    for (key, value) in settings {
        stdout(&cli(dir.path(), &["settings", "set", key, value]));
    }
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

/// The repository's fixture folder `tests/fixtures/<name>`.
pub fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}
