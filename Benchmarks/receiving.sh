#!/usr/bin/env bash
# Receiving as issue 10 measures it: purchase orders of 20 lines each over the SKUs of a
# 20,000-SKU demo, sent to one warehouse (`qm import pos`), then every line received from one
# scanner file (`qm receive --file`), one line in twenty damaged. Each step is a cold `qm`
# process on a copy of the same database, run `runs` times; prints each time and the best
# rate in lines per second.
#
#   swift build -c release --product qm
#   Benchmarks/receiving.sh [path/to/qm] [purchase orders] [runs]
set -euo pipefail
qm=${1:-.build/release/qm}
orders=${2:-5000}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/recv.sqlite

# Set up (not timed): the demo, and the two files. SUP-02 takes any quantity (no minimum, no
# packs) and allows 5% over and under.
"$qm" demo --db "$db" --skus 20000 --locations 8 --orders 0 > /dev/null
"$qm" sku list --db "$db" --limit 0 --format csv | awk -F, 'NR > 1 && $10 == "no" { print $1 }' > "$work/skus"
awk -v n="$orders" 'BEGIN { print "po,supplier,location,state,sku,quantity,unit_cost,expected_date" }
    { sku[NR] = $1 }
    END { for (p = 0; p < n; p++) for (j = 0; j < 20; j++)
              printf "PO-B%d,SUP-02,WH-UK-N,sent,%s,100,1.00,2026-12-20\n", p, sku[1 + (p * 20 + j) % NR] }' "$work/skus" > "$work/pos.csv"
awk -v n="$orders" 'BEGIN { print "po,sku,quantity,condition" }
    { sku[NR] = $1 }
    END { for (p = 0; p < n; p++) for (j = 0; j < 20; j++)
              printf "PO-B%d,%s,100,%s\n", p, sku[1 + (p * 20 + j) % NR], (j == 7 ? "damaged" : "") }' "$work/skus" > "$work/receipts.csv"
lines=$((orders * 20))
cp "$db" "$work/base.sqlite"

best() { sort -n | head -1; }
echo "qm import pos: $lines lines"
for i in $(seq "$runs"); do
    cp "$work/base.sqlite" "$db"; rm -f "$db-wal" "$db-shm"
    /usr/bin/time -f "%e s %M KB" "$qm" import pos "$work/pos.csv" --db "$db" 2>&1 >/dev/null | tail -1
done | tee "$work/pos.times"
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
cp "$db" "$work/received.sqlite"
echo "qm receive --file: $lines lines"
for i in $(seq "$runs"); do
    cp "$work/received.sqlite" "$db"; rm -f "$db-wal" "$db-shm"
    /usr/bin/time -f "%e s %M KB" "$qm" receive --file "$work/receipts.csv" --db "$db" 2>&1 >/dev/null | tail -1
done | tee "$work/receive.times"
"$qm" verify --db "$db" > /dev/null && echo "verify: clean"
for step in pos receive; do
    seconds=$(cut -d' ' -f1 "$work/$step.times" | best)
    echo "$step: best $seconds s, $(awk -v l=$lines -v s="$seconds" 'BEGIN { printf "%d", l / s }') lines/s"
done
