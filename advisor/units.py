"""Units, and the parsing of CPU and memory quantities written by people.

Canonical units inside advisor: vCPU (float), memory in MiB (float), time in hours. Conversions happen
here, once, at the boundary.

Money is rounded to whole cents only by ``cents`` / ``money`` / ``total`` at the end of this module.

``HOURS_PER_MONTH`` is the only place the 730-hour month is defined: 365 days x 24 hours / 12 months,
the convention of the AWS Pricing Calculator ("calculations are based on 730 hours in a month") and of
Infracost.
"""

from __future__ import annotations

import math
import re
import sys

HOURS_PER_MONTH: float = 730.0
#: Longest calendar month (31 days x 24 hours): an upper bound for any "hours per month" input.
MAX_HOURS_PER_MONTH: float = 744.0

#: ECS expresses CPU in units: 1024 units = 1 vCPU (Amazon ECS task definition parameters, "cpu").
CPU_UNITS_PER_VCPU = 1024
#: AWS writes "GB" for Fargate memory and means GiB: 1 GB = 1024 MiB (AWS Fargate pricing and the
#: "Task CPU and memory" table of the Amazon ECS Developer Guide use 0.5 GB = 512 MiB).
MIB_PER_GB = 1024
MIB_PER_GIB = 1024
BYTES_PER_MIB = 1024 * 1024

#: Upper bounds for one task's or pod's request: the largest EC2 instance in advisor's bundled catalogue
#: (advisor/pricing_data/ec2_instance_types.csv, from EC2 DescribeInstanceTypes): u7i-12tb.224xlarge has 896
#: vCPUs, u7in-32tb.224xlarge 32 TiB of memory. No task or pod can be placed if it asks for more than that.
MAX_TASK_VCPU: float = 896.0
MAX_TASK_MEMORY_MIB: float = 32.0 * 1024 * 1024

# A bare number this large is far more likely to be ECS CPU units than vCPUs (no Fargate size has more
# than 32 vCPU, and `cpu: 256` is the classic task-definition form), so it is rejected as ambiguous.
_AMBIGUOUS_BARE_VCPU = 128
# A bare memory number this small is far more likely GB than MiB (the smallest Fargate size is 512 MiB).
_AMBIGUOUS_BARE_MIB = 64
#: The smallest memory request advisor accepts, in every input (workload file, Kubernetes manifests): 1 MiB.
#: Less is a unit slip ('2k' = 2,000 bytes, '1Ki', a Kubernetes bare 512 = 512 bytes): no container runs in it
#: (Docker and ECS reserve at least 6 MiB per container: ECS API Reference, ContainerDefinition "memory").
MIN_MEMORY_MIB = 1.0

#: The smallest CPU request advisor accepts: one ECS CPU unit, 1/1024 vCPU (ECS API Reference, ContainerDefinition
#: "cpu"; Kubernetes' smallest, 1m, is larger). Less is a slip, and makes per-node task counts overflow.
MIN_VCPU = 1 / 1024

#: A quantity is a short text ("0.5 vCPU", "1024Mi"); longer texts are rejected before any pattern runs.
MAX_QUANTITY_CHARS = 64

# a leading '-' is read so that '-1' is refused as not positive (as the number -1 is), not as "not a quantity"
_NUM = r"(-?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)"
_CPU_NOT_POSITIVE = ("{value}: CPU must be a positive number such as 0.5, '512 units' or '500m' (the smallest is one "
                     "ECS CPU unit, 1/1024 vCPU)")
_MEMORY_NOT_POSITIVE = "{value}: memory must be a positive number such as 1024 (MiB) or '1 GB'"
_CPU_RE = re.compile(rf"^\s*{_NUM}\s*([a-zA-Z ]*)\s*$")
_MEM_RE = re.compile(rf"^\s*{_NUM}\s*([a-zA-Z]*)\s*$")

_CPU_SUFFIX = {
    "": "vcpu",
    "vcpu": "vcpu",
    "vcpus": "vcpu",
    "cpu": "vcpu",
    "cpus": "vcpu",
    "core": "vcpu",
    "cores": "vcpu",
    "m": "milli",
    "units": "units",
    "unit": "units",
    "cpu units": "units",
    "cpuunits": "units",
}

