"""The Python API (advisor.api): stable columns, the same figures as compare(), what-if helpers, regions."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import advisor
from advisor import api
from advisor.compare import compare
from advisor.errors import AdvisorError, UnknownRegionError, WorkloadError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MICRO = EXAMPLES / "microservices.yaml"
WEB = EXAMPLES / "web-app.yaml"
FARGATE_ONLY = ["ecs-fargate", "ecs-fargate-spot", "eks-fargate"]


@pytest.fixture(scope="module")
def micro():
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    return api.price(MICRO, prices=PriceBook(data_dirs=[BUNDLED_DIR]))


# ------------------------------------------------------------------------------------------------ columns
def test_documented_column_constants():
    assert api.LINE_COLUMNS == ["platform", "platform_label", "service", "category", "name", "quantity", "unit",
                                "unit_price", "monthly_cost", "estimate", "purchase_option", "resource",
                                "instance_type", "architecture", "os", "usage_type", "commitments", "always_on",
                                "as_of", "effective_date", "source", "kind", "platform_complete"]
    assert api.TOTAL_COLUMNS == ["platform", "label", "monthly_cost", "operations_cost", "monthly_tco", "feasible",
                                 "complete", "status", "rank", "recommended"]
    from advisor.compare.sweep import SWEEP_COLUMNS

    assert api.SWEEP_COLUMNS == SWEEP_COLUMNS


def test_every_column_constant_is_documented():
    doc = (ROOT / "docs" / "python-api.md").read_text()
    for name in ("LINE_COLUMNS", "TOTAL_COLUMNS", "CATEGORY_COLUMNS", "SIZE_COLUMNS", "STRATEGY_COLUMNS",
                 "SWEEP_COLUMNS", "CROSSOVER_COLUMNS", "SPOT_COLUMNS", "REGION_COLUMNS"):
        assert name in doc
        for col in getattr(api, name):
            assert f"`{col}`" in doc, (name, col)


def test_frames_have_the_documented_columns(micro):
    assert list(api.lines_frame(micro).columns) == api.LINE_COLUMNS
    assert list(api.totals_frame(micro).columns) == api.TOTAL_COLUMNS
    assert list(api.category_frame(micro).columns) == api.CATEGORY_COLUMNS
    assert list(api.sizes_frame(micro).columns) == api.SIZE_COLUMNS
    assert list(api.strategies_frame(micro).columns) == api.STRATEGY_COLUMNS
    spot = api.spot_frame(MICRO, [0, 0.5], [0.7])
    assert list(spot.columns) == api.SPOT_COLUMNS
    sw = api.sweep_frame(WEB, [1, 2], platforms=["ecs-fargate"])
    assert list(sw.columns) == api.SWEEP_COLUMNS
    assert list(api.crossovers_frame(sw).columns) == api.CROSSOVER_COLUMNS
    reg = api.regions_frame(WEB, ["us-east-1"])
    assert list(reg.columns) == api.REGION_COLUMNS


def test_empty_frames_keep_their_columns():
    c = api.price(WEB, platforms=["ecs-fargate"])
    assert list(api.strategies_frame(c).columns) == api.STRATEGY_COLUMNS
    assert api.strategies_frame(c).empty


def _numbers_not_object(df: pd.DataFrame) -> dict:
    """The columns of ``df`` whose dtype is not the one ``COLUMN_DTYPES`` gives (text: not object either)."""
    from advisor.render.data import COLUMN_DTYPES

    out = {}
    for col in df.columns:
        want = COLUMN_DTYPES.get(col)
        if want is object:
            continue
        if want is None and (df[col].dtype == object or not pd.api.types.is_string_dtype(df[col])):
            if pd.Series(["x"]).dtype != object:  # pandas >= 3 has a text dtype; before it, text is object
                out[col] = str(df[col].dtype)
        elif want is not None and df[col].dtype != want:
            out[col] = str(df[col].dtype)
    return out


def test_empty_frames_and_all_none_columns_keep_their_dtypes():
    """strategies_frame of a comparison without Fargate Spot and crossovers_frame of a sweep without a crossover
    (the web-app's: Fargate Spot is cheapest at every factor) were all object columns, so numbers read as object
    (``cf.cost_low.sum()`` concatenated nothing, ``astype`` was needed before any arithmetic); lines_frame's
    ``usage_type`` and sizes_frame's ``sizing_error``, None throughout, were object columns beside text ones."""
    c = api.price(WEB, platforms=["ecs-fargate"])
    strategies = api.strategies_frame(c)
    assert strategies.empty and _numbers_not_object(strategies) == {}
    assert strategies["fargate_base"].dtype == "int64" and strategies["monthly_saving"].dtype == "float64"
    cross = api.crossovers_frame(api.sweep_frame(WEB))
    assert cross.empty and _numbers_not_object(cross) == {}
    assert cross["cost_low"].dtype == "float64" and cross["factor_low"].dtype == "float64"
    assert _numbers_not_object(api.crossovers_frame(api.sweep_frame(WEB).iloc[0:0])) == {}
    full = api.price(WEB)
    for frame in (api.lines_frame(full), api.totals_frame(full), api.sizes_frame(full), api.category_frame(full),
                  api.strategies_frame(full), api.sweep_frame(full, [1, 2]), api.spot_frame(WEB, [0, 1], [0.7]),
                  api.regions_frame(WEB, ["us-east-1", "ap-south-2"])):
        assert _numbers_not_object(frame) == {}
    assert api.totals_frame(full)["rank"].dtype == "Int64"


# ------------------------------------------------------------------------------------------ same figures
def test_totals_equal_compare_to_dict(micro):
    totals = api.totals_frame(micro).set_index("platform")
    expected = compare(MICRO).to_dict()
    assert list(totals.index) == [p["platform"] for p in expected["platforms"]]
    for p in expected["platforms"]:
        row = totals.loc[p["platform"]]
        for key in ("monthly_cost", "operations_cost", "monthly_tco"):
            if p[key] is None:  # a platform that is not priced (e.g. no management-fee data): no total anywhere
                assert row[key] != row[key]  # NaN in the frame
            else:
                assert row[key] == pytest.approx(p[key], abs=1e-9)
        for key in ("label", "feasible", "complete", "status"):
            assert row[key] == p[key]
    assert totals.index[totals["recommended"]].tolist() == [expected["recommendation"]["platform"]]
    assert totals.loc[expected["recommendation"]["platform"], "rank"] == 1


def test_lines_sum_to_totals(micro):
    lines = api.lines_frame(micro)
    assert set(lines["kind"]) == {"infrastructure", "operations"}
    sums = lines.groupby(["platform", "kind"])["monthly_cost"].sum()
    for est in micro.estimates:  # a platform without price data has no infrastructure lines
        assert sums.get((est.platform, "infrastructure"), 0.0) == pytest.approx(est.monthly_cost)
        assert sums[(est.platform, "operations")] == pytest.approx(est.operations_cost)
    assert (lines.loc[lines["kind"] == "operations", "category"] == "operations").all()
    cats = api.category_frame(micro).set_index("platform")
    for est in micro.estimates:
        assert cats.loc[est.platform, list(api.CATEGORY_COLUMNS[2:-1])].sum() == pytest.approx(est.monthly_tco)


def test_sizes_follow_the_eks_256_mib_rule(micro):
    sizes = api.sizes_frame(micro).set_index("service")
    # search asks for 2 vCPU / 8 GB: ECS Fargate gives exactly that; EKS adds 256 MiB and rounds up to 9 GB.
    assert sizes.loc["search", ["fargate_vcpu", "fargate_memory_mib"]].tolist() == [2.0, 8192.0]
    assert sizes.loc["search", ["eks_fargate_vcpu", "eks_fargate_memory_mib"]].tolist() == [2.0, 9216.0]
    assert sizes.loc["search", "eks_fargate_waste_memory_mib"] == 1024.0


def test_strategies_frame_matches_the_estimate(micro):
    df = api.strategies_frame(micro).set_index("service")
    for s in micro.estimate("ecs-fargate-spot").strategies:
        assert df.loc[s.service, "monthly_saving"] == pytest.approx(s.monthly_saving)
    assert df.loc["checkout", "fargate_spot_tasks"] == 0  # spot: false


# --------------------------------------------------------------------------------------------- load/price
def test_load_accepts_path_dict_workload():
    w = api.load(WEB)
    assert api.load(w) == w  # checked again (a Workload can be changed after load), equal when unchanged
    d = api.load({"name": "demo", "services": [{"name": "web", "cpu": "512 units", "memory": "1 GB"}]})
    assert (d.services[0].vcpu, d.services[0].memory_mib) == (0.5, 1024.0)
    assert api.load(EXAMPLES / "web-app.taskdef.json").services
    with pytest.raises(WorkloadError):
        api.load(42)


def test_price_accepts_dict_and_rejects_unknown_platform():
    c = api.price({"name": "demo", "services": [{"name": "web", "cpu": 0.25, "memory": 512, "replicas": 2}]},
                  platforms=["ecs-fargate"])
    assert [e.platform for e in c.estimates] == ["ecs-fargate"]
    with pytest.raises(AdvisorError, match="Did you mean 'ecs-fargate'"):
        api.price(WEB, platforms=["ecs-fargat"])


@pytest.mark.parametrize("empty", [[], ()])
def test_price_refuses_an_empty_platform_list(empty):
    # platforms=[] priced every platform, while 'compare -p ""' is an error
    with pytest.raises(AdvisorError, match=r"^price\(platforms=\.\.\.\): the list is empty; give platform ids"):
        api.price(WEB, platforms=empty)


def test_lazy_reexport():
    assert advisor.price is api.price
    assert advisor._API == set(api.__all__)  # every public API name is re-exported, and only those
    assert "lines_frame" in dir(advisor)
    with pytest.raises(AttributeError):
        advisor.no_such_thing  # noqa: B018


def test_import_advisor_stays_light():
    code = ("import sys, advisor; heavy = [m for m in ('matplotlib', 'pandas', 'numpy') if m in sys.modules]; "
            "c = advisor.price('examples/web-app.yaml'); advisor.totals_frame(c); advisor.lines_frame(c); "
            "print(','.join(heavy), '|', 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    heavy, mpl_after_price = out.stdout.strip().split("|")
    assert heavy.strip() == ""  # `import advisor` alone imports none of them
    assert mpl_after_price.strip() == "False"  # pricing and DataFrames never need matplotlib


# --------------------------------------------------------------------------------------------- what-ifs
def test_with_architecture_changes_only_named_services():
    w = api.load(MICRO)
    arm = api.with_architecture(w, "arm64", services=["storefront"])
    assert {s.name: s.architecture for s in arm.services}["storefront"] == "arm64"
    assert all(s.architecture == "x86_64" for s in arm.services if s.name != "storefront")
    assert w.services[0].architecture == "x86_64"  # the original is untouched
    all_arm = api.with_architecture(w, "arm64")
    assert {s.architecture for s in all_arm.services} == {"arm64"}
    # arm64 is cheaper on Fargate in us-east-1 (0.03238 vs 0.04048 per vCPU-hour)
    a = api.price(all_arm, platforms=["ecs-fargate"]).estimate("ecs-fargate").monthly_cost
    x = api.price(w, platforms=["ecs-fargate"]).estimate("ecs-fargate").monthly_cost
    assert a < x
    with pytest.raises(WorkloadError, match="Did you mean 'storefront'"):
        api.with_architecture(w, "arm64", services=["storefrnt"])
    with pytest.raises(WorkloadError, match="x86_64 or arm64"):
        api.with_architecture(w, "aarch64")


def test_with_architecture_keeps_windows_on_x86():
    w = api.load(EXAMPLES / "arm-windows-mix.yaml")
    windows = [s.name for s in w.services if s.os == "windows"]
    assert windows
    arm = api.with_architecture(w, "arm64")
    assert all(s.architecture == ("x86_64" if s.os == "windows" else "arm64") for s in arm.services)
    with pytest.raises(WorkloadError, match="Windows"):
        api.with_architecture(w, "arm64", services=windows[:1])


def test_with_region_and_replicas_factor():
    w = api.load(WEB)
    assert api.with_region(w, " EU-West-1 ").region == "eu-west-1"
    with pytest.raises(UnknownRegionError, match="eu-west-1"):
        api.with_region(w, "eu-wst-1")
    double = api.with_replicas_factor(w, 2)
    assert double.services[0].desired == 2 * w.services[0].desired
    c1 = api.price(w, platforms=["ecs-fargate"]).estimate("ecs-fargate").monthly_cost
    c2 = api.price(double, platforms=["ecs-fargate"]).estimate("ecs-fargate").monthly_cost
    assert c2 == pytest.approx(2 * c1)
    m = api.load(MICRO)
    only = api.with_replicas_factor(m, 3, services=["cart"])
    assert {s.name: s.desired for s in only.services} == {s.name: s.desired * (3 if s.name == "cart" else 1)
                                                          for s in m.services}
    with pytest.raises(WorkloadError, match=r"^with_replicas_factor\(factor=\.\.\.\): replicas factor 0 is not valid; give a number from 0.01 to 1000"):
        api.with_replicas_factor(w, 0)
    # the function and argument are named, as for every other argument of the API (docs/python-api.md)
    with pytest.raises(WorkloadError, match=r"^with_replicas_factor\(services=\.\.\.\): service 'crat' is not in "
                       r"workload 'shop-microservices'\. Did you mean 'cart'\?"):
        api.with_replicas_factor(m, 2, services=["crat"])
    with pytest.raises(WorkloadError, match=r"^with_architecture\(services=\.\.\.\): service 'nope' is not in"):
        api.with_architecture(m, "arm64", services=["nope"])


def test_replicas_factor_past_a_scaling_bound_is_a_workload_error_naming_the_field():
    """with_replicas_factor(microservices, 1000) raised pydantic's ValidationError from inside (storefront's
    scaling.max 30 x 1000): the copy is validated as a file is, so the message names the field and the bound."""
    w = {"name": "s", "services": [{"name": "a", "cpu": 0.5, "memory": 1024, "scaling": {"min": 2, "max": 10,
                                                                                         "average": 4}}]}
    with pytest.raises(WorkloadError, match=r"services\[0\]\.scaling\.max: Input should be less than or equal to "
                                            r"5000\. Got 10000"):
        api.with_replicas_factor(w, 1000)
    with pytest.raises(WorkloadError, match=r"services\[0\]\.scaling\.max"):
        api.scenario(w, replicas_factor=1000)
    # within the bound: 2.5 x (2, 10, 4) -> min floor(5) = 5, max ceil(25) = 25, average 10
    s = api.with_replicas_factor(w, 2.5).services[0].scaling
    assert (s.min, s.max, s.average) == (5, 25, 10.0)


def test_crossovers_of_a_sweep_filtered_to_nothing_is_an_empty_frame():
    """crossovers_frame(sw[sw.platform == "x"]) said 'no scale factors given; give at least one', naming nothing the
    caller passed; no point means no crossover."""
    sw = api.sweep_frame(WEB, [1, 2], platforms=["ecs-fargate", "eks-fargate"])
    out = api.crossovers_frame(sw[sw.platform == "ecs-ec2"])
    assert list(out.columns) == api.CROSSOVER_COLUMNS and len(out) == 0


def test_scenario_combines_changes_and_validates_fields():
    w = api.scenario(WEB, architecture="arm64", region="eu-west-1", replicas_factor=2, monthly_hours=365)
    assert (w.region, w.monthly_hours, w.services[0].architecture, w.services[0].desired) == \
           ("eu-west-1", 365, "arm64", 4.0)
    with pytest.raises(WorkloadError, match="region"):
        api.scenario(WEB, regoin="eu-west-1")
    with pytest.raises(WorkloadError):
        api.scenario(WEB, monthly_hours=-1)


# --------------------------------------------------------------------------------------- sweeps, spot, regions
def test_sweep_frame_matches_price_on_fargate():
    df = api.sweep_frame(WEB, [1, 2], platforms=["ecs-fargate", "eks-fargate"])
    at1 = df[df.factor == 1].set_index("platform")
    c = api.price(WEB, platforms=["ecs-fargate", "eks-fargate"])
    for e in c.estimates:
        assert at1.loc[e.platform, "monthly_tco"] == pytest.approx(e.monthly_tco)
    assert len(api.sweep_frame(WEB, "0.5:4", ["ecs-fargate"], points=5)) == 6  # 5 points plus 1.0


def test_sweep_frame_of_a_comparison_keeps_to_the_platforms_asked():
    # platforms= was ignored when the first argument was a Comparison (all 7 came back, "x" raised nothing), so the
    # crossovers were among every platform, not the ones asked for
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    c = api.price(WEB, platforms=["ecs-fargate", "eks-fargate", "eks-ec2"])
    df = api.sweep_frame(c, [1, 2], platforms=["eks-ec2", "ecs-fargate"])
    assert sorted(df.platform.unique()) == ["ecs-fargate", "eks-ec2"]
    whole = api.sweep_frame(c, [1, 2]).set_index(["factor", "platform"]).monthly_tco
    for row in df.itertuples():
        assert row.monthly_tco == whole[(row.factor, row.platform)]
    for bad, needle in (("x", "platform 'x' is not one advisor can price"), ([], "give one or more of the platforms"),
                        (["ecs-ec2"], r"priced \(ecs-fargate, eks-fargate, eks-ec2\); got \['ecs-ec2'\]")):
        with pytest.raises(AdvisorError, match=needle):
            api.sweep_frame(c, platforms=bad)
    with pytest.raises(AdvisorError, match="a Comparison is priced already"):
        api.sweep_frame(c, prices=PriceBook(data_dirs=[BUNDLED_DIR]))


def test_crossovers_frame_finds_a_known_change():
    df = pd.DataFrame({"factor": [1, 1, 2, 2], "platform": ["a", "b", "a", "b"], "monthly_cost": [1, 2, 3, 2],
                       "operations_cost": [0] * 4, "monthly_tco": [1, 2, 3, 2], "feasible": [True] * 4})
    cross = api.crossovers_frame(df)
    assert cross[["factor_low", "factor_high", "from", "to"]].values.tolist() == [[1.0, 2.0, "a", "b"]]


def test_spot_frame_grid_and_bounds():
    df = api.spot_frame(MICRO, [0, 0.5, 1], [0.6, 0.7])
    assert len(df) == 6
    assert (df[df.spot_share == 0].saving == 0).all()
    full = df[(df.spot_share == 1) & (df.spot_discount == 0.7)].saving.item()
    assert full > df[(df.spot_share == 0.5) & (df.spot_discount == 0.7)].saving.item() > 0
    with pytest.raises(AdvisorError, match="between 0 and 1"):
        api.spot_frame(MICRO, [0, 50], [0.7])


def test_regions_frame_marks_missing_regions_instead_of_pricing_them():
    # ap-south-2 has Fargate Spot rates only; ap-southeast-3 is an AWS region with no Fargate rows at all.
    df = api.regions_frame(WEB, ["us-east-1", "ap-south-2", "ap-southeast-3"], platforms=["ecs-fargate"])
    df = df.set_index("region")
    assert df.loc["us-east-1", "status"] == "ok"
    assert df.loc["us-east-1", "monthly_cost"] == pytest.approx(
        api.price(WEB, platforms=["ecs-fargate"]).estimate("ecs-fargate").monthly_cost)
    assert df.loc["us-east-1", "rank"] == 1
    for region in ("ap-south-2", "ap-southeast-3"):
        row = df.loc[region]
        assert row["status"] == "no price data"
        assert not row["complete"]
        assert math.isnan(row["monthly_cost"]) and math.isnan(row["monthly_tco"])
        assert pd.isna(row["rank"])
        assert "missing price data" in row["message"] and "advisor pricing fetch" in row["message"]
    with pytest.raises(UnknownRegionError):
        api.regions_frame(WEB, ["eu-wst-1"])


def test_regions_frame_default_covers_the_fargate_table():
    from advisor.pricing.book import default_pricebook

    df = api.regions_frame(WEB, platforms=["ecs-fargate"])
    assert set(df.region) == set(default_pricebook().table("fargate_rates").column("region"))
    assert (df.loc[df.complete, "monthly_cost"] > 0).all()


# ------------------------------------------------------------------------------------------------- plots
def test_plots_return_axes(micro):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    ax = api.plot_totals(micro)
    assert isinstance(ax, Axes) and len(ax.patches) == 2 * len(micro.estimates)
    sw = api.sweep_frame(WEB, [0.5, 1, 2], platforms=["ecs-fargate", "eks-fargate"])
    assert len(api.plot_sweep(sw).get_lines()) == 2
    fig, given = plt.subplots()
    assert api.plot_spot(api.spot_frame(MICRO), ax=given) is given
    plt.close("all")


def test_docstring_examples_run(monkeypatch):
    import doctest

    monkeypatch.chdir(ROOT)  # the examples use paths relative to the repository
    result = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 10


def test_what_if_copies_are_validated_as_a_workload_file_is():
    # 10 replicas x 600 = 6000 tasks: over the 5,000 'Tasks per service' quota the workload file enforces
    ten = {"name": "w", "services": [{"name": "a", "cpu": 0.5, "memory": 1024, "replicas": 10}]}
    with pytest.raises(WorkloadError, match=r"services\[0\]\.replicas.*less than or equal to 5000"):
        api.with_replicas_factor(ten, 600)
    with pytest.raises(WorkloadError, match="5000"):
        api.scenario(ten, replicas_factor=1000)
    assert api.with_replicas_factor(ten, 500).services[0].desired == 5000  # the bound itself
    arm = api.with_architecture("examples/microservices.yaml", "arm64")
    assert {s.architecture for s in arm.services} == {"arm64"}


def test_crossovers_frame_refuses_an_unknown_value_or_a_frame_that_is_not_a_sweep():
    sweep = api.sweep_frame("examples/web-app.yaml", [1, 2], platforms=["ecs-fargate"])
    with pytest.raises(AdvisorError, match="value 'x' is not valid; use monthly_tco or monthly_cost"):
        api.crossovers_frame(sweep, value="x")
    with pytest.raises(AdvisorError, match="missing: factor, platform"):
        api.crossovers_frame(pd.DataFrame({"a": [1]}))
    assert list(api.crossovers_frame(sweep).columns) == list(api.CROSSOVER_COLUMNS)
    # text costs ended in a TypeError from inside; NaN on a feasible row gave a crossover with cost_low NaN
    bad = sweep.copy()
    bad["monthly_tco"] = bad["monthly_tco"].astype(object)
    bad.loc[0, "monthly_tco"] = "x"
    with pytest.raises(AdvisorError, match=r"crossovers_frame: monthly_tco of the feasible point \(ecs-fargate, 1x\) "
                                           r"is 'x'"):
        api.crossovers_frame(bad)
    nan = sweep.copy()
    nan.loc[1, "monthly_cost"] = float("nan")
    with pytest.raises(AdvisorError, match=r"monthly_cost of the feasible point \(ecs-fargate, 2x\) is nan"):
        api.crossovers_frame(nan)


def test_platform_ids_are_read_as_region_codes_are():
    c = api.price("examples/web-app.yaml", platforms=[" ECS-Fargate", "ecs-fargate"])
    assert [e.platform for e in c.estimates] == ["ecs-fargate"]
    with pytest.raises(AdvisorError, match="Did you mean 'ecs-fargate'"):
        api.price("examples/web-app.yaml", platforms=["ecs-fargat"])


def test_what_if_factor_and_grid_inputs_follow_the_sweep_rules():
    import numpy as np

    assert api.with_replicas_factor("examples/web-app.yaml", np.int64(2)).services[0].desired == 4  # numpy numbers
    for bad in (1e-9, float("nan"), 2000, True, "2"):
        with pytest.raises(WorkloadError, match=r"with_replicas_factor\(factor=\.\.\.\)"):
            api.with_replicas_factor("examples/web-app.yaml", bad)
    with pytest.raises(AdvisorError, match="no scale factors given"):
        api.sweep_frame("examples/web-app.yaml", [], platforms=["ecs-fargate"])
    sweep = api.sweep_frame("examples/web-app.yaml", [1, 2], platforms=["ecs-fargate"])
    with pytest.raises(AdvisorError, match="scale factor nan is out of range"):
        api.crossovers_frame(sweep.assign(factor=float("nan")))
    with pytest.raises(WorkloadError, match="Did you mean 'arm64'"):
        api.with_architecture("examples/web-app.yaml", "Arm64")


# ------------------------------------------------------------------------------------ bad arguments (finding 8)
@pytest.fixture(scope="module")
def web_c():
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    return api.price(WEB, platforms=["ecs-fargate"], prices=PriceBook(data_dirs=[BUNDLED_DIR]))


def _sweep():
    return api.sweep_frame(WEB, [1, 2], platforms=["ecs-fargate"])


BAD_CALLS = {
    # the tester's report (finding 8), each with the message that must replace the raw exception
    "with_region(None)": (lambda c: advisor.with_region(WEB, None),
                          "with_region(region=...) must be an AWS region code such as 'us-east-1' (a string); got None"),
    "price(prices='nope')": (lambda c: advisor.price(WEB, prices="nope"),
                             "price(prices=...): expected a PriceBook (advisor.pricing.PriceBook.default()"),
    "lines_frame(None)": (lambda c: advisor.lines_frame(None),
                          "lines_frame(comparison): expected a Comparison, what advisor.price returns; got NoneType None"),
    "totals_frame('x')": (lambda c: advisor.totals_frame("x"), "totals_frame(comparison): expected a Comparison"),
    "report_html(path)": (lambda c: advisor.report_html(str(WEB)),
                          "report_html(comparison): expected a Comparison, what advisor.price returns; got str"),
    "report_html(prices='nope')": (lambda c: advisor.report_html(c, prices="nope"), "report_html(prices=...)"),
    # a DataFrame's repr spans lines: the message is one line ("got DataFrame Empty DataFrame\nColumns: []...")
    "lines_frame(DataFrame)": (lambda c: advisor.lines_frame(pd.DataFrame({"a": [1]})),
                               "expected a Comparison, what advisor.price returns; got DataFrame a 0 1. Price the "
                               "workload first"),
    "plot_totals(path)": (lambda c: advisor.plot_totals(str(WEB)),
                          "plot_totals(comparison): expected a Comparison, what advisor.price returns; got str"),
    "plot_sweep(empty)": (lambda c: advisor.plot_sweep(pd.DataFrame()),
                          "plot_sweep(sweep): expected what sweep_frame returns (a DataFrame with columns factor"),
    # the same kind of fault in every other public function
    "with_region(5)": (lambda c: advisor.with_region(WEB, 5), "got 5 (int)"),
    "price(region=5)": (lambda c: advisor.price(WEB, region=5), "price(region=...) must be an AWS region code"),
    "price(region='mars-1')": (lambda c: advisor.price(WEB, region="mars-1"),
                               "price(region=...): 'mars-1' is not an AWS region."),
    "price(platforms=5)": (lambda c: advisor.price(WEB, platforms=5),
                           "price(platforms=...): expected a name or a list of names (strings)"),
    "category_frame(path)": (lambda c: advisor.category_frame(str(WEB)), "category_frame(comparison): expected"),
    "sizes_frame({})": (lambda c: advisor.sizes_frame({}), "sizes_frame(comparison): expected a Comparison"),
    "strategies_frame(1)": (lambda c: advisor.strategies_frame(1), "strategies_frame(comparison): expected"),
    "with_architecture(services=5)": (lambda c: advisor.with_architecture(WEB, "arm64", services=5),
                                      "with_architecture(services=...): expected a name or a list of names"),
    "with_replicas_factor(services=[5])": (lambda c: advisor.with_replicas_factor(WEB, 2, services=[5]),
                                           "with_replicas_factor(services=...): expected a name or a list of names"),
    "scenario(region=5)": (lambda c: advisor.scenario(WEB, region=5), "must be an AWS region code"),
    "sweep_frame(factors=None in list)": (lambda c: advisor.sweep_frame(c, [None]),
                                          "sweep_frame(factors=...): factor None is not a number"),
    "sweep_frame(factors={})": (lambda c: advisor.sweep_frame(c, {}), "sweep_frame(factors=...): expected a number"),
    "sweep_frame(points='x')": (lambda c: advisor.sweep_frame(c, "0.5:2", points="x"),
                                "sweep_frame(points=...): expected a whole number from 2 to 199"),
    # a range's errors name the API's arguments, not the CLI's --scale / --points
    "sweep_frame(points=1)": (lambda c: advisor.sweep_frame(c, "0.5:20", points=1),
                              "sweep_frame(points=1): use between 2 and 199 points"),
    "sweep_frame(factors='x')": (lambda c: advisor.sweep_frame(c, "x"), "sweep_frame(factors='x') is not a factor"),
    "sweep_frame(factors='20:0.5')": (lambda c: advisor.sweep_frame(c, "20:0.5"),
                                      "sweep_frame(factors='20:0.5'): need 0.01 <= LOW <= HIGH <= 1000"),
    "sweep_frame(prices='nope')": (lambda c: advisor.sweep_frame(WEB, [1], prices="nope"), "sweep_frame(prices=...)"),
    "spot_frame(discounts=None)": (lambda c: advisor.spot_frame(WEB, [0.5], None),
                                   "spot_frame(discounts=...): expected a number or a list of numbers"),
    "spot_frame(prices='nope')": (lambda c: advisor.spot_frame(WEB, prices="nope"), "spot_frame(prices=...)"),
    "regions_frame(regions=5)": (lambda c: advisor.regions_frame(WEB, regions=5),
                                 "regions_frame(regions=...): expected a name or a list of names"),
    "regions_frame(regions=[None])": (lambda c: advisor.regions_frame(WEB, regions=[None]),
                                      "regions_frame(regions=...): expected a name or a list of names (strings), such as [\"us-east-1\", \"eu-west-1\"]; got NoneType None in list [None]"),
    "regions_frame(regions='us-eas-1')": (lambda c: advisor.regions_frame(WEB, regions="us-eas-1"),
                                          "'us-eas-1' is not an AWS region. Did you mean 'us-east-1'?"),
    "regions_frame(platforms=5)": (lambda c: advisor.regions_frame(WEB, ["us-east-1"], platforms=5),
                                   "regions_frame(platforms=...)"),
    "regions_frame(prices='nope')": (lambda c: advisor.regions_frame(WEB, ["us-east-1"], prices="nope"),
                                     "regions_frame(prices=...)"),
    "plot_totals(ax='x')": (lambda c: advisor.plot_totals(c, ax="x"), "plot_totals(ax=...): expected a matplotlib Axes"),
    "plot_sweep(None)": (lambda c: advisor.plot_sweep(None), "plot_sweep(sweep): expected what sweep_frame returns"),
    "plot_sweep(value='bogus')": (lambda c: advisor.plot_sweep(_sweep(), value="bogus"),
                                  "value 'bogus' is not valid; use monthly_tco or monthly_cost."),
    "plot_spot(path)": (lambda c: advisor.plot_spot(str(WEB)), "plot_spot(spot): expected what spot_frame returns"),
    "load(None)": (lambda c: advisor.load(None), "load(source): cannot load a workload from NoneType None; give a "
                                                  "file path"),
    # was "cannot load a workload from a bytes" (and "from a int"), with no word about decoding the path
    "load(b'path')": (lambda c: advisor.load(b"examples/web-app.yaml"),
                      "load(source): cannot load a workload from bytes b'examples/web-app.yaml' (a path given as "
                      "bytes: decode it, e.g. source.decode()); give a file path (a string or Path)"),
}


@pytest.mark.parametrize("call", sorted(BAD_CALLS))
def test_every_public_function_raises_advisor_error_naming_the_argument(call, web_c):
    """docs/python-api.md: "Bad input raises advisor.errors.AdvisorError" -- not AttributeError, KeyError or
    TypeError from deep inside (the tester's report, finding 8)."""
    import matplotlib

    matplotlib.use("Agg")
    fn, message = BAD_CALLS[call]
    with pytest.raises(AdvisorError) as err:
        fn(web_c)
    assert message in str(err.value)
    assert "--" not in str(err.value)  # a notebook user has no command-line options


def test_regions_frame_reads_one_string_as_one_region():
    """regions="us-east-1" was split into letters ("region 'u' is not an AWS region"); platforms= already took one
    string as one id."""
    df = api.regions_frame(WEB, regions=" US-East-1 ", platforms="ecs-fargate")
    assert df.region.tolist() == ["us-east-1"] and df.platform.tolist() == ["ecs-fargate"]


def test_regions_frame_with_no_region_is_an_error_not_an_empty_frame():
    # an empty DataFrame said nothing, while price(platforms=[]) and sweep_frame(w, []) raise
    with pytest.raises(AdvisorError, match=r"regions_frame\(regions=\[\]\): no region to price"):
        api.regions_frame(WEB, regions=[], platforms="ecs-fargate")
    with pytest.raises(AdvisorError, match="is a China Region, which advisor does not price"):
        api.regions_frame(WEB, regions=["cn-north-1"], platforms="ecs-fargate")


def test_regions_frame_with_no_platform_is_an_error_not_every_platform():
    # Reported: regions_frame(w, ["us-east-1"], platforms=[]) priced all seven platforms without a word, while
    # price(platforms=[]) and sweep_frame(platforms=[]) raise
    with pytest.raises(AdvisorError, match=r"regions_frame\(platforms=\.\.\.\): the list is empty"):
        api.regions_frame(WEB, regions=["us-east-1"], platforms=[])
    with pytest.raises(AdvisorError, match="the list is empty"):
        api.regions_frame(WEB, regions=["us-east-1"], platforms=())


def test_numpy_numbers_read_as_yaml_numbers_do():
    """replicas: np.int64(2) was refused ("Input should be a valid integer") while cpu: np.float64(0.5) was
    accepted; values from pandas are numpy scalars. Every numpy integer and floating scalar now reads as the YAML
    number would; a bool (numpy's too) stays refused where a number is required, as 2.0 replicas is, as in YAML."""
    import numpy as np

    service = {"name": "web", "cpu": np.float32(0.5), "memory": np.int32(1024), "replicas": np.int64(2)}
    w = api.load({"name": "d", "monthly_hours": np.int64(360), "services": [service]})
    assert (w.services[0].vcpu, w.services[0].memory_mib, w.services[0].replicas, w.monthly_hours) == (0.5, 1024, 2, 360)
    assert type(w.services[0].replicas) is int
    plain = api.price({"name": "d", "services": [dict(service, cpu=0.5, memory=1024, replicas=2)]},
                      platforms=["ecs-fargate"])
    numpy = api.price({"name": "d", "services": [service]}, platforms=["ecs-fargate"])
    assert api.totals_frame(numpy).monthly_cost.tolist() == api.totals_frame(plain).monthly_cost.tolist()
    assert api.scenario(WEB, monthly_hours=np.int64(360)).monthly_hours == 360
    for bad, shown in ((np.bool_(True), "true is a boolean, not a number"), (np.float64(2.0), "2.0 is written as a decimal; write 2 "), (np.float64("nan"), "nan")):
        with pytest.raises(WorkloadError, match=shown):
            api.load({"name": "d", "services": [dict(service, replicas=bad)]})


# ------------------------------------------------------------------------------- a Workload changed after load
DEMO = {"name": "demo", "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]}


@pytest.mark.parametrize("change, field", [
    (lambda w: setattr(w.services[0], "cpu", float("nan")), "services[0].cpu"),
    (lambda w: setattr(w.services[0], "memory", -5), "services[0].memory"),
    (lambda w: setattr(w.services[0], "replicas", 10**9), "services[0].replicas"),
    (lambda w: setattr(w.services[0], "name", None), "services[0].name"),
    (lambda w: setattr(w, "services", []), "services"),
    (lambda w: setattr(w, "monthly_hours", float("inf")), "monthly_hours"),
    (lambda w: w.services.append(w.services[0]), "used twice"),
])
def test_a_workload_changed_after_load_is_checked_again(change, field):
    # a Workload is a plain model: a value set on it after load was priced unchecked (cpu NaN: every total NaN;
    # memory -5: priced) or failed deep inside (name None: TypeError; services []: ValueError from max())
    w = advisor.load(DEMO)
    change(w)
    with pytest.raises(WorkloadError, match=r"^Workload: invalid workload") as err:
        advisor.price(w, platforms="ecs-fargate")
    assert field in str(err.value)


def test_an_unchanged_workload_prices_as_its_dict_and_the_dict_is_left_alone():
    data = {"name": "demo", "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]}
    w = advisor.load(data)
    assert advisor.load(w) == w
    for source in (data, w, data):
        c = advisor.price(source, platforms="ecs-fargate")
        # AWS Fargate pricing, us-east-1 Linux/x86: $0.04048 per vCPU-hour, $0.004445 per GB-hour; 2 tasks x 730 h
        assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(2 * 730 * (0.5 * 0.04048 + 1 * 0.004445))
    assert data == DEMO


def test_a_workload_with_a_small_sidecar_or_a_large_pod_is_checked_again_as_read(tmp_path):
    """A Workload holds memory in MiB and CPU in vCPU: a 32 MiB sidecar (Kubernetes 32Mi) is 32.0, which a workload
    file refuses bare as a likely GB. Checking it again (load(w), price(w), what-ifs) gives such a value its unit,
    as 'advisor import' writes it, instead of refusing what had been read ('32.0 is ambiguous ... 32 GB')."""
    path = tmp_path / "w.yaml"
    path.write_text("name: small\nservices:\n  - name: web\n    replicas: 2\n    containers:\n"
                    "      - {name: app, cpu: 0.5, memory: 1 GB}\n      - {name: sidecar, cpu: 0.25, memory: 32 MiB}\n"
                    "  - name: big\n    cpu: 192 vCPU\n    memory: 1536 GB\n"
                    "daemonsets:\n  - {name: agent, cpu: 0.1, memory: 50Mi}\n")
    w = advisor.load(path)
    assert advisor.load(w) == w
    assert [c.memory for c in w.services[0].containers] == [1024.0, 32.0]
    assert advisor.with_replicas_factor(w, 2, services=["web"]).services[0].desired == 4
    assert advisor.with_architecture(w, "arm64").services[0].containers[1].memory == 32.0
    assert advisor.scenario(w, monthly_hours=360).services[1].cpu == 192.0
    web = advisor.price(w, platforms="ecs-fargate").estimate("ecs-fargate").lines
    # AWS Fargate pricing, us-east-1 Linux/x86: $0.04048 per vCPU-hour, $0.004445 per GB-hour; the web task's
    # 0.75 vCPU and 1056 MiB, with the agent DaemonSet as a sidecar 0.85 vCPU and 1106 MiB, round up to Fargate's
    # 1 vCPU / 2 GB; 2 tasks x 730 h
    assert sum(x.quantity * x.unit_price for x in web if x.service == "web") == \
        pytest.approx(2 * 730 * (1 * 0.04048 + 2 * 0.004445))


# ------------------------------------------------------------------- numbers of every kind, and no boolean as one
def test_decimal_and_numpy_timedelta_in_a_workload_dict():
    """A Decimal reads as the YAML number written the same way (Decimal('2') replicas was refused while
    Decimal('0.5') cpu was read); a numpy timedelta64 is a duration, not a count (replicas: np.timedelta64(2) priced
    2 tasks: numbers calls it an integer)."""
    from decimal import Decimal

    import numpy as np

    w = api.load({"name": "d", "services": [{"name": "web", "cpu": Decimal("0.5"), "memory": Decimal("1024"),
                                             "replicas": Decimal("2")}]})
    assert (w.services[0].vcpu, w.services[0].memory_mib, w.services[0].replicas) == (0.5, 1024.0, 2)
    for bad, shown in ((Decimal("2.0"), "2.0 is written as a decimal; write 2 "), (np.timedelta64(2), "timedelta64")):
        with pytest.raises(WorkloadError, match=shown):
            api.load({"name": "d", "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": bad}]})


def test_spot_frame_takes_numbers_of_every_kind_and_refuses_an_empty_grid():
    """spot_frame(shares=0.5, discounts=np.float32(0.7)) said 'spot_discounts must be fractions between 0 and 1; got
    np.float32(0.7)' (only int and float were numbers there), a Decimal was refused, and an empty list gave an empty
    frame where sweep_frame(w, []) and regions_frame(w, []) are errors."""
    from decimal import Decimal

    import numpy as np

    # web-app: ECS on Fargate $18.02005 a month, all of it Spot-eligible (AWS Fargate pricing, us-east-1)
    for share, discount in ((0.5, 0.7), (np.float64(0.5), np.float32(0.7)), (Decimal("0.5"), Decimal("0.7")),
                            (np.int64(1), 0.35)):
        df = api.spot_frame(WEB, share, discount)
        assert df.saving.tolist() == pytest.approx([18.02005 * 0.35], rel=1e-6)
        assert df.monthly_cost.tolist() == pytest.approx([18.02005 * 0.65], rel=1e-6)
    for shares, discounts, arg in (([], [0.5], "spot_frame(shares=...)"), ([0.5], [], "spot_frame(discounts=...)"),
                                   ([np.bool_(True)], [0.5], "spot_frame(shares=...)")):
        with pytest.raises(AdvisorError, match=re.escape(arg)):
            api.spot_frame(WEB, shares, discounts)


def test_sweep_and_replicas_factor_take_decimal_and_refuse_booleans():
    from decimal import Decimal

    import numpy as np

    two = api.sweep_frame(WEB, [2], platforms="ecs-fargate")
    assert api.sweep_frame(WEB, Decimal("2"), platforms="ecs-fargate").equals(two)
    assert two.monthly_cost.tolist() == pytest.approx([2 * 18.02005])
    assert api.with_replicas_factor(WEB, Decimal("0.5")).services[0].desired == 1
    for bad in ([True], [np.bool_(True)], [1, False]):  # factors=[True] swept the 1x point
        with pytest.raises(AdvisorError, match=r"sweep_frame\(factors=\.\.\.\): factor (np\.)?(True|False)_? is not a number"):
            api.sweep_frame(WEB, bad, platforms="ecs-fargate")
    with pytest.raises(WorkloadError, match=r"with_replicas_factor\(factor=\.\.\.\): replicas factor True is not valid"):
        api.with_replicas_factor(WEB, True)


def test_plots_refuse_frames_whose_columns_cannot_be_read():
    """plot_sweep of a sweep with a column twice raised 'cannot reindex on an axis with duplicate labels', with
    feasible 'yes' a KeyError, with factor as text drew categories; plot_spot with a text discount a ValueError from a
    format; crossovers_frame of MultiIndex columns an AttributeError."""
    sweep = api.sweep_frame(WEB, [1, 2], platforms="ecs-fargate")
    twice = sweep.copy()
    twice.insert(0, "feasible", sweep["feasible"], allow_duplicates=True)
    feasible_text = sweep.astype({"feasible": object})
    feasible_text.loc[0, "feasible"] = "yes"
    multi = sweep.copy()
    multi.columns = pd.MultiIndex.from_tuples([(c, "") for c in sweep.columns])
    spot = api.spot_frame(WEB)
    for call, shown in ((lambda: api.plot_sweep(twice), r"plot_sweep\(sweep\).*feasible more than once"),
                        (lambda: api.plot_sweep(feasible_text), r"plot_sweep\(sweep\).*feasible must be True or False"),
                        (lambda: api.plot_sweep(sweep.astype({"factor": str})), r"plot_sweep\(sweep\): column factor"),
                        (lambda: api.crossovers_frame(multi), r"crossovers_frame\(sweep\).*MultiIndex columns"),
                        (lambda: api.plot_spot(spot.astype({"spot_discount": str})),
                         r"plot_spot\(spot\): column spot_discount")):
        with pytest.raises(AdvisorError, match=shown):
            call()


def test_frames_indexed_by_a_column_text_factors_and_a_0d_array():
    """A sweep or Spot grid indexed by one of its columns (set_index("platform", drop=False)) failed inside pandas
    ("'platform' is both an index level and a column label"); crossovers_frame of a sweep with factors as text and an
    infinite cost failed formatting its own message; factors=np.array(2.0) raised 'iteration over a 0-d array'."""
    import numpy as np

    sweep = api.sweep_frame(WEB, [1, 2], platforms="ecs-fargate")
    spot = api.spot_frame(WEB, [0, 1], [0.7])
    assert api.plot_sweep(sweep.set_index(["platform", "factor"], drop=False)) is not None
    assert api.plot_spot(spot.set_index(["spot_discount"], drop=False)) is not None
    assert api.crossovers_frame(sweep.set_index("platform", drop=False)).empty
    with pytest.raises(AdvisorError, match=r"monthly_tco of the feasible point \(ecs-fargate, 1x\) is inf"):
        api.crossovers_frame(sweep.astype({"factor": str}).assign(monthly_tco=np.inf))
    # web-app on ECS on Fargate: $18.02005 a month at 1x (AWS Fargate pricing, us-east-1)
    assert api.sweep_frame(WEB, np.array(2.0), platforms="ecs-fargate").monthly_cost.tolist() == \
        pytest.approx([2 * 18.02005])
    assert api.spot_frame(WEB, np.array(1.0), np.array(0.7)).saving.tolist() == pytest.approx([18.02005 * 0.7])


def test_services_argument_empty_none_or_unused_is_an_error():
    """with_architecture(w, "arm64", services=[]) returned the workload unchanged (no service named is no what-if),
    services=[None] said "service None is not in workload", and scenario(w, services=[...], monthly_hours=300)
    ignored services without a word."""
    with pytest.raises(WorkloadError, match=r"with_architecture\(services=\[\]\): no service named"):
        api.with_architecture(MICRO, "arm64", services=[])
    with pytest.raises(WorkloadError, match=r"scenario\(services=\[\]\): no service named"):
        api.scenario(MICRO, services=[], replicas_factor=2)
    for call in (lambda: api.with_architecture(MICRO, "arm64", services=[None]),
                 lambda: api.price(WEB, platforms=["ecs-fargate", None])):
        with pytest.raises(AdvisorError, match=r"expected a name or a list of names \(strings\).*got NoneType None in"):
            call()
    with pytest.raises(WorkloadError, match=r"scenario\(services=...\): .*neither is given"):
        api.scenario(MICRO, services=["search"], monthly_hours=300)
    w = api.scenario(MICRO, services=["search"], architecture="arm64")
    assert {s.name for s in w.services if s.architecture == "arm64"} == {"search"}


def test_pricebook_data_dirs_take_paths_as_text_and_refuse_what_holds_no_prices(tmp_path):
    """PriceBook(data_dirs=["my-prices"]) -- a list of strings, as a notebook writes it -- failed inside with
    "unsupported operand type(s) for /: 'str' and 'str'"; an empty list, or a folder holding no table, priced every
    platform as 'no price data' without a word."""
    from advisor.errors import PriceDataError
    from advisor.pricing import PriceBook
    from advisor.pricing.book import BUNDLED_DIR

    for dirs in ([str(BUNDLED_DIR)], str(BUNDLED_DIR), (BUNDLED_DIR,)):
        c = advisor.price(WEB, platforms="ecs-fargate", prices=PriceBook(data_dirs=dirs))
        # AWS Fargate pricing, us-east-1 Linux/x86: 0.25 vCPU / 0.5 GB x 2 tasks x 730 h (examples/web-app.yaml)
        assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445))
    (tmp_path / "file.csv").write_text("x\n")
    for dirs, shown in (([str(tmp_path / "nope")], "does not exist"), ([], "the list is empty"),
                        ([str(tmp_path)], "holds no price table"), ([str(tmp_path / "file.csv")], "is not a folder"),
                        ([None], r"None \(NoneType\) is not a path"), (5, "got int"), (["a\x00b"], "NUL character")):
        with pytest.raises(PriceDataError, match=r"^PriceBook\(data_dirs=...\): .*" + shown):
            PriceBook(data_dirs=dirs)


