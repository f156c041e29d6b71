#!/bin/sh
# The simplest DuckDB query computing the statuses `concordat assess` gives
# the synthetic returns (`cargo run --release --example returns -- DIR ROWS`),
# timed against concordat on the same CSV, and the two compared owner by
# owner.
#
#   benches/duckdb_assess.sh DIR [RUNS]
#
# DIR holds agreement.s75 and returns.csv. Needs the `dist` build
# (`cargo build --profile dist`; the environment variable CONCORDAT names
# another binary, to compare builds) and DuckDB: the `duckdb` command if it
# is on the PATH, or else Python's module (`pip install duckdb`). Each tool
# runs RUNS times (3 by default), one after the other, under /usr/bin/time;
# each writes its whole result (concordat its report, DuckDB a CSV line per
# owner) to a file. Each run prints both times and their ratio, and the end
# the median ratio: on a shared machine, single runs vary widely.
#
# The query knows what the synthetic agreement says, as a hand-written query
# would: obligation ob_N's path falls from (60 + N mod 20)% in 2014/15 Q4 by
# half a point a quarter, lower is better, with a tolerance of 1 point, and
# an owner is flagged after 2 misses in a row. concordat reads all of that
# from the agreement.
set -eu
dir=${1:?usage: benches/duckdb_assess.sh DIR [RUNS]}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
concordat=${CONCORDAT:-$root/target/dist/concordat}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cat > "$out/query.sql" <<EOF
SET enable_progress_bar = false;
COPY (
  WITH rows AS (
    SELECT obligation, partner,
           (CAST(substr(period, 1, 4) AS INTEGER) - 2015) * 4
             + CAST(substr(period, 10, 1) AS INTEGER) AS q,
           value,
           CAST(substr(obligation, 4) AS INTEGER) % 20 AS k
    FROM read_csv('$dir/returns.csv', header = true,
                  columns = {'obligation': 'VARCHAR', 'partner': 'VARCHAR',
                             'period': 'VARCHAR', 'value': 'DECIMAL(18,4)',
                             'note': 'VARCHAR'})
  ),
  judged AS (
    SELECT obligation, partner, q,
           CASE WHEN value <= 60 + k - q * 0.5 THEN 'met'
                WHEN value <= 60 + k - q * 0.5 + 1 THEN 'within_tolerance'
                ELSE 'missed' END AS status
    FROM rows
  )
  SELECT obligation, partner,
         count(*) FILTER (WHERE status = 'met') AS met,
         count(*) FILTER (WHERE status = 'within_tolerance') AS within_tolerance,
         count(*) FILTER (WHERE status = 'missed') AS missed,
         max(q) - coalesce(max(q) FILTER (WHERE status <> 'missed'), 0) AS misses_in_a_row,
         arg_max(status, q) AS latest
  FROM judged
  GROUP BY obligation, partner
) TO '$out/duckdb.csv' (HEADER);
EOF

if command -v duckdb >/dev/null 2>&1; then
    set -- duckdb -c ".read $out/query.sql"
else
    set -- python3 -c "import duckdb, sys; duckdb.connect().execute(open(sys.argv[1]).read())" "$out/query.sql"
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "%e %M" -o "$out/ours" "$concordat" assess "$dir/agreement.s75" \
        --returns "$dir/returns.csv" > "$out/concordat.txt"
    /usr/bin/time -f "%e %M" -o "$out/theirs" "$@"
    read -r ours ours_kb < "$out/ours"
    read -r theirs theirs_kb < "$out/theirs"
    ratio=$(echo "$ours $theirs" | awk '{ printf "%.2f", $1 / $2 }')
    echo "concordat: $ours s, $ours_kb KB; duckdb: $theirs s, $theirs_kb KB; ratio $ratio"
    echo "$ratio" >> "$out/ratios"
    i=$((i + 1))
done
echo "median ratio: $(sort -n "$out/ratios" | awk '{ r[NR] = $1 } END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# The same counts, latest status and flags, owner by owner.
python3 - "$out/concordat.txt" "$out/duckdb.csv" <<'EOF'
import csv, re, sys
report, table = sys.argv[1], sys.argv[2]
ours, obligation = {}, None
owner = re.compile(r"    [•-] `([^`]+)`: (\d+) met, (\d+) within tolerance, (\d+) missed, "
                   r"\d+ not reported; latest [^:]+: .*?, (met|within tolerance|missed) \(")
text = open(report, encoding="utf-8").read()
for line in text.splitlines():
    m = re.match(r"  `(ob_\d+)` ", line)
    if m:
        obligation = m.group(1)
        continue
    m = owner.match(line)
    if m and obligation:
        ours[(obligation, m.group(1))] = (int(m.group(2)), int(m.group(3)), int(m.group(4)),
                                          m.group(5).replace(" ", "_"))
theirs, flagged = {}, 0
for r in csv.DictReader(open(table)):
    theirs[(r["obligation"], r["partner"])] = (int(r["met"]), int(r["within_tolerance"]),
                                               int(r["missed"]), r["latest"])
    flagged += int(r["misses_in_a_row"]) >= 2
differ = [k for k in theirs if ours.get(k) != theirs[k]]
print(f"owners: concordat {len(ours)}, duckdb {len(theirs)}, differing {len(differ)}; "
      f"flagged: concordat {len(re.findall('^✗ ', text, re.M))}, duckdb {flagged}")
sys.exit(1 if differ or len(ours) != len(theirs) else 0)
EOF
