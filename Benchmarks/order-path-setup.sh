# The order path's setting, shared by order-path.sh and posting-cost.sh (sourced, not run):
# order_path_setup QM WORK ORDERS makes, in the database $QM_DB, the network (1,000 SKUs, 3
# warehouses), ample stock of every SKU that is not a kit at every location, and the orders
# file WORK/orders.csv: ORDERS orders of 1-5 lines (quantities 1-5), the same for a seed.
order_path_setup() {
    local qm=$1 work=$2 orders=$3
    "$qm" demo --skus 1000 --locations 3 --orders 0 > /dev/null
    "$qm" sku list --format csv | awk -F, 'NR > 1 && $10 == "no" { print $1 }' > "$work/skus"
    { echo "sku,location,status,quantity"
      for location in 3PL-EU WH-UK-M WH-UK-N; do awk -v l=$location '{ print $1 "," l ",sellable,1000000" }' "$work/skus"; done
    } > "$work/stock.csv"
    "$qm" import stock "$work/stock.csv" > /dev/null
    awk -v n="$orders" 'BEGIN { srand(7); print "channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax" }
        { sku[NR] = $1 }
        END { split("UK-N UK-M UK-S", region, " ")
              for (o = 1; o <= n; o++) {
                  lines = 1 + int(rand() * 5); r = region[1 + int(rand() * 3)]
                  for (l = 1; l <= lines; l++)
                      printf "web,P%06d,2026-11-20 10:00:00,C%d,%s,%s,%d,9.99,1.67\n", o, o % 5000, r, sku[1 + int(rand() * NR)], 1 + int(rand() * 5)
              } }' "$work/skus" > "$work/orders.csv"
}