# Kubernetes quantity suffixes (binary Ki/Mi/Gi/Ti and decimal k/M/G/T) and AWS "GB" (= GiB).
_MEM_SUFFIX_MIB = {
    "": 1.0,
    "mib": 1.0,
    "mi": 1.0,
    "gib": 1024.0,
    "gi": 1024.0,
    "gb": 1024.0,  # AWS convention for Fargate/ECS: "1 GB" = 1024 MiB
    "tib": 1024.0 * 1024,
    "ti": 1024.0 * 1024,
    "ki": 1.0 / 1024,
    "kib": 1.0 / 1024,
    # Kubernetes decimal suffixes: exact powers of ten in bytes
    "k": 1e3 / BYTES_PER_MIB,
    "m": 1e6 / BYTES_PER_MIB,
    "g": 1e9 / BYTES_PER_MIB,
    "t": 1e12 / BYTES_PER_MIB,
}


#: CPU suffixes whose case is part of their meaning: Kubernetes' quantity suffixes are case-sensitive ("Resource
#: Management for Pods and Containers", CPU units: "100m"; the quantity grammar of k8s.io/apimachinery
#: ``resource.Quantity``: decimalSI "m" is milli, "M" is mega = 10^6). The words (vCPU, units, cores) are read in
#: any case.
_CASE_SENSITIVE_CPU_SUFFIX = ("m",)


def _ci(word: str) -> str:
    """A case-insensitive JSON Schema (ECMA-262) pattern for ``word``: 'vcpu' -> '[vV][cC][pP][uU]'; a suffix whose
    case is its meaning (``_CASE_SENSITIVE_CPU_SUFFIX``: 'm') stays as written."""
    if word in _CASE_SENSITIVE_CPU_SUFFIX:
        return word
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else (r"\s*" if c == " " else c) for c in word)


_NUM_PATTERN = r"[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?"
#: JSON Schema patterns of the quantity strings ``parse_cpu`` / ``parse_memory_mib`` read (the schema cannot
#: express the ambiguity rules -- bare numbers of 128 vCPU or more, below 64 MiB, "MB" -- which the loader applies).
CPU_QUANTITY_PATTERN = (rf"^\s*{_NUM_PATTERN}\s*("
                        + "|".join(_ci(k) for k in sorted(_CPU_SUFFIX, key=len, reverse=True) if k) + r")?\s*$")
MEMORY_QUANTITY_PATTERN = (rf"^\s*{_NUM_PATTERN}\s*("
                           + "|".join([_ci(k) for k in ("mib", "mi", "gib", "gi", "gb", "tib", "ti", "kib", "ki")]
                                      + ["[kK]", "M", "G", "T"]) + r")?\s*$")


#: The memory units ``parse_memory_mib`` accepts, as its error message lists them (every key of
#: ``_MEM_SUFFIX_MIB``; binary units in any case, decimal k/K, M, G, T as Kubernetes writes them).
MEMORY_UNITS_TEXT = ("MiB (default), Mi, GiB, Gi, GB (= 1024 MiB, the AWS convention), TiB, Ti, KiB, Ki, and "
                     "Kubernetes decimal k (or K), M, G, T")


class QuantityError(ValueError):
    """A CPU or memory quantity that cannot be read unambiguously. The message says how to write it."""


def is_whole_number_text(text: object) -> bool:
    """True when ``text`` is a string of ASCII digits 0-9 only (after no stripping): what ``int()`` reads as a
    non-negative whole number *and* what Kubernetes, the ECS API and Terraform accept. ``str.isdigit`` is not enough:
    it is true for superscripts such as '²' (``int()`` then raises) and for other scripts' digits such as '٣'
    (which ``int()`` reads as 3 but no AWS or Kubernetes parser accepts). Text longer than Python converts to an int
    (``sys.get_int_max_str_digits()``, 4,300 digits by default: ``int()`` raises beyond it) is not one either: no
    field accepts such a number, and the caller's message then names the field."""
    if not (isinstance(text, str) and text.isascii() and text.isdigit()):
        return False
    limit = sys.get_int_max_str_digits()
    return limit == 0 or len(text) <= limit


_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_decimal_text(text: object) -> bool:
    """True when ``text`` is a decimal number written in ASCII only ('20', '2.5', '.5', '1e3', '-1'; no spaces, no
    '_' separators): the numbers a YAML or JSON value, Kubernetes and the AWS APIs write. ``float()`` alone is not a
    check: it reads other scripts' digits ('٥' = 5.0, fullwidth '５'), '1_000' and surrounding Unicode spaces."""
    return isinstance(text, str) and bool(_DECIMAL_TEXT.fullmatch(text))