def test_paths_of_every_kind_and_home_are_read(tmp_path, monkeypatch):
    """load("~/w.yaml") said "'~/w.yaml' not found" (the shell expands ~ for the CLI, nothing did for Python), and a
    PurePath or os.DirEntry was 'cannot load a workload from a PurePosixPath'."""
    import os
    import pathlib
    import shutil

    shutil.copy(WEB, tmp_path / "w.yaml")
    monkeypatch.setenv("HOME", str(tmp_path))
    entry = next(e for e in os.scandir(tmp_path) if e.name == "w.yaml")
    for source in ("~/w.yaml", pathlib.PurePath(tmp_path / "w.yaml"), entry):
        assert api.load(source).name == "web-app"
    # 2 tasks x 0.25 vCPU / 0.5 GB x 730 h at the us-east-1 Fargate rates (AWS Fargate pricing)
    c = api.price("~/w.yaml", platforms="ecs-fargate")
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445))


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_a_blank_path_is_an_error_not_the_current_folder(blank, monkeypatch):
    monkeypatch.chdir(EXAMPLES / "k8s")  # a folder of manifests: load('') priced them
    for call in (lambda: api.load(blank), lambda: api.price(blank), lambda: api.sweep_frame(blank)):
        with pytest.raises(WorkloadError, match=r"the workload path .* is blank; give a file or folder"):
            call()


