# Sourced by .ci/start and .ci/test: installs what is missing, and only that.
# As root it installs system packages with apt-get; otherwise it prints the exact command.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# What building, running and testing a Tauri 2 app needs on Debian/Ubuntu
# (see ../shared/tauri-notes.md): WebKitGTK and GTK headers, Xvfb and the WebKit WebDriver,
# xdotool for the system dialogs, and D-Bus for a test's own session bus (a second launch
# finds the open window through it).
SYSTEM_PACKAGES=(
  build-essential pkg-config curl file libssl-dev libxdo-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libsoup-3.0-dev
  xvfb xauth webkit2gtk-driver hunspell-en-us xdotool dbus
)

ensure_system_packages() {
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    log "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Masthead needs these system packages. Install them, then run this again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "Masthead needs a Rust toolchain (1.85 or newer) with cargo; install it with rustup, then run this again." >&2
    exit 1
  fi
}

ensure_ui_packages() {
  # Only when the lock file changed since the last install. `npm install` rather than
  # `npm ci`: npm 11 writes only this platform's optional packages (esbuild, rollup,
  # the Tauri CLI binary) into the lock, and `npm ci` then calls the lock out of sync.
  # With the lock present, `npm install` installs exactly the locked versions.
  local stamp="$ROOT/ui/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/ui/package-lock.json" -nt "$stamp" ]; then
    log "installing UI packages"
    (cd "$ROOT/ui" && npm install --no-audit --no-fund --loglevel=error)
  fi
}

build_ui() {
  log "building the UI"
  (cd "$ROOT/ui" && npm run --silent build)
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    log "installing tauri-driver (cargo install, about a minute)"
    # Without --version ^2 cargo picks a 3.0 alpha.
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
}