def _reads(parser, text: str, most: float | None = None) -> bool:
    """Whether ``text`` is itself a valid quantity for ``parser`` (``parse_cpu``, ``parse_memory_mib``) and, with
    ``most``, at most that many vCPU or MiB: a "did you mean" / "write X" never suggests a spelling that would be
    refused in turn ('0.5M' -> '0.5m' is 0.0005 vCPU, less than one ECS CPU unit; '31' -> '31 GB' where the caller's
    largest is 30 GB, a Windows task on Fargate)."""
    if _checking:  # a suggestion checked while checking one is not offered (no endless round of suggestions)
        return False
    _checking.append(text)
    try:
        amount = parser(text)
    except QuantityError:
        return False
    finally:
        _checking.pop()
    return most is None or amount <= most + 1e-9


#: The suggestion ``_reads`` is checking (at most one at a time).
_checking: list[str] = []


def below_min_memory(value: object, mib: float, suggestion: str, most: float | None = None) -> str | None:
    """The message for a memory request below ``MIN_MEMORY_MIB`` (and above 0), or None when it is not.

    One rule for the workload file (``parse_memory_mib``) and Kubernetes manifests (``k8s_memory_mib``);
    ``suggestion`` is the spelling the user most likely meant (e.g. '2Mi'), offered only when it is valid and at most
    ``most`` MiB (``_reads``)."""
    if not 0 < mib < MIN_MEMORY_MIB:
        return None
    size = mib * BYTES_PER_MIB
    shown = f"{round(size):,}" if abs(size - round(size)) < 1e-6 else f"{size:,.3f}".rstrip("0").rstrip(".")
    return (f"{show(value)} is {shown} bytes, less than 1 MiB: no container runs in that (Docker and "
            "ECS reserve at least 6 MiB per container)."
            + (f" Did you mean {suggestion!r}?" if _reads(parse_memory_mib, suggestion, most) else
               " Give the memory in MiB (at least 1, e.g. 512) or with its unit, e.g. '512Mi' or '1 GB'."))


_LINE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def one_line(text: object) -> str:
    """``text`` on one line for a message: each line break, with the spaces around it, becomes one space, and nothing
    else changes -- a quoted value keeps its runs of spaces exactly as the user gave them ('a  b' stays 'a  b';
    ``" ".join(text.split())`` made it 'a b', and a blank '  ' read ' ')."""
    return _LINE_BREAK.sub(" ", str(text)).strip()


def kind_of(value: object) -> str:
    """What a parsed YAML/JSON value is, in the words of those formats, for messages ("got null", "is a list"):
    'null', 'true/false', 'a whole number', 'a number', 'text', 'a date', 'a list', 'a mapping (object)', or the
    Python type for anything else."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (object)"
    if hasattr(value, "isoformat"):
        return "a date"
    return f"a {type(value).__name__}"


def show(value: object, limit: int = 60) -> str:
    """A short, safe ``repr`` of a user's value for an error message; ``None``, ``True`` and ``False`` as the YAML/JSON
    a user writes (``null``, ``true``, ``false``).

    Integers of more than 20 digits become "an integer of N digits" and long texts are cut, so one huge or
    hostile value cannot flood the message.
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        return f"an integer of {len(str(abs(value)))} digits"
    if hasattr(value, "isoformat") and not isinstance(value, str):  # YAML reads an unquoted 2024-01-01 as a date
        return f"{value.isoformat()} (a date)"
    if value is None or isinstance(value, bool):  # in the words of the YAML/JSON the user wrote, not Python's
        return "null" if value is None else "true" if value else "false"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


