// The built-in themes are embedded with include_dir!, which cannot tell cargo which files
// it read on stable Rust; this makes an edit under assets/themes rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=../../assets/themes");
    println!("cargo:rerun-if-changed=../../assets/sample");
}
