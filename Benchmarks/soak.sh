#!/usr/bin/env bash
# The concurrency soak, long: for SECONDS seconds, eight allocator processes (every policy),
# an adjuster, a canceller/holder, an importer feeding new orders and a reader (listings and
# verify) all work one database with scarce stock. At the end: every process's runs and
# failures, and `qm verify`. A failure is an allocator or importer exiting non-zero, a
# reader exiting non-zero, or any process dying of a signal; a refused adjust, cancel or
# hold (by stock or state) is expected and counted apart.
#
#   swift build -c release --product qm
#   Benchmarks/soak.sh [path/to/qm] [seconds]
set -uo pipefail
qm=${1:-.build/release/qm}
seconds=${2:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QM_DB=$work/soak.sqlite
"$qm" demo --skus 200 --locations 4 --orders 5000 > /dev/null || exit 1
end=$(( $(date +%s) + seconds ))

worker() {   # worker NAME: loops its kind of work until the end, then prints its tally
    local name=$1 runs=0 failed=0 refused=0 n=0 status
    while [ "$(date +%s)" -lt "$end" ]; do
        n=$((n + 1))
        case $name in
            alloc*) "$qm" allocate --chunk $((3 + ${name#alloc})) --policy "$(echo fastest cheapest balance weighted | cut -d' ' -f$((1 + ${name#alloc} % 4)))" > /dev/null 2>"$work/$name.err"; status=$? ;;
            adjust) "$qm" move adjust --sku QM1000$((n % 10)) --location WH-UK-N --qty $([ $((n % 2)) = 0 ] && echo 5 || echo -3) --reason soak > /dev/null 2>"$work/$name.err"; status=$?
                    [ $status = 1 ] && { refused=$((refused + 1)); status=0; } ;;
            cancel) "$qm" order $([ $((n % 2)) = 0 ] && echo "cancel $((n * 37 % 5000 + 1)) --reason customer-request" || echo "hold $((n * 41 % 5000 + 1)) --reason customer") > /dev/null 2>"$work/$name.err"; status=$?
                    [ $status = 1 ] && { refused=$((refused + 1)); status=0; } ;;
            import) { echo "channel,order_ref,ordered_at,customer,ship_region,sku,quantity,unit_price,tax"
                      for i in $(seq 1 50); do echo "web,SOAK-$n-$i,2026-11-20 10:00:00,C$i,UK-$(echo N M S | cut -d' ' -f$((1 + i % 3))),QM1000$((i % 10)),$((1 + i % 4)),5.00,1.00"; done
                    } > "$work/import.csv"
                    "$qm" import orders "$work/import.csv" --input csv > /dev/null 2>"$work/$name.err"; status=$? ;;
            read)   "$qm" stock --format csv > /dev/null 2>"$work/$name.err" && "$qm" orders --limit 100 > /dev/null 2>>"$work/$name.err" \
                      && "$qm" backorders > /dev/null 2>>"$work/$name.err" && "$qm" verify > /dev/null 2>>"$work/$name.err"; status=$? ;;
        esac
        runs=$((runs + 1))
        if [ $status != 0 ]; then failed=$((failed + 1)); echo "$name: exit $status: $(head -c 300 "$work/$name.err")" >&2; fi
    done
    echo "$name $runs $failed $refused"
}

started=$(date +%s.%N)
for name in alloc0 alloc1 alloc2 alloc3 alloc4 alloc5 alloc6 alloc7 adjust cancel import read; do worker $name > "$work/$name.tally" & done
wait
elapsed=$(echo "$(date +%s.%N) - $started" | bc)
printf "%-8s %6s %7s %8s\n" worker runs failed refused
cat "$work"/*.tally | sort | awk '{ printf "%-8s %6d %7d %8d\n", $1, $2, $3, $4; f += $3 } END { print "failures: " f }'
"$qm" verify | head -1
"$qm" orders --format csv | awk -F, 'NR > 1 { s[$4]++ } END { for (k in s) printf "%s %d, ", k, s[k]; print "" }'
printf "%.0f s\n" "$elapsed"
