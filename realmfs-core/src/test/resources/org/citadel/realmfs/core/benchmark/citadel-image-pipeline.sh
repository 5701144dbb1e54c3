#!/bin/bash
# Citadel's own image pipeline (citadel-tool's realmfs image build), as a shell script on an ext4
# image: copy it, veritysetup format, sha256sum, a zero block in front, xz -T0, a header block.
# The header is a zero block here: signing 200 bytes takes no measurable time.
# Environment: EXT4 (the ext4 image), WORK (an empty directory), LEVEL (xz preset), OUTPUT (the image).
set -euo pipefail
cp --sparse=always "$EXT4" "$WORK/data.img"
veritysetup format "$WORK/data.img" "$WORK/verity-hash" > "$WORK/verity.txt"
sha256sum "$WORK/data.img" > "$WORK/sha256.txt"
{ head -c 4096 /dev/zero; cat "$WORK/data.img"; } | xz -T0 "-$LEVEL" > "$WORK/payload.xz"
{ head -c 4096 /dev/zero; cat "$WORK/payload.xz"; } > "$OUTPUT"
rm -f "$WORK/data.img" "$WORK/payload.xz"
