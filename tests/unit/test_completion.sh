#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# completion/hwbp, sourced into this bash and driven as bash would drive
# it: COMP_WORDS and COMP_CWORD set, _hwbp called, COMPREPLY checked.
#
#   - every command of `hwbp --help`, and every option of `hwbp CMD --help`
#     and of CMD's getopt table in tool/*.c, is offered (so that a new
#     command or option without completion fails here), and every option
#     offered is one the tool takes
#   - watch ids from `hwbp list` (a fake hwbp on PATH), silent on errors
#   - kernel symbols from a fake kallsyms ($HWBP_KALLSYMS, as the tool)
#   - the values of -t, --by, --arg, --on, --percpu, --allow
#
# $HWBP_TOOL is the real binary (default ../../tool/hwbp). Prints lines in
# cmocka's format, which tests/unit/Makefile adds up.

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${HWBP_TOOL:-$top/tool/hwbp}
pass=0
fail=0
failed=()

if [[ ! -x $tool ]]; then
	echo "test_completion: $tool is not there: build the tool first (make -C tool)" >&2
	exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=completion/hwbp
. "$top/completion/hwbp" || exit 1

# A fake hwbp for `hwbp list`: $FAKE_LIST is what it prints, and
# FAKE_LIST=fail makes it fail as without the module.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/hwbp" <<'EOF'
#!/bin/sh
[ "$1" = list ] || exit 2
if [ "$FAKE_LIST" = fail ]; then
	echo "hwbp: /dev/hwbp not found: the hwbp module is not loaded" >&2
	exit 1
fi
printf '%s' "$FAKE_LIST"
EOF
chmod +x "$tmp/bin/hwbp"
PATH=$tmp/bin:$PATH
export FAKE_LIST='  ID  TYPE  LEN  REGS  ADDRESS             WHERE  STATE  HITS  TARGET   FLAGS
   1  w       4     1  0xffffffffadc5b510  all    armed     3  pid_max  -
   3  probe   -     -  0xffffffff81234900  call   armed    10  vfs_read -
  12  rw      8     1  0xffffffffadc5b600  cpu1   armed     0  jiffies  record
'

cat >"$tmp/kallsyms" <<'EOF'
0000000000000000 A fixed_percpu_data
ffffffff81234900 T vfs_read
ffffffff81234a00 T vfs_readv
ffffffff81234b00 t vfs_read.cold
ffffffff812348f0 t __pfx_vfs_read
ffffffff81234c00 T vfs_write
ffffffff81235000 T sk_alloc
ffffffff81235100 T sk_free
ffffffff81235200 W weak_fn
ffffffff82a1b2c0 D pid_max
ffffffff82a1b2c4 d pid_max_min
ffffffff82a1b2c8 d pid_max_max
ffffffff82a1c000 D jiffies
ffffffff82a1c008 b jiffies_lock
ffffffff82a1d000 r jiffies_table
ffffffffc0a00000 d my_counter	[hwbp_target]
ffffffffc0a00100 t vfs_read	[other_mod]
EOF
export HWBP_KALLSYMS=$tmp/kallsyms

# reply WORD...: complete with COMP_WORDS=(WORD...), the cursor at the end
# of the last; prints COMPREPLY sorted, one a line.
reply()
{
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_hwbp hwbp "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort
}

# check NAME WANT WORD...: the reply is exactly WANT (words, any order).
check()
{
	local name=$1 want got
	want=$(tr ' ' '\n' <<<"$2" | sed '/^$/d' | sort)
	shift 2
	echo "[ RUN      ] completion__$name"
	got=$(reply "$@" 2>"$tmp/stderr")
	if [[ $got == "$want" && ! -s $tmp/stderr ]]; then
		echo "[       OK ] completion__$name"
		((pass++))
	else
		echo "hwbp ${*@Q}: want [${want//$'\n'/ }], got [${got//$'\n'/ }]$(
			[[ -s $tmp/stderr ]] && echo "; stderr: $(cat "$tmp/stderr")")"
		echo "[  FAILED  ] completion__$name"
		((fail++))
		failed+=("$name")
	fi
}

