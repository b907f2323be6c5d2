#!/usr/bin/env bash
# Atmo Edge installer for Raspberry Pi OS / Debian (arm64, armhf, x64).
#
#   sudo ./install.sh --from atmo-edge-<version>-<rid>.tar.gz   install or upgrade from a release archive
#   sudo ./install.sh --from atmo-edge_<version>_<arch>.deb     the same from the Debian package (via apt)
#   sudo ./install.sh                 in an unpacked release archive: install that release; in a checkout
#                                     of the source: build a release for this machine, then install it
#   sudo ./install.sh --uninstall     remove the program and the service, keep data and config
#   sudo ./install.sh --uninstall --purge   remove data, config and the user as well
#   ./install.sh --prefix DIR         install below DIR, without systemd or a system user (containers, tests)
#   ./install.sh --dry-run            print what would be done, change nothing
set -euo pipefail

readonly SERVICE=atmo-edge
readonly SERVICE_USER=atmo
readonly SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly DEFAULT_URLS="http://0.0.0.0:5080"

prefix=""
from=""
use_systemd=1
dry_run=0
action=install
purge=0
urls=""
cloud_key_file=""

usage() { sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; cat <<'EOF'
Options:
  --from FILE         install this release archive (.tar.gz), Debian package (.deb) or unpacked release
                      folder instead of building from source: no .NET SDK and no npm needed
  --prefix DIR        install below DIR instead of /; implies --no-systemd and never touches system
                      users, groups or units
  --no-systemd        do not install or start the systemd unit, do not create the service user
  --urls URL          where the API listens (default http://0.0.0.0:5080, the local network)
  --cloud-key-file F  copy an Atmotube Cloud API key from file F (turns cloud sync on)
  --uninstall         remove the installation (data and config stay unless --purge)
  --purge             with --uninstall: also remove data, config and the service user
  --dry-run           print the actions without doing them
  -h, --help          this text
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="${2:?--from needs a release archive, a Debian package or a release folder}"; shift 2 ;;
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --no-systemd) use_systemd=0; shift ;;
    --urls) urls="${2:?--urls needs a URL}"; shift 2 ;;
    --cloud-key-file) cloud_key_file="${2:?--cloud-key-file needs a file}"; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    --purge) purge=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$prefix" ] && [ -d "$prefix" ]; then prefix="$(cd "$prefix" && pwd)"; fi
# An installation below a folder is never the system's: no service user, no group, no unit.
[ -z "$prefix" ] || use_systemd=0
# Run from an unpacked release archive (it holds atmo-edge.release), the installer installs that release.
if [ -z "$from" ] && [ -f "$SOURCE_DIR/atmo-edge.release" ]; then from="$SOURCE_DIR"; fi
if [ -n "$from" ]; then
  [ -e "$from" ] || { echo "install.sh: --from '$from' does not exist" >&2; exit 2; }
  from="$(cd "$(dirname "$from")" && pwd)/$(basename "$from")"
fi

readonly OPT_DIR="$prefix/opt/atmo-edge"
readonly CONFIG_DIR="$prefix/etc/atmo-edge"
readonly DATA_DIR="$prefix/var/lib/atmo-edge"
readonly UNIT_FILE="$prefix/etc/systemd/system/$SERVICE.service"
readonly DBUS_POLICY="$prefix/etc/dbus-1/system.d/atmo-edge-bluez.conf"

