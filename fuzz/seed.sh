#!/usr/bin/env bash
# Seeds the fuzz corpora from the shipped agreements and returns and the
# test fixtures, so that the seeds stay in step with them. Run from anywhere;
# writes fuzz/corpus/<target>/ (not committed) and leaves what the fuzzer
# has added there since alone.
#
#   check, graph_summary: agreements/*.s75 and every tests/fixtures/**/*.s75
#   returns: agreements/returns/* and tests/fixtures/returns/*, each behind
#     the byte that chooses its kind and the agreement it is for
#     (agreement * 3 + kind; kinds csv 0, yaml 1, xlsx 2; agreements as in
#     tests/harness/mod.rs: the five shipped ones in name order, then
#     tests/fixtures/returns/agreement.s75)
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"
cd "$root"

mkdir -p "$fuzz/corpus/check" "$fuzz/corpus/graph_summary" "$fuzz/corpus/returns"

# A seed's name is its path with `/` as `__`, so no two collide.
name_of() { printf '%s' "${1//\//__}"; }

while IFS= read -r -d '' file; do
  cp "$file" "$fuzz/corpus/check/$(name_of "$file")"
  cp "$file" "$fuzz/corpus/graph_summary/$(name_of "$file")"
done < <(find agreements tests/fixtures -name '*.s75' -print0 | sort -z)

agreements=(birmingham_ld_mh blackburn_care_trust_plus health_and_care_single_budget
            lancashire_bcf lancashire_public_health)

kind_of() {
  case "$1" in
    *.yaml|*.yml) echo 1 ;;
    *.xlsx) echo 2 ;;
    *) echo 0 ;;
  esac
}

seed_return() { # FILE AGREEMENT-INDEX
  local kind selector
  kind=$(kind_of "$1")
  selector=$(( $2 * 3 + kind ))
  { printf "\\$(printf '%03o' "$selector")"; cat "$1"; } \
    > "$fuzz/corpus/returns/$(name_of "$1")"
}

for i in "${!agreements[@]}"; do
  for file in agreements/returns/"${agreements[$i]}".*; do
    [ -e "$file" ] && seed_return "$file" "$i"
  done
done
while IFS= read -r -d '' file; do
  seed_return "$file" 5
done < <(find tests/fixtures/returns -type f ! -name '*.s75' -print0 | sort -z)

for target in check graph_summary returns; do
  echo "$target: $(find "$fuzz/corpus/$target" -type f | wc -l) inputs"
done
