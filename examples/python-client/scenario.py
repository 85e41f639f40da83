#!/usr/bin/env python3
"""A CareBridge agency client in Python: a hotline child referred to charity relief, end to end over gRPC.

The stubs are generated at run time from the protos in packages/proto (grpc_tools.protoc into a temporary
directory), exactly as an agency would generate them from the published protos. Then, against a running suite
(`npm start`):

  1. the hotline operator records a contact about a child and opens a case; the prefecture assigns it to the
     child's county, whose handler accepts it and refers it to relief (property_loss);
  2. relief drafts an application from the referral; a Xuzhou caseworker completes it with the family's form
     (household registered in Xuzhou), records the government relief already granted and asks for the automatic
     assessment;
  3. the caseworker decides as the assessment says: Approve is refused for an ineligible application
     (FAILED_PRECONDITION, google.rpc.ErrorInfo reason "INELIGIBLE"), so the application is rejected, quoting the
     assessment's reasons;
  4. the child's journey is read from the projections service: every step, hotline to relief, in order.

Along the way it checks the error model (INVALID_ARGUMENT carries a google.rpc.BadRequest naming the field) and the
idempotency rule (a retry with the same `idempotency-key` metadata returns the first result and creates nothing).

Every check prints `ok - ...`; the last line is a JSON summary. The first failed check prints `FAILED: ...` on
stderr and the exit status is 1 (2 for bad arguments).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.resources
import json
import os
import pathlib
import sys
import tempfile
import time
import uuid
from types import ModuleType
from typing import Any, Callable, Dict, List, NoReturn, Optional, Sequence, Tuple, TypeVar

import grpc

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_PROTO_ROOT = HERE.parent.parent / "packages" / "proto"

# What the scenario acts in: a child in Datong county (630121) of Xining (630100), Qinghai; the family's household
# registration in Quanshan district (320311) of Xuzhou (320300), which the Jiangsu charity re-relief programme
# (jiangsu-2020) covers.
CHILD_COUNTY = "630121"
XUZHOU = "320300"
HOUSEHOLD = "320311"
PROGRAMME_WINDOW = ("2020-07-01", "2021-06-30")  # jiangsu-2020: "自2020年7月启动，试行一年", both ends inclusive
CHINA = dt.timezone(dt.timedelta(hours=8))

T = TypeVar("T")


class ScenarioFailure(Exception):
    """A check that did not hold: the scenario stops and exits 1 with this message."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise ScenarioFailure(message)
    print(f"ok - {message}", flush=True)


def fail(message: str) -> NoReturn:
    raise ScenarioFailure(message)


# ---------------------------------------------------------------------------------------------------------------
# Stubs, generated at run time
# ---------------------------------------------------------------------------------------------------------------


class Stubs:
    """The generated modules the scenario uses."""

    def __init__(self, out_dir: pathlib.Path) -> None:
        # The generated packages (carebridge.*, google.rpc.*) are namespace packages: first on the path, so that
        # google.rpc resolves to the copies generated from packages/proto/google/rpc.
        sys.path.insert(0, str(out_dir))
        importlib.invalidate_caches()
        self.hotline = importlib.import_module("carebridge.hotline.v1.hotline_pb2")
        self.hotline_grpc = importlib.import_module("carebridge.hotline.v1.hotline_pb2_grpc")
        self.relief = importlib.import_module("carebridge.relief.v1.relief_intake_pb2")
        self.relief_grpc = importlib.import_module("carebridge.relief.v1.relief_intake_pb2_grpc")
        self.projections = importlib.import_module("carebridge.projections.v1.projections_pb2")
        self.projections_grpc = importlib.import_module("carebridge.projections.v1.projections_pb2_grpc")
        self.error_details = importlib.import_module("google.rpc.error_details_pb2")
        self.rpc_status: ModuleType = importlib.import_module("grpc_status.rpc_status")
        generated = pathlib.Path(str(self.error_details.__file__)).resolve()
        if out_dir.resolve() not in generated.parents:
            fail(f"google.rpc.error_details_pb2 came from {generated}, not from the stubs generated in {out_dir}")