say()  { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
run()  { if [ $dry_run -eq 1 ]; then printf '+ %s\n' "$*"; else "$@"; fi; }

# --- prerequisites -----------------------------------------------------------------------------

check_prerequisites() {
  local missing=0
  if [ $use_systemd -eq 1 ] && [ "$(id -u)" -ne 0 ]; then
    die "run as root (sudo ./install.sh), or use --prefix DIR for a user install"
  fi
  if [ $use_systemd -eq 1 ] && ! command -v systemctl >/dev/null; then
    die "systemd is not available here; use --no-systemd (and start $OPT_DIR/current/atmo-edge yourself)"
  fi
  if [ -n "$from" ]; then
    :  # a release carries its own .NET runtime and its built dashboard
  elif ! command -v dotnet >/dev/null; then
    warn "the .NET 10 SDK is needed to build; or install a release: --from atmo-edge-<version>-$(runtime_id).tar.gz"
    missing=1
  elif ! dotnet --list-sdks | grep -q '^10\.'; then
    warn "the .NET 10 SDK is needed to build; found: $(dotnet --list-sdks | tr '\n' ' ')"
    missing=1
  fi
  if ! command -v bluetoothctl >/dev/null; then
    warn "BlueZ is not installed: apt-get install bluez (the gateway serves stored data without it)"
  fi
  if ! ls /sys/class/bluetooth/hci* >/dev/null 2>&1; then
    warn "no Bluetooth adapter found (/sys/class/bluetooth is empty): plug in a dongle or enable the on-board radio"
  fi
  if command -v rfkill >/dev/null && rfkill list bluetooth 2>/dev/null | grep -q 'blocked: yes'; then
    warn "Bluetooth is blocked by rfkill: run 'rfkill unblock bluetooth'"
  fi
  [ $missing -eq 0 ] || die "prerequisites missing (see above); nothing was changed"
}

# The build runs npm ci and node for the dashboard (src/Atmo.Dashboard): install Node.js and npm where missing.
ensure_node() {
  command -v npm >/dev/null && command -v node >/dev/null && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "Installing Node.js and npm (the build uses them for the dashboard)"
    run apt-get update -qq
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
  else
    die "Node.js 18 or later with npm is needed to build the dashboard: sudo apt-get install nodejs npm; nothing was changed"
  fi
}

runtime_id() {
  case "$(uname -m)" in
    x86_64) echo linux-x64 ;;
    aarch64|arm64) echo linux-arm64 ;;
    armv7l) echo linux-arm ;;
    *) die "unsupported machine '$(uname -m)': .NET runs on x64, arm64 and armv7 (not on ARMv6 such as the Pi Zero W)" ;;
  esac
}

# Installed from the Debian package, the package manager owns the installation.
package_installed() {
  command -v dpkg-query >/dev/null && dpkg-query -W -f='${Status}' "$SERVICE" 2>/dev/null | grep -q 'ok installed'
}

# --- install -----------------------------------------------------------------------------------

# Builds this machine's release archive into folder $1 with packaging/build-release.sh, which works in a
# temporary copy of the sources (the checkout gets no bin/, obj/ or node_modules/) and restores in locked
# mode. Under sudo the build runs as the invoking user, not as root. Prints the archive's path.
build_archive() {
  local out=$1 as_user=()
  if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
    as_user=(runuser -u "$SUDO_USER" -- env HOME="$(getent passwd "$SUDO_USER" | cut -d: -f6)" PATH="$PATH")
    run chown "$SUDO_USER" "$out" >&2
  fi
  say "Building a self-contained release for $(runtime_id) (this takes a few minutes on a Pi)" >&2
  run "${as_user[@]}" bash "$SOURCE_DIR/packaging/build-release.sh" --rid "$(runtime_id)" --no-deb --out "$out" >&2
  if [ $dry_run -eq 1 ]; then echo "$out/atmo-edge-<version>-$(runtime_id).tar.gz"; else ls "$out"/atmo-edge-*.tar.gz; fi
}

# The release note (atmo-edge.release) of an archive or of an unpacked release.
release_note() {
  if [ -d "$1" ]; then cat "$1/atmo-edge.release"; else tar -xzOf "$1" --wildcards '*/atmo-edge.release'; fi
}

# Before anything changes: the artefact is a release, and one for this machine.
check_release() {
  local note rid
  note=$(release_note "$1" 2>/dev/null) || die "$1 is not an Atmo Edge release (it holds no atmo-edge.release); nothing was changed"
  rid=$(sed -n 's/^rid=//p' <<<"$note")
  [ "$rid" = "$(runtime_id)" ] || die "$1 is built for $rid, this machine needs $(runtime_id); nothing was changed"
  say "Installing Atmo Edge $(sed -n 's/^version=//p' <<<"$note") ($rid) from $1"
}