def real_number(value: object) -> float | None:
    """``value`` as a float when it is a number a person means as one: a Python ``int``/``float``, a numpy number
    (``np.int64``, ``np.float32``, or a 0-d array holding one), a ``Fraction`` or a ``Decimal``; None for anything else, and for a boolean
    (``True``/``np.True_`` is no number in any input: a YAML ``true`` is refused where a number goes) and numpy's
    ``timedelta64`` (an integer to ``numbers``, but a duration). NaN and infinities are returned as they are; each
    caller checks its range."""
    import numbers
    from decimal import Decimal

    if type(value).__name__ == "ndarray" and type(value).__module__ == "numpy" and value.ndim == 0:
        value = value.item()  # np.array(2.0): one number (with_replicas_factor said "factor array(2.) is not valid")
    if isinstance(value, bool) or type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool",
                                                                                                 "timedelta64"):
        return None
    if isinstance(value, (numbers.Real, Decimal)):
        try:
            return float(value)
        except (ValueError, OverflowError):  # Decimal('sNaN'); an integer beyond a float
            return math.nan
    return None


def _finite_number(value: float) -> float:
    """``float(value)``, with integers too large for a float read as infinity (rejected by the callers)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


#: A template's placeholder left in a value: a shell variable (``$CPU``, ``${CPU}``) or a ``{{ }}`` expression (Go,
#: Helm, Jinja).
_PLACEHOLDER = re.compile(r"^\s*(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{.*\}\})\s*$", re.S)


def placeholder_hint(value: object) -> str:
    """The words to add to a message about ``value`` when it is a template's placeholder never filled in, else ""."""
    if isinstance(value, str) and len(value) <= 200 and _PLACEHOLDER.match(value):
        return (" (it is a template placeholder that was never filled in: render the template, e.g. with envsubst "
                "or 'helm template', and give advisor the result)")
    return ""


