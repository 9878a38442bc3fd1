#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The man page against the tool: fails when man/hwbp.8 and the --help
# texts disagree, or when groff has anything to say about the page.
# Run by `make lint` (scripts/lint.sh); on the host, no module needed.
#
#   tests/man/check.sh [MANPAGE [TOOL]]     (man/hwbp.8, tool/hwbp)
#
#   hwbp --help ------------> commands (the command table), global options
#   hwbp CMD --help --------> CMD's options: its Usage lines, and each
#                             option line ("  -t, --type TYPE ...")
#   man/hwbp.8 -------------> .SS "hwbp CMD" sections; in each, the options
#                             tagged by .TP; .SH OPTIONS for the global ones;
#                             .SH COMMANDS before its first .SS for those
#                             every command takes (--help)
#
# Checks, each one a test:
#   1. groff -man -ww -z prints nothing
#   2. every command has a man section, and every section a command
#   3. every option of CMD --help's option lines has a .TP entry in CMD's
#      man section, every option of its Usage lines is in that section,
#      and every option CMD's man section tags is in CMD --help
#   4. a short form goes with the same long option in both (-t, --type)
#   5. every --option anywhere in any --help is somewhere in the man page,
#      and every --option anywhere in the man page in some --help
#
# Prints "FAIL man: ..." per failure and last "man: N passed, N failed";
# exits 1 when anything failed.
set -u
cd "$(dirname "$0")/../.." || exit 1

