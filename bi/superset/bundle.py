#!/usr/bin/env python3
"""The Superset bundle of pg_scorecard: the "Director's scorecard" dashboard.

The bundle (bi/superset/pg_scorecard_dashboard/, Superset's own export
format, version 1.0.0) is written by this script from two sources: the
charts, metrics, labels and number formats below, and the extension's
catalogue (each dataset column's type and COMMENT, read from a database
with pg_scorecard installed), so a dataset's descriptions are the views'
own comments and cannot drift from them.

    python3 bi/superset/bundle.py write --dbname DB   # (re)write the bundle
    python3 bi/superset/bundle.py check --dbname DB   # the committed bundle is what DB gives

Needs PyYAML (Superset's virtualenv has it) and psql. Import the bundle
with bi/superset/import.sh (docs/bi.md).
"""
import argparse
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.path.join(HERE, "pg_scorecard_dashboard")
NAMESPACE = uuid.UUID("5f0c2a8e-3c1b-4d7e-9a51-2b6f8d0e4c17")
VERSION = "1.0.0"
# Replaced by import.sh with the caller's connection string.
URI_PLACEHOLDER = "postgresql+psycopg2://scorecard_reader_login:XXXXXXXXXX@localhost:5432/warehouse"

PERCENT = ".2%"
DOLLARS = "$,.0f"
DAYS = ",.1f"
DOLLARS_SHORT = "$.3~s"  # chart axes: $300k

# Column labels where the column's name does not read well capitalised.
LABELS = {
    "period_start": "Period start", "period_label": "Period", "org_unit": "Unit",
    "status_label": "Status", "status_color": "Status colour", "deep_dive_label": "Deep dive",
    "as_of_date": "As of", "payer_name": "Payer", "payer_id": "Payer code", "bucket_label": "Age bucket",
    "min_days": "From day", "max_days": "To day", "kpi_label": "KPI", "kpi": "KPI code",
    "higher_is_better": "Higher is better", "service_line": "Service line", "net_revenue": "Net revenue",
    "revenue_billed": "Revenue billed", "claims_denied": "Deductions (CD)", "total_cost": "Total cost (E)",
    "reserve_contribution": "Reserve contribution (ARC)", "solvency_gap": "Solvency gap",
    "is_latest": "Latest", "is_latest_complete": "Latest complete", "is_complete": "Complete",
    "is_organization": "The organisation", "is_period_end": "Period end",
}

# The datasets: a view each, with its time column, metrics and formats.
DATASETS = {
    "organization_card_monthly": {
        "dttm": "period_start",
        "formats": {"balance": PERCENT},
        "metrics": [("Balance", "SUM(balance)", PERCENT,
                     "The organisation's single number: the sum of its discipline balances (one row per unit and month).")],
    },
    "discipline_card_monthly": {
        "dttm": "period_start",
        "formats": {"target": PERCENT, "actual": PERCENT, "balance": PERCENT},
        "metrics": [("Target", "MAX(target)", PERCENT, "The discipline's target (one row per unit, discipline and month)."),
                    ("Actual", "MAX(actual)", PERCENT, "The discipline's actual."),
                    ("Balance", "SUM(balance)", PERCENT, "Actual - target; summed over disciplines, the organisation's number.")],
    },
    "ar_aging_by_payer_monthly": {
        "dttm": "as_of_date",
        "formats": {"amount": DOLLARS},
        "metrics": [("Open A/R", "SUM(amount)", DOLLARS, "Open balance (pick one date: is_latest, or a month end).")],
    },
    "revenue_cycle_kpi_status": {
        "dttm": "period_start",
        "formats": {},
        "metrics": [("Value", "MAX(value)", None, "The KPI's value in the period (filter on one KPI: its unit is unit)."),
                    ("Target", "MAX(target)", None, "The KPI's target (scorecard.kpi_target).")],
    },
    "service_line_pnl": {
        "dttm": "period_start",
        "formats": {c: DOLLARS for c in ("revenue_billed", "contractual_allowances", "claims_denied", "net_revenue",
                                         "direct_variable_cost", "direct_fixed_cost", "allocated_indirect_cost",
                                         "total_cost", "margin", "reserve_contribution", "solvency_gap")},
        "metrics": [("Margin", "SUM(margin)", DOLLARS, "Net revenue - total cost."),
                    ("Net revenue", "SUM(net_revenue)", DOLLARS, "Accrual net patient service revenue (R - CD)."),
                    ("Total cost", "SUM(total_cost)", DOLLARS, "Direct and allocated indirect cost (E).")],
    },
}


