#!/usr/bin/env bash
# What posting to the books costs a shipment: one database taken to confirmed picks (the
# order path's 100,000 orders by default), copied twice, each copy shipped by one binary,
# three rounds. BASE is a qm built without the books (commit 523d250), BOOKS one with them;
# the copy BOOKS ships has its books opened first, untimed.
#
#   Benchmarks/posting-cost.sh BASE BOOKS [orders]
set -euo pipefail
base=$1; books=$2; orders=${3:-100000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
db=$work/path.sqlite; export QM_DB=$db
source "$(dirname "$0")/order-path-setup.sh"
order_path_setup "$base" "$work" "$orders"
"$base" import orders "$work/orders.csv" --input csv > /dev/null
"$base" allocate > /dev/null
"$base" wave create --max-orders "$orders" > "$work/picks.csv"
"$base" wave confirm "$work/picks.csv" > /dev/null
awk -F, 'NR > 1 { print $2 }' "$work/picks.csv" | sort -un | awk 'BEGIN { print "order,carrier,tracking" } { print $1 ",DPD,T" $1 }' > "$work/ship.csv"
for i in 1 2 3; do
  for copy in a b; do   # the database and its write-ahead log, as qm left them
      cp "$db" "$work/$copy.sqlite"; if [ -f "$db-wal" ]; then cp "$db-wal" "$work/$copy.sqlite-wal"; else rm -f "$work/$copy.sqlite-wal"; fi
  done
  QM_DB=$work/b.sqlite "$books" accounts > /dev/null   # opens the books (migration), not timed
  s=$(date +%s.%N); QM_DB=$work/a.sqlite "$base" import shipments "$work/ship.csv" > /dev/null; e=$(date +%s.%N)
  echo "run $i without posting: $(echo "$e - $s" | bc) s"
  s=$(date +%s.%N); QM_DB=$work/b.sqlite "$books" import shipments "$work/ship.csv" > /dev/null; e=$(date +%s.%N)
  echo "run $i with posting:    $(echo "$e - $s" | bc) s"
done
QM_DB=$work/b.sqlite "$books" trial-balance