def test_a_workload_files_text_where_a_path_goes_says_so(tmp_path, monkeypatch):
    """load(open("w.yaml").read()) said "'name: x\nservices: []\n' not found. Check the path (examples live in
    examples/)": the text quoted as a path, line breaks and all."""
    text = (EXAMPLES / "web-app.yaml").read_text()
    for call in (lambda: api.load(text), lambda: api.price(text), lambda: api.sweep_frame(text, 2),
                 lambda: api.with_region(text, "eu-west-1")):
        with pytest.raises(WorkloadError) as err:
            call()
        assert str(err.value).startswith(f"the workload path starts {text.strip().splitlines()[0][:40]!r} and holds "
                                         "line breaks: it looks like the text of a workload file, not a path. Give "
                                         "the file's path"), str(err.value)
    # a file whose name holds a line break is still read
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a\nb.yaml").write_text(text)
    assert api.load("a\nb.yaml").name == "web-app"


def test_a_comparison_where_a_workload_goes_says_what_to_pass():
    c = api.price(WEB, platforms="ecs-fargate")
    for call in (lambda: api.price(c), lambda: api.scenario(c, region="eu-west-1"), lambda: api.spot_frame(c)):
        with pytest.raises(WorkloadError, match=r"from a Comparison \(what price returns\).*pass its \.workload where a "
                           r"workload goes \(price, spot_frame, regions_frame, scenario\).*sizes_frame"):
            call()
    assert api.price(c.workload, platforms="ecs-fargate").estimate("ecs-fargate").monthly_cost == \
        c.estimate("ecs-fargate").monthly_cost


