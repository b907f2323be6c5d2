#!/usr/bin/env bash
# Atmo Edge installer for Raspberry Pi OS / Debian (arm64, armhf, x64).
#
#   sudo ./install.sh                 install or upgrade in place, start the service
#   sudo ./install.sh --uninstall     remove the program and the service, keep data and config
#   sudo ./install.sh --uninstall --purge   remove data, config and the user as well
#   ./install.sh --prefix DIR --no-systemd  install below DIR without systemd (containers, tests)
#   ./install.sh --dry-run            print what would be done, change nothing
#
# Run it from a checkout of the source: it builds a self-contained release for this machine.
set -euo pipefail

readonly SERVICE=atmo-edge
readonly SERVICE_USER=atmo
readonly SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

prefix=""
use_systemd=1
dry_run=0
action=install
purge=0
urls="http://0.0.0.0:5080"
cloud_key_file=""

usage() { sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; cat <<'EOF'
Options:
  --prefix DIR        install below DIR instead of / (implies nothing else)
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
    die "run as root (sudo ./install.sh), or use --prefix DIR --no-systemd for a user install"
  fi
  if [ $use_systemd -eq 1 ] && ! command -v systemctl >/dev/null; then
    die "systemd is not available here; use --no-systemd (and start $OPT_DIR/current/atmo-edge yourself)"
  fi
  if ! command -v dotnet >/dev/null; then
    warn "the .NET 10 SDK is needed to build: https://learn.microsoft.com/dotnet/core/install/linux-debian"
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

# --- install -----------------------------------------------------------------------------------

build_release() {
  local release_dir=$1
  say "Building a self-contained release for $(runtime_id) (this takes a few minutes on a Pi)"
  run dotnet publish "$SOURCE_DIR/src/Atmo.Edge/Atmo.Edge.csproj" -c Release -r "$(runtime_id)" \
    --self-contained -p:DebugType=none -o "$release_dir" -v quiet -nologo
  run cp "$SOURCE_DIR/README.md" "$release_dir/README.md"
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

write_config() {
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
  local cloud=""
  [ -n "$cloud_key_file" ] && cloud=$',\n  "Cloud": { "ApiKeyFile": "'"$CONFIG_DIR"'/cloud-api-key" }'
  if [ $dry_run -eq 1 ]; then printf '+ write %s\n' "$CONFIG_DIR/appsettings.json"; return 0; fi
  cat > "$CONFIG_DIR/appsettings.json" <<EOF
{
  "Urls": "$urls",
  "Storage": { "Path": "$DATA_DIR/atmo-edge.db", "RetentionDays": 0 },
  "Api": { "KeyFile": "$CONFIG_DIR/api-key", "RateLimitPerMinute": 60 },
  "Ble": { "AutoDiscover": true },
  "History": { "IntervalMinutes": 60, "Acknowledge": true },
  "Devices": []$cloud
}
EOF
  chmod 0644 "$CONFIG_DIR/appsettings.json"
}

install_dbus_policy() {
  # Debian and Raspberry Pi OS let group "bluetooth" talk to BlueZ; add that rule only where it is missing.
  if grep -qs 'policy group="bluetooth"' /etc/dbus-1/system.d/bluetooth.conf /usr/share/dbus-1/system.d/bluetooth.conf; then
    return 0
  fi
  say "Allowing group 'bluetooth' to use BlueZ over D-Bus ($DBUS_POLICY)"
  run install -D -m 0644 "$SOURCE_DIR/deploy/atmo-edge-bluez.conf" "$DBUS_POLICY"
  if [ $use_systemd -eq 1 ]; then run systemctl reload dbus || warn "could not reload D-Bus; reboot to apply the policy"; fi
}

wait_until_ready() {
  local url="${urls/0.0.0.0/127.0.0.1}" code=""
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
  say "Installing the systemd unit $UNIT_FILE"
  run install -D -m 0644 "$SOURCE_DIR/deploy/atmo-edge.service" "$UNIT_FILE"
  run systemctl daemon-reload
  run systemctl enable "$SERVICE" >/dev/null
  say "Starting $SERVICE"
  run systemctl restart "$SERVICE"
}

do_install() {
  check_prerequisites
  ensure_node
  local stamp release previous=""
  stamp=$(date -u +%Y%m%d%H%M%S)
  release="$OPT_DIR/releases/$stamp"
  [ -L "$OPT_DIR/current" ] && previous=$(readlink "$OPT_DIR/current")

  # Everything before the switch leaves the previous installation untouched.
  run mkdir -p "$OPT_DIR/releases"
  build_release "$release.partial"
  run mv "$release.partial" "$release"
  create_user
  write_config
  install_dbus_policy

  say "Switching $OPT_DIR/current to releases/$stamp"
  run ln -sfn "releases/$stamp" "$OPT_DIR/current.new"
  run mv -T "$OPT_DIR/current.new" "$OPT_DIR/current"

  if [ $use_systemd -eq 1 ]; then
    if ! install_service || { [ $dry_run -eq 0 ] && ! wait_until_ready; }; then
      if [ -n "$previous" ]; then
        warn "the new release did not start; going back to $previous"
        run ln -sfn "$previous" "$OPT_DIR/current.new"
        run mv -T "$OPT_DIR/current.new" "$OPT_DIR/current"
        run systemctl restart "$SERVICE" || true
      fi
      die "the service did not become ready: journalctl -u $SERVICE -n 50 tells why"
    fi
  fi
  prune_releases

  if [ $dry_run -eq 1 ]; then say "Dry run: nothing was changed"; return 0; fi
  local url="${urls/0.0.0.0/$(hostname -I 2>/dev/null | awk '{print $1}')}"
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

# Keep the current and the previous release, for a manual roll-back.
prune_releases() {
  [ $dry_run -eq 0 ] || return 0
  local keep
  keep=$(ls -1 "$OPT_DIR/releases" | grep -v '\.partial$' | sort | tail -n 2)
  for dir in "$OPT_DIR"/releases/*; do
    grep -qx "$(basename "$dir")" <<<"$keep" || rm -rf "$dir"
  done
}

# --- uninstall ---------------------------------------------------------------------------------

do_uninstall() {
  if [ $use_systemd -eq 1 ] && [ "$(id -u)" -ne 0 ]; then die "run as root (sudo ./install.sh --uninstall)"; fi
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
