"""SPOR's consumer rules (§6–§7): one function per rule, registered under its catalogue ID.

`judge` streams one message through them (``konform.spor.judging``); `identity_problem`
and `fellista_reasons` are the judgements the SPOR simulator answers with (§7.1, §7.3).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time

from konform.checks import Finding
from konform.spor import iso8601, readings, schema
from konform.spor.index import moment, same_day_replanning
from konform.spor.judging import judge, judge_stream, later
from konform.spor.model import QUALIFYING, VARIABLES, Registration
from konform.spor.plausibility import fellista_reasons, identity_problem, out_of_order
from konform.spor.ruleset import RULES, Context, finding, from_violations, label, rule
from konform.spor.side import SideInputs
from konform.validate import Unusable

__all__ = [
    "RULES",
    "SideInputs",
    "Unusable",
    "fellista_reasons",
    "identity_problem",
    "judge",
    "judge_stream",
    "rule",
]

NIGHTLY_DEADLINE = time(4, 0)
#: The variables whose values are date-times (§7.1).
_TIMES = tuple(variable.element for variable in VARIABLES if variable.type == "tidpunkt")


@rule(schema.NOEMPTY, on="violations")
def no_empty_elements(registration: Registration, context: Context) -> Iterator[Finding]:
    """§7.1: a variable that is not recorded is left out, never sent as an empty element."""
    yield from from_violations(context.violations, schema.NOEMPTY)


@rule(schema.DATES)
def date_formats(registration: Registration, context: Context) -> Iterator[Finding]:
    """§7.1: dates and date-times ISO 8601:2004; (konform) in the examples' form, with an offset."""
    yield from from_violations(context.violations, schema.DATES)
    texts = registration.texts
    for name in _TIMES:
        text = texts.get(name)
        if text and name not in context.bad and not iso8601.has_offset(text):
            yield finding(
                registration.line_of(name),
                schema.DATES,
                f"{name}: {text.strip()} of {label(registration)} has no UTC offset (a local time)",
                name,
                reading=readings.OFFSET,
            )


@rule(schema.DATES, per="file")
def export_time_format(context: Context) -> Iterator[Finding]:
    """§7.1: (konform) exportTime, a date-time too, carries an offset."""
    if context.export_time and not iso8601.has_offset(context.export_time):
        yield finding(
            context.request_line,
            schema.DATES,
            f"exportTime: {context.export_time.strip()} has no UTC offset (a local time)",
            "exportTime",
            reading=readings.OFFSET,
        )


@rule(schema.PNR)
def personnummer_format(registration: Registration, context: Context) -> Iterator[Finding]:
    """§7.1: 12 digits, valid by Skatteverket's rules for personnummer or samordningsnummer."""
    yield from from_violations(context.violations, schema.PNR)
    number = registration.personnummer
    if number and "personnummer" not in context.bad:
        problem = identity_problem(number, today=context.today)
        if problem:
            yield finding(registration.line_of("personnummer"), schema.PNR, problem, "personnummer")


@rule(schema.HSA, on="violations")
def hsa_id_format(registration: Registration, context: Context) -> Iterator[Finding]:
    """§7.1: systemId matches \\w\\w\\d+\\-.* with at most 64 characters."""
    yield from from_violations(context.violations, schema.HSA)


@rule(schema.RMS, on="violations")
def recipient_message_split(registration: Registration, context: Context) -> Iterator[Finding]:
    """§7.4: variable 105 is mandatory and "SPOR" its only accepted value."""
    yield from from_violations(context.violations, schema.RMS)


@rule(schema.SCHEMA, on="violations")
def other_schema_violations(registration: Registration, context: Context) -> Iterator[Finding]:
    """§7.2.2: what breaks the schema and no more specific rule covers (SPOR answers HTTP 500)."""
    yield from from_violations(context.violations, schema.SCHEMA)


@rule("SPOR-6.6-OPTOUT", needs="block_list")
def declined_patients(registration: Registration, context: Context) -> Iterator[Finding]:
    """§6.6: data of a patient on the block list is never sent."""
    number = (registration.personnummer or "").strip()
    if number in context.side.block_list:
        yield finding(
            registration.line_of("personnummer"),
            "SPOR-6.6-OPTOUT",
            f"personnummer {number} is on the block list (--block-list): "
            f"{label(registration)} of a patient who declined must not be sent",
            "personnummer",
        )


@rule("SPOR-7.3-FELLISTA")
def plausible_times(registration: Registration, context: Context) -> Iterator[Finding]:
    """§7.3: schema-valid but out-of-order times are stored and listed on the Fellista."""
    for earlier, name, reason in out_of_order(registration, context.bad):
        message = f"SPOR lists it on the Fellista: {reason} ({label(registration)})"
        documented = (earlier, name) == ("operationsstart", "operationsslut")  # §7.3's own example
        reading = "" if documented else readings.FELLISTA_ORDER
        yield finding(registration.line_of(name), "SPOR-7.3-FELLISTA", message, name, "warning", reading)


@rule("SPOR-6.2-INCL")
def qualifies_for_export(registration: Registration, context: Context) -> Iterator[Finding]:
    """§6.2 (bör, by example): an exported registration shows one of the conditions."""
    if "registration" not in context.bad and not registration.is_included():
        yield finding(
            registration.line,
            "SPOR-6.2-INCL",
            f"registration of {label(registration)} shows none of §6.2's conditions (310, 410, "
            "450 = Ja, 540, 800, nor a planning, an operation time or 585): does it qualify for the export?",
            "registration",
            "warning",
            readings.NOT_INCLUDED,
        )