# has NAME LIST WORD...: every word of LIST is in the reply.
has()
{
	local name=$1 list=$2 got w missing=
	shift 2
	echo "[ RUN      ] completion__$name"
	got=" $(reply "$@" | tr '\n' ' ') "
	for w in $list; do
		[[ $got == *" $w "* ]] || missing+=" $w"
	done
	if [[ -z $missing ]]; then
		echo "[       OK ] completion__$name"
		((pass++))
	else
		echo "hwbp ${*@Q}: not offered:$missing"
		echo "[  FAILED  ] completion__$name"
		((fail++))
		failed+=("$name")
	fi
}

# The long options of each getopt table in tool/*.c, as "CMD --opt" lines:
# CMD is the hwbp_cmd_CMD function the table is in, "-" for main().
getopt_tables()
{
	awk '
		/^int hwbp_cmd_[a-z]+\(/ { f = $2; sub(/^hwbp_cmd_/, "", f); sub(/\(.*/, "", f) }
		/^int main\(/ { f = "-" }
		/static const struct option/ { t = 1; next }
		t && /\{ *NULL/ { t = 0 }
		t && match($0, /\{ *"[a-z-]+"/) {
			o = substr($0, RSTART, RLENGTH); sub(/\{ *"/, "", o); sub(/"/, "", o)
			print f, "--" o
		}
	' "$top"/tool/*.c
}

# The options `hwbp [CMD] --help` lists: "-x, --long" or "    --long" at
# the start of a line, not the options other lines mention.
help_opts()
{
	"$tool" "$@" --help 2>/dev/null |
		sed -nE 's/^  (-[A-Za-z]), (--[a-z][a-z-]*).*/\1 \2/p; s/^      (--[a-z][a-z-]*).*/\1/p'
}

# ---- commands and options: complete against the tool itself ----

commands=$("$tool" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]\+\) .*/\1/p')
[[ -n $commands ]] || { echo "test_completion: no commands in hwbp --help" >&2; exit 1; }
has "every command of hwbp --help" "$commands" hwbp ""
has "global options of hwbp --help" "$(help_opts) $(getopt_tables | awk '$1 == "-" { print $2 }')" hwbp -

tables=$(getopt_tables)
for c in $commands; do
	# hwbp help --help is hwbp --help: its options are the global ones.
	[[ $c == help ]] && continue
	want=$({ help_opts "$c"; awk -v c="$c" '$1 == c { print $2 }' <<<"$tables"; } |
		tr ' ' '\n' | sort -u)
	has "options of hwbp $c --help and its getopt table" "$want" hwbp "$c" -
	# Every option offered is one the tool takes.
	echo "[ RUN      ] completion__options offered for $c are the tool's"
	bad=
	for o in $(reply hwbp "$c" -); do
		[[ $o == --* ]] || continue
		grep -qx -- "$c $o" <<<"$tables" || bad+=" $o"
	done
	if [[ -z $bad ]]; then
		echo "[       OK ] completion__options offered for $c are the tool's"
		((pass++))
	else
		echo "hwbp $c: offered but not in its getopt table:$bad"
		echo "[  FAILED  ] completion__options offered for $c are the tool's"
		((fail++))
		failed+=("options offered for $c are the tool's")
	fi
done
# A table with no command behind it: the parsing above found nothing.
[[ $(awk '$1 != "-"' <<<"$tables" | wc -l) -gt 20 ]] ||
	{ echo "test_completion: getopt tables not found in tool/*.c" >&2; exit 1; }

check "commands by prefix" "clear counts" hwbp c
check "after -j, commands" "hits help" hwbp -j h
check "help COMMAND" "probe" hwbp help pr
check "long options by prefix" "--count-only --cpu --changed" hwbp add --c
check "an unknown command: nothing" "" hwbp frob ""

# ---- watch ids from hwbp list ----

check "del: every id" "1 3 12" hwbp del ""
check "del: more ids" "1 3 12" hwbp del 3 ""
check "del: ids by prefix" "1 12" hwbp del 1
check "hits: one id" "1 3 12" hwbp hits ""
check "hits: one id only" "" hwbp hits 3 ""
check "hits -n N: then an id" "1 3 12" hwbp hits -n 5 ""
check "counts --by KEY: then an id" "1 3 12" hwbp counts --by comm ""
check "counts --by=KEY: then an id" "1 3 12" hwbp counts --by = comm ""
check "stacks, clear, monitor: ids" "1 3 12" hwbp monitor -j ""
check "clear: ids" "1 3 12" hwbp clear ""
check "list: no arguments" "" hwbp list ""
FAKE_LIST=fail check "no module: nothing, silently" "" hwbp del ""
FAKE_LIST='' check "no watches: nothing" "" hwbp stacks ""

# ---- kernel symbols ----

check "add: data symbols by prefix" "pid_max pid_max_min pid_max_max" hwbp add pid
check "add: module symbols too" "my_counter" hwbp add my_
check "add: nothing for an empty word" "" hwbp add ""
check "add: not functions" "" hwbp add vfs_
check "add -t x: functions" "vfs_read vfs_readv vfs_write" hwbp add -t x vfs_
check "add after options" "jiffies jiffies_lock jiffies_table" hwbp add --stack -l 8 jiff
check "add: one TARGET" "" hwbp add pid_max jiff
check "add: no symbol+offset, no 0x" "" hwbp add pid_max+
check "probe: functions, no clones or __pfx_" "vfs_read vfs_readv" hwbp probe vfs_rea
check "probe: weak functions" "weak_fn" hwbp probe wea
check "probe: not data" "" hwbp probe pid
check "probe: absolute symbols skipped" "" hwbp probe fixed
HWBP_KALLSYMS=$tmp/none check "no kallsyms: nothing, silently" "" hwbp probe vfs

# ---- option values ----

check "-t" "w rw r x" hwbp add -t ""
check "--type=" "rw r" hwbp add --type = r
check "--percpu" "local" hwbp add --percpu lo
check "probe --by" "arg1 arg2 arg3 arg4 arg5 arg6" hwbp probe vfs_read --by ar
check "counts --by" "caller comm cpu" hwbp counts --by c
check "counts --by=" "ip" hwbp counts 1 --by = i
check "--arg N" "1 2 3 4 5 6" hwbp probe vfs_read --arg ""
check "--arg N:KIND" "u64 ustr" hwbp probe vfs_read --arg 2 : u
check "--arg N: (the colon)" "u64 str ustr" hwbp probe vfs_read --arg 2 :
check "--on FUNC" "sk_alloc:" hwbp add --on sk_a
check "--on FUNC:argN" "arg1 arg2 arg3 arg4 arg5 arg6" hwbp add --on sk_alloc : ""
check "--until FUNC:argN" "arg1" hwbp add --on sk_alloc : arg1 -l 8 --until sk_free : arg1
check "--on ... then no TARGET" "" hwbp add --on sk_alloc : arg1 pid
check "--allow FUNC,FUNC" "vfs_write,vfs_read vfs_write,vfs_readv" hwbp add --allow vfs_write,vfs_read
check "-l N: nothing" "" hwbp add -l ""

echo "[==========] completion: $((pass + fail)) test(s) run."
echo "[  PASSED  ] $pass test(s)."
if ((fail)); then
	echo "[  FAILED  ] $fail test(s), listed below:"
	for f in "${failed[@]}"; do
		echo "[  FAILED  ] completion__$f"
	done
	exit 1
fi
exit 0
