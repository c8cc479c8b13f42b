//! The core's build script: the built-in themes are embedded with include_dir!, which
//! cannot tell cargo which files it read on stable Rust; this makes an edit under
//! assets/themes (or the sample) rebuild the crate.

fn main() {
    println!("cargo:rerun-if-changed=../../assets/themes");
    println!("cargo:rerun-if-changed=../../assets/sample");
}