def is_true(column):
    return {"expressionType": "SIMPLE", "subject": column, "operator": "IS TRUE", "clause": "WHERE",
            "comparator": None, "isExtra": False, "sqlExpression": None}


def equals(column, value):
    return {"expressionType": "SIMPLE", "subject": column, "operator": "==", "clause": "WHERE",
            "comparator": value, "isExtra": False, "sqlExpression": None}


def query_filter(adhoc):
    if adhoc["operator"] == "IS TRUE":
        return {"col": adhoc["subject"], "op": "IS TRUE"}
    return {"col": adhoc["subject"], "op": "==", "val": adhoc["comparator"]}


def time_axis(column):
    return {"columnType": "BASE_AXIS", "sqlExpression": column, "label": column, "expressionType": "SQL", "timeGrain": "P1M"}


# The charts: name, dataset, viz type, params, and the query behind them
# (columns, metrics, order) that the REST API answers with.
CHARTS = [
    {
        "name": "Organisation balance, latest month", "dataset": "organization_card_monthly",
        "viz": "big_number_total", "width": 3, "height": 36,
        "filters": [is_true("is_latest"), is_true("is_organization")],
        "params": {"metric": "Balance", "subheader": "sum of the discipline balances; zero is on target",
                   "y_axis_format": PERCENT, "header_font_size": 0.4, "subheader_font_size": 0.15},
        "query": {"columns": [], "metrics": ["Balance"], "orderby": []},
    },
    {
        "name": "Director's scorecard, latest month", "dataset": "discipline_card_monthly",
        "viz": "table", "width": 9, "height": 36,
        "filters": [is_true("is_latest"), is_true("is_organization")],
        "params": {"query_mode": "raw",
                   "all_columns": ["period_label", "discipline", "target", "actual", "balance", "status_label", "deep_dive_label"],
                   "order_by_cols": [json.dumps(["sort_order", True])], "row_limit": 100,
                   "table_timestamp_format": "smart_date", "show_cell_bars": False,
                   "column_config": {c: {"d3NumberFormat": PERCENT} for c in ("target", "actual", "balance")},
                   "conditional_formatting": [
                       {"column": "balance", "colorScheme": "#2e7d32", "operator": "≥", "targetValue": 0},
                       {"column": "balance", "colorScheme": "#f9a825", "operator": "≤ x <", "targetValueLeft": -0.05,
                        "targetValueRight": 0},
                       {"column": "balance", "colorScheme": "#c62828", "operator": "<", "targetValue": -0.05}]},
        "query": {"columns": ["period_label", "discipline", "target", "actual", "balance", "status_label", "deep_dive_label"],
                  "metrics": None, "orderby": [["sort_order", True]], "row_limit": 100},
    },
    {
        "name": "Organisation balance by month", "dataset": "organization_card_monthly",
        "viz": "echarts_timeseries_line", "width": 6, "height": 50,
        "filters": [is_true("is_organization")],
        "params": {"x_axis": "period_start", "time_grain_sqla": "P1M", "metrics": ["Balance"], "groupby": [],
                   "y_axis_format": PERCENT, "x_axis_time_format": "%b %Y", "markerEnabled": True, "show_legend": False,
                   "rich_tooltip": True, "row_limit": 1000},
        "query": {"columns": [time_axis("period_start")], "metrics": ["Balance"], "orderby": [], "row_limit": 1000},
    },
    {
        "name": "Net days in A/R against target", "dataset": "revenue_cycle_kpi_status",
        "viz": "echarts_timeseries_line", "width": 6, "height": 50,
        "filters": [equals("kpi", "net_days_in_ar")],
        "params": {"x_axis": "period_start", "time_grain_sqla": "P1M", "metrics": ["Value", "Target"], "groupby": [],
                   "y_axis_format": DAYS, "x_axis_time_format": "%b %Y", "markerEnabled": True, "show_legend": True,
                   "rich_tooltip": True, "row_limit": 1000},
        "query": {"columns": [time_axis("period_start")], "metrics": ["Value", "Target"], "orderby": [], "row_limit": 1000},
    },
    {
        "name": "A/R aging by payer, latest", "dataset": "ar_aging_by_payer_monthly",
        "viz": "echarts_timeseries_bar", "width": 6, "height": 60,
        "filters": [is_true("is_latest")],
        "params": {"x_axis": "payer_name", "metrics": ["Open A/R"], "groupby": ["bucket_label"], "stack": "Stack",
                   "orientation": "horizontal", "sort_series_type": "name", "sort_series_ascending": True,
                   "x_axis_sort_series": "sum", "x_axis_sort_series_ascending": True,
                   "y_axis_format": DOLLARS_SHORT, "show_legend": True, "row_limit": 1000},
        "query": {"columns": ["payer_name", "bucket_label"], "metrics": ["Open A/R"], "orderby": [], "row_limit": 1000},
    },
    {
        "name": "Service-line margin", "dataset": "service_line_pnl",
        "viz": "echarts_timeseries_bar", "width": 6, "height": 60,
        "filters": [],
        "params": {"x_axis": "service_line", "metrics": ["Margin"], "groupby": [], "orientation": "horizontal",
                   "x_axis_sort": "Margin", "x_axis_sort_asc": True, "y_axis_format": DOLLARS_SHORT, "show_legend": False,
                   "row_limit": 1000},
        "query": {"columns": ["service_line"], "metrics": ["Margin"], "orderby": [], "row_limit": 1000},
    },
]

