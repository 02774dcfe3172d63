#!/usr/bin/env bash
# Render an xlsx report (from `kcbudget reconcile|summarize --format xlsx --out FILE`)
# to PDF with LibreOffice, headless, and the PDF's pages to PNG, to look at them.
# Needs LibreOffice Calc and poppler-utils (Debian: apt-get install libreoffice-calc
# poppler-utils).  Usage: scripts/report-to-pdf.sh REPORT.xlsx [OUTDIR]
set -euo pipefail
report=$1
outdir=${2:-$(dirname "$report")}
profile=$(mktemp -d)
soffice --headless -env:UserInstallation=file://"$profile" \
  --convert-to pdf --outdir "$outdir" "$report" >/dev/null
pdf="$outdir/$(basename "${report%.*}").pdf"
test -s "$pdf"
if command -v pdftoppm >/dev/null; then
  pdftoppm -png -r 60 "$pdf" "${pdf%.pdf}"
fi
echo "$pdf"