def parse_cpu(value: object, *, most: float | None = None) -> float:
    """Return vCPU for a CPU quantity.

    Accepted: a number of vCPU (``0.5``), ``"0.5 vCPU"``, ``"512 units"`` (ECS CPU units, 1024 per vCPU),
    ``"500m"`` (Kubernetes millicores). A bare number of 128 or more is rejected as ambiguous (it is
    almost always ECS CPU units). The words are read in any case; the millicore suffix only as a lower-case
    ``m``: ``"500M"`` is refused with "did you mean '500m'?", since Kubernetes reads an upper-case ``M`` as mega
    (10^6 cores; k8s.io/apimachinery ``resource.Quantity``) and the Kubernetes importer refuses it too.

    Every spelling an error suggests ("did you mean '500m'?", "write '1000 units'") is valid itself, written as a
    person writes it (``plain_num``: '1000m', not '1e3m' or '1000.0m') and, with ``most``, at most that many vCPU:
    a caller with a smaller range than the workload format's (``advisor sizes``: the largest Fargate size for the OS)
    passes it so that no suggestion is outside it. ``most`` does not bound the value itself.

    >>> parse_cpu("512 units"), parse_cpu("250m"), parse_cpu(2)
    (0.5, 0.25, 2.0)
    """
    if isinstance(value, bool) or value is None:
        raise QuantityError(f"{show(value)} is not a CPU quantity; write vCPU as a number (0.5), '512 units' or '500m'")
    if isinstance(value, (int, float)):
        number, kind = _finite_number(value), "vcpu"
        bare = True
    else:
        m = _CPU_RE.match(str(value)) if len(str(value)) <= MAX_QUANTITY_CHARS else None
        if not m:
            raise QuantityError(
                f"{show(value)} is not a CPU quantity; write vCPU as a number (0.5 or '0.5 vCPU'), "
                "ECS CPU units as '512 units', or Kubernetes millicores as '500m'" + placeholder_hint(value)
            )
        number = float(m.group(1))
        if m.group(1).startswith("-"):  # '-1', '-500m': the same rule as 0 and -1 given as numbers
            raise QuantityError(_CPU_NOT_POSITIVE.format(value=show(value)))
        written = " ".join(m.group(2).split())
        suffix = written.lower()
        if suffix in _CASE_SENSITIVE_CPU_SUFFIX and written != suffix:
            milli = f"{plain_num(number)}m"
            raise QuantityError(
                f"{show(value)}: {written!r} is not a CPU unit: millicores are a lower-case 'm' (1000m = 1 vCPU), and "
                "in Kubernetes an upper-case 'M' is mega (10^6 cores), which no task or pod asks for. "
                + (f"Did you mean {milli!r} (= {num(number / 1000)} vCPU)?" if _reads(parse_cpu, milli, most) else
                   f"{milli!r} would be {num(number / 1000)} vCPU, more than the largest here ({num(most or 0)} vCPU): "
                   "write vCPU as a number (e.g. 0.5) or millicores with 'm' (e.g. '500m')."
                   if _reads(parse_cpu, milli) else
                   f"{milli!r} would be {num(number / 1000)} vCPU, less than one ECS CPU unit (1/1024 vCPU), so it is "
                   "not valid either: write vCPU as a number (e.g. 0.5) or millicores as a whole number with 'm' "
                   "(e.g. '500m').")
            )
        if suffix not in _CPU_SUFFIX:
            import difflib

            spelled = {"vcpu": "vCPU", "units": "units", "cores": "cores", "m": "m"}
            close = difflib.get_close_matches(suffix, list(spelled), n=1, cutoff=0.6)
            meant = f"{plain_num(number)}{'' if close[0] == 'm' else ' '}{spelled[close[0]]}" if close else ""
            hint = f" Did you mean {meant!r}?" if meant and _reads(parse_cpu, meant, most) else ""
            raise QuantityError(
                f"{show(value)}: unknown CPU unit {written!r}; valid units are vCPU (default), "
                "'units' (ECS CPU units, 1024 = 1 vCPU) and 'm' (millicores, 1000m = 1 vCPU)." + hint
            )
        kind = _CPU_SUFFIX[suffix]
        bare = suffix == ""
    if not math.isfinite(number):
        raise QuantityError(f"{show(value)} is not a finite number; CPU must be a positive number such as 0.5")
    if number <= 0:
        raise QuantityError(_CPU_NOT_POSITIVE.format(value=show(value)))
    vcpu = number / CPU_UNITS_PER_VCPU if kind == "units" else number / 1000.0 if kind == "milli" else number
    if vcpu < MIN_VCPU:
        raise QuantityError(
            f"{show(value)} is {num(float(f'{vcpu:.3g}'))} vCPU, less than one ECS CPU unit (1/1024 vCPU; Kubernetes' smallest request "
            "is 1m): no scheduler reserves less. Give at least '1 units' or '1m', e.g. 0.25 or '256 units'"
        )
    if vcpu > MAX_TASK_VCPU and not (bare and number >= _AMBIGUOUS_BARE_VCPU and number / CPU_UNITS_PER_VCPU <= MAX_TASK_VCPU):
        raise QuantityError(
            f"{show(value)} is {num(vcpu)} vCPU, more than the largest EC2 instance has ({MAX_TASK_VCPU:g} vCPU); "
            "give the size of one task or pod, e.g. 0.5, '512 units' or '500m'"
        )
    if kind in ("units", "milli"):
        return vcpu
    if bare and number >= _AMBIGUOUS_BARE_VCPU:
        # each reading is offered only where it is valid ('1000 vCPU' is more than any instance has)
        units, as_vcpu = f"{plain_num(number)} units", f"{plain_num(number)} vCPU"
        readings = [f"'{units}' (= {num(number / CPU_UNITS_PER_VCPU)} vCPU)" if _reads(parse_cpu, units, most) else "",
                    f"'{as_vcpu}'" if _reads(parse_cpu, as_vcpu, most) else ""]
        fix = (f"Write {readings[0]} or, if you really mean vCPU, {readings[1]}" if all(readings) else
               f"Write {readings[0] or readings[1]}" if any(readings) else
               "Write the CPU with its unit, e.g. '512 units' (= 0.5 vCPU) or '0.5 vCPU'")
        raise QuantityError(f"{show(value)} is ambiguous: as vCPU it is larger than any Fargate task, and it looks like "
                            f"ECS CPU units. {fix}")
    return number


