#!/usr/bin/env bash
# Rebuilds the user-dataset fixtures of the tests from real public data
# (nothing here is invented; see tests/data/README.md):
#   sbs_v16110_at_cz_dk_hu_si_sk.tsv.gz  lines of Eurostat's bulk file
#       sbs_r_nuts06_r2.tsv.gz (../shared/data/eurostat) with indic_sb=V16110,
#       NUTS-2 regions of AT CZ DK HU SI SK and NACE divisions, as published
#   sbs_be_nl_pt_ie.csv.gz  the embedded SBS panel (data/embedded, NUTS 2013)
#       for the NUTS-2 regions of BE NL PT IE and NACE divisions, long CSV
#   context_<countries>.csv.gz  the embedded context indicators of those
#       countries (NUTS 0 and 2) and the EU28 rows, long region,indicator,year,value
# Usage: tests/data/make_fixtures.sh [SHARED_DIR]   (default ../shared)
set -euo pipefail
cd "$(dirname "$0")"
shared=${1:-../../../shared}
zcat "$shared/data/eurostat/sbs_r_nuts06_r2.tsv.gz" | awk -F'\t' 'NR == 1 { print; next }
  { split($1, k, ","); c = substr(k[3], 1, 2)
    if (k[2] == "V16110" && length(k[3]) == 4 && k[1] ~ /^[A-Z][0-9][0-9]$/ &&
        (c == "AT" || c == "CZ" || c == "DK" || c == "HU" || c == "SI" || c == "SK")) print }' \
  | gzip -9n > sbs_v16110_at_cz_dk_hu_si_sk.tsv.gz
zcat ../../data/embedded/sbs_employment_nuts2013.csv.gz | awk -F',' 'NR == 1 { print; next }
  { c = substr($1, 1, 2)
    if (length($1) == 4 && $2 ~ /^[A-Z][0-9][0-9]$/ && (c == "BE" || c == "NL" || c == "PT" || c == "IE")) print }' \
  | gzip -9n > sbs_be_nl_pt_ie.csv.gz
context() { # $1: file, rest: countries
  local out=$1; shift
  zcat ../../data/embedded/context_nuts2013.csv.gz | awk -F',' -v list="$*" 'BEGIN { n = split(list, cs, " "); for (i = 1; i <= n; i++) want[cs[i]] = 1 }
    NR == 1 { print; next }
    { c = substr($1, 1, 2); l = length($1)
      if ($1 == "EU28" || (want[c] && (l == 2 || l == 4))) print }' | gzip -9n > "$out"
}
context context_at_cz_dk_hu_si_sk.csv.gz AT CZ DK HU SI SK
context context_be_nl_pt_ie.csv.gz BE NL PT IE
ls -l *.gz
