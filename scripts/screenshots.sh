#!/usr/bin/env bash
# Regenerate the README screenshots in screenshots/ from the embedded demo server.
#
#   scripts/screenshots.sh            # from the repo root (or from anywhere)
#   TERM_SHOT=/path/to/term-shot scripts/screenshots.sh
#
# Needs the tools in ../shared/tools (see ../shared/tools/README.md for the apt-get line:
# xvfb xdotool imagemagick fonts-dejavu-core xterm ...). Pixels depend on the font and the
# xterm version, so terminal, size, font, font size and colours are all pinned below.
set -euo pipefail

# A relative $TERM_SHOT is taken relative to the directory the script was started from.
if [[ -n "${TERM_SHOT:-}" && "${TERM_SHOT}" != /* && "${TERM_SHOT}" == */* ]]; then
    TERM_SHOT="$PWD/$TERM_SHOT"
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TERM_SHOT="${TERM_SHOT:-../shared/tools/term-shot}"

if ! command -v "$TERM_SHOT" >/dev/null 2>&1 && [[ ! -x "$TERM_SHOT" ]]; then
    echo "screenshots.sh: term-shot not found at '$TERM_SHOT' (set \$TERM_SHOT)" >&2
    exit 2
fi

# Another cargo (e.g. an editor or a second shell) may hold the build lock; cargo waits.
# MGTUI_BIN=path uses a binary already built (a debug build, say) instead.
if [[ -n "${MGTUI_BIN:-}" ]]; then
    BIN="$MGTUI_BIN"
else
    cargo build --release
    BIN=target/release/mgtui
fi

# Keep logs, caches and config of these runs away from the user's own files.
tmp="$(mktemp -d "${TMPDIR:-/tmp}/mgtui-shots.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"
unset MGTUI_CONFIG_DIR MEDIAGRAPH_PAT MEDIAGRAPH_ORGANIZATION_ID MEDIAGRAPH_API_URL

mkdir -p screenshots

shot() { # shot OUT SIZE KEYS [MGTUI ARGS...]
    local out="$1" size="$2" keys="$3"
    shift 3
    local args=(--term xterm --size "$size" --font "DejaVu Sans Mono" --font-size 12
        --fg '#d0d0d0' --bg '#101010' --wait 3 --settle 2 -q --out "$out")
    [[ -n "$keys" ]] && args+=(--keys "$keys")
    # Each shot starts with an empty thumbnail cache and no drafts from the last one.
    rm -rf "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
    "$TERM_SHOT" "${args[@]}" -- "$BIN" --demo "$@"
    echo "wrote $out"
}

# The library: Storage Folders expanded in the tree, the grid of photos (sixel in
# xterm) with the first one selected and its details.
shot screenshots/browse.png 160x45 "shift+Tab;Right;sleep:1;Tab"
# The library grid with thumbnails: sixel (xterm in VT340 mode, which term-shot sets,
# answers the probe) and half-blocks; then the large preview of the third asset.
shot screenshots/grid-sixel.png 160x45 ""
shot screenshots/grid-halfblocks.png 160x45 "" --images halfblocks
shot screenshots/preview.png 160x45 "Right;Right;p;sleep:1"
# Culling loupe on the fifth asset after rating one 4 and rejecting one.
shot screenshots/loupe.png 160x45 "Right;Right;L;sleep:2;4;sleep:1;x;sleep:2"
# The loupe's 2-up compare, the right side judged once.
shot screenshots/loupe-compare.png 160x45 "Right;L;sleep:1;c;sleep:2;Tab;3;sleep:2"
# A lightbox: its assets in the grid, its comments (C), then its share links (S) with
# one made (n) and given an expiry (e).
shot screenshots/lightbox-comments.png 160x45 "shift+Tab;Down*2;Right;sleep:1;Down*2;Return;sleep:2;C;sleep:1"
shot screenshots/lightbox-share-links.png 160x45 "shift+Tab;Down*2;Right;sleep:1;Down*2;Return;sleep:2;S;sleep:1;n;sleep:1;e;sleep:1;n;sleep:1"
# Help overlay.
shot screenshots/help.png 160x45 "?"
# Default screen at 80 columns (panes collapse to the focused one and its neighbour).
shot screenshots/narrow.png 80x24 ""
# Search with filter chips above the grid and the facet panel (f) beside it.
shot screenshots/facets.png 160x45 "/;text:type:jpg aspect:landscape;Return;sleep:1;f;sleep:1"
# Saved searches: the fourth tree root expanded, the first one run.
shot screenshots/saved-searches.png 160x45 "shift+Tab;Down*3;Right;sleep:1;Down;Return;sleep:1;shift+Tab"
# Metadata editor: title retyped (dirty marks), keywords field with tag suggestions.
shot screenshots/editor.png 160x45 "e;sleep:1;ctrl+u;text:Harbour at dawn;Tab*5;text:sky;sleep:1;Down"

