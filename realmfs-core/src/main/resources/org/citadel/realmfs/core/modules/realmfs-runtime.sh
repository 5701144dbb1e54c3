# The helper functions every shell module of a realmfs build can use. Sourced inside the chroot at
# the start of the build's shell session, before the recipe's prelude (which may override them).
#
# Set by the engine: REALMFS_BUILD_DIR (build-only files, on the chroot's /tmp tmpfs),
# REALMFS_FILES_PATH (colon-separated directories install_file searches, in order), REALMFS_FILES_SHOWN
# (the same directories as messages name them: their host paths, one a line),
# REALMFS_RELEASE, REALMFS_MIRROR, REALMFS_HOSTNAME.

info() {
    printf 'realmfs:info: %s\n' "$*"
}

warn() {
    printf 'realmfs:warn: %s\n' "$*" >&2
}

fatal() {
    printf 'realmfs:fatal: %s\n' "$*" >&2
    exit 1
}

# module NAME: runs a module by name: a shell function NAME if one is defined, else the module file.
module() {
    [ $# -eq 1 ] || fatal "usage: module NAME"
    if declare -F -- "$1" > /dev/null; then
        "$1"
    elif [ -f "$REALMFS_BUILD_DIR/modules/$1" ]; then
        . "$REALMFS_BUILD_DIR/modules/$1"
    else
        fatal "module '$1' is neither a function nor a known module"
    fi
}

# __realmfs_find_file NAME: prints the first REALMFS_FILES_PATH entry holding NAME (a relative path).
# When none does, prints why and returns 1, naming the files directories by their host paths
# (REALMFS_FILES_SHOWN, one a line, in the same order): NAME is not there, or is there as a symbolic
# link leading out of its files directory, which cannot be followed from inside the chroot.
__realmfs_find_file() {
    local dir i=0 link="" link_dir="" searched=""
    local -a shown
    mapfile -t shown <<< "${REALMFS_FILES_SHOWN:-}"
    local IFS=:
    for dir in $REALMFS_FILES_PATH; do
        if [ -f "$dir/$1" ]; then
            printf '%s\n' "$dir/$1"
            return 0
        fi
        if [ -z "$link" ] && [ -L "$dir/$1" ]; then
            link="$(readlink -- "$dir/$1")"
            link_dir="${shown[$i]:-$dir}"
        fi
        searched="${searched:+$searched, }${shown[$i]:-$dir}"
        i=$((i + 1))
    done
    if [ -n "$link" ]; then
        printf '%s\n' "install_file: '$1' in $link_dir is a symbolic link to $link, which install_file cannot follow: modules run inside the image being built, where only the files directory itself is visible. Put the file itself there (cp --remove-destination -- \"\$(readlink -f '$link_dir/$1')\" '$link_dir/$1'), or link only to files inside $link_dir"
    else
        printf '%s\n' "install_file: '$1' not found in the files directories: ${searched:-none}"
    fi
    return 1
}

# __realmfs_no_dotdot PATH: fails unless PATH stays where it points (no '..' component).
__realmfs_no_dotdot() {
    case "/$1/" in
        */../*) fatal "install_file: '$1' may not contain '..': paths must stay inside the rootfs" ;;
    esac
}

# install_file MODE FILE TARGET_DIR   installs realmfs-files/FILE as TARGET_DIR/$(basename FILE)
# install_file MODE /FULL/PATH        installs realmfs-files/FULL/PATH as /FULL/PATH
install_file() {
    local mode="$1" name target source
    case $# in
        3) name="$2"; target="${3%/}/$(basename -- "$2")" ;;
        2) name="${2#/}"; target="$2"
           [ "${2#/}" != "$2" ] || fatal "install_file: '$2' must be a full path (/etc/...) when no target directory is given" ;;
        *) fatal "install_file: expected 'install_file MODE FILE TARGET_DIR' or 'install_file MODE /FULL/PATH', got $# argument(s): $*" ;;
    esac
    [[ "$mode" =~ ^[0-7]{3,4}$ ]] || fatal "install_file: '$mode' is not an octal file mode such as 0644 (installing $name)"
    __realmfs_no_dotdot "$2"
    [ $# -eq 2 ] || __realmfs_no_dotdot "$3"
    source="$(__realmfs_find_file "$name")" || fatal "$source"
    mkdir -p -- "$(dirname -- "$target")" || fatal "install_file: cannot create the directory of $target"
    install -m "$mode" -- "$source" "$target" || fatal "install_file: cannot install $name as $target"
    info "installed $target"
}

# Runs one module of the build in this shell: set -e makes its first failing command fail it.
__realmfs_run_module() {
    REALMFS_MODULE="$1"
    export REALMFS_MODULE
    . "$REALMFS_BUILD_DIR/modules/$1"
}
