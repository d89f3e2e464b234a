#!/usr/bin/env bash
# What `cmake --install` puts in place, and the Debian package cpack makes of it: the binary
# (which runs from there, headless), the menu entry (Exec, MimeType, an icon that exists), the
# notebook file type (glob and magic, checked against a notebook the installed binary writes),
# and the package's fields and files (Depends: the owner of every library the binary links).
#   usage: tst_install.sh BUILD_DIR VERSION CMAKE [CPACK]
set -euo pipefail
build=$1 version=$2 cmake=$3 cpack=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
check() { # check DESCRIPTION COMMAND...: fails the test unless COMMAND succeeds
    local what=$1
    shift
    "$@" || fail "$what"
}

prefix=$tmp/usr
"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" ||
    { cat "$tmp/install.log" >&2; fail "cmake --install"; exit 1; }
bin=$prefix/bin/relulab
share=$prefix/share
[ -x "$bin" ] || { fail "no executable bin/relulab"; exit 1; }

# The menu entry.
desktop=$share/applications/relulab.desktop
[ -f "$desktop" ] || { fail "no share/applications/relulab.desktop"; exit 1; }
field() { sed -n "s/^$1=//p" "$desktop"; }
check "Exec is 'relulab %f', got '$(field Exec)'" [ "$(field Exec)" = "relulab %f" ]
check "Type is Application" [ "$(field Type)" = Application ]
check "Categories has Education and Science" grep -Eq '^Categories=(.*;)?Education;(.*;)?Science;' "$desktop"
mimetype=$(field MimeType)
mimetype=${mimetype%;}
check "MimeType is one type, got '$mimetype'" grep -Eq '^[a-z]+/[a-z0-9.+-]+$' <<<"$mimetype"
icon=$(field Icon)
if command -v desktop-file-validate >/dev/null; then
    check "desktop-file-validate" desktop-file-validate "$desktop"
fi

# The icon the entry names, scalable and 256x256 (the PNG's IHDR says its size).
svg=$share/icons/hicolor/scalable/apps/$icon.svg
png=$share/icons/hicolor/256x256/apps/$icon.png
check "icon '$icon' as $svg" grep -q '<svg' "$svg"
check "icon '$icon' as $png" [ -f "$png" ]
if [ -f "$png" ]; then
    check "$png is a 256x256 PNG" [ "$(od -An -tx1 -j12 -N12 "$png" | tr -d ' \n')" = \
        494844520000010000000100 ]
fi

# The notebook file type.
mime=$share/mime/packages/relulab.xml
check "share/mime/packages/relulab.xml" [ -f "$mime" ]
check "MIME XML defines $mimetype" grep -q "<mime-type type=\"$mimetype\">" "$mime"
check "MIME XML globs *.relulab" grep -q '<glob pattern="\*.relulab"/>' "$mime"
check "MIME XML is an SQLite file" grep -q '<sub-class-of type="application/vnd.sqlite3"/>' "$mime"
check "MIME XML's icon is the entry's" grep -q "<icon name=\"$icon\"/>" "$mime"
if command -v xmllint >/dev/null; then
    check "MIME XML is well formed" xmllint --noout "$mime"
fi
if command -v update-mime-database >/dev/null; then
    cp -r "$share/mime" "$tmp/mime"
    update-mime-database "$tmp/mime" 2>"$tmp/mime.log" || fail "update-mime-database: $(cat "$tmp/mime.log")"
    check "update-mime-database: the glob" grep -q ":$mimetype:\*\.relulab" "$tmp/mime/globs2"
    check "update-mime-database: the magic" grep -aq RLAB "$tmp/mime/magic"
fi

# The installed binary runs, in a bare environment with no display.
run() { env -i PATH=/usr/bin:/bin HOME="$tmp" "$bin" "$@"; }
check "relulab --help" run --help >/dev/null
# `relulab --version` (Help > About's versions) where this build has it: it names this version.
if versions=$(run --version 2>/dev/null); then
    check "relulab --version names $version: $versions" grep -q "$version" <<<"$versions"
fi
notebook=$tmp/xor.relulab
check "relulab new" run new --template xor "$notebook" >/dev/null
# The MIME magic matches what the binary writes (SQLite's header, application_id 'RLAB').
sed -n 's/.*<match type="string" offset="\([0-9]*\)" value="\([^"]*\)".*/\1 \2/p' "$mime" >"$tmp/magic"
check "MIME XML has the two magic strings" [ "$(wc -l <"$tmp/magic")" -eq 2 ]
while read -r offset value; do
    check "a notebook has '$value' at $offset as the MIME magic says" \
        [ "$(tail -c +$((offset + 1)) "$notebook" | head -c ${#value} | tr -d "\000")" = "$value" ]
