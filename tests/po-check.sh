#!/bin/sh
# Keeps the German translation complete.
#
#   po-check.sh SRCDIR BUILDDIR
#
# 1. Every file under src/ that marks strings with _( N_( C_( NC_( and
#    every data/ui/*.ui with translatable="yes" must be listed in
#    po/POTFILES.in.
# 2. A fresh template is extracted with xgettext the way meson's i18n
#    preset 'glib' does (GtkBuilder .ui files via gettext's ITS rules,
#    .desktop.in files via xgettext's own Desktop Entry support).
# 3. po/de.po is merged against it into a temporary file; any untranslated
#    or fuzzy message fails the test and is listed.
# 4. msgfmt --check must accept the merged catalogue.
#
# To fix a failure: ninja -C BUILDDIR schnack-pot, then
# msgmerge --update --no-fuzzy-matching po/de.po po/schnack.pot, translate,
# and delete po/schnack.pot again.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 SRCDIR BUILDDIR" >&2
    exit 2
fi
srcdir=$1
builddir=$2
lang=de

for tool in xgettext msgmerge msgattrib msgfmt; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "po-check: $tool not found; install gettext" >&2
        exit 1
    fi
done

cd "$srcdir" || exit 1
[ -d "$builddir" ] || builddir=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$builddir/po-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

status=0
fail() {
    echo "FAIL: $*"
    status=1
}

# --- 1. POTFILES.in lists every file with translatable strings -------------

# Entries of POTFILES.in, without comments, blank lines or CRs.
sed -e 's/\r$//' -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
    po/POTFILES.in | grep -v '^$' | grep -v '^\[' | LC_ALL=C sort -u >"$tmp/listed"

: >"$tmp/wanted"
find src -type f \( -name '*.c' -o -name '*.h' \) | while read -r f; do
    # A marker not preceded by an identifier character, ignoring the
    # #define lines that would declare such macros.
    if grep -E '(^|[^A-Za-z0-9_])(N|C|NC)?_\(' "$f" |
            grep -vqE '^[[:space:]]*#[[:space:]]*define'; then
        echo "$f"
    fi
done >>"$tmp/wanted"
for f in data/ui/*.ui; do
    [ -f "$f" ] || continue
    if grep -q 'translatable="yes"' "$f"; then
        echo "$f"
    fi
done >>"$tmp/wanted"
LC_ALL=C sort -u -o "$tmp/wanted" "$tmp/wanted"

LC_ALL=C comm -23 "$tmp/wanted" "$tmp/listed" >"$tmp/unlisted"
if [ -s "$tmp/unlisted" ]; then
    fail "these files have translatable strings but are missing from po/POTFILES.in:"
    sed 's/^/    /' "$tmp/unlisted"
fi

while read -r f; do
    [ -f "$f" ] || fail "po/POTFILES.in lists $f, which does not exist"
done <"$tmp/listed"

# --- 2. Fresh template -------------------------------------------------------

# The same arguments as meson's i18n.gettext(preset: 'glib'), plus ngettext.
if ! xgettext --from-code=UTF-8 --add-comments \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
        --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
        --keyword=g_dpgettext2:2c,3 --keyword=ngettext:1,2 \
        --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
        --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
        --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
        --flag=g_string_append_printf:2:c-format \
        --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
        --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
        --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
        --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
        --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
        --package-name=schnack \
        -o "$tmp/schnack.pot" -f "$tmp/listed"; then
    fail "xgettext could not extract the template"
    exit 1
fi

# xgettext must really have read the GtkBuilder and desktop files; an old
# gettext without ITS/Desktop Entry support would skip them silently.
grep '^#:' "$tmp/schnack.pot" >"$tmp/refs"
while read -r f; do
    case $f in
        *.ui|*.desktop.in|*.desktop)
            if ! grep -qF " $f:" "$tmp/refs"; then
                fail "xgettext extracted no strings from $f"
            fi
            ;;
    esac
done <"$tmp/listed"

# --- 3. Merge and look for untranslated or fuzzy messages --------------------

if ! msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" \
        "po/$lang.po" "$tmp/schnack.pot"; then
    fail "msgmerge po/$lang.po failed"
    exit 1
fi

# Prints the msgids of a catalogue, one per line, skipping the header.
list_msgids() {
    msgattrib --no-wrap --no-location --no-obsolete "$@" |
        awk '
            function flush() { if (inid && id != "") print "    \"" id "\""; inid = 0 }
            /^msgid / { flush(); id = substr($0, 8); gsub(/^"|"$/, "", id); inid = 1; next }
            /^"/ && inid { s = $0; gsub(/^"|"$/, "", s); id = id s; next }
            { flush() }
            END { flush() }'
}

list_msgids --untranslated "$tmp/$lang.po" >"$tmp/untranslated"
list_msgids --only-fuzzy "$tmp/$lang.po" >"$tmp/fuzzy"
if [ -s "$tmp/untranslated" ]; then
    fail "po/$lang.po lacks translations for $(wc -l <"$tmp/untranslated") message(s):"
    cat "$tmp/untranslated"
fi
if [ -s "$tmp/fuzzy" ]; then
    fail "po/$lang.po has $(wc -l <"$tmp/fuzzy") fuzzy message(s):"
    cat "$tmp/fuzzy"
fi

# --- 4. msgfmt --check -------------------------------------------------------

if ! msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>"$tmp/msgfmt"; then
    fail "msgfmt --check rejects po/$lang.po:"
    sed "s|$tmp/$lang.po|po/$lang.po (merged)|" "$tmp/msgfmt"
else
    sed "s|^|po/$lang.po (merged): |" "$tmp/msgfmt"
    # Warnings (e.g. a header field missing) also count.
    if grep -q 'warning' "$tmp/msgfmt"; then
        fail "msgfmt warned about po/$lang.po"
    fi
fi

if [ $status -eq 0 ]; then
    echo "po/$lang.po is complete"
fi
exit $status
