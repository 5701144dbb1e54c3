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

# The shell state a restored package layer carries over to the post-install session: what the
# pre-install modules changed of the variables (exported or not, with their attributes), the
# functions, the current directory and the set -o and shopt options, measured against the state right
# after the prelude (__realmfs_mark_state), so the post-install session, which starts from the same
# runtime and prelude, ends up where the cold build's session was. Bash's own variables and the
# session's are never state (__realmfs_not_state); neither are the prelude's functions the modules
# left alone, so a post-install function changed in the prelude is the new one in both builds.

# __realmfs_not_state NAME: true for a variable that is bash's own (dynamic, readonly or set by bash
# for each shell) or the session's (REALMFS_MODULE, __realmfs_*), which no module's state holds.
__realmfs_not_state() {
    case "$1" in
        BASH|BASH_*|BASHOPTS|BASHPID|COMP_*|COLUMNS|LINES|DIRSTACK|EUID|UID|GROUPS|PPID|SHLVL|RANDOM|SRANDOM) return 0 ;;
        LINENO|SECONDS|EPOCHSECONDS|EPOCHREALTIME|PIPESTATUS|FUNCNAME|HISTCMD|OLDPWD|PWD|SHELLOPTS) return 0 ;;
        OPTIND|OPTARG|OPTERR|_|REALMFS_MODULE|__realmfs_*) return 0 ;;
    esac
    return 1
}

# __realmfs_variable_text NAME: sets __realmfs_text to a declaration re-creating variable NAME as a
# global (declare -p's text with -g), so it may be sourced inside a function too.
__realmfs_variable_text() {
    __realmfs_text="$(declare -p -- "$1" 2>/dev/null)" || { __realmfs_text=""; return 0; }
    case "$__realmfs_text" in
        "declare -- "*) __realmfs_text="declare -g ${__realmfs_text#declare -- }" ;;
        "declare -"*) __realmfs_text="declare -g${__realmfs_text#declare -}" ;;
    esac
}

# __realmfs_open_fds: sets __realmfs_fds to this shell's open file descriptors, space-separated (the glob
# is read by this shell itself, so /proc/self is this shell in whatever PID namespace /proc shows).
__realmfs_open_fds() {
    local __realmfs_fd
    __realmfs_fds=""
    for __realmfs_fd in /proc/self/fd/*; do
        __realmfs_fds+="${__realmfs_fd##*/} "
    done
}

# __realmfs_mark_state: remembers the state the capture compares with (run right after the prelude).
__realmfs_mark_state() {
    local __realmfs_name __realmfs_text IFS=$'\n'
    declare -gA __realmfs_variables_before=() __realmfs_functions_before=()
    for __realmfs_name in $(compgen -v); do
        __realmfs_not_state "$__realmfs_name" && continue
        __realmfs_variable_text "$__realmfs_name"
        __realmfs_variables_before[$__realmfs_name]="$__realmfs_text"
    done
    for __realmfs_name in $(compgen -A function); do
        __realmfs_functions_before[$__realmfs_name]="$(declare -f -- "$__realmfs_name")"
    done
    __realmfs_directory_before="$PWD"
    __realmfs_set_before="$(set +o)"
    __realmfs_shopt_before="$(shopt -p)"
    __realmfs_traps_before="$(trap -p)"
    __realmfs_open_fds
    __realmfs_fds_before="$__realmfs_fds"
}

# __realmfs_add_changed_lines BEFORE NOW: adds to the capture's __realmfs_state the lines of NOW that
# BEFORE does not have (for set +o and shopt -p, whose lines each set one option).
__realmfs_add_changed_lines() {
    local __realmfs_line IFS=$'\n'
    local -A __realmfs_before=()
    for __realmfs_line in $1; do
        __realmfs_before[$__realmfs_line]=1
    done
    for __realmfs_line in $2; do
        [ -n "${__realmfs_before[$__realmfs_line]+set}" ] || __realmfs_state+="$__realmfs_line"$'\n'
    done
}

# __realmfs_capture_state STATE REFUSED: writes to the file STATE bash code that re-creates, in a
# session marked the same way, the state this one has reached since __realmfs_mark_state, and an
# empty file REFUSED. When part of the state cannot be carried over (a background job still running,
# an extra open file descriptor, a trap), writes why to REFUSED instead, one reason a line, and
# leaves STATE empty. Succeeds either way, so errexit does not end the session.
__realmfs_capture_state() {
    local __realmfs_name __realmfs_text __realmfs_jobs __realmfs_traps __realmfs_state="" __realmfs_refused=""
    local IFS=$'\n'
    __realmfs_jobs="$(jobs -rp)"
    [ -z "$__realmfs_jobs" ] || __realmfs_refused+="a background job is still running (process $(printf '%s' "$__realmfs_jobs" | tr '\n' ' ' | sed 's/ $//'))"$'\n'
    __realmfs_traps="$(trap -p)"
    [ "$__realmfs_traps" = "$__realmfs_traps_before" ] || __realmfs_refused+="a trap is set ($(printf '%s' "$__realmfs_traps" | tr '\n' ';'))"$'\n'
    __realmfs_open_fds
    [ "$__realmfs_fds" = "$__realmfs_fds_before" ] || __realmfs_refused+="a file descriptor was left open (open: ${__realmfs_fds% }; after the prelude: ${__realmfs_fds_before% })"$'\n'
    printf '%s' "$__realmfs_refused" > "$2"
    if [ -n "$__realmfs_refused" ]; then
        : > "$1"
        return 0
    fi
    for __realmfs_name in $(compgen -v); do
        __realmfs_not_state "$__realmfs_name" && continue
        __realmfs_variable_text "$__realmfs_name"
        if [ -z "${__realmfs_variables_before[$__realmfs_name]+set}" ] \
                || [ "$__realmfs_text" != "${__realmfs_variables_before[$__realmfs_name]}" ]; then
            __realmfs_state+="$__realmfs_text"$'\n'
        fi
    done
    for __realmfs_name in "${!__realmfs_variables_before[@]}"; do
        declare -p -- "$__realmfs_name" > /dev/null 2>&1 || __realmfs_state+="unset -v $__realmfs_name"$'\n'
    done
    for __realmfs_name in $(compgen -A function); do
        case "$__realmfs_name" in __realmfs_*) continue ;; esac
        __realmfs_text="$(declare -f -- "$__realmfs_name")"
        if [ "$__realmfs_text" != "${__realmfs_functions_before[$__realmfs_name]-}" ]; then
            __realmfs_state+="$__realmfs_text"$'\n'
        fi
    done
    for __realmfs_name in "${!__realmfs_functions_before[@]}"; do
        declare -F -- "$__realmfs_name" > /dev/null || __realmfs_state+="unset -f $__realmfs_name"$'\n'
    done
    [ "$PWD" = "$__realmfs_directory_before" ] || __realmfs_state+="cd -- $(printf '%q' "$PWD")"$'\n'
    __realmfs_add_changed_lines "$__realmfs_set_before" "$(set +o)"
    __realmfs_add_changed_lines "$__realmfs_shopt_before" "$(shopt -p)"
    printf '%s' "$__realmfs_state" > "$1"
}
