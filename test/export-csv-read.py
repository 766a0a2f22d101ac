# Reads a CSV export with Python's csv module: argv[2] is the separator. Prints whether it began with a UTF-8 BOM
# and the rows, as JSON.
import csv
import json
import sys

with open(sys.argv[1], "rb") as f:
    bom = f.read(3) == b"\xef\xbb\xbf"
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f, delimiter=sys.argv[2]))
json.dump({"bom": bom, "rows": rows}, sys.stdout, ensure_ascii=False)
