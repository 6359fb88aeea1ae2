#!/usr/bin/env bash
# The order path as the issue measures it: 10,000 orders of 1-5 lines (quantities 1-5) over
# 1,000 SKUs and 3 warehouses, each step a cold `qm` process: capture (import), allocate,
# wave, confirm, ship. Prints each step's time and share, and the throughput end to end.
#
#   swift build -c release --product qm
#   Benchmarks/order-path.sh [path/to/qm] [orders]
set -euo pipefail
qm=${1:-.build/release/qm}
orders=${2:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/path.sqlite
export QM_DB=$db

# Set up (not timed): the network, ample stock, the orders file.
source "$(dirname "$0")/order-path-setup.sh"
order_path_setup "$qm" "$work" "$orders"

declare -a names times
step() {   # step NAME COMMAND...: runs it once, cold, and records its wall time
    local start end
    start=$(date +%s.%N)
    "${@:2}"
    end=$(date +%s.%N)
    names+=("$1"); times+=("$(echo "$end - $start" | bc)")
}
step capture  "$qm" import orders "$work/orders.csv" --input csv > /dev/null
step allocate "$qm" allocate > /dev/null
step wave     sh -c "\"$qm\" wave create --max-orders $orders > \"$work/picks.csv\""
step confirm  "$qm" wave confirm "$work/picks.csv" > /dev/null
awk -F, 'NR > 1 { print $2 }' "$work/picks.csv" | sort -un | awk 'BEGIN { print "order,carrier,tracking" } { print $1 ",DPD,T" $1 }' > "$work/ship.csv"
step ship     "$qm" import shipments "$work/ship.csv" > /dev/null

shipped=$(($(wc -l < "$work/ship.csv") - 1))
total=$(printf '%s\n' "${times[@]}" | paste -sd+ | bc)
for i in "${!names[@]}"; do
    printf '%-9s %6.2f s  %3.0f%%\n' "${names[$i]}" "${times[$i]}" "$(echo "100 * ${times[$i]} / $total" | bc -l)"
done
printf 'total     %6.2f s  %d orders captured, %d shipped: %.0f orders/s end to end\n' "$total" "$orders" "$shipped" \
    "$(echo "$orders / $total" | bc -l)"