def generate_stubs(proto_root: pathlib.Path, out_dir: pathlib.Path) -> List[str]:
    """protoc (grpc_tools) over every carebridge proto and google/rpc, into out_dir: *_pb2.py and *_pb2_grpc.py."""
    from grpc_tools import protoc  # grpcio-tools

    if not (proto_root / "carebridge").is_dir():
        fail(f"no protos under {proto_root} (give --proto-root, the packages/proto directory of the suite)")
    protos = sorted(
        str(p.relative_to(proto_root))
        for p in [*(proto_root / "carebridge").rglob("*.proto"), *(proto_root / "google" / "rpc").glob("*.proto")]
    )
    # google/protobuf/*.proto (descriptor.proto, timestamp.proto) come with grpcio-tools.
    well_known = str(importlib.resources.files("grpc_tools") / "_proto")
    code = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{proto_root}",
            f"-I{well_known}",
            f"--python_out={out_dir}",
            f"--grpc_python_out={out_dir}",
            *protos,
        ]
    )
    if code != 0:
        fail(f"grpc_tools.protoc exited {code} on {len(protos)} protos under {proto_root}")
    return protos


# ---------------------------------------------------------------------------------------------------------------
# Calls
# ---------------------------------------------------------------------------------------------------------------


class Caller:
    """Someone holding a token: every call sends it as `authorization: Bearer <token>`."""

    def __init__(self, name: str, token: str, deadline_s: float) -> None:
        self.name = name
        self.token = token
        self.deadline_s = deadline_s

    def metadata(self, idempotency_key: Optional[str] = None) -> List[Tuple[str, str]]:
        md = [("authorization", f"Bearer {self.token}")]
        # Writes need one: a UUID per intent, the same one on every retry of that intent (packages/grpc-kit).
        if idempotency_key is not None:
            md.append(("idempotency-key", idempotency_key))
        return md

    def read(self, method: Callable[..., T], request: Any) -> T:
        return method(request, metadata=self.metadata(), timeout=self.deadline_s)

    def write(self, method: Callable[..., T], request: Any, key: Optional[str] = None) -> T:
        return method(request, metadata=self.metadata(key or str(uuid.uuid4())), timeout=self.deadline_s)


def refused(what: str, call: Callable[[], Any]) -> grpc.RpcError:
    """The error of a call that must fail; a success is a failed check."""
    try:
        call()
    except grpc.RpcError as error:
        return error
    fail(f"{what}: expected the call to be refused, but it succeeded")


def status_details(stubs: Stubs, error: grpc.RpcError) -> Tuple[Any, Dict[str, Any]]:
    """The google.rpc.Status of a failed call and its decoded details by type name (BadRequest, ErrorInfo)."""
    status = stubs.rpc_status.from_call(error)
    if status is None:
        fail(f"{error.code().name} {error.details()!r} carried no google.rpc.Status (grpc-status-details-bin)")
    decoded: Dict[str, Any] = {}
    for any_detail in status.details:
        for message_type in (stubs.error_details.BadRequest, stubs.error_details.ErrorInfo):
            if any_detail.Is(message_type.DESCRIPTOR):
                message = message_type()
                any_detail.Unpack(message)
                decoded[message_type.DESCRIPTOR.name] = message
    return status, decoded


def bad_request_fields(stubs: Stubs, error: grpc.RpcError) -> List[str]:
    """The fields a refusal names: INVALID_ARGUMENT with a google.rpc.BadRequest, else a failed check."""
    if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
        fail(f"expected INVALID_ARGUMENT, got {error.code().name}: {error.details()}")
    status, details = status_details(stubs, error)
    check(
        status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0],
        f"the google.rpc.Status says INVALID_ARGUMENT too ({status.message})",
    )
    bad_request = details.get("BadRequest")
    if bad_request is None:
        fail(f"INVALID_ARGUMENT without a google.rpc.BadRequest: {status}")
    return [v.field for v in bad_request.field_violations]


def until(
    what: str,
    probe: Callable[[], Optional[T]],
    timeout_s: float,
    pending: Sequence[grpc.StatusCode] = (grpc.StatusCode.NOT_FOUND,),
) -> T:
    """Polls probe until it answers something. The read models follow the programmes through the bus: while they
    catch up, the codes in `pending` (NOT_FOUND: not there yet) mean "not yet" rather than failure."""
    deadline = time.monotonic() + timeout_s
    last = "nothing yet"
    while True:
        try:
            value = probe()
            if value is not None:
                return value
        except grpc.RpcError as error:
            if error.code() not in pending:
                raise
            last = f"{error.code().name}: {error.details()}"
        if time.monotonic() > deadline:
            fail(f"{what}: not there within {timeout_s:.0f} s (last: {last})")
        time.sleep(0.5)