def test_a_result_does_not_depend_on_the_calls_before_it():
    """The sweep's EC2 figures (``scaled_lp``) came from an LP re-solved from the last basis the process's shared
    fleet planner held: web-app.yaml priced three times in a row gave three JSONs (monthly_cost 179.535, then
    179.5349999999999), and another workload or another thread in between changed them too. The JSON of a call made
    first equals the one made after other calls and the ones made from threads."""
    from concurrent.futures import ThreadPoolExecutor

    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    from advisor.render.data import to_json

    book = PriceBook(data_dirs=[BUNDLED_DIR])  # its fleet planners are new: this is the process's first call
    first = to_json(api.price(WEB, prices=book))
    assert '"method": "scaled_lp"' in first  # the path the LP bound takes
    assert to_json(api.price(WEB, prices=book)) == first
    api.sweep_frame(WEB, "0.1:50", prices=book)
    api.price(api.with_replicas_factor(WEB, 3), prices=book)
    assert to_json(api.price(WEB, prices=book)) == first
    with ThreadPoolExecutor(3) as ex:
        assert set(ex.map(lambda _: to_json(api.price(WEB, prices=book)), range(3))) == {first}


@pytest.mark.parametrize("field, value, where", [
    ("cpu", float("nan"), "services[0].cpu: nan is not a finite number"),
    ("monthly_hours", -1, "monthly_hours: Input should be greater than 0"),
])
def test_a_comparison_whose_workload_was_changed_after_pricing(field, value, where):
    """sizes_frame showed requested_vcpu NaN and monthly_hours -1.0 as they were set on comparison.workload; the
    sweep read its task counts. Both refuse it, naming the field."""
    import re

    c = api.price({"name": "demo", "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]},
                  platforms=["ecs-fargate"])
    if field == "cpu":
        c.workload.services[0] = c.workload.services[0].model_copy(update={"cpu": value})
    else:
        setattr(c.workload, field, value)
    for fn, call in (("sizes_frame", lambda: api.sizes_frame(c)), ("sweep_frame", lambda: api.sweep_frame(c, [1, 2]))):
        with pytest.raises(WorkloadError, match=rf"(?s){fn}\(comparison\): comparison.workload was changed after "
                                                rf"pricing.*{re.escape(where)}"):
            call()
    assert list(api.totals_frame(c).platform) == ["ecs-fargate"]  # the estimates alone: still what price returned


def test_number_arguments_are_named_and_shown_short():
    """sweep_frame(factors=[10**400]) wrote all 401 digits in 'scale factor 1000...0 is out of range' and named no
    argument; spot_frame's messages said spot_shares / spot_discounts, the names of the library function underneath,
    and came after the whole workload was priced."""
    for factors, message in (([10**400], "sweep_frame(factors=...): factor an integer of 401 digits is out of range"),
                             ([], "sweep_frame(factors=...): no scale factors given"),
                             (list(range(1, 300)), "sweep_frame(factors=...): 299 scale factors; give at most 200")):
        with pytest.raises(AdvisorError, match=re.escape(message)):
            api.sweep_frame(WEB, factors, platforms="ecs-fargate")
    for shares, discounts, message in (([10**400], 0.5, "spot_frame(shares=...) must be fractions between 0 and 1 "
                                                        "(e.g. 0.7 for 70%); got an integer of 401 digits."),
                                       (0.5, [2], "spot_frame(discounts=...) must be fractions between 0 and 1")):
        with pytest.raises(AdvisorError, match=re.escape(message)):
            api.spot_frame({"name": "d", "services": [{"name": "w", "cpu": 0.5, "memory": 1024}], "region": "us-east-1"},
                           shares, discounts, prices="not checked: the grid is refused first")


def test_a_whole_fraction_and_a_0d_array_are_the_integer_they_hold():
    """replicas: Fraction(4, 2) said 'Input should be a valid integer. Got 2.0' and np.array(2) 'Got array(2)'
    (sweep_frame's factors read both as the number); a fraction that is not whole, and a 1-d array, stay refused."""
    from fractions import Fraction

    import numpy as np

    def replicas(value):
        return api.load({"name": "d", "services": [{"name": "w", "cpu": 0.5, "memory": 1024,
                                                    "replicas": value}]}).services[0].replicas

    assert replicas(Fraction(4, 2)) == 2 and replicas(np.array(2)) == 2 and replicas(np.array(np.int64(3))) == 3
    assert api.load({"name": "d", "services": [{"name": "w", "cpu": np.array(0.5), "memory": 1024}]}) \
        .services[0].vcpu == 0.5
    # a 1-d array is read as the list it holds (host_ports=np.array([80]) loads), so it shows as one
    for bad, got in ((Fraction(3, 2), "1.5 is not a whole number; write a whole number"), (np.array([2]), "Got [2]"),
                     (np.array(True), "true is a boolean, not a number")):
        with pytest.raises(WorkloadError, match=re.escape("services[0].replicas: ") + ".*" + re.escape(got)):
            replicas(bad)


def test_a_0d_array_is_a_number_for_every_number_argument():
    """with_replicas_factor(w, np.array(2.0)) said 'replicas factor array(2.) is not valid' while sweep_frame took
    np.array(2.0) as the factor 2 (one rule for every number argument: advisor.units.real_number)."""
    import numpy as np

    assert api.with_replicas_factor(WEB, np.array(2.0)).services[0].desired == 4
    assert api.spot_frame(WEB, np.array(1.0), np.array(0.7)).saving.tolist() == pytest.approx([18.02005 * 0.7],
                                                                                             rel=1e-6)
    with pytest.raises(WorkloadError, match=r"with_replicas_factor\(factor=\.\.\.\): replicas factor array\(True\) is not valid"):
        api.with_replicas_factor(WEB, np.array(True))


def test_compare_of_a_value_that_is_no_workload_names_its_type_and_value():
    """advisor.compare.compare(3) said 'cannot compare a int'."""
    from advisor.compare import compare

    with pytest.raises(AdvisorError, match=r"^compare\(workload\): cannot compare int 3; give a file path \(a string "
                                           r"or Path\), a dict in the workload-file format or a Workload\.$"):
        compare(3)


def test_report_html_shows_in_a_notebook_inside_a_sandboxed_frame():
    """The report in a notebook: its stylesheet (``body``, ``table``, ``h1`` rules) put in the page would restyle
    the notebook, so it is shown in an iframe's srcdoc, escaped, with scripts and navigation sandboxed; the
    document itself is the report ``advisor report`` writes for the same comparison."""
    import html as html_lib

    from advisor.render.html import render_report

    c = advisor.price({"name": "</iframe><script>alert(1)</script>", "services": [
        {"name": "web", "cpu": 0.25, "memory": 512, "replicas": 2}]})
    r = advisor.report_html(c)
    assert isinstance(r, advisor.Report) and str(r) == r.html == render_report(c)
    shown = r._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and 'sandbox=""' in shown
    assert "<script>" not in shown and "</iframe><script>" not in shown
    assert html_lib.unescape(shown.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]) == r.html
    assert repr(r).startswith("Report('</iframe><script>alert(1)</script>', ")