def parse_memory_mib(value: object, *, most: float | None = None) -> float:
    """Return MiB for a memory quantity.

    Accepted: a number of MiB (``1024``), ``"1 GB"`` / ``"1 GiB"`` / ``"1Gi"`` (all 1024 MiB: AWS's
    Fargate "GB" is a GiB), ``"1024Mi"`` / ``"1024 MiB"``, and Kubernetes decimal suffixes (``"1G"`` =
    10^9 bytes ~ 953.7 MiB). ``"MB"`` is rejected as ambiguous (AWS means MiB, SI means 10^6 bytes), and so
    is a bare number below 64 (it is almost always GB), and anything below 1 MiB (``MIN_MEMORY_MIB``: ``"2k"``,
    ``"1Ki"`` are unit slips). A space between number and unit is allowed (``"2 GB"``).

    Every spelling an error suggests ("did you mean '2 GB'?", "write '100 MiB'") is valid itself, written as a person
    writes it (``plain_num``) and, with ``most``, at most that many MiB (``advisor sizes``: the largest Fargate size
    for the OS, 30 GB for Windows); ``most`` does not bound the value itself.

    >>> parse_memory_mib("1 GB"), parse_memory_mib("512Mi"), parse_memory_mib(2048)
    (1024.0, 512.0, 2048.0)
    """
    if isinstance(value, bool) or value is None:
        raise QuantityError(f"{show(value)} is not a memory quantity; write MiB as a number (1024) or '1 GB' / '1Gi'")
    if isinstance(value, (int, float)):
        number, suffix = _finite_number(value), ""
    else:
        m = _MEM_RE.match(str(value)) if len(str(value)) <= MAX_QUANTITY_CHARS else None
        if not m:
            raise QuantityError(
                f"{show(value)} is not a memory quantity; write MiB as a number (1024), or '1 GB', '1 GiB', '1Gi', '1024Mi'"
                + placeholder_hint(value)
            )
        number, suffix = float(m.group(1)), m.group(2)
        if m.group(1).startswith("-"):  # '-1', '-1Gi': the same rule as 0 and -1 given as numbers
            raise QuantityError(_MEMORY_NOT_POSITIVE.format(value=show(value)))
    low = suffix.lower()
    if low == "mb":
        meant = f"{plain_num(number)} MiB"
        raise QuantityError(
            f"{show(value)} is ambiguous: 'MB' means MiB to AWS but 10^6 bytes to Kubernetes; "
            + (f"write {meant!r} (or the bare number {plain_num(number)}) for mebibytes"
               if _reads(parse_memory_mib, meant, most) and _reads(parse_memory_mib, plain_num(number), most) else
               f"write {meant!r} for mebibytes" if _reads(parse_memory_mib, meant, most) else
               "write mebibytes as 'MiB' or gibibytes as 'GB', e.g. '512 MiB' or '1 GB'")
        )
    if low in ("k", "m", "g", "t") and suffix != suffix.upper() and low != "k":
        # "m" in Kubernetes memory means milli-bytes, never what a person meant.
        meant = [f for f in (f"{plain_num(number)}Mi", f"{plain_num(number)} GB") if _reads(parse_memory_mib, f, most)]
        raise QuantityError(f"{show(value)}: lower-case '{suffix}' is not a memory unit; write "
                            + (" or ".join(repr(f) for f in meant) if meant else "e.g. '512Mi' or '1 GB'"))
    if low not in _MEM_SUFFIX_MIB:
        raise QuantityError(
            f"{show(value)}: unknown memory unit {suffix!r}; valid: {MEMORY_UNITS_TEXT}"
        )
    if not math.isfinite(number):
        raise QuantityError(f"{show(value)} is not a finite number; memory must be a positive number such as 1024 or '1 GB'")
    if number <= 0:
        raise QuantityError(_MEMORY_NOT_POSITIVE.format(value=show(value)))
    if suffix == "" and number < _AMBIGUOUS_BARE_MIB:
        gb = f"{plain_num(number)} GB"
        raise QuantityError(
            f"{show(value)} is ambiguous: a bare number is MiB, and {num(number)} MiB is smaller than any task; "
            + (f"did you mean {gb!r} (= {num(number * MIB_PER_GB)} MiB)? Write the unit explicitly"
               if _reads(parse_memory_mib, gb, most) else "write the unit explicitly, e.g. '512 MiB' or '1 GB'")
        )
    mib = number * _MEM_SUFFIX_MIB[low]
    slip = below_min_memory(value, mib, f"{plain_num(number)} {'GiB' if low in ('mi', 'mib') else 'MiB'}", most)
    if slip:
        raise QuantityError(slip)
    if mib > MAX_TASK_MEMORY_MIB:
        raise QuantityError(
            f"{show(value)} is {num(mib)} MiB, more than the largest EC2 instance has ({num(MAX_TASK_MEMORY_MIB)} MiB = 32 TiB); "
            "give the memory of one task or pod, e.g. 1024 or '1 GB'"
        )
    return mib


def mib_to_gb(mib: float) -> float:
    """MiB to AWS's Fargate "GB" (GiB)."""
    return mib / MIB_PER_GB


