#!/usr/bin/env bash
# Build the .deb, install it with dpkg -i on this machine, and check what a user gets:
# mgtui on PATH with its version and commit, `man mgtui`, completions where bash, zsh
# and fish look, the licences and copyright, and `mgtui --demo` drawing the built-in
# photos' library from another directory in a pseudo-terminal. Needs root (dpkg);
# removes the package again at the end. Not part of .ci/run unless MGTUI_CI_DEB=1
# (installing cargo-deb and a release build take several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v man >/dev/null 2>&1 || need+=(man-db)
command -v script >/dev/null 2>&1 || need+=(bsdutils)
if ((${#need[@]})); then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

deb=$(scripts/build-deb.sh | tail -1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg -i "$deb"
trap 'dpkg -r mgtui >/dev/null' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
# The installed one, whatever else PATH holds (a `cargo install` in ~/.cargo/bin).
mgtui=/usr/bin/mgtui
[[ -x $mgtui ]] || fail "$mgtui is not installed"
dpkg -S "$mgtui" | grep -q '^mgtui:' || fail "$mgtui does not belong to the package"
"$mgtui" --version | grep -Eq '^mgtui [0-9.]+ \(' || fail "mgtui --version: $("$mgtui" --version)"
man -w mgtui | grep -q '/usr/share/man/man1/mgtui.1.gz' || fail "man -w mgtui"
page=$(MANPAGER=cat MANWIDTH=80 man mgtui 2>/dev/null)
grep -q 'demo' <<<"$page" || fail "man mgtui shows no page"
for f in /usr/share/bash-completion/completions/mgtui \
    /usr/share/zsh/vendor-completions/_mgtui \
    /usr/share/fish/vendor_completions.d/mgtui.fish \
    /usr/share/doc/mgtui/copyright \
    /usr/share/doc/mgtui/LICENSE-MIT \
    /usr/share/doc/mgtui/LICENSE-APACHE \
    /usr/share/doc/mgtui/demo-photos-LICENSES.md; do
    [[ -s "$f" ]] || fail "missing $f"
done
grep -q 'complete' /usr/share/bash-completion/completions/mgtui || fail "bash completion"
bash -c 'source /usr/share/bash-completion/completions/mgtui && complete -p mgtui' >/dev/null ||
    fail "the bash completion does not load"

# --demo from a directory with nothing in it, a fresh home, in a 120×40 pty: it must
# still be running after 8 s and have drawn the demo organisation's library.
run=$(mktemp -d)
cd "$run"
export HOME="$run" XDG_CONFIG_HOME="$run/c" XDG_STATE_HOME="$run/s" XDG_CACHE_HOME="$run/k"
status=0
script -qec "stty cols 120 rows 40; timeout 8 $mgtui --demo --images off" "$run/typescript" \
    >/dev/null 2>&1 || status=$?
grep -q 'Demo Org' "$run/typescript" || fail "mgtui --demo drew no demo library"
grep -q 'Storage Folders' "$run/typescript" || fail "mgtui --demo drew no tree"
[[ $status -eq 124 ]] || fail "mgtui --demo ended by itself (exit $status) before 8 s"
echo "ok: $deb installs, mgtui --demo, man mgtui and the completions work"