# ------------------------------------------------------------------------- messages in the API's own words
def test_api_messages_name_the_region_parameter_not_the_cli_option(tmp_path):
    """A Terraform plan whose resources are in two regions (eu-west-1 by provider aws.eu, us-east-1) and ECS services
    whose ARNs name two regions: the API's refusals and notes told a notebook to "Give --region", an option of the
    command line. Each API function now names its own
    parameter (price's region=, regions_frame's regions=), or, for a function without one, with_region; the CLI still
    says --region."""
    from typer.testing import CliRunner

    from advisor.cli import app

    plan = ROOT / "tests" / "fixtures" / "iac" / "terraform" / "multi_region_alias_plan.json"
    cases = [
        (lambda: api.price(plan), "Give price(..., region=...) with one of them"),
        (lambda: api.price(plan, region="ap-south-1"), "price(..., region='ap-south-1'): none of the resources "
         "advisor prices is in ap-south-1"),
        (lambda: api.regions_frame(plan, ["ap-south-1"]), "Give regions_frame(..., regions=[...]) with one of those "
         "regions"),
        (lambda: api.load(plan), "Give a region (load takes none: load the workload with with_region(path, region) "
         "first and pass that Workload) with one of them"),
        (lambda: api.spot_frame(plan), "(spot_frame takes none: load the workload with with_region(path, region)"),
        (lambda: api.scenario(plan, architecture="arm64"), "Give scenario(..., region=...) with one of them"),
    ]
    for call, words in cases:
        with pytest.raises(WorkloadError) as info:
            call()
        text = " ".join(str(info.value).split())
        assert words in text and "--region" not in text, text
    c = api.price(plan, region="eu-west-1", platforms=["ecs-fargate"])
    [note] = [n for n in c.notes if "in another region" in n]
    assert note.endswith("this workload is eu-west-1 (price(..., region=...)); import the plan with "
                         "price(..., region='us-east-1') for them")
    # ECS services whose ARNs name two regions (describe-services output)
    svc = {"services": [{"serviceName": n, "serviceArn": f"arn:aws:ecs:{r}:123456789012:service/c/{n}",
                         "taskDefinition": f"arn:aws:ecs:{r}:123456789012:task-definition/a:1", "desiredCount": 1,
                         "launchType": "FARGATE"} for n, r in (("a", "us-east-1"), ("b", "eu-west-1"))]}
    td = {"family": "a", "cpu": "256", "memory": "512", "requiresCompatibilities": ["FARGATE"],
          "containerDefinitions": [{"name": "a", "image": "x"}]}
    import json

    from advisor.errors import region_named
    from advisor.workload.importers.taskdef import import_taskdef

    (tmp_path / "td.json").write_text(json.dumps(td))
    (tmp_path / "svc.json").write_text(json.dumps(svc))
    with region_named("price(..., region=...)", "price(..., region={})"):
        with pytest.raises(WorkloadError, match=r"give price\(\.\.\., region=\.\.\.\), or import the services"):
            import_taskdef(tmp_path / "td.json", tmp_path / "svc.json")
    with pytest.raises(WorkloadError, match=r"give --region, or import the services"):
        import_taskdef(tmp_path / "td.json", tmp_path / "svc.json")
    # outside the API the command line's words stay
    r = CliRunner().invoke(app, ["compare", str(plan)])
    assert r.exit_code == 2 and "Give --region with one of them" in " ".join(r.output.split())


