# Evaluates a build.conf of the original realmfs-builder the way its stage-two.sh did: the builder's
# defaults and helper functions are defined first, then the config is sourced, so the config sees
# and may override them. Nothing is built here; the result is reported to ShellConfig on file
# descriptor 3 as NUL-terminated fields, in records of three:
#   L  NAME  VALUE       a setting the loader reads (only when the variable is set)
#   VB NAME  DECLARATION a variable before the builder's defaults and the config (declare -p)
#   VA NAME  DECLARATION a variable after them, with the lists combined as stage-two.sh did
#   FB NAME  DEFINITION  a function before (declare -f); FA: after
#   E  ""    ""          the end: the config ran to its end
# Usage: bash -c "$(this file)" evaluate-config CONFIG BASE_PACKAGES BASE_PRE_INSTALL_MODULES
#        BASE_POST_INSTALL_MODULES DEBIAN_RELEASE

exec 3>&1 1>&2

__realmfs_config=$1
__realmfs_defaults=("$2" "$3" "$4" "$5")
shift $#

__realmfs_record() {
    builtin printf '%s\0%s\0%s\0' "$1" "$2" "$3" >&3
}

__realmfs_snapshot() {
    local __realmfs_name __realmfs_names
    builtin mapfile -t __realmfs_names < <(builtin compgen -v)
    for __realmfs_name in "${__realmfs_names[@]}"; do
        [[ $__realmfs_name == __realmfs* ]] && continue
        __realmfs_record "V$1" "$__realmfs_name" "$(builtin declare -p "$__realmfs_name" 2>/dev/null)"
    done
    builtin mapfile -t __realmfs_names < <(builtin compgen -A function)
    for __realmfs_name in "${__realmfs_names[@]}"; do
        [[ $__realmfs_name == __realmfs* ]] && continue
        __realmfs_record "F$1" "$__realmfs_name" "$(builtin declare -f "$__realmfs_name")"
    done
}

__realmfs_report_setting() {
    if [[ -v $1 ]]; then
        local -n __realmfs_value=$1
        local IFS=' '
        __realmfs_record L "$1" "${__realmfs_value[*]}"
    fi
}

# The helpers exist while the config is loaded, as they did in the original; the ones that act on
# the image only make sense inside a module, which runs later, in the image.
info() { builtin printf '[+] %s\n' "$*"; }
warn() { builtin printf '[!] %s\n' "$*"; }
fatal() { builtin printf 'Fatal: %s\n' "$*"; exit 1; }
module() { fatal "'module $*' can only run inside a module, not while the config is loaded"; }
install_file() { fatal "'install_file $*' can only run inside a module, not while the config is loaded"; }

__realmfs_snapshot B

BASE_PACKAGES=${__realmfs_defaults[0]}
BASE_PRE_INSTALL_MODULES=${__realmfs_defaults[1]}
BASE_POST_INSTALL_MODULES=${__realmfs_defaults[2]}
DEBIAN_RELEASE=${__realmfs_defaults[3]}

builtin source "$__realmfs_config"
set +o errexit +o nounset +o pipefail +o xtrace

for __realmfs_setting in PACKAGES BASE_PACKAGES PRE_INSTALL_MODULES BASE_PRE_INSTALL_MODULES \
        POST_INSTALL_MODULES BASE_POST_INSTALL_MODULES DEBIAN_RELEASE DEBIAN_MIRROR REALMFS_HOSTNAME; do
    __realmfs_report_setting "$__realmfs_setting"
done

# What modules saw in the original builder.
PACKAGES="${BASE_PACKAGES} ${PACKAGES:-}"
PRE_INSTALL_MODULES="${BASE_PRE_INSTALL_MODULES} ${PRE_INSTALL_MODULES:-}"
POST_INSTALL_MODULES="${BASE_POST_INSTALL_MODULES} ${POST_INSTALL_MODULES:-}"

__realmfs_snapshot A
__realmfs_record E "" ""
