//! Build script of the desktop app: compiles the Tauri context from the root
//! `tauri.conf.json` and the capabilities under `src-tauri/capabilities/`.

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"))
        .expect("tauri-build failed");
}
