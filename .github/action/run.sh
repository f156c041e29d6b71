#!/usr/bin/env bash
# Runs `concordat check` (and `concordat assess`, when returns are given) for
# the composite action in action.yml. Everything comes from the environment,
# so the script runs the same on a runner and in a test:
#
#   CONCORDAT_BIN            the concordat program (default: `concordat`)
#   CONCORDAT_PATHS          files and folders to check, one a line (default: .)
#   CONCORDAT_FORMAT         the report format (default: github)
#   CONCORDAT_DENY_WARNINGS  `true` to fail on warnings too
#   CONCORDAT_AGREEMENT      the agreement file the returns are for
#   CONCORDAT_RETURNS        return files, one a line; none: no assessment
#   CONCORDAT_AS_OF          the period to assess as of (`2018/19 Q2`)
#   GITHUB_OUTPUT            where `check-exit-code` and `assess-exit-code` go
#   GITHUB_STEP_SUMMARY      the job summary (written by concordat itself)
#
# Exits with the first exit code that is not 0 (check's, then assess's).
set -u

bin="${CONCORDAT_BIN:-concordat}"
format="${CONCORDAT_FORMAT:-github}"

# One item a line, blank lines skipped, so that names may hold spaces.
lines() {
    local item
    while IFS= read -r item; do
        item="${item#"${item%%[![:space:]]*}"}"
        item="${item%"${item##*[![:space:]]}"}"
        if [ -n "$item" ]; then
            printf '%s\0' "$item"
        fi
    done <<<"$1"
}

output() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}

paths=()
while IFS= read -r -d '' path; do paths+=("$path"); done < <(lines "${CONCORDAT_PATHS:-.}")
if [ "${#paths[@]}" -eq 0 ]; then
    paths=(.)
fi

check=(check --format "$format")
case "${CONCORDAT_DENY_WARNINGS:-false}" in
    true | True | TRUE | 1 | yes) check+=(--deny-warnings) ;;
esac

"$bin" "${check[@]}" -- "${paths[@]}"
check_code=$?
output check-exit-code "$check_code"
code=$check_code

returns=()
while IFS= read -r -d '' file; do returns+=("$file"); done < <(lines "${CONCORDAT_RETURNS:-}")
if [ "${#returns[@]}" -gt 0 ]; then
    if [ -z "${CONCORDAT_AGREEMENT:-}" ]; then
        echo "::error title=concordat::the input \`returns\` needs \`agreement\`, the agreement file they are for"
        output assess-exit-code 2
        exit 2
    fi
    assess=(assess --format "$format")
    if [ -n "${CONCORDAT_AS_OF:-}" ]; then
        assess+=(--as-of "$CONCORDAT_AS_OF")
    fi
    "$bin" "${assess[@]}" --returns "${returns[@]}" -- "$CONCORDAT_AGREEMENT"
    assess_code=$?
    output assess-exit-code "$assess_code"
    if [ "$code" -eq 0 ]; then
        code=$assess_code
    fi
fi

exit "$code"