# ------------------------------------------------------------------------------------------------ money
def num(x: float) -> str:
    """A count or size in running text, never in exponent notation: as ``f"{x:g}"`` from 0.0001 to below a million
    (``2048``, ``0.25``), from a million up in full with thousands separators (``20,971,520``, not ``2.09715e+07``,
    which ``:g`` writes and which drops digits; a fraction keeps up to 3 decimals), and below 0.0001 as the decimal
    it is (``0.00001``, not ``1e-05``); from 1e21 up "a number of N digits", and below 1e-12 "a number below
    0.000000000001" (no quantity anyone means: its digits would be float noise)."""
    return _plain(x, ",")


def plain_num(x: float) -> str:
    """``num`` without thousands separators, and with every digit the value has up to 12 significant ones: a value a
    message asks the user to write back into a file or option (``'20971520 MiB'``, ``'1000m'``, ``'130.123456 units'``),
    which must read as the same number again. It is written as a person writes it: never in exponent notation (1e3 ->
    ``1000``), no ``.0`` (1000.0 -> ``1000``), no float noise (0.1 + 0.2 -> ``0.3``, not 0.30000000000000004), and not
    cut to six digits as ``num`` is (1234.5678 -> ``1234.5678``, not 1234.57)."""
    if isinstance(x, (int, float)) and math.isfinite(x) and _TEXT_MIN <= abs(x) < _TEXT_MAX:
        from decimal import Decimal

        return format(Decimal(repr(float(f"{x:.12g}"))).normalize(), "f")
    return _plain(x, "")


#: Beyond these magnitudes a number in running text is no quantity anyone means: its digits are not written out
#: (1e300 vCPU was written as a 301-digit number, most of them float noise; 5e-324 with 323 zeros).
_TEXT_MAX, _TEXT_MIN = 1e21, 1e-12
#: The smallest magnitude a number in an input may have, other than 0: below it no quantity anyone means (no price,
#: duration, share or size of AWS's is a trillionth of its unit) and its digits are float noise; 1e-320, a
#: subnormal double, was priced and shown as "9.99989e-321 h/month".
SMALLEST_NUMBER = _TEXT_MIN


def tiny_number_message(x: float) -> str:
    """Why a number nearer 0 than ``SMALLEST_NUMBER`` (and not 0) is refused, with the fix; for a field's message."""
    return (f"{x!r} is {num(x)}: nearer 0 than any quantity advisor reads (a trillionth of its unit, the digits "
            "of such a number are float noise); write 0 where the field allows it, or the value you mean in the field's "
            "unit")


def _plain(x: float, sep: str) -> str:
    if not isinstance(x, (int, float)) or not math.isfinite(x):
        return f"{x:g}"
    if abs(x) >= _TEXT_MAX:
        return ("minus " if x < 0 else "") + f"a number of {len(f'{abs(x):.0f}')} digits"
    if x and abs(x) < _TEXT_MIN:
        return ("minus " if x < 0 else "") + "a number below 0.000000000001"
    if abs(x) >= 1e6:
        return f"{x:{sep}.0f}" if x == round(x) else f"{x:{sep}.3f}".rstrip("0").rstrip(".")
    if x and abs(x) < 1e-4:
        from decimal import Decimal

        return format(Decimal(repr(float(x))), "f")
    return f"{x:g}"


def grouped(x: float, digits: int = 6) -> str:
    """``x`` to ``digits`` significant digits with thousands separators and never in exponent notation: what
    ``f"{x:,.6g}"`` writes below a million (``43,800``, ``0.981183``), and ``33,212,200`` where it writes
    ``3.32122e+07`` (``grouped(44640.0, 4)`` is ``44,640``, not ``4.464e+04``)."""
    if not isinstance(x, (int, float)) or not math.isfinite(x):
        return f"{x:g}"
    from decimal import Decimal

    return format(Decimal(repr(float(f"{x:.{digits}g}"))).normalize(), ",f")


def usd_rate(x: float) -> str:
    """A rate in dollars as prices are written, without the dollar sign: ``grouped`` with at least two decimals
    (``0.10`` per cluster-hour, not ``0.1``; ``100.00`` per engineer-hour; ``0.04048`` per vCPU-hour kept as it is),
    except where ``grouped`` rounded the figure to its six significant digits (``1,234,570`` for 1,234,567: cents
    written after it would claim a precision it does not have)."""
    text = grouped(x)
    if not isinstance(x, (int, float)) or not math.isfinite(x):
        return text
    whole, _, decimals = text.partition(".")
    if len(decimals) >= 2 or float(text.replace(",", "")) != round(float(x), 2):
        return text
    return f"{whole}.{decimals.ljust(2, '0')}"