@rule("SPOR-6.3-LASTPLAN", on="repeat")
def last_planning_only(registration: Registration, context: Context) -> Iterator[Finding]:
    """§6.3: of several plannings of one operation on one day, only the last is sent."""
    earlier, current = context.earlier, context.current
    if earlier is None or current is None or not same_day_replanning(earlier, current):
        return
    value = registration.value("planeringstidpunkt")
    if later(earlier, current):
        where, why = earlier.plan_line, f"line {current.plan_line} sends a later one, {value}"
    else:
        where, why = current.plan_line, f"{value} is earlier than line {earlier.plan_line} the same day"
    yield finding(
        where,
        "SPOR-6.3-LASTPLAN",
        f"planeringstidpunkt of {label(registration)} is not the day's last planning ({why}): "
        "send only the last planning of the day",
        "planeringstidpunkt",
    )


@rule("SPOR-6.3-LASTPLAN", needs="plans")
def last_planning_of_history(registration: Registration, context: Context) -> Iterator[Finding]:
    """§6.3: the planning sent is the day's last one in the source system's history (--plans)."""
    history = context.side.plans.get((registration.behandlingsnummer or "").strip(), ())
    value = registration.value("planeringstidpunkt")
    plan = moment(value) if history and "planeringstidpunkt" not in context.bad else None
    if plan is None:
        return
    same_day = [other for other in history if other.astimezone(plan.tzinfo).date() == plan.date()]
    if same_day and max(same_day) > plan:
        yield finding(
            registration.line_of("planeringstidpunkt"),
            "SPOR-6.3-LASTPLAN",
            f"planeringstidpunkt {value} of {label(registration)} "
            f"is not the day's last planning: --plans has {max(same_day).isoformat()}",
            "planeringstidpunkt",
        )


@rule("SPOR-6.5-REPLACE", on="repeat")
def unchanged_resend(registration: Registration, context: Context) -> Iterator[Finding]:
    """§6.5: only changed registrations should be sent again ("bör").

    A resend that leaves out a variable the earlier send carried is no defect: SPOR replaces
    all stored data, and empty tags must not be sent (§7.1), so leaving a variable out is how
    a wrong value is cleared.
    """
    current = context.current
    earlier = context.earlier or context.before
    if current is None or earlier is None or same_day_replanning(earlier, current):
        return
    where = f"line {earlier.line} of this export" if context.earlier else "the previous export (--previous)"
    if earlier.digest == current.digest:
        yield finding(
            registration.line,
            "SPOR-6.5-REPLACE",
            f"{label(registration)} is an unchanged resend of {where}: send only what changed",
            "registration",
            "warning",
        )


# -- rules on the whole file -------------------------------------------------------------------


@rule("SPOR-6.1-NIGHTLY", per="file")
def nightly_batch(context: Context) -> Iterator[Finding]:
    """§6.1 (bör): the nightly batch is created before 04:00 (in exportTime's own offset, or local)."""
    if context.export_time is not None:
        created, what = _local_moment(context.export_time), f"exportTime {context.export_time}"
    elif context.is_export and context.side.at is not None:
        created, what = context.side.at, f"the export (no exportTime; --at {context.side.at.isoformat()})"
    else:
        return
    if created is not None and created.timetz().replace(tzinfo=None) > NIGHTLY_DEADLINE:
        yield finding(
            context.request_line,
            "SPOR-6.1-NIGHTLY",
            f"{what} is {created:%H:%M} local time, after 04:00: SPOR wants the nightly batch before 04:00",
            "exportTime",
            "warning",
            readings.NIGHTLY,
        )


def _local_moment(text: str) -> datetime | None:
    """A date-time with or without an offset (a local time), None when it is not one."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def _missing(context: Context, aborted: bool) -> Iterator[Finding]:
    for number, numbers in context.side.treatments.items():
        qualifies = any(n in numbers for n in QUALIFYING)
        is_aborted = 540 in numbers and 585 not in numbers
        if qualifies and number not in context.seen and is_aborted == aborted:
            listed = " ".join(str(n) for n in sorted(numbers))
            yield finding(
                0,
                "SPOR-6.4-ABORTED" if aborted else "SPOR-6.2-INCL",
                f"behandlingsnummer {number} (--treatments: {listed}) is missing from the export"
                + (": an aborted operation (540 set, 585 missing) should be exported too" if aborted else ""),
                "registration",
                reading=readings.ABORTED if aborted else readings.INCLUSION,
            )


@rule("SPOR-6.2-INCL", per="file", needs="treatments")
def qualifying_treatments_exported(context: Context) -> Iterator[Finding]:
    """§6.2 (bör, by example): a treatment of the day with 310, 410, 450 = Ja, 540, 585 or 800 is exported."""
    yield from _missing(context, aborted=False)


@rule("SPOR-6.4-ABORTED", per="file", needs="treatments")
def aborted_operations_exported(context: Context) -> Iterator[Finding]:
    """§6.4 (a recommendation): aborted operations (540 set, 585 missing) are exported too."""
    yield from _missing(context, aborted=True)