done <"$tmp/magic"
check "relulab run --out" run run "$notebook" --out "$tmp/charts" 2>"$tmp/run.log"
check "relulab run wrote PNG charts" compgen -G "$tmp/charts/*/*/errors.png" >/dev/null
# What a double click runs: the notebook's path alone opens the window (here: "no display").
set +e
run "$notebook" 2>"$tmp/window.log"
status=$?
set -e
check "'relulab FILE' opens the window (exit 2 without a display, got $status)" [ $status -eq 2 ]
check "'relulab FILE' says there is no display" grep -q "no display" "$tmp/window.log"

# The Debian package of the same build.
if [ -n "$cpack" ] && command -v dpkg-deb >/dev/null; then
    "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/package" >"$tmp/cpack.log" ||
        { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB"; exit 1; }
    deb=$tmp/package/relulab_${version}_$(dpkg --print-architecture).deb
    [ -f "$deb" ] || { ls "$tmp/package" >&2; fail "no $deb"; exit 1; }
    control() { dpkg-deb -f "$deb" "$1"; }
    check "Package: relulab" [ "$(control Package)" = relulab ]
    check "Version: $version" [ "$(control Version)" = "$version" ]
    check "Section: science" [ "$(control Section)" = science ]
    check "a Maintainer" grep -q '<.*@.*>' <<<"$(control Maintainer)"
    check "a Description" [ -n "$(control Description)" ]
    # Its lines start with one space: two would show them verbatim, unwrapped.
    check "a Description of wrapped lines" bash -c '! tail -n +2 | grep -q "^  "' <<<"$(control Description)"
    depends=" $(control Depends | sed 's/([^)]*)//g; s/,/ /g') "
    needs() { grep -q " $1 " <<<"$depends" || fail "Depends lacks $1 ($2)"; }
    needs fonts-dejavu-core "the charts' font"
    needs libqt6sql6-sqlite "Qt's SQLite driver"
    # Every library the binary links, by the package that owns the file it resolves to (under
    # the path ldd gives, or its twin across the /usr merge; one dpkg -S for all: it is slow).
    # A sanitized build (RELULAB_SANITIZE) is not what the package is made from: its
    # instrumentation keeps libraries --as-needed drops (Qt's OpenGL and Concurrent, libGLX) and
    # links the sanitizers' runtimes, so its links say nothing of the package's Depends.
    ldd "$bin" >"$tmp/ldd"
    declare -A paths=()
    needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    if grep -q '^libasan\.so' <<<"$needed"; then
        echo "a sanitized build: Depends checked by name only, not against its links"
        needed=
    fi
    for library in $needed; do
        # "libX.so.N => /path (0x...)", or "/path/ld-linux-x86-64.so.2 (0x...)" for the loader
        path=$(awk -v l="$library" '$1 == l && $2 == "=>" {print $3}
            $1 ~ "/" && substr($1, length($1) - length(l)) == "/" l {print $1}' "$tmp/ldd" | head -n1)
        [ -n "$path" ] || { fail "$library does not resolve"; continue; }
        paths[$library]="$path $(readlink -f "$path") /usr$path ${path#/usr}"
    done
    # shellcheck disable=SC2048,SC2086 # the candidates are split on purpose
    dpkg -S ${paths[*]} >"$tmp/owners" 2>/dev/null || true
    for library in "${!paths[@]}"; do
        owner=$(awk -v candidates=" ${paths[$library]} " \
            'index(candidates, " " $NF " ") {sub(/:.*/, "", $1); print $1; exit}' "$tmp/owners")
        if [ -n "$owner" ]; then
            needs "$owner" "owns $library"
        else
            fail "no package owns ${paths[$library]%% *} ($library)"
        fi
    done
    dpkg-deb -c "$deb" | awk '{print $NF}' >"$tmp/contents"
    for file in bin/relulab share/applications/relulab.desktop share/mime/packages/relulab.xml \
        "share/icons/hicolor/scalable/apps/$icon.svg" "share/icons/hicolor/256x256/apps/$icon.png"; do
        check "the package holds /usr/$file" grep -qx "./usr/$file" "$tmp/contents"
    done
fi

[ $failures -eq 0 ] || { echo "$failures failed" >&2; exit 1; }
echo "install, menu entry, icon, MIME type${cpack:+ and package}: all checked"