DASHBOARD = "Director's scorecard"


def uid(kind, name):
    return str(uuid.uuid5(NAMESPACE, kind + ":" + name))


def catalogue(dbname, view):
    """The view's columns (name, type, comment) and its comment, from psql."""
    sql = ("SELECT json_build_object('comment', obj_description(c.oid, 'pg_class'), 'columns', "
           "(SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod), "
           "col_description(a.attrelid, a.attnum)) ORDER BY a.attnum) FROM pg_attribute a "
           "WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)) "
           "FROM pg_class c WHERE c.oid = ('scorecard.' || quote_ident(:'v'))::regclass")
    out = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-v", "v=" + view, "-d", dbname],
                         input=sql, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def label(column):
    return LABELS.get(column, column.replace("_", " ").capitalize())


def dataset_yaml(dbname, view, spec):
    cat = catalogue(dbname, view)
    columns = []
    for name, typ, comment in cat["columns"]:
        fmt = spec["formats"].get(name)
        columns.append({
            "column_name": name, "verbose_name": label(name),
            "is_dttm": typ in ("date", "timestamp with time zone", "timestamp without time zone"),
            "is_active": True, "type": typ.upper(), "advanced_data_type": None, "groupby": True, "filterable": True,
            "expression": None, "description": comment, "python_date_format": None,
            "extra": {"d3format": fmt} if fmt else {},
        })
    metrics = [{"metric_name": m, "verbose_name": m, "metric_type": None, "expression": e, "description": d,
                "d3format": f, "currency": None, "extra": {}, "warning_text": None}
               for m, e, f, d in spec["metrics"]]
    return {
        "table_name": view, "main_dttm_col": spec["dttm"], "description": cat["comment"], "default_endpoint": None,
        "offset": 0, "cache_timeout": None, "catalog": None, "schema": "scorecard", "sql": None, "params": None,
        "template_params": None, "filter_select_enabled": True, "fetch_values_predicate": None, "extra": None,
        "normalize_columns": False, "always_filter_main_dttm": False,
        "uuid": uid("dataset", view), "metrics": metrics, "columns": columns, "version": VERSION,
        "database_uuid": uid("database", "pg_scorecard"),
    }