unpack_release() {
  local artefact=$1 target=$2
  run mkdir -p "$target"
  if [ -d "$artefact" ]; then
    run cp -a "$artefact/." "$target/"
  else
    run tar -xzf "$artefact" -C "$target" --strip-components=1 --no-same-owner
  fi
}

# The Debian package installs system-wide through apt, which brings its dependencies; its maintainer
# scripts create the user, the folders and the key, and start the service.
install_deb() {
  [ -z "$prefix" ] || die "a Debian package installs system-wide: use the release archive (.tar.gz) with --prefix"
  [ -z "$urls$cloud_key_file" ] \
    || die "--urls and --cloud-key-file apply to a release archive; with the Debian package edit /etc/atmo-edge/appsettings.json (docs/install.md)"
  [ "$(id -u)" -eq 0 ] || die "run as root: sudo ./install.sh --from $from"
  if command -v apt-get >/dev/null; then
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y "$from"
  else
    run dpkg -i "$from"
  fi
  if [ $dry_run -eq 0 ] && [ -d /run/systemd/system ]; then
    wait_until_ready || die "the service did not become ready: journalctl -u $SERVICE -n 50 tells why"
  fi
}

create_user() {
  [ $use_systemd -eq 1 ] || return 0
  getent group bluetooth >/dev/null || run groupadd --system bluetooth
  if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    say "Creating system user '$SERVICE_USER' in group 'bluetooth'"
    run useradd --system --user-group --no-create-home --home-dir "$DATA_DIR" \
      --shell /usr/sbin/nologin --groups bluetooth "$SERVICE_USER"
  else
    run usermod -a -G bluetooth "$SERVICE_USER"
  fi
}

owner() { [ $use_systemd -eq 1 ] && run chown "$@"; return 0; }

# Escapes a value for the replacement side of a sed s#...#...# command.
sed_value() { printf '%s' "$1" | sed -e 's/[\\&#]/\\&/g'; }

write_config() {
  local template=$1
  run install -d -m 0755 "$CONFIG_DIR"
  run install -d -m 0750 "$DATA_DIR"
  owner "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR"
  if [ ! -s "$CONFIG_DIR/api-key" ]; then
    say "Generating the local API key in $CONFIG_DIR/api-key"
    if [ $dry_run -eq 0 ]; then
      (umask 077; head -c 30 /dev/urandom | base64 | tr -d '/+=\n' > "$CONFIG_DIR/api-key")
    else
      run write-random-key "$CONFIG_DIR/api-key"
    fi
  fi
  run chmod 0600 "$CONFIG_DIR/api-key"
  owner "$SERVICE_USER:$SERVICE_USER" "$CONFIG_DIR/api-key"
  if [ -n "$cloud_key_file" ]; then
    [ -s "$cloud_key_file" ] || die "--cloud-key-file '$cloud_key_file' is empty or missing"
    run install -m 0600 "$cloud_key_file" "$CONFIG_DIR/cloud-api-key"
    owner "$SERVICE_USER:$SERVICE_USER" "$CONFIG_DIR/cloud-api-key"
  fi
  if [ -f "$CONFIG_DIR/appsettings.json" ]; then
    say "Keeping your configuration $CONFIG_DIR/appsettings.json"
    return 0
  fi
  say "Writing the configuration $CONFIG_DIR/appsettings.json (edit it, then restart the service)"
  if [ $dry_run -eq 1 ]; then printf '+ write %s\n' "$CONFIG_DIR/appsettings.json"; return 0; fi
  # The release's default settings (the Debian package's conffile), with this installation's folders and URLs.
  local devices='"Devices": []'
  [ -z "$cloud_key_file" ] || devices+=',\n  "Cloud": { "ApiKeyFile": "'"$(sed_value "$CONFIG_DIR")"'/cloud-api-key" }'
  sed -e "s#/etc/atmo-edge#$(sed_value "$CONFIG_DIR")#g" -e "s#/var/lib/atmo-edge#$(sed_value "$DATA_DIR")#g" \
      -e "s#\"Urls\": \"[^\"]*\"#\"Urls\": \"$(sed_value "${urls:-$DEFAULT_URLS}")\"#" -e "s#\"Devices\": \[\]#$devices#" \
    "$template" > "$CONFIG_DIR/appsettings.json"
  chmod 0644 "$CONFIG_DIR/appsettings.json"
}

