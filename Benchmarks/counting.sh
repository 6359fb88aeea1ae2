#!/usr/bin/env bash
# Count entry as issue 11 measures it: every SKU at every location of a 20,000-SKU demo is
# due for a count (intervals set to one day), all are started, and one scanner file counts
# every line of them (`qm count enter --file`), one line in twenty off by a unit or two.
# Each run is a cold `qm` process on a copy of the same database, run `runs` times; prints
# each time and the best rate in lines per second.
#
#   swift build -c release --product qm
#   Benchmarks/counting.sh [path/to/qm] [skus] [runs]
set -euo pipefail
qm=${1:-.build/release/qm}
skus=${2:-20000}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/count.sqlite

# Set up (not timed): the demo, every position due, every count started, and the file: a
# line per (count, SKU, bucket) the start snapshotted, the ledger's figure with a few off.
"$qm" demo --db "$db" --skus "$skus" --locations 8 --orders 0 > /dev/null
for c in a b c; do "$qm" setting set "count.interval-$c" 1 --reason benchmark --db "$db" > /dev/null; done
"$qm" count schedule --db "$db" > /dev/null
"$qm" count start --all-due --db "$db" > /dev/null
sqlite3 -csv "$db" "SELECT c.task_id, s.code, c.bucket, c.snapshot FROM count_line c JOIN sku s ON s.id = c.sku_id ORDER BY c.task_id, s.code, c.bucket" \
  | awk -F, 'BEGIN { print "count,sku,quantity,bucket" }
             { q = $4; if (NR % 20 == 7) q = q + 1; if (NR % 20 == 13 && q > 1) q = q - 2; print $1 "," $2 "," q "," $3 }' > "$work/counts.csv"
lines=$(($(wc -l < "$work/counts.csv") - 1))
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
cp "$db" "$work/base.sqlite"

echo "qm count enter --file: $lines lines over $("$qm" count list --state counting --limit 0 --format csv --db "$db" | tail -n +2 | wc -l) counts"
for i in $(seq "$runs"); do
    cp "$work/base.sqlite" "$db"; rm -f "$db-wal" "$db-shm"
    /usr/bin/time -f "%e s %M KB" "$qm" count enter --file "$work/counts.csv" --db "$db" 2>&1 >/dev/null | tail -1
done | tee "$work/enter.times"
"$qm" verify --db "$db" > /dev/null && echo "verify: clean"
echo "variances waiting: $("$qm" count list --variances --limit 0 --format csv --db "$db" | tail -n +2 | wc -l)"
seconds=$(cut -d' ' -f1 "$work/enter.times" | sort -n | head -1)
echo "count enter: best $seconds s, $(awk -v l="$lines" -v s="$seconds" 'BEGIN { printf "%d", l / s }') lines/s"