page=${1:-man/hwbp.8}
tool=${2:-tool/hwbp}
if [ $# -lt 2 ]; then
	make -s -C tool hwbp >/dev/null || {
		echo "FAIL man: cannot build tool/hwbp"
		echo "man: 0 passed, 1 failed"
		exit 1
	}
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

ok() {
	passed=$((passed + 1))
}

fail() {
	echo "FAIL man: $*"
	failed=$((failed + 1))
}

# opts: the --long options in stdin, one a line, sorted, once each
opts() {
	grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

# pairs: "-t --type" for each "-t, --type" in stdin (--help option lines
# and, de-escaped, man .TP tags: '-t ", " --type')
pairs() {
	sed -n 's/^[^-]*-\([A-Za-z0-9]\)[", ]*\(--[a-z][a-z0-9-]*\).*/-\1 \2/p' |
		sort -u
}

# each_missing FROM IN: the lines of file FROM that file IN lacks
each_missing() {
	sort -u "$1" | comm -23 - "$2"
}

# --- 1. groff -----------------------------------------------------------------
if ! command -v groff >/dev/null; then
	fail "groff is not installed (scripts/deps.sh installs groff-base)"
elif groff -man -ww -z "$page" >"$tmp/groff" 2>&1 && [ ! -s "$tmp/groff" ]; then
	ok
else
	fail "groff -man -ww -z $page: $(head -n 5 "$tmp/groff" | tr '\n' ' ')"
fi

# --- the man page, de-escaped, one file per section ----------------------------
# Comment lines go; \- is -, font changes vanish.
sed -e '/^\.\\"/d' -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' \
	"$page" >"$tmp/man"
# man.SECTION: .SS "hwbp CMD" -> man.CMD; .SH OPTIONS -> man.global
# The part of .SH COMMANDS before the first .SS, options every command
# takes (--help), counts as part of each command's section: man.common.
awk -v dir="$tmp" '
	/^\.S[HS] / { out = "" }
	/^\.SH OPTIONS/ { out = dir "/man.global" }
	/^\.SH COMMANDS/ { out = dir "/man.common" }
	/^\.SS "hwbp [a-z]+"/ {
		name = $3
		sub(/"$/, "", name)
		out = dir "/man." name
		print name > (dir "/man.commands")
	}
	out != "" { print > out }
' "$tmp/man"
touch "$tmp/man.commands"
sort -u "$tmp/man.commands" -o "$tmp/man.commands"

# --- the --help texts ---------------------------------------------------------
if ! "$tool" --help >"$tmp/help.global" 2>"$tmp/err"; then
	fail "hwbp --help failed: $(cat "$tmp/err")"
else
	ok
fi
awk '/^Commands:/ { f = 1; next } f && /^$/ { exit } f { print $1 }' \
	"$tmp/help.global" | sort -u >"$tmp/help.commands"

# shellcheck disable=SC2013 # command names are single words
for c in $(cat "$tmp/help.commands"); do
	# help: `hwbp help --help` prints hwbp --help, whose options are the
	# global ones; the help command itself has none.
	if [ "$c" = help ]; then
		if "$tool" help --help 2>&1 | cmp -s - "$tmp/help.global"; then
			ok
		else
			fail "'hwbp help --help' does not print what 'hwbp --help' does"
		fi
		continue
	fi
	if "$tool" "$c" --help >"$tmp/help.$c" 2>"$tmp/err"; then
		ok
	else
		fail "'hwbp $c --help' failed: $(cat "$tmp/err")"
	fi
done

# --- 2. commands --------------------------------------------------------------
for c in $(each_missing "$tmp/help.commands" "$tmp/man.commands"); do
	fail "command '$c' (hwbp --help) has no .SS \"hwbp $c\" in $page"
done
for c in $(each_missing "$tmp/man.commands" "$tmp/help.commands"); do
	fail "$page has .SS \"hwbp $c\", but hwbp --help lists no command '$c'"
done
for c in $(comm -12 "$tmp/help.commands" "$tmp/man.commands"); do
	ok
done

# --- 3, 4. each command's options, and the global ones --------------------------
# Not help: its usage is hwbp --help's, checked as global (above).
for c in global $(comm -12 "$tmp/help.commands" "$tmp/man.commands" |
		  grep -vx help); do
	h=$tmp/help.$c
	m=$tmp/sect.$c
	if [ "$c" = global ]; then
		what="hwbp --help"
		sect=".SH OPTIONS"
		cat "$tmp/man.global" >"$m" 2>/dev/null
	else
		what="hwbp $c --help"
		sect=".SS \"hwbp $c\" (or .SH COMMANDS before it)"
		cat "$tmp/man.common" "$tmp/man.$c" >"$m" 2>/dev/null
	fi
	# In --help: the options of the Usage lines (up to the first blank
	# line), and the first option of each option line, which must have a
	# .TP entry of its own in the man section.
	awk '/^$/ { exit } { print }' "$h" | opts >"$tmp/usage.help"
	grep -E '^ +(-[A-Za-z0-9], )?--[a-z]' "$h" |
		sed 's/^ *\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/' |
		sort -u >"$tmp/def.help"
	opts <"$h" >"$tmp/all.help"
	# Tagged in the man section: the line after each .TP.
	awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' "$m" >"$tmp/tags.man"
	opts <"$tmp/tags.man" >"$tmp/def.man"
	opts <"$m" >"$tmp/all.man"

	for o in $(each_missing "$tmp/def.help" "$tmp/def.man"); do
		fail "$o ($what) has no .TP entry in $sect of $page"
	done
	for o in $(comm -12 "$tmp/def.help" "$tmp/def.man"); do
		ok
	done
	for o in $(each_missing "$tmp/usage.help" "$tmp/all.man"); do
		fail "$o (Usage of $what) is not in $sect of $page"
	done
	for o in $(comm -12 "$tmp/usage.help" "$tmp/all.man"); do
		ok
	done
	for o in $(each_missing "$tmp/def.man" "$tmp/all.help"); do
		fail "$o ($sect of $page) is not in $what"
	done
	for o in $(comm -12 "$tmp/def.man" "$tmp/all.help"); do
		ok
	done

	grep -E '^ +-[A-Za-z0-9], --[a-z]' "$h" | pairs >"$tmp/pairs.help"
	pairs <"$tmp/tags.man" >"$tmp/pairs.man"
	each_missing "$tmp/pairs.help" "$tmp/pairs.man" | while read -r s l; do
		echo "FAIL man: $s, $l ($what): $sect of $page does not tag $s with $l"
	done >"$tmp/fails"
	each_missing "$tmp/pairs.man" "$tmp/pairs.help" | while read -r s l; do
		echo "FAIL man: $s, $l ($sect of $page): $what does not give $l as $s"
	done >>"$tmp/fails"
	cat "$tmp/fails"
	failed=$((failed + $(wc -l <"$tmp/fails")))
	passed=$((passed + $(comm -12 "$tmp/pairs.help" "$tmp/pairs.man" | wc -l)))
done

# --- 5. every --option, anywhere ------------------------------------------------
cat "$tmp"/help.* | opts >"$tmp/any.help"
opts <"$tmp/man" >"$tmp/any.man"
for o in $(each_missing "$tmp/any.help" "$tmp/any.man"); do
	fail "$o is in a --help but nowhere in $page"
done
for o in $(each_missing "$tmp/any.man" "$tmp/any.help"); do
	fail "$o is in $page but in no --help"
done
for o in $(comm -12 "$tmp/any.help" "$tmp/any.man"); do
	ok
done

echo "man: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