install_dbus_policy() {
  local policy=$1
  # Debian and Raspberry Pi OS let group "bluetooth" talk to BlueZ; add that rule only where it is missing.
  if grep -qs 'policy group="bluetooth"' /etc/dbus-1/system.d/bluetooth.conf /usr/share/dbus-1/system.d/bluetooth.conf; then
    return 0
  fi
  say "Allowing group 'bluetooth' to use BlueZ over D-Bus ($DBUS_POLICY)"
  run install -D -m 0644 "$policy" "$DBUS_POLICY"
  if [ $use_systemd -eq 1 ]; then run systemctl reload dbus || warn "could not reload D-Bus; reboot to apply the policy"; fi
}

wait_until_ready() {
  local url="${urls:-$DEFAULT_URLS}" code=""
  url="${url/0.0.0.0/127.0.0.1}"
  url="${url%%;*}"
  for _ in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz" 2>/dev/null || true)
    case "$code" in 200|503) break ;; esac
    sleep 2
  done
  case "$code" in
    200) say "Atmo Edge is ready" ;;
    503) warn "Atmo Edge runs but reports not ready: curl $url/readyz tells why" ;;
    *) return 1 ;;
  esac
}

install_service() {
  local unit=$1
  say "Installing the systemd unit $UNIT_FILE"
  run install -D -m 0644 "$unit" "$UNIT_FILE"
  run systemctl daemon-reload
  run systemctl enable "$SERVICE" >/dev/null
  say "Starting $SERVICE"
  run systemctl restart "$SERVICE"
}

# Points OPT_DIR/$1 at $2 with one rename, so that no one ever sees the link missing.
switch_link() {
  run ln -sfn "$2" "$OPT_DIR/$1.new"
  run mv -T "$OPT_DIR/$1.new" "$OPT_DIR/$1"
}

