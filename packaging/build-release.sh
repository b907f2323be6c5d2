#!/usr/bin/env bash
# Builds the release artefacts of Atmo Edge on any Linux x64 machine with the .NET 10 SDK and npm:
# for each platform a self-contained archive atmo-edge-<version>-<rid>.tar.gz and a Debian package
# atmo-edge_<version>_<arch>.deb, and SHA256SUMS beside them. Details: docs/install.md.
#
#   packaging/build-release.sh                          every release platform, into artifacts/release/
#   packaging/build-release.sh --rid linux-arm64        one platform (repeat --rid for more)
#   packaging/build-release.sh --out DIR --no-deb       archives only, into DIR (install.sh builds this way)
#
# The build runs in a temporary copy of the sources: the checkout gets no bin/, obj/ or node_modules/.
# NuGet restores in locked mode (packages.lock.json) and npm with `npm ci` (package-lock.json).
set -euo pipefail

readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The release platforms have one home: RuntimeIdentifiers in src/Atmo.Edge/Atmo.Edge.csproj (the lock file
# holds their packages, so each can be restored in locked mode).
read -r -a RELEASE_RIDS <<<"$(sed -n 's:.*<RuntimeIdentifiers>\([^<]*\)</RuntimeIdentifiers>.*:\1:p' \
  "$REPO/src/Atmo.Edge/Atmo.Edge.csproj" | tr ';' ' ')"
readonly RELEASE_RIDS

rids=()
out="$REPO/artifacts/release"
make_deb=1

usage() { sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
die() { printf 'build-release.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rids+=("${2:?--rid needs one of: ${RELEASE_RIDS[*]}}"); shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --no-deb) make_deb=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
if [ ${#rids[@]} -eq 0 ]; then
  rids=("${RELEASE_RIDS[@]}")
  [[ " ${RELEASE_RIDS[*]} " == *" linux-arm "* ]] \
    || say "linux-arm (armhf) is not built: the NuGet feed serves no .NET runtime for it (docs/install.md)"
fi

deb_arch() {
  case "$1" in
    linux-x64) echo amd64 ;;
    linux-arm64) echo arm64 ;;
    linux-arm) echo armhf ;;
  esac
}
for rid in "${rids[@]}"; do
  [ -n "$(deb_arch "$rid")" ] || die "unknown platform '$rid': choose from ${RELEASE_RIDS[*]}"
  if [[ " ${RELEASE_RIDS[*]} " != *" $rid "* ]]; then
    [ "$rid" != linux-arm ] || die "linux-arm (armhf) cannot be built: the NuGet feed serves no .NET runtime packs for it
(Microsoft.NETCore.App.Runtime.linux-arm, Microsoft.AspNetCore.App.Runtime.linux-arm, Microsoft.NETCore.App.Host.linux-arm).
Where a feed serves them, add linux-arm to RuntimeIdentifiers in src/Atmo.Edge/Atmo.Edge.csproj and update the lock files (docs/install.md)."
    die "$rid is not a release platform: add it to RuntimeIdentifiers in src/Atmo.Edge/Atmo.Edge.csproj and update the lock files (docs/install.md)"
  fi
done

# The version has one home: <Version> in Directory.Build.props (it is also the assemblies' version).
version=$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$REPO/Directory.Build.props" | head -n 1)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([.~+][0-9A-Za-z.~+]*)?$ ]] \
  || die "no usable <Version> in Directory.Build.props (found '$version'); Debian needs it to start with a digit"

for tool in dotnet npm node tar gzip sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is needed (the .NET 10 SDK; Node.js 18+ with npm: apt-get install nodejs npm)"
done
[ $make_deb -eq 0 ] || command -v dpkg-deb >/dev/null || die "dpkg-deb is needed for the Debian packages (apt-get install dpkg), or use --no-deb"

# File times and archive metadata come from the last commit (or now, outside git), not from the build.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || date +%s)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "$out"
out="$(cd "$out" && pwd)"
work=$(mktemp -d -p "${TMPDIR:-/var/tmp}" atmo-edge-build.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Only what the build needs, without any build output a developer's tree may hold.
say "Copying the sources to $work/source"
mkdir "$work/source"
(cd "$REPO" && tar -cf - --exclude=bin --exclude=obj --exclude=node_modules --exclude=dist \
    Directory.Build.props Directory.Packages.props README.md install.sh deploy src \
  $(ls global.json NuGet.Config nuget.config 2>/dev/null || true)) | tar -C "$work/source" -xf -
readonly PROJECT="$work/source/src/Atmo.Edge/Atmo.Edge.csproj"

# The program's folder as `dotnet publish` leaves it, with owner-independent modes.
publish() {
  local rid=$1 app=$2
  # ReleaseRuntimeIdentifier (src/Atmo.Edge/Atmo.Edge.csproj) makes only atmo-edge platform-specific: the
  # libraries are built once for every platform, and their lock files need no per-platform section.
  dotnet restore "$PROJECT" -p:ReleaseRuntimeIdentifier="$rid" --locked-mode -nologo -v quiet
  dotnet publish "$PROJECT" -c Release -p:ReleaseRuntimeIdentifier="$rid" --no-restore --disable-build-servers \
    -p:DebugType=none -p:GenerateDocumentationFile=false -o "$app" -nologo -v quiet
  find "$app" -type d -exec chmod 0755 {} + && find "$app" -type f -exec chmod 0644 {} +
  chmod 0755 "$app/atmo-edge" "$app/createdump"
}

# atmo-edge-<version>-<rid>/: the program, its installer, the service files and a release note that
# install.sh checks before it installs (the platform must match the machine).
make_archive() {
  local rid=$1 app=$2 name="atmo-edge-$version-$rid"
  local stage="$work/$rid/$name"
  mkdir -p "$stage/deploy"
  cp -a "$app/." "$stage/"
  install -m 0755 "$work/source/install.sh" "$stage/install.sh"
  install -m 0644 "$work/source/README.md" "$stage/README.md"
  install -m 0644 "$work/source/deploy/"* "$stage/deploy/"
  printf 'version=%s\nrid=%s\n' "$version" "$rid" > "$stage/atmo-edge.release"
  tar -C "$work/$rid" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -cf - "$name" \
    | gzip -6n > "$out/$name.tar.gz"
  say "$out/$name.tar.gz"
}

# The Debian package: the program in /usr/lib/atmo-edge (Debian policy keeps packages out of /opt, which
# install.sh uses), the unit, the D-Bus policy, the default settings as a conffile, the maintainer scripts.
make_deb() {
  local rid=$1 app=$2 arch root
  arch=$(deb_arch "$rid")
  root="$work/$rid/deb"
  install -d "$root/DEBIAN" "$root/usr/lib" "$root/lib/systemd/system" "$root/usr/share/dbus-1/system.d" \
    "$root/etc/atmo-edge" "$root/usr/share/doc/atmo-edge" "$root/usr/share/lintian/overrides"
  cp -a "$app" "$root/usr/lib/atmo-edge"
  sed -e 's#/opt/atmo-edge/current/README.md#/usr/share/doc/atmo-edge/README.md.gz#' \
      -e 's#/opt/atmo-edge/current/#/usr/lib/atmo-edge/#' \
    "$work/source/deploy/atmo-edge.service" > "$root/lib/systemd/system/atmo-edge.service"
  install -m 0644 "$work/source/deploy/atmo-edge-bluez.conf" "$root/usr/share/dbus-1/system.d/"
  install -m 0644 "$work/source/deploy/appsettings.json" "$root/etc/atmo-edge/appsettings.json"
  install -m 0644 "$REPO/packaging/debian/copyright" "$root/usr/share/doc/atmo-edge/copyright"
  gzip -9n < "$work/source/README.md" > "$root/usr/share/doc/atmo-edge/README.md.gz"
  sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u -R -d "@$SOURCE_DATE_EPOCH")/" \
    "$REPO/packaging/debian/changelog" | gzip -9n > "$root/usr/share/doc/atmo-edge/changelog.gz"
  install -m 0644 "$REPO/packaging/debian/lintian-overrides" "$root/usr/share/lintian/overrides/atmo-edge"
  install -m 0755 "$REPO/packaging/debian/postinst" "$REPO/packaging/debian/prerm" "$REPO/packaging/debian/postrm" "$root/DEBIAN/"
  echo /etc/atmo-edge/appsettings.json > "$root/DEBIAN/conffiles"
  # For debsums; dpkg keeps the conffile's own checksum.
  (cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    > "$root/DEBIAN/md5sums"
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$root" | cut -f1)/" \
    "$REPO/packaging/debian/control" > "$root/DEBIAN/control"
  find "$root" -type d -exec chmod 0755 {} +
  dpkg-deb --root-owner-group -Zxz -z3 --build "$root" "$out/atmo-edge_${version}_$arch.deb" >/dev/null
  say "$out/atmo-edge_${version}_$arch.deb"
}

built=()
for rid in "${rids[@]}"; do
  say "Building atmo-edge $version for $rid"
  publish "$rid" "$work/$rid/app"
  make_archive "$rid" "$work/$rid/app"
  built+=("atmo-edge-$version-$rid.tar.gz")
  if [ $make_deb -eq 1 ]; then
    make_deb "$rid" "$work/$rid/app"
    built+=("atmo-edge_${version}_$(deb_arch "$rid").deb")
  fi
  rm -rf "${work:?}/$rid"
done

(cd "$out" && sha256sum -- "${built[@]}" > SHA256SUMS)
say "$out/SHA256SUMS"
(cd "$out" && du -h -- "${built[@]}")