def test_api_names_the_call_that_reads_one_template_of_a_cdk_out():
    """A cdk.out folder given to the API was answered with the command line to run ('advisor compare
    .../ApiAgnostic.template.json'); each API function now names itself called on that template, and the command
    line keeps its command."""
    cdk = ROOT / "tests" / "fixtures" / "iac" / "cdk" / "multi_region_synthesized"
    one = cdk / "ApiAgnostic.template.json"
    for call, words in ((api.price, f"one file at a time: price({str(one)!r})"),
                        (api.load, f"one file at a time: load({str(one)!r})")):
        with pytest.raises(WorkloadError) as info:
            call(cdk)
        text = " ".join(str(info.value).split())
        assert words in text and "advisor compare" not in text, text
    from typer.testing import CliRunner

    from advisor.cli import app

    r = CliRunner().invoke(app, ["compare", str(cdk)])
    assert r.exit_code == 2 and f"one file at a time: 'advisor compare {one}'" in " ".join(r.output.split())
_CHOICE_CALLS = [
    (lambda v: advisor.sweep_frame(WEB, [1, 2], platforms=["ecs-fargate"], value=v), "sweep_frame(value=...)"),
    (lambda v: advisor.crossovers_frame(_sweep(), value=v), "crossovers_frame(value=...)"),
    (lambda v: advisor.plot_sweep(_sweep(), value=v), "plot_sweep(value=...)"),
    (lambda v: advisor.with_architecture(WEB, v), "with_architecture(architecture=...)"),
    (lambda v: advisor.scenario(WEB, architecture=v), "scenario(architecture=...)")]


