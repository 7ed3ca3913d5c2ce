"""The ECS capacity-provider strategy grammar: items, validation, parsing (pure library code).

How tasks are split over a strategy, deployment bounds and recommended strategies live in
``advisor.sizing.strategy``; this module is what a workload file needs to validate the
``capacity_provider_strategy`` it declares.

The rules come from AWS's own documentation; each rule carries the title and URL of the page
that states it.

Main sources
------------
[CPSI]  "CapacityProviderStrategyItem - Amazon Elastic Container Service" (ECS API Reference)
        https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
[CCP]   "CreateCapacityProvider - Amazon Elastic Container Service" (ECS API Reference)
        https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
[CFN]   "AWS::ECS::Cluster CapacityProviderStrategyItem" (AWS CloudFormation User Guide)
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-cluster-capacityproviderstrategyitem.html
[CPG]   "Amazon ECS capacity providers" (Amazon ECS Developer Guide)
        https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
[MIA]   "Architect for Amazon ECS Managed Instances" (Amazon ECS Developer Guide), Capacity providers
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from advisor.errors import AdvisorError
from advisor.workload.source import DuplicateKeyError, json_problem, unique_pairs

__all__ = [
    "BASE_MAX",
    "BASE_MIN",
    "FARGATE",
    "FARGATE_SPOT",
    "MAX_PROVIDERS",
    "WEIGHT_MAX",
    "WEIGHT_MIN",
    "ProviderShare",
    "StrategyError",
    "parse_shorthand",
    "places_tasks_on",
    "to_api_json",
    "validate_strategy",
]

FARGATE = "FARGATE"
FARGATE_SPOT = "FARGATE_SPOT"

# [CPSI] base: "Valid Range: Minimum value of 0. Maximum value of 100000."
BASE_MIN, BASE_MAX = 0, 100_000
# [CPSI] weight: "Valid Range: Minimum value of 0. Maximum value of 1000."
WEIGHT_MIN, WEIGHT_MAX = 0, 1000
# [CPSI] (current text): "A capacity provider strategy can contain a maximum of 20
# capacity providers."  Older versions of the same page (and SDK docs generated from
# them) said "a maximum of 6"; the current API reference, and the CreateService /
# RunTask capacityProviderStrategy parameter docs, say 20.
MAX_PROVIDERS = 20
#: A desired task count this module accepts: ECS's "Tasks per service" quota is 5,000 (Amazon ECS service quotas);
#: a generous bound keeps the arithmetic meaningful for what-if counts without admitting absurd ones.
MAX_DESIRED = 1_000_000

# [CCP] name: "Up to 255 characters are allowed. They include letters (both upper and
# lowercase letters), numbers, underscores (_), and hyphens (-). The name can't be
# prefixed with "aws", "ecs", or "fargate"."  FARGATE and FARGATE_SPOT are the two
# predefined AWS Fargate providers ([CPSI]) and are the only names allowed to use the
# reserved prefix.
_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_RESERVED_PREFIXES = ("aws", "ecs", "fargate")
_FARGATE_PROVIDERS = (FARGATE, FARGATE_SPOT)

#: A strategy that mixes FARGATE / FARGATE_SPOT with other providers ([CPG], [MIA]); ``{fargate}`` and
#: ``{others}`` are the names of each kind, as the strategy lists them.
MIX_MESSAGE = (
    "capacityProvider: the strategy mixes the Fargate capacity provider(s) {fargate} with {others} (any other name "
    "is an EC2 capacity provider: an Auto Scaling group, or ECS Managed Instances), and ECS refuses such a "
    "strategy: 'A capacity provider strategy can only contain Auto Scaling group capacity providers or Fargate "
    "capacity providers' (Amazon ECS Developer Guide, 'Amazon ECS capacity providers'). Valid: FARGATE and "
    "FARGATE_SPOT only, or EC2 capacity providers only. Drop {others} to run on Fargate, or {fargate} to run on "
    "your EC2 capacity."
)

# Keys of one strategy item as the ECS API / AWS CLI shorthand write them ([CPSI]).
_KEYS = ("capacityProvider", "base", "weight")


class StrategyError(AdvisorError, ValueError):
    """A capacity-provider strategy or deployment setting that ECS would reject.

    The message names the offending field and value, says what is valid and how
    to fix it.
    """


@dataclass(frozen=True)
class ProviderShare:
    """One item of a capacity-provider strategy, as the ECS API writes it ([CPSI]).

    ``base`` and ``weight`` default to 0, as in the API ("If no value is
    specified, the default value of 0 is used").
    """

    capacity_provider: str
    base: int = 0
    weight: int = 0


# --------------------------------------------------------------------------- validation


def check_int_range(field: str, value: object, lo: int, hi: int | None, where: str, whose: str = "ECS accepts") -> None:
    """Raise ``StrategyError`` unless ``value`` is an int (not a bool) in ``lo..hi`` (``hi`` None: no upper bound).
    ``whose`` says whose bound it is in the message ("ECS accepts" for the API's ranges)."""
    # "in 0..1000" or "of 100 or more" (was "in >= 100", which does not read)
    rng = f"in {lo}..{hi}" if hi is not None else f"of {lo} or more"
    if isinstance(value, bool) or not isinstance(value, int):
        raise StrategyError(f"{where}{field}={value!r} is not an integer; {field} must be a whole number {rng}.")
    if value < lo or (hi is not None and value > hi):
        raise StrategyError(f"{where}{field}={value} is out of range; {whose} {field} {rng}. Use a value {rng}.")


#: How ``MAX_DESIRED`` is described in messages: advisor's bound, not an ECS one.
DESIRED_BOUND = ("advisor computes splits for what-if counts up to 200 x ECS's 'Tasks per service' quota of 5,000; it "
                 "accepts")


def _check_name(name: object, where: str) -> None:
    if not isinstance(name, str) or not name:
        raise StrategyError(
            f"{where}capacityProvider={name!r} is not valid; give FARGATE, FARGATE_SPOT or "
            "the name of an EC2 (Auto Scaling group) capacity provider."
        )
    if name in _FARGATE_PROVIDERS:
        return
    upper = name.upper()
    if upper in _FARGATE_PROVIDERS:
        # Provider names are case-sensitive; "fargate_spot" is not the AWS provider.
        raise StrategyError(
            f"{where}capacityProvider={name!r} is not valid; the AWS Fargate providers are "
            f"spelled in capitals. Did you mean {upper!r}?"
        )
    if not _NAME_RE.match(name):
        raise StrategyError(
            f"{where}capacityProvider={name!r} is not a valid capacity-provider name; names "
            "are 1 to 255 characters of letters, numbers, underscores (_) and hyphens (-)."
        )
    for prefix in _RESERVED_PREFIXES:
        # [CCP]: "The name can't be prefixed with "aws", "ecs", or "fargate"."
        if name.startswith(prefix):
            hint = ""
            close = difflib.get_close_matches(upper, _FARGATE_PROVIDERS, n=1, cutoff=0.6)
            if close:
                hint = f" Did you mean {close[0]!r}?"
            raise StrategyError(
                f"{where}capacityProvider={name!r} is not valid; a custom capacity-provider "
                f"name can't start with {prefix!r} (reserved prefixes: aws, ecs, fargate). "
                f"Use FARGATE / FARGATE_SPOT or your EC2 provider's name.{hint}"
            )


def validate_strategy(strategy: list[ProviderShare], desired: int | None = None) -> None:
    """Raise :class:`StrategyError` if ECS would reject ``strategy``.

    Rules (each from AWS documentation):

    * 1 to :data:`MAX_PROVIDERS` (20) items ([CPSI]: "A capacity provider strategy
      can contain a maximum of 20 capacity providers").
    * Every name is FARGATE, FARGATE_SPOT or a valid EC2 capacity-provider name
      ([CCP]); no provider appears twice.
    * ``base`` in 0..100000 and ``weight`` in 0..1000 ([CPSI] valid ranges).
    * At most one item has ``base > 0`` ([CPSI]: "Only one capacity provider in a
      capacity provider strategy can have a base defined").
    * With more than one provider, at least one ``weight > 0`` ([CPSI]/[CFN]: "When
      multiple capacity providers are specified within a capacity provider
      strategy, at least one of the capacity providers must have a weight value
      greater than zero ... If you specify multiple capacity providers in a
      strategy that all have a weight of 0, any RunTask or CreateService actions
      using the capacity provider strategy will fail").  A single provider places
      every task whatever its weight.
    * Fargate providers (FARGATE, FARGATE_SPOT) are not mixed with any other provider ([CPG]: "A capacity
      provider strategy can only contain Auto Scaling group capacity providers or Fargate capacity providers";
      [MIA]: "A capacity provider strategy can only contain one capacity provider type", Auto Scaling group,
      Managed Instances or Fargate). Every name other than FARGATE / FARGATE_SPOT is an EC2 provider (Auto
      Scaling group or ECS Managed Instances), so such a mix is refused whichever it is.
    * ``desired`` (if given) is an integer >= 0.
    """
    if desired is not None:
        check_int_range("desired", desired, 0, MAX_DESIRED, "", DESIRED_BOUND)
    if not isinstance(strategy, (list, tuple)):
        raise StrategyError(
            f"strategy must be a list of ProviderShare items, got {type(strategy).__name__}."
        )
    if len(strategy) == 0:
        raise StrategyError(
            "strategy is empty; give at least one capacity provider, for example "
            "capacityProvider=FARGATE,weight=1."
        )
    if len(strategy) > MAX_PROVIDERS:
        raise StrategyError(
            f"strategy has {len(strategy)} capacity providers; ECS allows at most "
            f"{MAX_PROVIDERS} in one strategy. Remove {len(strategy) - MAX_PROVIDERS}."
        )
    seen: dict[str, int] = {}
    with_base: list[str] = []
    for i, item in enumerate(strategy):
        if not isinstance(item, ProviderShare):
            raise StrategyError(
                f"strategy item {i + 1} is a {type(item).__name__}, not a ProviderShare; "
                "build items with ProviderShare(capacity_provider, base, weight) or "
                "parse_shorthand()."
            )
        where = f"strategy item {i + 1}: "
        _check_name(item.capacity_provider, where)
        check_int_range("base", item.base, BASE_MIN, BASE_MAX, where)
        check_int_range("weight", item.weight, WEIGHT_MIN, WEIGHT_MAX, where)
        if item.capacity_provider in seen:
            raise StrategyError(
                f"{where}capacityProvider={item.capacity_provider!r} is listed twice (also "
                f"item {seen[item.capacity_provider] + 1}); each capacity provider may appear "
                "only once in a strategy. Merge the two items into one."
            )
        seen[item.capacity_provider] = i
        if item.base > 0:
            with_base.append(item.capacity_provider)
    if len(with_base) > 1:
        raise StrategyError(
            f"base is set on {len(with_base)} capacity providers ({', '.join(with_base)}); ECS "
            "allows a base > 0 on only one provider in a strategy. Keep the base on one "
            "provider and set base=0 on the others."
        )
    fargate = [item.capacity_provider for item in strategy if item.capacity_provider in _FARGATE_PROVIDERS]
    others = [item.capacity_provider for item in strategy if item.capacity_provider not in _FARGATE_PROVIDERS]
    if fargate and others:
        raise StrategyError(MIX_MESSAGE.format(fargate=", ".join(fargate), others=", ".join(others)))
    if len(strategy) > 1 and all(item.weight == 0 for item in strategy):
        raise StrategyError(
            "every weight is 0; with more than one capacity provider ECS needs at least one "
            "weight > 0 (weight-0 providers are never used to place tasks beyond their "
            "base, and ECS rejects a strategy whose weights are all 0). Give at least one "
            "provider a weight from 1 to 1000, e.g. weight=1."
        )


def places_tasks_on(strategy, provider: str) -> bool:
    """True when ``strategy`` can place tasks on ``provider``: it lists the provider with a base above 0, a weight
    above 0, or as its only provider.

    [CPSI] weight: "If no weight value is specified, the default value of 0 is used. When multiple capacity
    providers are specified within a capacity provider strategy, at least one of the capacity providers must have a
    weight value greater than zero and any capacity providers with a weight of 0 can't be used to place tasks." The
    weight-0 rule is for a strategy of several providers: a one-provider strategy places every task on its provider
    whatever its weight (``[{capacityProvider: FARGATE_SPOT}]``, weight 0 by default, runs every task on Spot).
    Items are ``ProviderShare`` objects or API-style mappings (``capacityProvider``, ``base``, ``weight``)."""
    items = [(i.capacity_provider, i.base, i.weight) if isinstance(i, ProviderShare) else
             (i.get("capacityProvider"), i.get("base", 0) or 0, i.get("weight", 0) or 0) for i in strategy or ()]
    return any(name == provider and (base > 0 or weight > 0 or len(items) == 1) for name, base, weight in items)


# --------------------------------------------------------------------------- parsing / output


def _unknown_key_error(key: str, where: str) -> StrategyError:
    close = difflib.get_close_matches(key, _KEYS, n=1, cutoff=0.5)
    if not close:
        lowered = {k.lower(): k for k in _KEYS}
        if key.lower() in lowered:
            close = [lowered[key.lower()]]
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return StrategyError(
        f"{where}unknown key {key!r}; a strategy item takes only capacityProvider, base "
        f"and weight (case-sensitive, as in the ECS API).{hint}"
    )


def _to_int(key: str, raw: object, where: str) -> int:
    if isinstance(raw, bool):
        raise StrategyError(f"{where}{key}={raw!r} is not an integer; give a whole number.")
    if isinstance(raw, int):
        return raw
    # ASCII digits only ('\d' takes any script's: int('٣') is 3) and no more than a 64-bit integer holds (int() of
    # thousands of digits raises); anything else gets the message below, naming the field and its range
    if isinstance(raw, str) and re.fullmatch(r"\s*[+-]?[0-9]{1,18}\s*", raw):
        return int(raw)
    raise StrategyError(
        f"{where}{key}={raw!r} is not an integer; {key} must be a whole number "
        f"({'0..100000' if key == 'base' else '0..1000'})."
    )


def _item_from_mapping(obj: dict, where: str) -> ProviderShare:
    for key in obj:
        if key not in _KEYS:
            raise _unknown_key_error(str(key), where)
    if "capacityProvider" not in obj:
        raise StrategyError(
            f"{where}capacityProvider is missing; every item needs one, e.g. "
            "capacityProvider=FARGATE,weight=1."
        )
    name = obj["capacityProvider"]
    if not isinstance(name, str):
        raise StrategyError(
            f"{where}capacityProvider={name!r} is not a string; give a provider name such "
            "as FARGATE."
        )
    base = _to_int("base", obj.get("base", 0), where)
    weight = _to_int("weight", obj.get("weight", 0), where)
    return ProviderShare(name.strip(), base, weight)


def _parse_one_shorthand(text: str, where: str) -> ProviderShare:
    obj: dict[str, str] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise StrategyError(
                f"{where}empty entry in {text!r}; write key=value pairs separated by commas, "
                "e.g. capacityProvider=FARGATE,base=2,weight=1."
            )
        if "=" not in part:
            raise StrategyError(
                f"{where}{part!r} is not key=value; write e.g. "
                "capacityProvider=FARGATE,base=2,weight=1."
            )
        key, value = (s.strip() for s in part.split("=", 1))
        provider, _, field = key.rpartition(":")
        if key not in _KEYS and provider and field in _KEYS:
            # 'FARGATE:weight=1' (a provider:key form no AWS tool reads) said "Did you mean 'weight'?", which left
            # the provider out
            raise StrategyError(f"{where}{key!r}: name the capacity provider with its own key, as the ECS API and "
                                f"the AWS CLI's shorthand do: write capacityProvider={provider},{field}={value}.")
        if key not in _KEYS:
            raise _unknown_key_error(key, where)
        if key in obj:
            raise StrategyError(f"{where}{key} is given twice in {text!r}; give it once.")
        if value == "":
            raise StrategyError(f"{where}{key} has no value in {text!r}; write {key}=VALUE.")
        obj[key] = value
    return _item_from_mapping(obj, where)


def parse_shorthand(items: list[str]) -> list[ProviderShare]:
    """Parse a strategy written as the AWS CLI writes ``--capacity-provider-strategy``.

    Accepted forms:

    * shorthand, one string per provider:
      ``["capacityProvider=FARGATE,base=2,weight=1", "capacityProvider=FARGATE_SPOT,weight=3"]``
      (several items may also be given in one string separated by spaces, as a
      shell would pass them unquoted);
    * one JSON string: a list of ``{"capacityProvider", "base", "weight"}`` objects,
      or a single such object.

    ``base`` and ``weight`` default to 0.  Keys are case-sensitive (as in the ECS
    API); an unknown key raises :class:`StrategyError` with a did-you-mean hint.
    The result is validated with :func:`validate_strategy`.
    """
    if isinstance(items, str):
        items = [items]
    items = [s for s in (str(x).strip() for x in items) if s]
    if not items:
        raise StrategyError(
            "no capacity-provider strategy given; write e.g. "
            "capacityProvider=FARGATE,base=2,weight=1 capacityProvider=FARGATE_SPOT,weight=3."
        )
    result: list[ProviderShare] = []
    if items[0][:1] in "[{":
        if len(items) != 1:
            raise StrategyError(
                "a JSON strategy must be given as one string (a JSON list of "
                '{"capacityProvider", "base", "weight"} objects); do not mix it with other items.'
            )
        try:
            data = json.loads(items[0], object_pairs_hook=unique_pairs)
        except DuplicateKeyError as exc:
            raise StrategyError(f"strategy JSON gives the key {exc.key!r} twice in one object; JSON readers keep only "
                                "the last, so give each key once.") from None
        except json.JSONDecodeError as exc:
            raise StrategyError(
                f"strategy JSON is not valid JSON ({json_problem(exc)}; character {exc.pos + 1}); write e.g. "
                '[{"capacityProvider": "FARGATE", "base": 2, "weight": 1}].'
            ) from None
        except RecursionError:  # nested thousands of levels deep: Python's parser gives up
            raise StrategyError(
                "strategy JSON nests lists or objects too deep to read (about 1,000 levels); a strategy is one list of "
                'objects, e.g. [{"capacityProvider": "FARGATE", "base": 2, "weight": 1}].'
            ) from None
        objs = [data] if isinstance(data, dict) else data
        if not isinstance(objs, list):
            raise StrategyError(
                "strategy JSON must be a list of objects or one object with capacityProvider, "
                "base and weight."
            )
        for i, obj in enumerate(objs):
            where = f"strategy item {i + 1}: "
            if not isinstance(obj, dict):
                raise StrategyError(
                    f"{where}{obj!r} is not an object; each item must look like "
                    '{"capacityProvider": "FARGATE", "weight": 1}.'
                )
            result.append(_item_from_mapping(obj, where))
    else:
        texts = [t for s in items for t in s.split()]
        for i, text in enumerate(texts):
            if text[:1] in "[{":
                raise StrategyError(
                    "a JSON strategy must be given as one string on its own; do not mix it "
                    "with shorthand items."
                )
            result.append(_parse_one_shorthand(text, f"strategy item {i + 1}: "))
    validate_strategy(result)
    return result


def to_api_json(strategy: list[ProviderShare]) -> list[dict]:
    """The strategy as the ECS API (CreateService/UpdateService/RunTask) accepts it.

    ``[{"capacityProvider": "FARGATE", "base": 2, "weight": 1}, ...]`` -- the field
    names of [CPSI].  (CloudFormation spells the same fields CapacityProvider,
    Base, Weight; see [CFN].)  The strategy is validated first.
    """
    if plain_strategy(strategy):
        return [dict(item) for item in _api_json(tuple(strategy))]  # validated once per distinct strategy
    validate_strategy(strategy)
    return [
        {"capacityProvider": item.capacity_provider, "base": item.base, "weight": item.weight}
        for item in strategy
    ]


def plain_strategy(strategy) -> bool:
    """True when ``strategy`` is a list/tuple of ``ProviderShare`` with string names and exact ``int`` base and
    weight: then equal strategies are interchangeable, and a result computed (and validated) for one may be reused
    for another. Anything else (a float or bool base, a foreign item) is validated afresh."""
    return isinstance(strategy, (list, tuple)) and all(
        type(p) is ProviderShare and type(p.capacity_provider) is str and type(p.base) is int
        and type(p.weight) is int for p in strategy)


@lru_cache(maxsize=1024)
def _api_json(strategy: tuple[ProviderShare, ...]) -> tuple[dict, ...]:
    validate_strategy(list(strategy))
    return tuple({"capacityProvider": item.capacity_provider, "base": item.base, "weight": item.weight}
                 for item in strategy)