do_install() {
  if [ "${from##*.}" = deb ]; then install_deb; return 0; fi
  check_prerequisites
  if [ -z "$prefix" ] && package_installed; then
    die "Atmo Edge is installed from the Debian package: upgrade with sudo apt install ./atmo-edge_<version>_<arch>.deb, or remove it first (sudo apt remove $SERVICE)"
  fi
  local artefact="$from" stamp release previous="" last_ready=""
  if [ -z "$artefact" ]; then
    ensure_node
    build_dir=$(mktemp -d -p "${TMPDIR:-/var/tmp}" atmo-edge-install.XXXXXX)
    trap 'rm -rf "$build_dir"' EXIT
    artefact=$(build_archive "$build_dir")
  fi
  if [ -n "$from" ] || [ $dry_run -eq 0 ]; then check_release "$artefact"; fi
  stamp=$(date -u +%Y%m%d%H%M%S)
  [ ! -e "$OPT_DIR/releases/$stamp" ] || stamp+="-$$"  # a second install within the same second
  release="$OPT_DIR/releases/$stamp"
  [ -L "$OPT_DIR/current" ] && previous=$(readlink "$OPT_DIR/current")
  [ -L "$OPT_DIR/last-ready" ] && last_ready=$(readlink "$OPT_DIR/last-ready")

  # Everything before the switch leaves the previous installation untouched.
  run mkdir -p "$OPT_DIR/releases"
  unpack_release "$artefact" "$release.partial"
  run mv "$release.partial" "$release"
  create_user
  write_config "$release/deploy/appsettings.json"
  install_dbus_policy "$release/deploy/atmo-edge-bluez.conf"

  say "Switching $OPT_DIR/current to releases/$stamp"
  switch_link current "releases/$stamp"

  if [ $use_systemd -eq 1 ]; then
    if ! install_service "$release/deploy/atmo-edge.service" || { [ $dry_run -eq 0 ] && ! wait_until_ready; }; then
      if [ -n "$previous" ]; then
        warn "the new release did not start; going back to $previous"
        switch_link current "$previous"
        run systemctl restart "$SERVICE" || true
      fi
      die "the service did not become ready: journalctl -u $SERVICE -n 50 tells why"
    fi
  fi
  # Without systemd nothing here starts the release: switched is as ready as it gets.
  switch_link last-ready "releases/$stamp"
  prune_releases "$previous" "$last_ready"

  if [ $dry_run -eq 1 ]; then say "Dry run: nothing was changed"; return 0; fi
  local url="${urls:-$DEFAULT_URLS}"
  url="${url/0.0.0.0/$(hostname -I 2>/dev/null | awk '{print $1}')}"
  cat <<EOF

Atmo Edge is installed.
  Dashboard:     ${url%%;*}/ (asks once for the API key)
  API:           ${url%%;*}/api/v1/data?api_key=\$(cat $CONFIG_DIR/api-key)&mac=AA:BB:CC:DD:EE:FF
  API key:       $CONFIG_DIR/api-key (readable only by the service user)
  Configuration: $CONFIG_DIR/appsettings.json
  Data:          $DATA_DIR
Next steps:
  - add your devices under "Devices" in the configuration (or keep Ble:AutoDiscover on)
EOF
  if [ $use_systemd -eq 1 ]; then
    echo "  - after editing the configuration: systemctl restart $SERVICE; logs: journalctl -u $SERVICE -f"
  else
    echo "  - start it: ATMO_EDGE_SETTINGS=$CONFIG_DIR/appsettings.json $OPT_DIR/current/atmo-edge"
  fi
}

# Keeps the new release, the one it replaced ($1, for a manual roll-back) and the one that was last ready
# before ($2): neither a failed upgrade nor one cut short (power lost before it became ready) costs the
# last good release. Failed and older releases go.
prune_releases() {
  [ $dry_run -eq 0 ] || return 0
  local keep=" $(readlink "$OPT_DIR/current") $1 $2 "
  for dir in "$OPT_DIR"/releases/*; do
    [[ "$keep" == *" releases/$(basename "$dir") "* ]] || rm -rf "$dir"
  done
}

# --- uninstall ---------------------------------------------------------------------------------

do_uninstall() {
  if [ $use_systemd -eq 1 ] && [ "$(id -u)" -ne 0 ]; then die "run as root (sudo ./install.sh --uninstall)"; fi
  if [ -z "$prefix" ] && package_installed; then
    die "Atmo Edge is installed from the Debian package: sudo apt remove $SERVICE (apt purge $SERVICE also removes data, configuration and the user)"
  fi
  if [ $use_systemd -eq 1 ] && [ -f "$UNIT_FILE" ]; then
    say "Stopping and removing the service"
    run systemctl disable --now "$SERVICE" || true
    run rm -f "$UNIT_FILE"
    run systemctl daemon-reload
  fi
  run rm -rf "$OPT_DIR"
  run rm -f "$DBUS_POLICY"
  if [ $purge -eq 1 ]; then
    say "Purging data ($DATA_DIR) and configuration ($CONFIG_DIR)"
    run rm -rf "$DATA_DIR" "$CONFIG_DIR"
    if [ $use_systemd -eq 1 ] && id "$SERVICE_USER" >/dev/null 2>&1; then run userdel "$SERVICE_USER"; fi
  else
    say "Kept data in $DATA_DIR and configuration in $CONFIG_DIR (remove them with --uninstall --purge)"
  fi
  say "Atmo Edge is uninstalled"
}

case "$action" in
  install) do_install ;;
  uninstall) do_uninstall ;;
esac
