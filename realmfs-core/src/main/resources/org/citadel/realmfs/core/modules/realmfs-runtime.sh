# The helper functions every shell module of a realmfs build can use. Sourced inside the chroot at
# the start of the build's shell session, before the recipe's prelude (which may override them).
#
# Set by the engine: REALMFS_BUILD_DIR (build-only files, on the chroot's /tmp tmpfs),
# REALMFS_FILES_PATH (colon-separated directories install_file searches, in order), REALMFS_FILES_SHOWN
# (the same directories as messages name them: their host paths, one a line), REALMFS_MODULES_PATH
# and REALMFS_MODULES_SHOWN (the same for the directories module searches),
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

# module NAME: runs a module by name, as the original builder's did, from any module or function:
# the shell function NAME if there is one, else the recipe's shell module NAME, else the first file
# NAME in the modules directories (REALMFS_MODULES_PATH: a build.conf's realmfs-modules/, then the
# builder's built-in modules), sourced into this shell.
module() {
    [ $# -eq 1 ] || fatal "usage: module NAME"
    case "$1" in
        ''|*/*|.*|-*) fatal "module: '$1' is not a module name (a function name or the name of a file in a modules directory)" ;;
    esac
    if declare -F -- "$1" > /dev/null; then
        "$1"
    elif [ -f "$REALMFS_BUILD_DIR/modules/$1" ]; then
        . "$REALMFS_BUILD_DIR/modules/$1"
    else
        local __realmfs_found __realmfs_link __realmfs_link_dir __realmfs_searched
        if ! __realmfs_find "$1" "${REALMFS_MODULES_PATH:-}" "${REALMFS_MODULES_SHOWN:-}"; then
            if [ -n "$__realmfs_link" ]; then
                fatal "module: '$1' in $__realmfs_link_dir is a symbolic link to $__realmfs_link, which module cannot follow: modules run inside the image being built, where only the modules directory itself is visible. Put the file itself there (cp --remove-destination -- \"\$(readlink -f '$__realmfs_link_dir/$1')\" '$__realmfs_link_dir/$1'), or link only to files inside $__realmfs_link_dir"
            fi
            fatal "module: '$1' is neither a function nor a shell module of the recipe, and none of these has a file of that name: ${__realmfs_searched:-(no modules directory)}; define the function, put the file in a modules directory (a build.conf's realmfs-modules/), or correct the name"
        fi
        . "$__realmfs_found"
    fi
}

# __realmfs_find NAME PATH SHOWN: finds the first directory of PATH (colon-separated) holding the
# file NAME (a relative path) and sets __realmfs_found to DIR/NAME. A symbolic link counts only when
# it leads to a file inside its own directory: modules run inside the image being built, where a
# link leading out of it would reach the image's files, not the host's. When no directory holds
# NAME, returns 1 with __realmfs_searched set to the directories as SHOWN names them (their host
# paths, one a line, in PATH's order), comma-separated, and, when NAME is there as a link leading
# out, __realmfs_link and __realmfs_link_dir set to the first such link's target and directory.
# Callers declare these variables local.
__realmfs_find() {
    local dir real_dir real_file i=0
    local -a shown
    mapfile -t shown <<< "$3"
    __realmfs_found="" __realmfs_link="" __realmfs_link_dir="" __realmfs_searched=""
    local IFS=:
    for dir in $2; do
        if [ -f "$dir/$1" ]; then
            if [ ! -L "$dir/$1" ]; then
                __realmfs_found="$dir/$1"
                return 0
            fi
            real_dir="$(readlink -f -- "$dir")"
            real_file="$(readlink -f -- "$dir/$1")"
            if [ "${real_file#"$real_dir"/}" != "$real_file" ]; then
                __realmfs_found="$dir/$1"
                return 0
            fi
        fi
        if [ -z "$__realmfs_link" ] && [ -L "$dir/$1" ]; then
            __realmfs_link="$(readlink -- "$dir/$1")"
            __realmfs_link_dir="${shown[$i]:-$dir}"
        fi
        __realmfs_searched="${__realmfs_searched:+$__realmfs_searched, }${shown[$i]:-$dir}"
        i=$((i + 1))
    done
    return 1
}

# __realmfs_find_file NAME: prints the first REALMFS_FILES_PATH entry holding NAME (a relative path).
# When none does, prints why and returns 1, naming the files directories by their host paths
# (REALMFS_FILES_SHOWN): NAME is not there, or is there as a symbolic link leading out of its files
# directory, which cannot be followed from inside the chroot.
__realmfs_find_file() {
    local __realmfs_found __realmfs_link __realmfs_link_dir __realmfs_searched
    if __realmfs_find "$1" "${REALMFS_FILES_PATH:-}" "${REALMFS_FILES_SHOWN:-}"; then
        printf '%s\n' "$__realmfs_found"
        return 0
    fi
    if [ -n "$__realmfs_link" ]; then
        printf '%s\n' "install_file: '$1' in $__realmfs_link_dir is a symbolic link to $__realmfs_link, which install_file cannot follow: modules run inside the image being built, where only the files directory itself is visible. Put the file itself there (cp --remove-destination -- \"\$(readlink -f '$__realmfs_link_dir/$1')\" '$__realmfs_link_dir/$1'), or link only to files inside $__realmfs_link_dir"
    else
        printf '%s\n' "install_file: '$1' not found in the files directories: ${__realmfs_searched:-none}"
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
