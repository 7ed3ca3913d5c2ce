"""Tests for advisor.sizing.strategy (ECS capacity-provider strategies, deployment bounds)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.sizing.strategy import (
    FARGATE,
    FARGATE_SPOT,
    MAX_PROVIDERS,
    DeploymentBounds,
    ProviderShare,
    StrategyError,
    average_split,
    deployment_bounds,
    deployment_surge_task_hours,
    distribute,
    parse_shorthand,
    recommend_strategy,
    to_api_json,
    validate_strategy,
)

P = ProviderShare


# --------------------------------------------------------------------------- AWS examples


def test_aws_example_weights_1_3_with_12_tasks():
    s = [P("capacityProviderA", weight=1), P("capacityProviderB", weight=3)]
    assert distribute(12, s) == {"capacityProviderA": 3, "capacityProviderB": 9}


def test_aws_example_base_2_weights_1_3_with_10_tasks():
    s = [P("CP-OD", base=2, weight=1), P("CP-SPOT", weight=3)]
    assert distribute(10, s) == {"CP-OD": 4, "CP-SPOT": 6}


def test_aws_example_fargate_3_spot_1_with_4_tasks():
    s = [P(FARGATE, weight=3), P(FARGATE_SPOT, weight=1)]
    assert distribute(4, s) == {FARGATE: 3, FARGATE_SPOT: 1}


def test_aws_example_equal_weights_split_evenly():
    s = [P("a", weight=1), P("b", weight=1)]
    assert distribute(10, s) == {"a": 5, "b": 5}


def test_base_capped_by_desired_and_order_preserved():
    s = [P(FARGATE_SPOT, weight=3), P(FARGATE, base=5, weight=1)]
    out = distribute(3, s)
    assert list(out) == [FARGATE_SPOT, FARGATE]
    assert out == {FARGATE_SPOT: 0, FARGATE: 3}


def test_weight_zero_provider_gets_only_its_base():
    s = [P(FARGATE, base=2, weight=0), P(FARGATE_SPOT, weight=1)]
    assert distribute(7, s) == {FARGATE: 2, FARGATE_SPOT: 5}


def test_single_provider_gets_everything_even_with_weight_zero():
    assert distribute(5, [P(FARGATE)]) == {FARGATE: 5}


def test_zero_desired():
    assert distribute(0, [P(FARGATE, base=2, weight=1), P(FARGATE_SPOT, weight=3)]) == {
        FARGATE: 0,
        FARGATE_SPOT: 0,
    }


def test_ties_broken_by_strategy_order():
    # 1 task, equal weights: the first listed provider gets it.
    assert distribute(1, [P("b", weight=1), P("a", weight=1)]) == {"b": 1, "a": 0}
    # 2 tasks over 3 equal weights.
    assert distribute(2, [P("x", weight=1), P("y", weight=1), P("z", weight=1)]) == {
        "x": 1,
        "y": 1,
        "z": 0,
    }


# --------------------------------------------------------------------------- parsing


def test_parse_shorthand_items():
    s = parse_shorthand(
        ["capacityProvider=FARGATE,base=2,weight=1", "capacityProvider=FARGATE_SPOT,weight=3"]
    )
    assert s == [P(FARGATE, 2, 1), P(FARGATE_SPOT, 0, 3)]


def test_parse_shorthand_space_separated_in_one_string():
    s = parse_shorthand(["capacityProvider=FARGATE,weight=1 capacityProvider=FARGATE_SPOT,weight=3"])
    assert s == [P(FARGATE, 0, 1), P(FARGATE_SPOT, 0, 3)]


def test_parse_shorthand_defaults_to_zero():
    assert parse_shorthand(["capacityProvider=my-ec2_cp"]) == [P("my-ec2_cp", 0, 0)]


def test_parse_json_list_and_object():
    text = json.dumps(
        [
            {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3},
        ]
    )
    assert parse_shorthand([text]) == [P(FARGATE, 2, 1), P(FARGATE_SPOT, 0, 3)]
    one = json.dumps({"capacityProvider": "FARGATE", "weight": 1})
    assert parse_shorthand([one]) == [P(FARGATE, 0, 1)]


def test_to_api_json_round_trip():
    s = [P(FARGATE, 2, 1), P(FARGATE_SPOT, 0, 3)]
    api = to_api_json(s)
    assert api == [
        {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 3},
    ]
    assert parse_shorthand([json.dumps(api)]) == s


def test_unknown_key_gives_hint():
    with pytest.raises(StrategyError, match=r"wieght.*Did you mean 'weight'"):
        parse_shorthand(["capacityProvider=FARGATE,wieght=1"])
    with pytest.raises(StrategyError, match=r"Did you mean 'capacityProvider'"):
        parse_shorthand([json.dumps([{"CapacityProvider": "FARGATE", "weight": 1}])])


@pytest.mark.parametrize(
    "items, pattern",
    [
        (["capacityProvider=FARGATE,weight=one"], "weight='one' is not an integer"),
        (["capacityProvider=FARGATE,weight"], "is not key=value"),
        (["capacityProvider=FARGATE,,weight=1"], "empty entry"),
        (["base=1,weight=1"], "capacityProvider is missing"),
        (["capacityProvider=FARGATE,weight=1,weight=2"], "given twice"),
        (["capacityProvider=FARGATE,weight="], "has no value"),
        (["[{\"capacityProvider\": \"FARGATE\""], "not valid JSON"),
        (['[{"capacityProvider": "FARGATE", "weight": 1.5}]'], "not an integer"),
        (['[{"capacityProvider": "FARGATE", "weight": true}]'], "not an integer"),
        (['["FARGATE"]'], "is not an object"),
        ([], "no capacity-provider strategy"),
    ],
)
def test_parse_errors(items, pattern):
    with pytest.raises(StrategyError, match=pattern):
        parse_shorthand(items)


def test_parse_validates():
    with pytest.raises(StrategyError, match="only one provider"):
        parse_shorthand(
            ["capacityProvider=FARGATE,base=1,weight=1", "capacityProvider=FARGATE_SPOT,base=1"]
        )


# --------------------------------------------------------------------------- validation


def test_valid_strategy_passes():
    validate_strategy([P(FARGATE, 2, 1), P(FARGATE_SPOT, 0, 3)], desired=10)
    validate_strategy([P(FARGATE, 100000, 1000)])


def test_two_bases():
    with pytest.raises(StrategyError, match=r"base is set on 2 capacity providers.*only one"):
        validate_strategy([P(FARGATE, 1, 1), P(FARGATE_SPOT, 2, 1)])


def test_negative_weight():
    with pytest.raises(StrategyError, match=r"weight=-1 is out of range.*0\.\.1000"):
        validate_strategy([P(FARGATE, 0, -1)])


def test_weight_1001():
    with pytest.raises(StrategyError, match=r"weight=1001 is out of range.*0\.\.1000"):
        validate_strategy([P(FARGATE, 0, 1001)])


def test_base_out_of_range():
    with pytest.raises(StrategyError, match=r"base=100001 is out of range.*0\.\.100000"):
        validate_strategy([P(FARGATE, 100001, 1)])
    with pytest.raises(StrategyError, match=r"base=-1"):
        validate_strategy([P(FARGATE, -1, 1)])


def test_all_weights_zero():
    with pytest.raises(StrategyError, match=r"every weight is 0.*weight > 0"):
        validate_strategy([P(FARGATE, 0, 0), P(FARGATE_SPOT, 0, 0)])
    # even when a base exists: ECS rejects multi-provider strategies whose weights are all 0
    with pytest.raises(StrategyError, match="every weight is 0"):
        validate_strategy([P(FARGATE, 5, 0), P(FARGATE_SPOT, 0, 0)], desired=3)


def test_duplicate_provider():
    with pytest.raises(StrategyError, match=r"'FARGATE' is listed twice"):
        validate_strategy([P(FARGATE, 0, 1), P(FARGATE, 0, 2)])


@pytest.mark.parametrize("strategy", [
    [P(FARGATE, 0, 1), P("my-asg", 0, 1)],
    [P("my-asg", 2, 1), P(FARGATE_SPOT, 0, 3)],
    [P(FARGATE, 1, 1), P(FARGATE_SPOT, 0, 3), P("ec2-a", 0, 1), P("ec2-b", 0, 1)],
])
def test_fargate_and_auto_scaling_group_providers_are_not_mixed(strategy):
    # "A capacity provider strategy can only contain Auto Scaling group capacity providers or Fargate capacity
    # providers" (Amazon ECS Developer Guide, "Amazon ECS capacity providers"): it was accepted and split
    fargate = ", ".join(p.capacity_provider for p in strategy if p.capacity_provider in (FARGATE, FARGATE_SPOT))
    others = ", ".join(p.capacity_provider for p in strategy if p.capacity_provider not in (FARGATE, FARGATE_SPOT))
    with pytest.raises(StrategyError) as exc:
        distribute(5, strategy)
    msg = str(exc.value)
    assert msg.startswith(f"capacityProvider: the strategy mixes the Fargate capacity provider(s) {fargate} with "
                          f"{others} ")
    assert "can only contain Auto Scaling group capacity providers or Fargate capacity providers" in msg
    assert "Valid: FARGATE and FARGATE_SPOT only, or EC2 capacity providers only" in msg
    assert f"Drop {others} to run on Fargate, or {fargate} to run on your EC2 capacity." in msg
    # either kind alone is valid
    validate_strategy([p for p in strategy if p.capacity_provider in (FARGATE, FARGATE_SPOT)])
    validate_strategy([P(p.capacity_provider, 0, 1) for p in strategy if p.capacity_provider not in (FARGATE,
                                                                                                     FARGATE_SPOT)])


def test_empty_and_too_many():
    with pytest.raises(StrategyError, match="empty"):
        validate_strategy([])
    many = [P(f"cp-{i}", 0, 1) for i in range(MAX_PROVIDERS + 1)]
    with pytest.raises(StrategyError, match=f"at most {MAX_PROVIDERS}"):
        validate_strategy(many)
    validate_strategy(many[:MAX_PROVIDERS])


@pytest.mark.parametrize(
    "name, pattern",
    [
        ("", "not valid"),
        ("has space", "letters, numbers, underscores"),
        ("x" * 256, "1 to 255"),
        ("fargate_spot", "Did you mean 'FARGATE_SPOT'"),
        ("ecs-my-provider", "can't start with 'ecs'"),
        ("aws-cp", "can't start with 'aws'"),
    ],
)
def test_bad_names(name, pattern):
    with pytest.raises(StrategyError, match=pattern):
        validate_strategy([P(name, 0, 1)])


def test_good_names():
    validate_strategy([P("my_EC2-cp1", 0, 1), P("x" * 255, 0, 1)])


def test_negative_desired():
    with pytest.raises(StrategyError, match="desired=-1"):
        distribute(-1, [P(FARGATE, 0, 1)])


def test_non_int_fields():
    with pytest.raises(StrategyError, match="not an integer"):
        validate_strategy([P(FARGATE, 1.5, 1)])  # type: ignore[arg-type]
    with pytest.raises(StrategyError, match="not a ProviderShare"):
        validate_strategy([{"capacityProvider": "FARGATE"}])  # type: ignore[list-item]


def test_strategy_error_is_value_error():
    assert issubclass(StrategyError, ValueError)


# --------------------------------------------------------------------------- deployments


def test_deployment_bounds_known_values():
    b = deployment_bounds(4, 50, 200)
    assert (b.min_healthy_tasks, b.max_tasks, b.surge_tasks, b.can_roll) == (2, 8, 4, True)
    b = deployment_bounds(3, 50, 200)
    assert (b.min_healthy_tasks, b.max_tasks) == (2, 6)  # ceil(1.5) = 2
    b = deployment_bounds(3, 100, 150)
    assert (b.min_healthy_tasks, b.max_tasks, b.surge_tasks) == (3, 4, 1)  # floor(4.5) = 4
    b = deployment_bounds(4, 100, 100)
    assert b.can_roll is False and b.surge_tasks == 0
    assert b.note.startswith("cannot roll: at most 4 tasks may run (maximumPercent 100% of 4, rounded down) and at "
                             "least 4 must stay healthy")
    b = deployment_bounds(1, 100, 100)  # reported: 'at most 1 tasks'
    assert b.note.startswith("cannot roll: at most 1 task may run (maximumPercent 100% of 1, rounded down)")


def test_deployment_bounds_defaults():
    b = deployment_bounds(4)
    assert b == DeploymentBounds(4, 100, 200, 4, 8, 4, True, b.note)


def test_deployment_bounds_in_place_roll():
    b = deployment_bounds(4, 50, 100)
    assert b.can_roll and b.surge_tasks == 0 and b.min_healthy_tasks == 2


def test_deployment_bounds_zero_desired():
    b = deployment_bounds(0)
    assert (b.min_healthy_tasks, b.max_tasks, b.surge_tasks, b.can_roll) == (0, 0, 0, True)


@pytest.mark.parametrize(
    "args, pattern",
    [
        ((4, 101, 200), "minimum_healthy_percent=101"),
        ((4, -1, 200), "minimum_healthy_percent=-1"),
        ((4, 100, 99), "maximum_percent=99"),
        ((-1, 100, 200), "desired=-1"),
    ],
)
def test_deployment_bounds_errors(args, pattern):
    with pytest.raises(StrategyError, match=pattern):
        deployment_bounds(*args)


def test_surge_task_hours():
    # 4 surge tasks for 30 minutes, 10 deployments a month = 20 task-hours
    assert deployment_surge_task_hours(4, 100, 200, 10, 30) == pytest.approx(20.0)
    assert deployment_surge_task_hours(4, 100, 100, 10, 30) == 0.0
    assert deployment_surge_task_hours(4, 50, 100, 10, 30) == 0.0
    assert deployment_surge_task_hours(3, 100, 150, 4, 15) == pytest.approx(1.0)
    with pytest.raises(StrategyError, match="deployments_per_month"):
        deployment_surge_task_hours(4, 100, 200, -1, 30)
    with pytest.raises(StrategyError, match="deployment_minutes"):
        deployment_surge_task_hours(4, 100, 200, 1, float("nan"))


# --------------------------------------------------------------------------- recommendation


def test_recommend_default_puts_part_of_two_tasks_on_spot():
    # The default on-demand floor is 1 task (an availability assumption, not minimumHealthyPercent): with ECS's
    # default minimumHealthyPercent of 100 the old base covered every task and nothing ran on Spot.
    s, reasons = recommend_strategy()
    assert s == [P(FARGATE, 1, 1), P(FARGATE_SPOT, 0, 3)]
    assert distribute(2, s) == {FARGATE: 1, FARGATE_SPOT: 1}  # 1 base + 1 split 1:3 -> to FARGATE_SPOT
    assert distribute(1, s) == {FARGATE: 1, FARGATE_SPOT: 0}  # a single task stays on FARGATE
    # AWS example: base 2 on FARGATE, weights 1:3, 10 tasks -> 4 and 6 (ECS API Reference, CapacityProviderStrategyItem)
    assert distribute(10, recommend_strategy(on_demand_base=2)[0]) == {FARGATE: 4, FARGATE_SPOT: 6}
    assert any("floor" in r and "fargate_spot.on_demand_base" in r for r in reasons)


def test_recommend_no_spot():
    s, reasons = recommend_strategy(spot_allowed=False, why_no_spot="the service is marked spot: false")
    assert s == [P(FARGATE, 0, 1)]
    assert distribute(6, s) == {FARGATE: 6}
    assert reasons == ["All tasks on FARGATE because the service is marked spot: false."]


def test_recommend_zero_desired_and_base_above_desired():
    s, _ = recommend_strategy(on_demand_base=3)
    validate_strategy(s, 0)
    assert distribute(0, s) == {FARGATE: 0, FARGATE_SPOT: 0}
    assert distribute(2, s) == {FARGATE: 2, FARGATE_SPOT: 0}


def test_recommend_rejects_bad_weights():
    with pytest.raises(StrategyError, match="both 0"):
        recommend_strategy(spot_weight=0, on_demand_weight=0)
    with pytest.raises(StrategyError, match="spot_weight=1001"):
        recommend_strategy(spot_weight=1001)
    with pytest.raises(StrategyError, match="on_demand_base=-1"):
        recommend_strategy(on_demand_base=-1)


# --------------------------------------------------------------------------- properties

names = [f"cp{i}" for i in range(MAX_PROVIDERS)]


@st.composite
def strategies(draw):
    n = draw(st.integers(1, 6))
    weights = draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n))
    if n > 1 and all(w == 0 for w in weights):
        weights[draw(st.integers(0, n - 1))] = draw(st.integers(1, 1000))
    base_idx = draw(st.one_of(st.none(), st.integers(0, n - 1)))
    base = draw(st.integers(0, 200))
    return [
        P(names[i], base if i == base_idx else 0, weights[i]) for i in range(n)
    ]


@settings(max_examples=300, deadline=None)
@given(strategies(), st.integers(0, 5000))
def test_prop_distribution(strategy, desired):
    out = distribute(desired, strategy)
    assert list(out) == [p.capacity_provider for p in strategy]
    assert sum(out.values()) == desired
    assert all(v >= 0 for v in out.values())
    base_total = sum(p.base for p in strategy)
    placed_base = min(base_total, desired)
    for p in strategy:
        if p.base:
            assert out[p.capacity_provider] >= placed_base
    rest = desired - placed_base
    wsum = sum(p.weight for p in strategy)
    if len(strategy) > 1 and wsum > 0:
        for p in strategy:
            extra = out[p.capacity_provider] - (min(p.base, desired))
            quota = Fraction(rest * p.weight, wsum)
            assert abs(extra - quota) < 1
            if p.weight == 0:
                assert extra == 0


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 2000),
    st.integers(0, 100),
    st.integers(0, 1000),
    st.integers(0, 999),
    st.integers(1, 1000),
    st.booleans(),
)
def test_prop_spot_weight_monotone(desired, base, od_weight, spot_weight, bump, spot_first):
    spot_weight2 = min(1000, spot_weight + bump)
    if od_weight == 0 and spot_weight == 0:
        spot_weight = 1
        spot_weight2 = max(spot_weight2, 1)

    def build(sw):
        od = P(FARGATE, base, od_weight)
        sp = P(FARGATE_SPOT, 0, sw)
        return [sp, od] if spot_first else [od, sp]

    before = distribute(desired, build(spot_weight))[FARGATE_SPOT]
    after = distribute(desired, build(spot_weight2))[FARGATE_SPOT]
    assert after >= before


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 5000), st.integers(0, 100), st.booleans(), st.integers(0, 1000), st.integers(1, 1000))
def test_prop_recommendation(desired, base, spot_allowed, spot_w, od_w):
    s, reasons = recommend_strategy(on_demand_base=base, spot_allowed=spot_allowed, spot_weight=spot_w,
                                    on_demand_weight=od_w)
    validate_strategy(s, desired)
    assert reasons and all(isinstance(r, str) and r for r in reasons)
    out = distribute(desired, s)
    assert sum(out.values()) == desired
    if not spot_allowed:
        assert out == {FARGATE: desired}
    else:
        assert out[FARGATE] >= min(base, desired)  # the on-demand floor is honoured


@settings(max_examples=300, deadline=None)
@given(st.floats(0, 500, allow_nan=False), st.integers(0, 5), st.integers(0, 5), st.integers(1, 5), st.booleans())
def test_prop_average_split_is_continuous_and_monotone(desired, base, w1, w2, base_first):
    strategy = [P(FARGATE, base if base_first else 0, w1), P(FARGATE_SPOT, 0 if base_first else base, w2)]
    a = average_split(desired, strategy)
    b = average_split(desired + 0.01, strategy)
    assert sum(a.values()) == pytest.approx(desired, abs=1e-8)
    for k in a:
        assert b[k] >= a[k] - 1e-9 and b[k] - a[k] <= 0.01 + 1e-9  # no provider falls; no jump
    if float(desired).is_integer():
        assert a == {k: float(v) for k, v in distribute(int(desired), strategy).items()}


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10000), st.integers(0, 100), st.integers(100, 200))  # the workload format's ranges
def test_prop_deployment_bounds(desired, mhp, mp):
    b = deployment_bounds(desired, mhp, mp)
    assert b.min_healthy_tasks * 100 >= desired * mhp
    assert (b.min_healthy_tasks - 1) * 100 < desired * mhp or b.min_healthy_tasks == 0
    assert b.max_tasks * 100 <= desired * mp < (b.max_tasks + 1) * 100
    assert b.surge_tasks == b.max_tasks - desired >= 0
    assert b.min_healthy_tasks <= desired <= b.max_tasks


def test_cached_results_are_never_served_to_input_validation_refuses():
    """The strategy helpers remember results per distinct input (a workload of 10,000 services repeats a few
    strategies); a float or bool where ECS wants an integer is still refused after the integer was computed."""
    from advisor.sizing.strategy import (
        ProviderShare,
        StrategyError,
        average_split,
        deployment_bounds,
        recommend_strategy,
        to_api_json,
    )

    good = [ProviderShare("FARGATE", base=1, weight=1), ProviderShare("FARGATE_SPOT", weight=3)]
    assert average_split(5, good) == {"FARGATE": 2.0, "FARGATE_SPOT": 3.0}
    assert to_api_json(good)[0] == {"capacityProvider": "FARGATE", "base": 1, "weight": 1}
    assert deployment_bounds(2, 100, 200).max_tasks == 4
    assert recommend_strategy(on_demand_base=1)[0] == good
    bad = [ProviderShare("FARGATE", base=True, weight=1), ProviderShare("FARGATE_SPOT", weight=3)]
    for call in (lambda: average_split(5, bad), lambda: to_api_json(bad), lambda: deployment_bounds(2.0, 100, 200),
                 lambda: deployment_bounds(True, 100, 200), lambda: recommend_strategy(on_demand_base=1.0)):
        with pytest.raises(StrategyError):
            call()
    # results handed out are copies: changing one does not change the next
    split = average_split(5, good)
    split["FARGATE"] = 99
    assert average_split(5, good)["FARGATE"] == 2.0
    strategy, reasons = recommend_strategy(on_demand_base=1)
    strategy.clear()
    reasons.clear()
    assert len(recommend_strategy(on_demand_base=1)[0]) == 2


def test_deployment_percent_bounds_are_the_workload_formats_and_read_as_english():
    # 'maximum_percent=50 is out of range; ECS accepts maximum_percent in >= 100. Use a value in >= 100.'
    from advisor.workload.capacity_providers import check_int_range

    with pytest.raises(StrategyError, match=r"maximum_percent=300 is out of range; .* in 100\.\.200\. Use a value in "):
        deployment_bounds(4, 100, 300)
    with pytest.raises(StrategyError, match=r"^x=5 is out of range; ECS accepts x of 10 or more\. Use a value of 10 "
                                            r"or more\.$"):
        check_int_range("x", 5, 10, None, "")


def test_a_batch_jobs_base_gives_the_jobs_reason(tmp_path):
    """A nightly job (runs_per_month) kept its one task on FARGATE with a service's reason ('never takes the service
    below that floor'); a job's runs are standalone tasks, which ECS does not retry when Spot capacity is unavailable
    (Amazon ECS Developer Guide, 'Fargate Spot termination notices': only services retry). The strategy is the same;
    on_demand_base: 0 puts the whole run on FARGATE_SPOT."""
    from advisor.compare import compare

    doc = {"name": "j", "region": "us-east-1", "services": [
        {"name": "web", "cpu": 1, "memory": 2048, "replicas": 2},
        {"name": "nightly", "cpu": 2, "memory": 4096, "runs_per_month": 30, "run_minutes": 45}]}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc))
    est = compare(path, platforms=["ecs-fargate-spot"]).estimate("ecs-fargate-spot")
    by = {s.service: s for s in est.strategies}
    assert "a run is a standalone task (RunTask)" in by["nightly"].reasons[0]
    assert "only services retry" in by["nightly"].reasons[0]
    assert "never takes the service below that floor" in by["web"].reasons[0]
    assert by["nightly"].strategy[0] == {"capacityProvider": FARGATE, "base": 1, "weight": 1}
    doc["services"][1]["on_demand_base"] = 0
    path.write_text(json.dumps(doc))
    est = compare(path, platforms=["ecs-fargate-spot"]).estimate("ecs-fargate-spot")
    [job] = [s for s in est.strategies if s.service == "nightly"]
    assert job.tasks == {FARGATE: 0, FARGATE_SPOT: 1}


def test_a_base_of_0_says_what_it_means_and_the_all_spot_hint_is_a_strategy_that_does_it(tmp_path):
    """The job's reason said 'on_demand_base: 0 (every task on FARGATE_SPOT)', but with base 0 the 1:3 weights still
    put one of a four-task run on FARGATE; only a strategy of FARGATE_SPOT alone does. A base of 0 kept the service's
    wording ('0 task(s) stay on FARGATE so a Spot reclaim never takes the service below that floor'), a job's too.
    Sources: Amazon ECS Developer Guide, 'Fargate Spot termination notices' (only services retry; Fargate does not
    replace Spot capacity with on-demand)."""
    from advisor.compare import compare

    run = {"cpu": 1, "memory": 2048, "replicas": 4, "runs_per_month": 30, "run_minutes": 45}
    doc = {"name": "j", "region": "us-east-1", "services": [
        {"name": "web", "cpu": 1, "memory": 2048, "replicas": 2, "on_demand_base": 0},
        {"name": "fanout", **run},
        {"name": "rerun", **run, "on_demand_base": 0},
        {"name": "allspot", **run, "capacity_provider_strategy": [{"capacityProvider": FARGATE_SPOT, "weight": 1}]}]}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc))
    est = compare(path, platforms=["ecs-fargate-spot"]).estimate("ecs-fargate-spot")
    by = {s.service: s for s in est.strategies}
    assert "for every task on Spot declare capacity_provider_strategy: [{capacityProvider: FARGATE_SPOT, weight: 1}]" \
        in by["fanout"].reasons[0]
    assert "every task on FARGATE_SPOT)" not in by["fanout"].reasons[0]
    assert by["rerun"].reasons[0].startswith("FARGATE base 0 (on_demand_base: 0): no task of a run is kept on FARGATE")
    assert by["rerun"].tasks == {FARGATE: 1, FARGATE_SPOT: 3}  # base 0 alone is not all on Spot
    assert by["allspot"].tasks == {FARGATE_SPOT: 4}  # the strategy the hint names is
    assert by["web"].reasons[0].startswith("FARGATE base 0 (on_demand_base: 0): no task is kept on FARGATE, so a Spot "
                                           "reclaim (two-minute warning) can take every task placed on FARGATE_SPOT")
    assert not any("below that floor" in r for s in by.values() for r in s.reasons)
    [note] = [n for n in est.notes if n.startswith("Recommended strategy")]
    # the note named only the workload's base: web and rerun keep none, and a job's base is per run
    assert note.startswith("Recommended strategy for the other services: a FARGATE base of 1 task(s) per service (per "
                           "run for a batch job) (availability assumption fargate_spot.on_demand_base; on_demand_base "
                           "set per service: web 0, rerun 0), the rest FARGATE:FARGATE_SPOT 1:3"), note


def test_fargate_spot_alone_with_weight_0_places_every_task_on_spot(tmp_path):
    """A strategy of FARGATE_SPOT alone with no weight (the API default, 0) puts every task on Spot: the weight-0 rule
    is for several providers (CapacityProviderStrategyItem, ECS API Reference: "When multiple capacity providers are
    specified within a capacity provider strategy, ... any capacity providers with a weight of 0 can't be used to
    place tasks"). The Spot estimate read weight 0 as "no task on Spot", so a Windows service (Fargate Spot is not
    offered for Windows) and a spot: false service under it were priced at $0.00 ("saves $259.41") and the platform
    ranked first; they cannot run so, as with weight 1. A Linux service keeps its all-Spot price."""
    from advisor.compare import compare
    from advisor.render.checklist import review
    from advisor.workload.capacity_providers import places_tasks_on

    assert places_tasks_on([P(FARGATE_SPOT)], FARGATE_SPOT)
    assert places_tasks_on([{"capacityProvider": FARGATE_SPOT}], FARGATE_SPOT)
    assert not places_tasks_on([P(FARGATE, weight=1), P(FARGATE_SPOT)], FARGATE_SPOT)
    assert places_tasks_on([P(FARGATE, weight=1), P(FARGATE_SPOT, base=1)], FARGATE_SPOT)
    assert not places_tasks_on(None, FARGATE_SPOT)
    alone = [{"capacityProvider": FARGATE_SPOT}]
    doc = {"name": "w0", "region": "us-east-1", "services": [
        {"name": "win", "cpu": 1, "memory": 4096, "replicas": 2, "os": "windows", "capacity_provider_strategy": alone},
        {"name": "nospot", "cpu": 1, "memory": 2048, "replicas": 2, "spot": False, "capacity_provider_strategy": alone},
        {"name": "ok", "cpu": 1, "memory": 2048, "replicas": 3, "capacity_provider_strategy": alone}]}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc))
    c = compare(path, platforms=["ecs-fargate", "ecs-fargate-spot"])
    est = c.estimate("ecs-fargate-spot")
    why = {u.service: u.reason for u in est.unsupported}
    assert set(why) == {"win", "nospot"}
    assert "not offered for Windows containers" in why["win"]
    assert "marked spot: false" in why["nospot"]
    assert not est.complete and c.recommendation.platform == "ecs-fargate"
    [ok] = est.strategies
    assert ok.service == "ok" and ok.tasks == {FARGATE_SPOT: 3} and ok.monthly_cost > 0
    [item] = [i for i in review(c) if i["topic"] == "Spot on intolerant services"]
    assert item["level"] == "warn" and item["services"] == ["nospot"]