# ---------------------------------------------------------------------------------------------------------------
# Test data
# ---------------------------------------------------------------------------------------------------------------


def id_number(first17: str) -> str:
    """A GB 11643 resident identity number: the 17 digits and their ISO 7064 MOD 11-2 check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


def fresh_person(division: str, birth_year: int, seed: int) -> str:
    """An ID number no earlier run used (the hotline and relief key a person on it)."""
    month = seed % 12 + 1
    day = seed // 12 % 28 + 1
    return id_number(f"{division}{birth_year}{month:02d}{day:02d}{seed % 1000:03d}")


# ---------------------------------------------------------------------------------------------------------------
# The scenario
# ---------------------------------------------------------------------------------------------------------------


def run(args: argparse.Namespace, stubs: Stubs) -> Dict[str, Any]:
    h, r, p = stubs.hotline, stubs.relief, stubs.projections
    operator = Caller("hotline.operator", args.operator_token, args.deadline)
    handler = Caller("hotline.handler", args.handler_token, args.deadline)
    caseworker = Caller("relief.caseworker", args.caseworker_token, args.deadline)

    with grpc.insecure_channel(args.hotline) as hotline_channel, grpc.insecure_channel(
        args.relief
    ) as relief_channel, grpc.insecure_channel(args.projections) as projections_channel:
        hotline = stubs.hotline_grpc.HotlineServiceStub(hotline_channel)
        relief = stubs.relief_grpc.ReliefIntakeStub(relief_channel)
        projections = stubs.projections_grpc.ProjectionsStub(projections_channel)

        seed = int(time.time() * 1000) % 10_000_000
        child_birth_year = dt.datetime.now(CHINA).year - 9
        child = {"name": f"卓玛{seed}", "id_number": fresh_person(CHILD_COUNTY, child_birth_year, seed)}
        contact_request = h.RecordContactRequest(
            channel="phone",
            caller=h.Caller(name="韩老师", phone="13909712352", relation="teacher"),
            child=h.Child(
                name=child["name"],
                age=9,
                id_number=child["id_number"],
                location_division=CHILD_COUNTY,
                location_detail="桥头镇",
            ),
            case_type="living_hardship",
            urgency="urgent",
            narrative="the family home burnt down; the child sleeps at the school",
        )

        # -- The error model: a bad field is named in a google.rpc.BadRequest, and nothing is recorded. ------------
        bad_id = child["id_number"][:-1] + ("0" if child["id_number"][-1] != "0" else "1")
        bad_contact = h.RecordContactRequest()
        bad_contact.CopyFrom(contact_request)
        bad_contact.child.id_number = bad_id
        error = refused(
            "RecordContact with a wrong check character", lambda: operator.write(hotline.RecordContact, bad_contact)
        )
        fields = bad_request_fields(stubs, error)
        check(
            "child.id_number" in fields,
            f"a wrong ID check character is INVALID_ARGUMENT naming child.id_number ({fields})",
        )
        error = refused(
            "RecordContact without an idempotency key",
            lambda: hotline.RecordContact(contact_request, metadata=operator.metadata(), timeout=args.deadline),
        )
        fields = bad_request_fields(stubs, error)
        check(
            fields == ["idempotency_key"], f"a write without metadata idempotency-key names idempotency_key ({fields})"
        )

        # -- 1. The hotline: contact, case, county, acceptance, referral to relief. --------------------------------
        contact_key = str(uuid.uuid4())
        contact = operator.write(hotline.RecordContact, contact_request, contact_key)
        check(contact.contact_id != "" and contact.child_ref != "", f"RecordContact recorded {contact.contact_id}")
        again = operator.write(hotline.RecordContact, contact_request, contact_key)
        check(
            (again.contact_id, again.child_ref) == (contact.contact_id, contact.child_ref),
            "RecordContact retried with the same idempotency key answers the same contact and child reference",
        )

        opened = operator.write(hotline.OpenCase, h.OpenCaseRequest(contact_ids=[contact.contact_id]))
        case_id = opened.case_id
        check(opened.status == "open", f"OpenCase opened {case_id}")
        assigned = operator.write(hotline.AssignCase, h.AssignCaseRequest(case_id=case_id, county=""))
        check(assigned.status == "assigned", f"AssignCase gave the case to the child's county ({assigned.status})")
        accepted = handler.write(hotline.AcceptCase, h.AcceptCaseRequest(case_id=case_id))
        check(accepted.status == "accepted", f"the county handler accepted the case ({accepted.status})")

        refer_request = h.ReferCaseRequest(
            case_id=case_id,
            target=h.ReferralTarget(programme=h.ProgrammeReferral(programme="relief", request="property_loss")),
            note="the family lost its house and everything in it",
        )
        refer_key = str(uuid.uuid4())
        referred = handler.write(hotline.ReferCase, refer_request, refer_key)
        referral_id = referred.referral_id
        check(referral_id != "", f"ReferCase referred the case to relief as {referral_id}")
        retried = handler.write(hotline.ReferCase, refer_request, refer_key)
        check(
            retried == referred,
            "ReferCase retried with the same idempotency key answers the first response, field for field",
        )
        changed = h.ReferCaseRequest()
        changed.CopyFrom(refer_request)
        changed.note = "a different request under the same key"
        error = refused(
            "ReferCase reusing a key for another request", lambda: handler.write(hotline.ReferCase, changed, refer_key)
        )
        fields = bad_request_fields(stubs, error)
        check(
            fields == ["idempotency_key"],
            f"the same key with a different request is refused on idempotency_key ({fields})",
        )

        # -- 2. Relief drafts the application; the journey finds it, with one referral and one draft. -------------
        def drafted() -> Optional[Any]:
            journeys = handler.read(projections.GetJourney, p.GetJourneyRequest(case_id=case_id)).journeys
            if journeys and journeys[0].relief and journeys[0].referrals:
                return journeys[0]
            return None

        # Until the journey has the case's county, the county handler may not see it: PERMISSION_DENIED, for now.
        journey = until(
            "the relief draft on the case's journey",
            drafted,
            args.wait,
            pending=(grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED),
        )
        check(
            [(x.referral_id, x.to) for x in journey.referrals] == [(referral_id, "relief")],
            "the journey holds exactly one referral: the retries created nothing",
        )
        check(len(journey.relief) == 1, f"relief drafted exactly one application ({journey.relief[0].application_id})")
        application_id = journey.relief[0].application_id

        # -- 3. The caseworker completes the draft, records government relief, and has it assessed. ---------------
        today = dt.datetime.now(CHINA).date().isoformat()
        applicant = {"name": f"卓玛的母亲{seed}", "id_number": fresh_person(HOUSEHOLD, 1988, seed)}
        completed = caseworker.write(
            relief.CompleteDraft,
            r.CompleteDraftRequest(
                application_id=application_id,
                form=r.ApplicationForm(
                    applicant=r.Applicant(
                        name=applicant["name"], id_number=applicant["id_number"], phone="13905160001"
                    ),
                    household_division=HOUSEHOLD,
                    standard="property_loss",
                    amounts=r.Amounts(
                        property_loss_fen="6000000",
                        compensation_fen="0",
                        insurance_paid_fen="0",
                        other_social_help_fen="0",
                    ),
                    description="house fire: 60,000 yuan of property lost, nothing compensated",
                ),
            ),
        ).application
        check(
            (completed.status, completed.city, completed.referral.referral_id) == ("submitted", XUZHOU, referral_id),
            f"CompleteDraft submitted the referred application in Xuzhou ({completed.status}, {completed.city})",
        )

        bad_relief = r.RecordGovernmentReliefRequest(
            application_id=application_id, scheme="临时救助", amount_fen="12.5", granted_on=today
        )
        error = refused(
            "RecordGovernmentRelief with a fraction of a fen",
            lambda: caseworker.write(relief.RecordGovernmentRelief, bad_relief),
        )
        fields = bad_request_fields(stubs, error)
        check(fields == ["amount_fen"], f"a fraction of a fen is INVALID_ARGUMENT naming amount_fen ({fields})")

        gov_request = r.RecordGovernmentReliefRequest(
            application_id=application_id, scheme="临时救助", amount_fen="100000", granted_on=today
        )
        gov_key = str(uuid.uuid4())
        first = caseworker.write(relief.RecordGovernmentRelief, gov_request, gov_key).application
        check(
            (first.government_relief_records, first.government_relief_fen) == (1, "100000"),
            "RecordGovernmentRelief recorded one grant of 1,000.00 yuan",
        )
        second = caseworker.write(relief.RecordGovernmentRelief, gov_request, gov_key).application
        check(second == first, "RecordGovernmentRelief retried with the same key answers the first response")
        stored = caseworker.read(relief.GetApplication, r.ApplicationRef(application_id=application_id)).application
        check(
            (stored.government_relief_records, stored.version) == (1, first.version),
            f"the retry added no record: still 1 grant, version {stored.version}",
        )

        assessed = caseworker.write(
            relief.AssessApplication, r.ApplicationRef(application_id=application_id)
        ).application
        assessment = assessed.assessment
        reasons = [x.code for x in assessment.reasons]
        # The one condition this application can miss: the programme's window (npm start runs on the wall clock).
        submitted_on = dt.datetime.fromisoformat(completed.submitted_at.replace("Z", "+00:00")).astimezone(CHINA)
        in_window = PROGRAMME_WINDOW[0] <= submitted_on.date().isoformat() <= PROGRAMME_WINDOW[1]
        expected = ("eligible", []) if in_window else ("ineligible", ["outside_programme_window"])
        check(
            (assessed.status, assessment.decision, reasons) == ("assessed", *expected),
            f"AssessApplication ({assessment.rule_version}): {assessment.decision} {reasons}, as the rules say for "
            f"a submission on {submitted_on.date()}",
        )
        if in_window:
            fail(
                "the assessment found the application eligible: this scenario rejects an ineligible one; run it "
                f"against a suite whose clock lies after {PROGRAMME_WINDOW[1]} (npm start's does)"
            )

        # -- 4. The decision: Approve is refused for an ineligible application, so the caseworker rejects it. ------
        error = refused(
            "Approve of an ineligible application",
            lambda: caseworker.write(relief.Approve, r.ApplicationRef(application_id=application_id)),
        )
        _, details = status_details(stubs, error)
        info = details.get("ErrorInfo")
        check(
            error.code() == grpc.StatusCode.FAILED_PRECONDITION and info is not None and info.reason == "INELIGIBLE",
            f"Approve is FAILED_PRECONDITION with google.rpc.ErrorInfo reason INELIGIBLE "
            f"({error.code().name}, {info.reason if info else 'no ErrorInfo'})",
        )
        because = "; ".join(x.en for x in assessment.reasons)
        rejected = caseworker.write(
            relief.Reject, r.RejectRequest(application_id=application_id, reason=f"Not eligible: {because}")
        ).application
        check(
            (rejected.status, rejected.approved_fen) == ("rejected", "0"),
            f"Reject closed the application: {rejected.closed_reason}",
        )

        # -- 5. The child's journey, hotline to relief, from the projections service. -----------------------------
        chain = [
            "CaseOpened",
            "CaseAssigned",
            "CaseAccepted",
            "Requested",
            "ApplicationDrafted",
            "ApplicationSubmitted",
            "ApplicationAssessed",
            "ApplicationRejected",
        ]

        def outcome_recorded(j: Any) -> int:
            """Where the hotline recorded relief's "rejected" on the case: relief reports it on referrals.v1."""
            for i, s in enumerate(j.steps):
                if s.step == "ReferralOutcomeRecorded" and dict(s.detail) == {
                    "outcome": "rejected",
                    "referralId": referral_id,
                }:
                    return i
            return -1

        def decided() -> Optional[Any]:
            j = handler.read(projections.GetJourney, p.GetJourneyRequest(case_id=case_id)).journeys[0]
            referral_statuses = [x.status for x in j.referrals if x.referral_id == referral_id]
            if (
                "ApplicationRejected" in [s.step for s in j.steps]
                and outcome_recorded(j) >= 0
                and referral_statuses == ["rejected"]
            ):
                return j
            return None

        journey = until("the rejection on the journey, reported back to the hotline", decided, args.wait)
        steps = [s.step for s in journey.steps]
        positions = [steps.index(name) if name in steps else -1 for name in chain]
        check(
            all(i >= 0 for i in positions) and positions == sorted(positions),
            f"the journey shows {' → '.join(chain)} in order",
        )
        check(
            outcome_recorded(journey) > steps.index("ApplicationRejected"),
            "then the hotline's ReferralOutcomeRecorded: relief's rejection reached the case",
        )
        check(
            [(x.referral_id, x.status) for x in journey.referrals] == [(referral_id, "rejected")],
            "the journey's referral carries the outcome relief reported: rejected",
        )
        check(steps.count("Requested") == 1, "the journey holds one referral request: the retry sent nothing twice")
        check(
            journey.hotline.case_id == case_id
            and [(a.application_id, a.status, a.city) for a in journey.relief]
            == [(application_id, "rejected", XUZHOU)],
            "the journey links the hotline case to the rejected application in Xuzhou",
        )
        by_journey = handler.read(projections.GetJourney, p.GetJourneyRequest(application_id=application_id)).journeys
        check(
            [j.id for j in by_journey] == [journey.id],
            f"the same journey is found by the application id ({journey.id})",
        )
        wire = journey.SerializeToString()  # the bytes as sent: names in UTF-8, unescaped
        check(
            all(secret.encode() not in wire for secret in (*child.values(), *applicant.values())),
            "the journey holds no name or ID number",
        )

        return {
            "scenario": "passed",
            "caseId": case_id,
            "childRef": contact.child_ref,
            "referralId": referral_id,
            "applicationId": application_id,
            "assessment": {"decision": assessment.decision, "reasons": reasons, "ruleVersion": assessment.rule_version},
            "relief": rejected.status,
            "hotlineOutcome": journey.steps[outcome_recorded(journey)].detail["outcome"],
            "journey": steps,
        }


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description="Hotline → relief referral scenario against a running CareBridge suite (npm start).",
        epilog="Tokens: npm run -s token -- --role <role> --division <code> (see README.md).",
    )
    parser.add_argument(
        "--hotline",
        default=env("CAREBRIDGE_HOTLINE", "127.0.0.1:50052"),
        help="hotline gRPC address (env CAREBRIDGE_HOTLINE)",
    )
    parser.add_argument(
        "--relief",
        default=env("CAREBRIDGE_RELIEF", "127.0.0.1:50051"),
        help="relief-intake gRPC address (env CAREBRIDGE_RELIEF)",
    )
    parser.add_argument(
        "--projections",
        default=env("CAREBRIDGE_PROJECTIONS", "127.0.0.1:50055"),
        help="projections gRPC address (env CAREBRIDGE_PROJECTIONS)",
    )
    parser.add_argument(
        "--operator-token",
        default=env("CAREBRIDGE_OPERATOR_TOKEN"),
        help="hotline.operator of 630100 (env CAREBRIDGE_OPERATOR_TOKEN)",
    )
    parser.add_argument(
        "--handler-token",
        default=env("CAREBRIDGE_HANDLER_TOKEN"),
        help="hotline.handler of 630121 (env CAREBRIDGE_HANDLER_TOKEN)",
    )
    parser.add_argument(
        "--caseworker-token",
        default=env("CAREBRIDGE_CASEWORKER_TOKEN"),
        help="relief.caseworker of 320300 (env CAREBRIDGE_CASEWORKER_TOKEN)",
    )
    parser.add_argument(
        "--proto-root",
        type=pathlib.Path,
        default=pathlib.Path(env("CAREBRIDGE_PROTO_ROOT", str(DEFAULT_PROTO_ROOT))),
        help="the suite's packages/proto (env CAREBRIDGE_PROTO_ROOT)",
    )
    parser.add_argument("--deadline", type=float, default=15.0, help="seconds per call (default 15)")
    parser.add_argument(
        "--wait",
        type=float,
        default=120.0,
        help="seconds to wait for the projections and relief to catch up (default 120)",
    )
    args = parser.parse_args(argv)
    missing = [name for name in ("operator_token", "handler_token", "caseworker_token") if not getattr(args, name)]
    if missing:
        parser.error(
            "missing " + ", ".join("--" + m.replace("_", "-") for m in missing) + " (or their CAREBRIDGE_* variables)"
        )
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="carebridge-stubs-") as out:
        try:
            protos = generate_stubs(args.proto_root.resolve(), pathlib.Path(out))
            print(f"ok - generated stubs for {len(protos)} protos from {args.proto_root}", flush=True)
            stubs = Stubs(pathlib.Path(out))
            summary = run(args, stubs)
        except ScenarioFailure as failure:
            print(f"FAILED: {failure}", file=sys.stderr, flush=True)
            return 1
        except grpc.RpcError as error:
            print(
                f"FAILED: unexpected {error.code().name} from the suite: {error.details()}", file=sys.stderr, flush=True
            )
            return 1
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