@pytest.mark.parametrize("call, named, bad", [
    (call, named, bad) for i, (call, named) in enumerate(_CHOICE_CALLS)
    for bad in [pd.NA, 1, ["monthly_tco"], b"monthly_tco"] + ([None] if i < 4 else [])])  # scenario: None = unchanged
def test_a_choice_argument_that_is_not_a_string_is_an_advisor_error_naming_it(call, named, bad):
    """A choice argument given pd.NA (a missing cell taken from a DataFrame) raised pandas' TypeError "boolean value of
    NA is ambiguous" from the comparison with the valid strings; every non-string is refused by its type, with the
    function and argument named."""
    with pytest.raises(AdvisorError) as info:
        call(bad)
    assert str(info.value).startswith(named) and "(a string); got " in str(info.value), str(info.value)


_CHANGES = {
    "a line's unit_price NaN": (lambda c: setattr(c.estimates[0].lines[0], "unit_price", float("nan")),
                                "comparison.estimates[0].lines[0].unit_price is float nan, not a finite number"),
    "a line's quantity inf": (lambda c: setattr(c.estimates[0].lines[0], "quantity", float("inf")),
                              "comparison.estimates[0].lines[0].quantity is float inf, not a finite number"),
    "a line's quantity text": (lambda c: setattr(c.estimates[0].lines[0], "quantity", "5"),
                               "comparison.estimates[0].lines[0].quantity is str '5', not a finite number"),
    "a line's name None": (lambda c: setattr(c.estimates[0].lines[0], "name", None),
                           "comparison.estimates[0].lines[0].name is NoneType None, not a string"),
    "estimates emptied": (lambda c: c.estimates.clear(), "comparison.estimates is list [], not the non-empty list"),
    "an estimate twice": (lambda c: c.estimates.append(c.estimates[0]), "prices 'ecs-fargate' a second time"),
    "recommendation unknown": (lambda c: setattr(c.recommendation, "platform", "bogus"),
                               "comparison.recommendation.platform is str 'bogus', not None or a platform"),
    "notes None": (lambda c: setattr(c, "notes", None), "comparison.notes is NoneType None, not a list of strings"),
    "a strategy's cost NaN": (lambda c: setattr(c.estimate("ecs-fargate-spot").strategies[0], "monthly_cost",
                                                float("nan")), ".strategies[0].monthly_cost is float nan"),
}


@pytest.mark.parametrize("change", sorted(_CHANGES))
@pytest.mark.parametrize("fn", ["lines_frame", "totals_frame", "category_frame", "strategies_frame", "report_html",
                                "sweep_frame", "plot_totals"])
def test_a_comparison_changed_after_pricing_is_an_advisor_error_naming_what_changed(fn, change):
    """A Comparison is plain dataclasses: a line's unit_price set to NaN after pricing reached lines_frame and the
    report as 'nan' (data-monthly-cost="nan"), a name or notes set to None raised TypeError, an unknown recommended
    platform a KeyError, emptied estimates matplotlib's ValueError. Every function taking a Comparison names the
    changed field and says to price a changed copy instead."""
    import matplotlib

    matplotlib.use("Agg")
    c = advisor.price(MICRO)
    mutate, named = _CHANGES[change]
    mutate(c)
    with pytest.raises(AdvisorError) as info:
        getattr(advisor, fn)(c)
    assert str(info.value).startswith(f"{fn}(comparison): ") and named in str(info.value), str(info.value)
    assert "advisor.scenario" in str(info.value)


@pytest.mark.parametrize("call, says", [
    (lambda: advisor.price(WEB, regoin="eu-west-1"), "price(): got an unexpected keyword argument 'regoin'. Did you "
                                                     "mean 'region'? price takes workload, region, platforms, prices"),
    (lambda: advisor.price(), "price(): missing a required argument: 'workload'."),
    (lambda: advisor.sweep_frame(WEB, 1, None, 3), "sweep_frame(): too many positional arguments."),
    (lambda: advisor.spot_frame(WEB, share=[0.5]), "Did you mean 'shares'?"),
    (lambda: advisor.report_html(advisor.price(WEB), price=None), "Did you mean 'prices'?"),
    (lambda: advisor.totals_frame(), "totals_frame(): missing a required argument: 'comparison'.")])
def test_a_call_with_an_argument_a_function_does_not_take_is_an_argument_error(call, says):
    """price(w, regoin=...) raised Python's bare TypeError "price() got an unexpected keyword argument 'regoin'",
    without what the function takes. It is an ArgumentError, an AdvisorError and still a TypeError, naming the
    function, the arguments it takes and the one most likely meant."""
    from advisor.errors import ArgumentError

    with pytest.raises(ArgumentError) as info:
        call()
    assert isinstance(info.value, TypeError) and isinstance(info.value, AdvisorError)
    assert says in str(info.value), str(info.value)


