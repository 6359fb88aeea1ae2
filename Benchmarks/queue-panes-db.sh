#!/usr/bin/env bash
# The database the QueuePanes benchmark reads: every SKU at every location of a 70,000-SKU,
# 8-location demo counted 10 units short (most variances wait for a supervisor), and 100,000
# received returns waiting for inspection. The returns are written straight into the table,
# each one unit of a sale line, many on the same lines: this database measures the panes, and
# `qm verify` rightly reports lines returned more than they shipped.
#
#   swift build -c release --product qm
#   Benchmarks/queue-panes-db.sh [path/to/qm] [database]
set -euo pipefail
qm=${1:-.build/release/qm}
db=${2:-/tmp/qm-queues.sqlite}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$db" "$db-wal" "$db-shm"
"$qm" demo --db "$db" --skus 70000 --locations 8 --orders 3000 > /dev/null
for c in a b c; do "$qm" setting set "count.interval-$c" 1 --reason benchmark --db "$db" > /dev/null; done
"$qm" count schedule --db "$db"
"$qm" count start --all-due --db "$db" > /dev/null
sqlite3 -csv "$db" "SELECT c.task_id, s.code, c.bucket, max(0, c.snapshot - 10) FROM count_line c JOIN sku s ON s.id = c.sku_id" \
  | awk -F, 'BEGIN { print "count,sku,bucket,quantity" } { print }' > "$work/counts.csv"
"$qm" count enter --file "$work/counts.csv" --as sam --db "$db"
sqlite3 "$db" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000),
lines AS (SELECT l.order_id, l.line_no, l.sku_id, row_number() OVER (ORDER BY l.order_id, l.line_no) - 1 AS k
          FROM order_line l JOIN sales_order o ON o.id = l.order_id WHERE o.kind = 'sale'),
total AS (SELECT count(*) AS c FROM lines)
INSERT INTO customer_return (code, order_id, line_no, sku_id, quantity, reason, state, location_id, currency, paid, freight_share,
                             refund_due, refund_state, note, created_at, created_by, state_since, received_at, received_by)
SELECT 'RMA-B' || n.i, lines.order_id, lines.line_no, lines.sku_id, 1, 'defective', 'received', (SELECT min(id) FROM location), 'GBP',
       100, 0, 100, 'held', '', '2026-12-01T09:00:00Z', 'bench', '2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z', 'bench'
FROM n JOIN total JOIN lines ON lines.k = n.i % total.c;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
echo "variances waiting: $(sqlite3 "$db" "SELECT count(*) FROM count_line WHERE state = 'review'"), counts open: $(sqlite3 "$db" "SELECT count(*) FROM count_task WHERE state IN ('open','counting','review')"), returns to inspect: $(sqlite3 "$db" "SELECT count(*) FROM customer_return WHERE state = 'received'")"