# Transfer queue: three originals downloaded (d) and a shoot directory uploaded (U)
# into the folder the grid shows, followed until the server has processed it.
mkdir -p "$tmp/shoot/day1" "$tmp/config/mgtui"
cp assets/demo/photos/0*.jpg "$tmp/shoot/day1/"
printf 'download_dir = "%s"\n' "$tmp/downloads" >"$tmp/config/mgtui/config.toml"
shot screenshots/transfers.png 160x45 "space*3;d;sleep:1;1;sleep:2;text::folder Releases;Return;sleep:2;U;text:$tmp/shoot;Return;sleep:2;Return;sleep:1;u;sleep:6;T"
rm -f "$tmp/config/mgtui/config.toml"

# Job monitor with jobs in several states: a separate demo server gets three jobs
# through the API (one canceled while queued), then mgtui is pointed at it.
server_log="$tmp/server.log"
"$BIN" demo-server --port 0 >"$server_log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q '^LISTENING' "$server_log" && break; sleep 0.1; done
api="$(sed -n 's/^MEDIAGRAPH_API_URL=//p' "$server_log")"
token="$(sed -n 's/^MEDIAGRAPH_PAT=//p' "$server_log")"
org="$(sed -n 's/^MEDIAGRAPH_ORGANIZATION_ID=//p' "$server_log")"
call() { # call METHOD PATH [JSON]
    curl -s -u ":$token" -H "OrganizationId: $org" -H 'Content-Type: application/json' \
        -X "$1" "$api$2" ${3:+-d "$3"}
}
ids="$(call GET '/api/assets/search?per_page=40' | python3 -c 'import json,sys; print(",".join(str(a["id"]) for a in json.load(sys.stdin)["assets"]))')"
first="$(echo "$ids" | cut -d, -f1-12)"
call POST /api/bulk_jobs "{\"bulk_job\":{\"asset_ids\":[$first],\"tag_names\":[\"spring launch\"],\"tag_mode\":\"add\"}}" >/dev/null
sleep 4
call POST /api/bulk_jobs "{\"bulk_job\":{\"asset_ids\":[$ids],\"rating\":4}}" >/dev/null
queued="$(call POST /api/bulk_jobs "{\"bulk_job\":{\"asset_ids\":[$first],\"description\":\"Embargoed until May\",\"description_mode\":\"append\"}}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["guid"])')"
call POST "/api/bulk_jobs/$queued/cancel" >/dev/null
call POST /api/bulk_jobs "{\"bulk_job\":{\"asset_ids\":[$first],\"rights_status\":\"owned\"}}" >/dev/null
rm -rf "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
MEDIAGRAPH_API_URL="$api" MEDIAGRAPH_PAT="$token" MEDIAGRAPH_ORGANIZATION_ID="$org" \
    "$TERM_SHOT" --term xterm --size 160x45 --font "DejaVu Sans Mono" --font-size 12 \
    --fg '#d0d0d0' --bg '#101010' --wait 3 --settle 1 -q --keys "w" \
    --out screenshots/jobs.png -- "$BIN"
echo "wrote screenshots/jobs.png"
