#!/bin/bash
# The benchmark's stand-in for the original shell builder: the same steps it took, in plain shell.
# Bootstrap: tmpfs on the rootfs, the package cache bound into it, debootstrap. Then, in a chroot with
# proc, sys and dev mounted: the pre-install modules, apt-get update and install, the post-install
# modules. Then everything unmounted and the tree archived with GNU tar.
#
# Environment: ROOTFS, MIRROR, RELEASE, PACKAGE_CACHE, OUTPUT_TAR, PACKAGES (space separated),
# MODULES_DIR (holding pre-*.sh and post-*.sh files). Run it in a private mount namespace
# (unshare --mount --propagation private) so nothing stays mounted if it fails.
set -euo pipefail
# Lines the benchmark reads to print where the time went.
mark() { echo "realmfs-benchmark-mark $1 $(date +%s.%N)"; }
mark start

mkdir -p "$ROOTFS"
mount -t tmpfs tmpfs "$ROOTFS"
mkdir -p "$ROOTFS/var/cache/apt/archives"
mount --bind "$PACKAGE_CACHE" "$ROOTFS/var/cache/apt/archives"

debootstrap --variant=minbase --include=systemd-sysv,locales "$RELEASE" "$ROOTFS" "$MIRROR"
mark debootstrap

mount -t proc proc "$ROOTFS/proc"
mount -t sysfs sysfs "$ROOTFS/sys"
mount --rbind /dev "$ROOTFS/dev"
printf '#!/bin/sh\nexit 101\n' > "$ROOTFS/usr/sbin/policy-rc.d"
chmod 755 "$ROOTFS/usr/sbin/policy-rc.d"
mkdir -p "$ROOTFS/tmp/modules"
cp "$MODULES_DIR"/*.sh "$ROOTFS/tmp/modules/"

export DEBIAN_FRONTEND=noninteractive
for module in "$ROOTFS"/tmp/modules/pre-*.sh; do
  chroot "$ROOTFS" /bin/bash -e "/tmp/modules/$(basename "$module")"
done
chroot "$ROOTFS" apt-get update
chroot "$ROOTFS" apt-get -y upgrade
# shellcheck disable=SC2086
chroot "$ROOTFS" apt-get -y install $PACKAGES
for module in "$ROOTFS"/tmp/modules/post-*.sh; do
  chroot "$ROOTFS" /bin/bash -e "/tmp/modules/$(basename "$module")"
done

mark packages-and-modules
rm -rf "$ROOTFS/tmp/modules" "$ROOTFS/usr/sbin/policy-rc.d"
umount -R "$ROOTFS/dev"
umount "$ROOTFS/sys" "$ROOTFS/proc" "$ROOTFS/var/cache/apt/archives"
tar --numeric-owner --xattrs --xattrs-include='*' -cf "$OUTPUT_TAR" -C "$ROOTFS" .
mark tar
umount "$ROOTFS"
