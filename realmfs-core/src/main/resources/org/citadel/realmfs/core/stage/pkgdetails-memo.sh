
# --- realmfs (DebootstrapDirectory): appended to a copy of the host's debootstrap functions ---------
# debootstrap's package-index queries (pkgdetails GETDEPS, PKGS, FIELD, STANZAS) scan the suite's whole
# Packages file with grep and perl, about 2 s for each round of dependency resolution. Their answers
# depend only on the index, the arguments and the checksum field, so they are kept in the package
# cache, under the SHA-256 of the suite's InRelease (which names the index's SHA-256, checked by
# debootstrap when it fetched it), and a later run of the same archive state reads them instead.
# The original function, renamed realmfs_pkgdetails_perl above, answers every other query and every
# query asked for the first time; its output and exit status are passed on unchanged.

# Given by the environment to this copy only: not passed on to the commands debootstrap runs. Each
# query that could be kept is counted in its file "queries" (cached or asked), which the build reports.
realmfs_debootstrap_dir="$DEBOOTSTRAP_DIR"
unset DEBOOTSTRAP_DIR
DEBOOTSTRAP_DIR="$realmfs_debootstrap_dir"

# The file that keeps the answer to the query "$@" on the index $1 (a Packages file of the target's apt
# lists); fails when there is none to use (no InRelease beside the index, no cache directory).
realmfs_memo_file () {
	local index release state size key
	index="$1"; shift
	release="${index%_*_binary-*_Packages}_InRelease"
	[ "$release" != "${index}_InRelease" ] && [ -f "$release" ] && [ -f "$index" ] || return 1
	state="$(sha256sum <"$release")" || return 1
	state="${state%% *}"
	size="$(stat -c %s "$index")" || return 1
	key="$( {
		echo realmfs-pkgdetails-1
		echo "${index##*/} $size ${DEBOOTSTRAP_CHECKSUM_FIELD:-}"
		for a; do
			if [ "$a" = "$index" ]; then echo INDEX; else printf '%s\n' "$a"; fi
		done
	} | sha256sum)" || return 1
	key="${key%% *}"
	mkdir -p "$REALMFS_INDEXES/$state/pkgdetails" 2>/dev/null || return 1
	echo "$REALMFS_INDEXES/$state/pkgdetails/$key"
}

pkgdetails_perl () {
	local realmfs_index realmfs_file realmfs_partial realmfs_status
	case "$1" in
	    GETDEPS|STANZAS) realmfs_index="$2" ;;
	    PKGS) realmfs_index="$3" ;;
	    FIELD) realmfs_index="$4" ;;
	    *) realmfs_pkgdetails_perl "$@"; return ;;
	esac
	if ! realmfs_file="$(realmfs_memo_file "$realmfs_index" "$@")"; then
		realmfs_pkgdetails_perl "$@"
		return
	fi
	# another build may remove an older state's directory meanwhile: then the query is answered anew
	if [ -f "$realmfs_file" ] && cat "$realmfs_file" 2>/dev/null; then
		echo cached >>"$realmfs_debootstrap_dir/queries" 2>/dev/null || true
		return 0
	fi
	echo asked >>"$realmfs_debootstrap_dir/queries" 2>/dev/null || true
	if ! realmfs_partial="$(mktemp "${realmfs_file%/*}/.partial.XXXXXXXX" 2>/dev/null)"; then
		realmfs_pkgdetails_perl "$@"
		return
	fi
	realmfs_status=0
	realmfs_pkgdetails_perl "$@" >"$realmfs_partial" || realmfs_status=$?
	cat "$realmfs_partial"
	if [ "$realmfs_status" -eq 0 ]; then
		chmod 644 "$realmfs_partial"
		mv -f "$realmfs_partial" "$realmfs_file" 2>/dev/null || rm -f "$realmfs_partial"
	else
		rm -f "$realmfs_partial"
	fi
	return "$realmfs_status"
}