def cents(usd: float) -> float:
    """USD rounded to whole cents (half away from zero), as every output shows money."""
    return math.copysign(math.floor(abs(usd) * 100 + 0.5 + 1e-9) / 100, usd) if usd else 0.0


def money(usd: float | None) -> str:
    """``$1,234.56`` (``-$1.00`` for a credit); an em dash for a missing or non-finite amount."""
    if usd is None or not isinstance(usd, (int, float)) or not math.isfinite(usd):
        return "—"
    c = cents(usd)
    return f"-${-c:,.2f}" if c < 0 else f"${c:,.2f}"


def apportioned_cents(amounts: list[float], total_usd: float) -> list[float]:
    """The amounts of a table's lines as shown, in USD: each rounded to the cent, down or up, so that the shown lines
    add up to the shown total ``cents(total_usd)`` (the largest-remainder method: every amount is first rounded down,
    and the cents still missing go to the amounts closest to rounding up, the first line first on a tie).

    Rounding each line on its own (``cents``) can leave the lines a few cents off their total: ten lines of
    365 vCPU-hours x $0.04048 = $14.7752 each show $14.78, adding up to $147.80, while their total is $147.75. Each
    shown amount stays within a cent of the exact one. ``amounts`` should add up to ``total_usd``; when they do not
    (or an amount is not finite) each is rounded on its own."""
    exact = [round(a * 100, 6) for a in amounts]
    if not all(math.isfinite(x) for x in exact) or not math.isfinite(total_usd):
        return [cents(a) if math.isfinite(a) else a for a in amounts]  # ``money`` shows a dash for a non-finite one
    floors = [math.floor(x) for x in exact]
    missing = round(cents(total_usd) * 100) - sum(floors)
    if not 0 <= missing <= len(floors):
        return [cents(a) for a in amounts]
    order = sorted(range(len(exact)), key=lambda i: floors[i] - exact[i])[:missing]  # largest remainder first
    for i in order:
        floors[i] += 1
    return [f / 100 for f in floors]


def decimal_sum(*values: float) -> float:
    """The sum of quantities (vCPU, MiB: not money, see ``total``) as the decimals they print as give it, as a float:
    0.1 + 0.2 vCPU is 0.3 and 2 - 1.1 is 0.9 (``decimal_sum(2, -1.1)``), where binary floating point gives
    0.30000000000000004 and 0.8999999999999999. Requests are written in decimal (cores, millicores, '2.3 GB'; ECS CPU
    units and MiB from bytes are binary fractions, exact either way), so this is the exact sum; the outputs carry
    exact values (docs/python-api.md), and a sum or difference computed this way has no binary noise in them.

    >>> decimal_sum(0.1, 0.2), decimal_sum(4096, -2355.2)
    (0.3, 1740.8)
    """
    from decimal import Decimal

    return float(sum((Decimal(repr(float(v))) for v in values), Decimal(0)))


def total(*parts: float) -> float:
    """The total to display for parts that are displayed rounded: the sum of the rounded parts."""
    return sum(cents(p) for p in parts)


# ------------------------------------------------------------------------------------------------ text
#: Names a message lists before "and N more".
NAMED_LIMIT = 10


def name_list(names: list[str], limit: int = NAMED_LIMIT) -> str:
    """``a, b, c`` or, past ``limit`` names, ``a, b, ... and 1,234 more``: a list a reader can take in."""
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit:,} more"


def choice_hint(word: object, choices: list[str]) -> str:
    """" Did you mean 'x'?" for the valid choice ``word`` most likely meant, or "".

    A choice equal to ``word`` but for case comes first (``ARM64`` -> 'arm64', ``Linux`` -> 'linux': the values are
    case-sensitive); else the closest spelling, compared in lower case (``difflib``, cutoff 0.6)."""
    import difflib

    text = str(word)
    same = [c for c in choices if c.lower() == text.lower()]
    if not same:
        lowered = {c.lower(): c for c in choices}
        same = [lowered[m] for m in difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.6)]
    return f" Did you mean {same[0]!r}?" if same else ""