# ------------------------------------------------------------------------------------------------ argument names
@pytest.mark.parametrize(("call", "message"), [
    # each said only "platform 'ecs' is not one advisor can price" / "service 'nosuch' is not in workload" /
    # "replicas factor -1 is not valid", leaving a notebook user to guess which argument of which call was wrong;
    # scenario's said with_architecture / with_replicas_factor, functions the user had not called
    (lambda: api.price(WEB, platforms=["ecs"]),
     "price(platforms=...): platform 'ecs' is not one advisor can price. Did you mean 'ecs-ec2'? Valid: ecs-fargate"),
    (lambda: api.sweep_frame(WEB, [1], platforms="gke"), "sweep_frame(platforms=...): platform 'gke' is not one"),
    (lambda: api.sweep_frame(WEB, [1], platforms=[]), r"sweep_frame\(platforms=...\): the list is empty"),
    (lambda: api.regions_frame(WEB, "eu-west-1", platforms="foo"), "regions_frame(platforms=...): platform 'foo'"),
    (lambda: api.with_architecture(MICRO, "arm64", services=["nosuch"]),
     "with_architecture(services=...): service 'nosuch' is not in workload 'shop-microservices'. Services: storefront"),
    (lambda: api.with_replicas_factor(MICRO, 2, services=["cartt"]),
     "with_replicas_factor(services=...): service 'cartt' is not in workload 'shop-microservices'. Did you mean 'cart'?"),
    (lambda: api.with_replicas_factor(WEB, -1),
     "with_replicas_factor(factor=...): replicas factor -1 is not valid; give a number from 0.01 to 1000"),
    (lambda: api.scenario(WEB, replicas_factor=float("nan")), "scenario(replicas_factor=...): replicas factor nan is"),
    (lambda: api.scenario(MICRO, architecture="arm", services=["search"]),
     "scenario(architecture=...): architecture 'arm' is not valid; use x86_64 or arm64. Did you mean 'arm64'?"),
    (lambda: api.scenario(MICRO, replicas_factor=2, services=["nosuch"]), "scenario(services=...): service 'nosuch'"),
    (lambda: api.with_architecture(EXAMPLES / "arm-windows-mix.yaml", "arm64", services=["legacy-dotnet"]),
     "with_architecture(services=...): service 'legacy-dotnet' runs Windows, which Fargate and advisor support on "
     "x86_64 only"),
])
def test_value_errors_name_the_function_and_argument(call, message):
    with pytest.raises(AdvisorError) as info:
        call()
    assert str(info.value).startswith(message.replace("\\", "")) or re.match(message, str(info.value))


# ------------------------------------------------------------------------------------------------ shown
def test_shown_gives_the_cents_compare_shows(micro):
    """EKS on EC2 in microservices costs exactly $887.005 a month (887.0049999999999 in binary): notebook 02 showed
    its sweep with pandas' round(2) as 887.00 / 1987.00 at 1x, while compare, the report and the JSON's ``shown`` say
    $887.01 / $1,987.01. ``shown`` gives the outputs' cents for every money frame."""
    import json

    t = api.totals_frame(micro).set_index("platform")
    assert t.loc["eks-ec2", "monthly_tco"].round(2) == 1987.0  # the exact figure, rounded by pandas: a cent off
    s = api.shown(api.totals_frame(micro)).set_index("platform")
    assert s.loc["eks-ec2", ["monthly_cost", "operations_cost", "monthly_tco"]].tolist() == [887.01, 1100.0, 1987.01]
    assert s.loc["ecs-fargate-spot", "monthly_tco"] == 836.28 and math.isnan(s.loc["eks-auto-mode", "monthly_tco"])
    assert s.loc["eks-auto-mode", "operations_cost"] == 600.0 and s.dtypes.equals(t.reset_index().set_index(
        "platform").dtypes)
    from typer.testing import CliRunner

    from advisor.cli import app

    r = CliRunner().invoke(app, ["compare", str(MICRO), "--format", "json"])
    assert r.exit_code == 0, r.output
    shown_json = {e["platform"]: e["shown"] for e in json.loads(r.stdout)["platforms"]}
    for platform, row in s.iterrows():
        for col in ("monthly_cost", "operations_cost", "monthly_tco"):
            want = shown_json[platform][col]
            assert (math.isnan(row[col]) if want is None else row[col] == want), (platform, col)
    sweep = api.shown(api.sweep_frame(micro)).set_index(["factor", "platform"]).monthly_tco
    assert sweep[(1.0, "eks-ec2")] == 1987.01 and sweep[(0.25, "eks-ec2")] == 1524.16  # the report's scaling table
    cat = api.shown(api.category_frame(micro)).set_index("platform")
    assert cat.loc["eks-ec2", "monthly_tco"] == 1987.01
    assert round(cat.loc["eks-ec2", list(advisor.CATEGORY_COLUMNS[2:-1])].sum(), 2) == 1987.01
    lines = api.shown(api.lines_frame(micro))
    eks = lines[(lines.platform == "eks-ec2") & (lines.kind == "infrastructure")].monthly_cost
    assert round(eks.sum(), 2) == 887.01  # the lines add up to the total as shown, as in the report
    assert sorted(eks.tolist()) == [4.8, 55.85, 73.0, 251.12, 502.24]
    strategies = api.shown(api.strategies_frame(micro)).set_index("service")
    assert strategies.loc["storefront", ["monthly_cost_all_on_demand", "monthly_cost", "monthly_saving"]].tolist() \
        == [180.2, 106.51, 73.69]
    spot = api.shown(api.spot_frame(WEB, [0, 1], [0.7]))
    assert spot.monthly_cost.tolist() == [18.02, 5.41] and spot.saving.tolist() == [0.0, 12.61]


@pytest.mark.parametrize("bad", ["x", None, pd.DataFrame(), pd.DataFrame({"monthly_cost": ["1.5"]})])
def test_shown_refuses_what_is_not_a_money_frame(bad):
    with pytest.raises(AdvisorError, match=r"^shown\(frame\): "):
        api.shown(bad)


def test_every_function_docstring_says_what_it_raises_and_returns():
    """lines_frame, totals_frame, category_frame, strategies_frame, crossovers_frame, scenario and with_architecture
    said nothing of the errors they raise (help() is what a notebook user reads); each now names its error class."""
    import inspect

    missing = []
    for name in api.__all__:
        fn = getattr(api, name)
        if not inspect.isfunction(fn):
            continue
        doc = inspect.getdoc(fn)
        if not re.search(r"[Rr]aises?\s+``\w*Error``", doc) or ">>>" not in doc:
            missing.append(name)
    assert missing == []


def test_regions_frame_keeps_the_operations_assumption_where_prices_are_missing():
    """regions_frame gave NaN operations_cost for a region lacking a price, where totals_frame and sweep_frame give
    the assumption (it is no price, and known): the shop lacks the ephemeral-storage rate in eu-central-1."""
    df = api.regions_frame(MICRO, ["eu-central-1", "us-east-1"]).set_index(["region", "platform"])
    missing = df.loc[("eu-central-1", "ecs-fargate")]
    assert missing.status == "incomplete" and math.isnan(missing.monthly_cost) and math.isnan(missing.monthly_tco)
    assert missing.operations_cost == 200.0 and df.loc[("eu-central-1", "eks-fargate")].operations_cost == 800.0
    assert pd.isna(missing["rank"]) and df.loc[("us-east-1", "ecs-fargate"), "rank"] == 1
    assert df.loc[("us-east-1", "ecs-fargate"), "operations_cost"] == 200.0


def test_declared_row_has_no_operations_figure():
    """The estate as a CloudFormation template declares it (yelb, ECS on Fargate): totals_frame said operations_cost
    0.0 beside a NaN monthly_tco, where the table and the report show "—" (no operations assumption is made for it)."""
    t = api.totals_frame(api.price(ROOT / "tests/fixtures/real/ecs/yelb-service-connect-base-infra-cfn.yaml"))
    row = t.set_index("platform").loc["declared"]
    assert row.monthly_cost == pytest.approx(214.4302) and row.status == "as declared" and not row.feasible
    assert math.isnan(row.operations_cost) and math.isnan(row.monthly_tco) and pd.isna(row["rank"])
    assert api.shown(t).set_index("platform").loc["declared", "monthly_cost"] == 214.43


def test_waste_in_json_and_sizes_frame_has_no_float_noise(tmp_path):
    """Reported: ``advisor compare FILE --format json`` gave ``"fargate_waste": {"vcpu": 0.8999999999999999}`` for a
    1.1 vCPU / 2.3 GB task (2 vCPU / 4 GB on Fargate): 2 - 1.1 is 0.9 vCPU and 4096 - 2355.2 is 1740.8 MiB exactly."""
    import json

    from typer.testing import CliRunner

    from advisor.cli import app

    p = tmp_path / "w.yaml"
    p.write_text("name: noise\nregion: us-east-1\nservices:\n  - {name: api, cpu: 1.1, memory: 2.3 GB, replicas: 3}\n")
    r = CliRunner().invoke(app, ["compare", str(p), "--format", "json"])
    assert r.exit_code == 0, r.output
    [svc] = json.loads(r.output)["services"]
    assert svc["fargate_waste"] == svc["eks_fargate_waste"] == {"vcpu": 0.9, "memory_mib": 1740.8}
    assert '"vcpu": 0.9,' in r.output and "0.8999999999999999" not in r.output
    sizes = api.sizes_frame(api.price(api.load(p))).set_index("service")
    assert sizes.loc["api", ["fargate_waste_vcpu", "fargate_waste_memory_mib"]].tolist() == [0.9, 1740.8]