def chart_yaml(chart):
    params = dict(chart["params"])
    params.update({"viz_type": chart["viz"], "datasource": "0__table", "adhoc_filters": chart["filters"],
                   "time_range": "No filter", "extra_form_data": {}, "dashboards": []})
    query = dict(chart["query"])
    query["filters"] = [query_filter(f) for f in chart["filters"]]
    query.setdefault("extras", {"having": "", "where": ""})
    context = {"datasource": {"id": 0, "type": "table"}, "force": False, "queries": [query],
               "form_data": params, "result_format": "json", "result_type": "full"}
    return {
        "slice_name": chart["name"], "description": None, "certified_by": None, "certification_details": None,
        "viz_type": chart["viz"], "params": params, "query_context": json.dumps(context, sort_keys=True),
        "cache_timeout": None, "uuid": uid("chart", chart["name"]), "version": VERSION,
        "dataset_uuid": uid("dataset", chart["dataset"]),
    }


def dashboard_yaml():
    position = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": DASHBOARD}},
    }
    rows, row, used = [], [], 0
    for chart in CHARTS:
        if used + chart["width"] > 12:
            rows.append(row)
            row, used = [], 0
        row.append(chart)
        used += chart["width"]
    rows.append(row)
    for r, charts in enumerate(rows, start=1):
        row_id = "ROW-%d" % r
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {"type": "ROW", "id": row_id, "children": [], "parents": ["ROOT_ID", "GRID_ID"],
                            "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        for c, chart in enumerate(charts, start=1):
            chart_id = "CHART-%d-%d" % (r, c)
            position[row_id]["children"].append(chart_id)
            position[chart_id] = {"type": "CHART", "id": chart_id, "children": [],
                                  "parents": ["ROOT_ID", "GRID_ID", row_id],
                                  "meta": {"width": chart["width"], "height": chart["height"], "chartId": 0,
                                           "uuid": uid("chart", chart["name"]), "sliceName": chart["name"]}}
    return {
        "dashboard_title": DASHBOARD, "description": None, "css": "", "slug": "directors-scorecard",
        "certified_by": None, "certification_details": None, "published": True,
        "uuid": uid("dashboard", DASHBOARD), "position": position,
        "metadata": {"color_scheme": "", "refresh_frequency": 0, "expanded_slices": {}, "label_colors": {},
                     "timed_refresh_immune_slices": [], "cross_filters_enabled": False, "default_filters": "{}",
                     "chart_configuration": {}, "native_filter_configuration": [], "shared_label_colors": [],
                     "color_scheme_domain": []},
        "version": VERSION,
    }


def database_yaml():
    return {
        "database_name": "pg_scorecard", "sqlalchemy_uri": URI_PLACEHOLDER, "cache_timeout": None,
        "expose_in_sqllab": True, "allow_run_async": False, "allow_ctas": False, "allow_cvas": False,
        "allow_dml": False, "allow_csv_upload": False, "extra": {"allows_virtual_table_explore": True},
        "uuid": uid("database", "pg_scorecard"), "version": VERSION,
    }


def slug(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def write(dbname, target):
    if os.path.exists(target):
        shutil.rmtree(target)
    files = {"metadata.yaml": {"version": VERSION, "type": "Dashboard", "timestamp": "2026-11-24T00:00:00+00:00"},
             "databases/pg_scorecard.yaml": database_yaml(),
             "dashboards/directors_scorecard.yaml": dashboard_yaml()}
    for view, spec in DATASETS.items():
        files["datasets/pg_scorecard/%s.yaml" % view] = dataset_yaml(dbname, view, spec)
    for chart in CHARTS:
        files["charts/%s.yaml" % slug(chart["name"])] = chart_yaml(chart)
    for path, content in files.items():
        full = os.path.join(target, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            yaml.safe_dump(content, f, sort_keys=False, allow_unicode=True, width=100)


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        print("differs:", cmp.left_only, cmp.right_only, cmp.diff_files)
        return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["write", "check"])
    parser.add_argument("--dbname", required=True)
    args = parser.parse_args()
    if args.action == "write":
        write(args.dbname, BUNDLE)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write(args.dbname, os.path.join(tmp, "b"))
        if same_tree(os.path.join(tmp, "b"), BUNDLE):
            print("the bundle is what the catalogue gives")
            return 0
        print("bi/superset/pg_scorecard_dashboard is out of date: python3 bi/superset/bundle.py write --dbname DB")
        return 1


if __name__ == "__main__":
    sys.exit(main())
