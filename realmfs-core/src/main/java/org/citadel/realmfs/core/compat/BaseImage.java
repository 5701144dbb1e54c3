package org.citadel.realmfs.core.compat;

import java.util.List;

/**
 * The defaults of the original builder's {@code common.inc} and {@code basic-image.conf}, brought up
 * to date for trixie: what every build.conf starts from, and what the default Citadel image adds.
 * Each package name is checked against trixie's main archive by {@code BaseImagePackagesIT}.
 */
public final class BaseImage {

    /** Installed in every image; a build.conf appends with PACKAGES or replaces with BASE_PACKAGES. */
    public static final List<String> BASE_PACKAGES = List.of(
            "iproute2", "iputils-ping", "less", "xz-utils", "sudo", "ca-certificates",
            "dbus", "dbus-user-session", "libpam-systemd", "openssh-client", "bash-completion",
            "libglib2.0-bin", "dconf-gsettings-backend", "libcanberra-gtk3-module", "libpulse0",
            "fonts-roboto-unhinted", "fonts-dejavu-core", "apt-cacher-ng");

    /** Run before the packages are installed; utility-library must stay first. */
    public static final List<String> BASE_PRE_INSTALL_MODULES = List.of(
            "utility-library", "configure-locale", "create-user", "set-hostname",
            "no-install-recommends", "write-apt-sources");

    /** Run after the packages are installed. */
    public static final List<String> BASE_POST_INSTALL_MODULES = List.of(
            "loginctl-enable-linger", "configure-systemd", "install-configure-host0",
            "install-launch-script", "setup-theme-symlinks", "apt-cacher-ng", "add-xsettings-schema");

    /** What the default Citadel image (the original's basic-image.conf) adds to the base packages. */
    public static final List<String> BASIC_IMAGE_PACKAGES = List.of(
            "man-db", "manpages", "vim", "tmux", "unzip", "gnome-terminal", "firefox-esr");

    private BaseImage() {
    }
}
