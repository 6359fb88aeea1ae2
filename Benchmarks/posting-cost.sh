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
"$base" demo --skus 1000 --locations 3 --orders 0 > /dev/null
"$base" sku list --format csv | awk -F, 'NR > 1 && $10 == "no" { print $1 }' > "$work/skus"
{ echo "sku,location,status,quantity"
  for location in 3PL-EU WH-UK-M WH-UK-N; do awk -v l=$location '{ print $1 "," l ",sellable,1000000" }' "$work/skus"; done
} > "$work/stock.csv"
"$base" import stock "$work/stock.csv" > /dev/null
awk -v n="$orders" 'BEGIN { srand(7); print "channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax" }
    { sku[NR] = $1 }
    END { split("UK-N UK-M UK-S", region, " ")
          for (o = 1; o <= n; o++) {
              lines = 1 + int(rand() * 5); r = region[1 + int(rand() * 3)]
              for (l = 1; l <= lines; l++)
                  printf "web,P%06d,2026-11-20 10:00:00,C%d,%s,%s,%d,9.99,1.67\n", o, o % 5000, r, sku[1 + int(rand() * NR)], 1 + int(rand() * 5)
          } }' "$work/skus" > "$work/orders.csv"
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
