# Shared helpers for the shell test suites: checks, counts, a time bound.
# Each suite sources this, runs checks, then calls t_done.
t_pass=0
t_fail=0
T_TIMEOUT=${T_TIMEOUT:-20}

# t_check NAME STATUS: count one check; STATUS 0 is a pass.
t_check() {
	if [ "$2" -eq 0 ]; then
		t_pass=$((t_pass + 1))
	else
		t_fail=$((t_fail + 1))
		echo "FAIL $1"
	fi
}

# t_run OUT ERR CMD...: run a command with a time bound; returns its status.
t_run() {
	_out=$1 _err=$2
	shift 2
	timeout -k 5 "$T_TIMEOUT" "$@" >"$_out" 2>"$_err"
}

# t_has FILE TEXT: the file contains the text (fixed string).
t_has() {
	grep -qF -- "$2" "$1"
}

# t_no_escapes FILE: no byte below 0x20 except newline and tab, no DEL.
t_no_escapes() {
	! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" &&
	    ! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1"
}

t_done() {
	echo "$t_pass passed, $t_fail failed"
	[ "$t_fail" -eq 0 ]
}
