# Reads an xlsx with openpyxl (Debian's python3-openpyxl, an independent reader) and prints what the export tests
# check as JSON: per sheet the frozen pane, the autofilter, column widths, and each cell's value, type, number format
# and formula (with the cached result a reader that does not calculate shows).
import datetime
import json
import sys

import openpyxl

path = sys.argv[1]
formulas = openpyxl.load_workbook(path)
cached = openpyxl.load_workbook(path, data_only=True)


def plain(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    return v


out = {"sheets": []}
for ws in formulas.worksheets:
    wc = cached[ws.title]
    rows = []
    for row, row_cached in zip(ws.iter_rows(), wc.iter_rows()):
        cells = []
        for c, cc in zip(row, row_cached):
            cell = {"v": plain(c.value), "t": type(c.value).__name__, "fmt": c.number_format, "date": c.is_date}
            if c.data_type == "f":
                cell["cached"] = plain(cc.value)
            if c.font is not None and c.font.b:
                cell["bold"] = True
            cells.append(cell)
        rows.append(cells)
    out["sheets"].append(
        {
            "title": ws.title,
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "rows": rows,
        }
    )
json.dump(out, sys.stdout, ensure_ascii=False)
