#!/bin/bash
# Installs realmfs-builder: the jar and the launcher into $SHARE_DIR (default /usr/share/realmfs-builder)
# and a symlink to the launcher into $BIN_DIR (default /usr/local/bin). $DESTDIR prefixes both, for
# packaging.
#
#   install.sh [path/to/realmfs-builder.jar]
#
# Without an argument the jar is taken from next to this script (an unpacked distribution), else from
# the module's target directory (a source tree after 'mvn package').
set -euo pipefail

readonly JAR_NAME=realmfs-builder.jar
readonly BIN_DIR="${BIN_DIR:-/usr/local/bin}"
readonly SHARE_DIR="${SHARE_DIR:-/usr/share/realmfs-builder}"
readonly DESTDIR="${DESTDIR:-}"

here="$(dirname "$(readlink -f "$0")")"

find_jar() {
    if [[ $# -gt 0 ]]; then
        echo "$1"
        return 0
    fi
    local candidate
    for candidate in "$here/$JAR_NAME" "$here/../../../target/$JAR_NAME"; do
        if [[ -r "$candidate" ]]; then
            readlink -f "$candidate"
            return 0
        fi
    done
    echo "install.sh: no $JAR_NAME next to this script or in realmfs-cli/target: run 'mvn -pl realmfs-cli -am package' or pass the jar's path" >&2
    exit 2
}

jar="$(find_jar "$@")"
if [[ ! -r "$jar" ]]; then
    echo "install.sh: $jar is not a readable file" >&2
    exit 2
fi

install -D -m 0644 "$jar" "$DESTDIR$SHARE_DIR/$JAR_NAME"
install -D -m 0755 "$here/realmfs-builder" "$DESTDIR$SHARE_DIR/realmfs-builder"
install -d -m 0755 "$DESTDIR$BIN_DIR"
# The symlink points at the final location (without DESTDIR); the launcher resolves it to find the jar.
ln -sfn "$SHARE_DIR/realmfs-builder" "$DESTDIR$BIN_DIR/realmfs-builder"
echo "Installed $DESTDIR$SHARE_DIR/$JAR_NAME and $DESTDIR$BIN_DIR/realmfs-builder"
