package org.carebridge.examples.agency;

import carebridge.hotline.v1.Hotline.AcceptCaseRequest;
import carebridge.hotline.v1.Hotline.AssignCaseRequest;
import carebridge.hotline.v1.Hotline.Caller;
import carebridge.hotline.v1.Hotline.CaseResponse;
import carebridge.hotline.v1.Hotline.CaseSummary;
import carebridge.hotline.v1.Hotline.Child;
import carebridge.hotline.v1.Hotline.ListCasesRequest;
import carebridge.hotline.v1.Hotline.OpenCaseRequest;
import carebridge.hotline.v1.Hotline.ProgrammeReferral;
import carebridge.hotline.v1.Hotline.RecordContactRequest;
import carebridge.hotline.v1.Hotline.RecordContactResponse;
import carebridge.hotline.v1.Hotline.ReferCaseRequest;
import carebridge.hotline.v1.Hotline.ReferCaseResponse;
import carebridge.hotline.v1.Hotline.ReferralTarget;
import carebridge.hotline.v1.HotlineServiceGrpc;
import carebridge.hotline.v1.HotlineServiceGrpc.HotlineServiceBlockingStub;
import carebridge.projections.v1.ProjectionsGrpc;
import carebridge.projections.v1.ProjectionsGrpc.ProjectionsBlockingStub;
import carebridge.projections.v1.ProjectionsOuterClass.GetJourneyRequest;
import carebridge.projections.v1.ProjectionsOuterClass.Journey;
import carebridge.projections.v1.ProjectionsOuterClass.JourneyStep;
import carebridge.relief.v1.ReliefIntakeGrpc;
import carebridge.relief.v1.ReliefIntakeGrpc.ReliefIntakeBlockingStub;
import carebridge.relief.v1.ReliefIntakeOuterClass.Amounts;
import carebridge.relief.v1.ReliefIntakeOuterClass.Applicant;
import carebridge.relief.v1.ReliefIntakeOuterClass.Application;
import carebridge.relief.v1.ReliefIntakeOuterClass.ApplicationForm;
import carebridge.relief.v1.ReliefIntakeOuterClass.ApplicationRef;
import carebridge.relief.v1.ReliefIntakeOuterClass.ApplicationResponse;
import carebridge.relief.v1.ReliefIntakeOuterClass.CompleteDraftRequest;
import carebridge.relief.v1.ReliefIntakeOuterClass.Reason;
import carebridge.relief.v1.ReliefIntakeOuterClass.RecordGovernmentReliefRequest;
import carebridge.relief.v1.ReliefIntakeOuterClass.RejectRequest;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * An agency's walk through CareBridge over gRPC, checking every answer:
 *
 * <ol>
 *   <li>hotline: a Xining operator records a call about a child in Datong county and opens a case (retried with the
 *       same idempotency key: the same case, nothing new); the case goes to Datong's handler, who accepts it and
 *       refers it to charity relief;
 *   <li>relief: the referral arrives as a draft application; a form with a bad ID number is refused with
 *       INVALID_ARGUMENT naming form.applicant.id_number (google.rpc.BadRequest); the caseworker completes the draft,
 *       records government relief (retried: one record), has it assessed, and decides: the assessment finds the
 *       household outside the programme's prefectures, so Approve is refused (FAILED_PRECONDITION, ErrorInfo
 *       ineligible) and the caseworker rejects the application;
 *   <li>projections: the child's journey shows the case, the referral and the relief decision.
 * </ol>
 *
 * <p>Exit 0 and a last line {@code SCENARIO OK {...}} when every check holds; exit 1 and {@code SCENARIO FAILED: ...}
 * naming the check otherwise; exit 2 for a usage error.
 */
public final class AgencyScenario {

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar target/carebridge-agency-client.jar [--hotline HOST:PORT] [--relief HOST:PORT]",
          "         [--projections HOST:PORT] --operator-token JWT --handler-token JWT --caseworker-token JWT",
          "         [--wait-seconds N]",
          "Each option may come from the environment instead: CAREBRIDGE_HOTLINE, CAREBRIDGE_RELIEF,",
          "CAREBRIDGE_PROJECTIONS, CAREBRIDGE_OPERATOR_TOKEN, CAREBRIDGE_HANDLER_TOKEN, CAREBRIDGE_CASEWORKER_TOKEN,",
          "CAREBRIDGE_WAIT_SECONDS. Addresses default to npm start's ports (127.0.0.1:50052, :50051, :50055).",
          "Tokens (npm run -s token -- ...): --role hotline.operator --division 630100;",
          "--role hotline.handler --division 630121; --role relief.caseworker --division 630100.");

  /** Where the child is: Datong county (大通回族土族自治县), Xining (西宁市), Qinghai. */
  static final String COUNTY = "630121";

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  /** The suite's idempotency key for writes (packages/grpc-kit): one UUID per intent, reused on retries. */
  static final Metadata.Key<String> IDEMPOTENCY_KEY =
      Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);

  /** A check that did not hold. */
  static final class ScenarioFailure extends RuntimeException {
    ScenarioFailure(String message) {
      super(message);
    }

    ScenarioFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A usage error: missing or malformed option. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }

  record Config(
      String hotline,
      String relief,
      String projections,
      String operatorToken,
      String handlerToken,
      String caseworkerToken,
      Duration waitFor) {

    static Config from(String[] args, Map<String, String> env) {
      Map<String, String> given = new LinkedHashMap<>();
      Set<String> known =
          Set.of(
              "hotline",
              "relief",
              "projections",
              "operator-token",
              "handler-token",
              "caseworker-token",
              "wait-seconds");
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) throw new UsageError("");
        if (!arg.startsWith("--")) throw new UsageError("unexpected argument " + arg);
        String name = arg.substring(2);
        String value;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        } else {
          if (i + 1 >= args.length) throw new UsageError("--" + name + " needs a value");
          value = args[++i];
        }
        if (!known.contains(name)) throw new UsageError("unknown option --" + name);
        given.put(name, value);
      }
      java.util.function.BiFunction<String, String, String> pick =
          (name, fallback) -> {
            String value = given.get(name);
            if (value == null || value.isBlank()) {
              value = env.get("CAREBRIDGE_" + name.toUpperCase().replace('-', '_'));
            }
            if (value == null || value.isBlank()) value = fallback;
            return value == null ? null : value.trim();
          };
      List<String> missing = new ArrayList<>();
      String operator = pick.apply("operator-token", null);
      String handler = pick.apply("handler-token", null);
      String caseworker = pick.apply("caseworker-token", null);
      if (operator == null) missing.add("--operator-token (or CAREBRIDGE_OPERATOR_TOKEN)");
      if (handler == null) missing.add("--handler-token (or CAREBRIDGE_HANDLER_TOKEN)");
      if (caseworker == null) missing.add("--caseworker-token (or CAREBRIDGE_CASEWORKER_TOKEN)");
      if (!missing.isEmpty()) throw new UsageError("missing " + String.join(", ", missing));
      String waitSeconds = pick.apply("wait-seconds", "120");
      if (!waitSeconds.matches("\\d+")) throw new UsageError("--wait-seconds must be whole seconds");
      Config config =
          new Config(
              pick.apply("hotline", "127.0.0.1:50052"),
              pick.apply("relief", "127.0.0.1:50051"),
              pick.apply("projections", "127.0.0.1:50055"),
              operator,
              handler,
              caseworker,
              Duration.ofSeconds(Long.parseLong(waitSeconds)));
      for (String address : List.of(config.hotline, config.relief, config.projections)) {
        if (!address.matches("[^\\s:]+:\\d{1,5}")) throw new UsageError("not HOST:PORT: " + address);
      }
      return config;
    }
  }

  private final Config config;
  private final HotlineServiceBlockingStub hotline;
  private final ReliefIntakeBlockingStub relief;
  private final ProjectionsBlockingStub projections;
  private final Map<String, Object> summary = new LinkedHashMap<>();
  /** What the probe of {@link #eventually} saw last, for the failure message. */
  private String lastSeen;

  AgencyScenario(Config config, ManagedChannel hotline, ManagedChannel relief, ManagedChannel projections) {
    this.config = config;
    this.hotline = HotlineServiceGrpc.newBlockingStub(hotline);
    this.relief = ReliefIntakeGrpc.newBlockingStub(relief);
    this.projections = ProjectionsGrpc.newBlockingStub(projections);
  }

  public static void main(String[] args) {
    Config config;
    try {
      config = Config.from(args, System.getenv());
    } catch (UsageError e) {
      if (!e.getMessage().isEmpty()) System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    List<ManagedChannel> channels = new ArrayList<>();
    int code;
    try {
      ManagedChannel h = plaintext(config.hotline, channels);
      ManagedChannel r = plaintext(config.relief, channels);
      ManagedChannel p = plaintext(config.projections, channels);
      Map<String, Object> summary = new AgencyScenario(config, h, r, p).run();
      System.out.println("SCENARIO OK " + json(summary));
      code = 0;
    } catch (ScenarioFailure e) {
      System.out.println("SCENARIO FAILED: " + e.getMessage());
      if (e.getCause() != null) e.getCause().printStackTrace(System.out);
      code = 1;
    } catch (StatusRuntimeException e) {
      System.out.println("SCENARIO FAILED: unexpected gRPC error " + describe(e));
      code = 1;
    } catch (RuntimeException e) {
      System.out.println("SCENARIO FAILED: " + e);
      e.printStackTrace(System.out);
      code = 1;
    } finally {
      for (ManagedChannel channel : channels) channel.shutdownNow();
    }
    System.exit(code);
  }

  static ManagedChannel plaintext(String address, List<ManagedChannel> opened) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
    opened.add(channel);
    return channel;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The scenario

  Map<String, Object> run() {
    step(
        "agency",
        "hotline at " + config.hotline + ", relief at " + config.relief + ", projections at " + config.projections);
    Person child = Person.fresh();

    // 1. The hotline: record the call, open a case (and retry it), assign, accept, refer to relief.
    RecordContactRequest contactRequest =
        RecordContactRequest.newBuilder()
            .setChannel("phone")
            .setCaller(Caller.newBuilder().setName("韩老师").setPhone(child.phone).setRelation("teacher"))
            .setChild(
                Child.newBuilder()
                    .setName(child.name)
                    .setIdNumber(child.idNumber)
                    .setBirthDate(child.birthDate)
                    .setLocationDivision(COUNTY)
                    .setLocationDetail("桥头镇"))
            .setCaseType("living_hardship")
            .setUrgency("urgent")
            .setNarrative("the family home burnt down")
            .build();
    RecordContactResponse contact =
        write(hotline, config.operatorToken, newKey()).recordContact(contactRequest);
    check(contact.getContactId().startsWith("ct-"), "RecordContact returns a contact id (ct-…): " + contact);
    check(!contact.getChildRef().isEmpty(), "RecordContact returns the child's reference");
    step("hotline", "recorded contact " + contact.getContactId() + " about child " + contact.getChildRef());

    String openKey = newKey();
    OpenCaseRequest openRequest = OpenCaseRequest.newBuilder().addContactIds(contact.getContactId()).build();
    CaseResponse opened = write(hotline, config.operatorToken, openKey).openCase(openRequest);
    String caseId = opened.getCaseId();
    check(caseId.startsWith("cs-"), "OpenCase returns a case id (cs-…): " + opened);
    expectEqual("open", opened.getStatus(), "status of the new case");
    List<String> casesBefore = caseIds();
    check(casesBefore.contains(caseId), "ListCases of Xining lists the new case " + caseId);

    // The same intent sent again (a timeout, a lost answer): same key, same request.
    CaseResponse retried = write(hotline, config.operatorToken, openKey).openCase(openRequest);
    expectEqual(opened, retried, "OpenCase retried with the same idempotency key answers the first result");
    List<String> casesAfter = caseIds();
    expectEqual(casesBefore, casesAfter, "cases of Xining after the retry (nothing new)");
    // The same key for a different intent is refused, naming the key.
    StatusRuntimeException reused =
        refused(
            "OpenCase with a used key and another request",
            () ->
                write(hotline, config.operatorToken, openKey)
                    .openCase(OpenCaseRequest.newBuilder().addContactIds(contact.getContactId() + "-other").build()));
    expectBadRequest(reused, List.of("idempotency_key"), "reusing an idempotency key for another request");
    step("hotline", "opened case " + caseId + "; the retry answered the same case and created none");

    CaseResponse assigned =
        write(hotline, config.operatorToken, newKey())
            .assignCase(AssignCaseRequest.newBuilder().setCaseId(caseId).setCounty("").build());
    expectEqual("assigned", assigned.getStatus(), "status after AssignCase");
    CaseResponse accepted =
        write(hotline, config.handlerToken, newKey())
            .acceptCase(AcceptCaseRequest.newBuilder().setCaseId(caseId).build());
    expectEqual("accepted", accepted.getStatus(), "status after AcceptCase by Datong's handler");
    ReferCaseResponse referred =
        write(hotline, config.handlerToken, newKey())
            .referCase(
                ReferCaseRequest.newBuilder()
                    .setCaseId(caseId)
                    .setTarget(
                        ReferralTarget.newBuilder()
                            .setProgramme(
                                ProgrammeReferral.newBuilder()
                                    .setProgramme("relief")
                                    .setRequest("property_loss")))
                    .setNote("house fire; the family lost its home")
                    .build());
    String referralId = referred.getReferralId();
    check(referralId.startsWith("ref-"), "ReferCase returns a referral id (ref-…): " + referred);
    step("hotline", "case accepted by the county and referred to relief as " + referralId);

    // 2. Relief: the referral becomes a draft application (asynchronously, through the suite's bus).
    String applicationId = "ref-" + referralId;
    Application draft =
        eventually(
            "relief's draft application " + applicationId,
            () -> {
              try {
                return getApplication(applicationId);
              } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return null;
                throw e;
              }
            });
    expectEqual("draft", draft.getStatus(), "status of the referred application");
    expectEqual("hotline", draft.getReferral().getFromProgramme(), "referral.from_programme");
    expectEqual(referralId, draft.getReferral().getReferralId(), "referral.referral_id");
    expectEqual(child.name, draft.getForm().getApplicant().getName(), "the draft's applicant name");
    expectEqual("630100", draft.getCity(), "the draft's city (the prefecture of the child's county)");
    check(!draft.getPersonRef().isEmpty(), "the draft carries the person reference");
    step("relief", "draft " + applicationId + " for the referred child (city " + draft.getCity() + ")");

    // A bad form: INVALID_ARGUMENT with google.rpc.BadRequest naming the field; nothing is stored.
    ApplicationForm form = childForm(child, child.idNumber);
    StatusRuntimeException bad =
        refused(
            "CompleteDraft with a 17-character ID number",
            () ->
                write(relief, config.caseworkerToken, newKey())
                    .completeDraft(
                        CompleteDraftRequest.newBuilder()
                            .setApplicationId(applicationId)
                            .setForm(childForm(child, child.idNumber.substring(0, 17)))
                            .build()));
    BadRequest badRequest = expectBadRequest(bad, List.of("form.applicant.id_number"), "a bad ID number");
    // Without an idempotency key a write is refused before the form is read, naming the key.
    StatusRuntimeException keyless =
        refused(
            "CompleteDraft without an idempotency key",
            () ->
                write(relief, config.caseworkerToken, null)
                    .completeDraft(
                        CompleteDraftRequest.newBuilder().setApplicationId(applicationId).setForm(form).build()));
    expectBadRequest(keyless, List.of("idempotency_key"), "a write without an idempotency key");
    Application unchanged = getApplication(applicationId);
    expectEqual(draft.getVersion(), unchanged.getVersion(), "the draft's version after the refused writes");
    expectEqual("draft", unchanged.getStatus(), "the draft's status after the refused writes");
    step(
        "relief",
        "refused: "
            + bad.getStatus().getCode()
            + " "
            + badRequest.getFieldViolations(0).getField()
            + " ("
            + badRequest.getFieldViolations(0).getDescription()
            + "); the draft is unchanged");

    Application submitted =
        write(relief, config.caseworkerToken, newKey())
            .completeDraft(CompleteDraftRequest.newBuilder().setApplicationId(applicationId).setForm(form).build())
            .getApplication();
    expectEqual("submitted", submitted.getStatus(), "status after CompleteDraft");
    expectEqual(child.idNumber, submitted.getForm().getApplicant().getIdNumber(), "applicant ID number");

    // Government relief first (政府救助为主导), retried with the same key: one record, the same answer.
    String reliefKey = newKey();
    RecordGovernmentReliefRequest grant =
        RecordGovernmentReliefRequest.newBuilder()
            .setApplicationId(applicationId)
            .setScheme("临时救助")
            .setAmountFen("200000")
            .setGrantedOn(LocalDate.now(ZoneId.of("Asia/Shanghai")).toString())
            .build();
    ApplicationResponse recorded = write(relief, config.caseworkerToken, reliefKey).recordGovernmentRelief(grant);
    expectEqual(1, recorded.getApplication().getGovernmentReliefRecords(), "government relief records");
    expectEqual("200000", recorded.getApplication().getGovernmentReliefFen(), "government relief total (fen)");
    ApplicationResponse again = write(relief, config.caseworkerToken, reliefKey).recordGovernmentRelief(grant);
    expectEqual(recorded, again, "RecordGovernmentRelief retried with the same idempotency key");
    Application afterRetry = getApplication(applicationId);
    expectEqual(1, afterRetry.getGovernmentReliefRecords(), "government relief records after the retry");
    expectEqual(
        recorded.getApplication().getVersion(), afterRetry.getVersion(), "application version after the retry");
    step("relief", "government relief recorded once; the retry answered the same and recorded nothing new");

    // The decision: assess, and act on the assessment.
    Application assessed =
        write(relief, config.caseworkerToken, newKey())
            .assessApplication(ApplicationRef.newBuilder().setApplicationId(applicationId).build())
            .getApplication();
    expectEqual("assessed", assessed.getStatus(), "status after AssessApplication");
    check(assessed.hasAssessment() && assessed.getAssessment().getCurrent(), "a current assessment");
    List<String> reasons =
        assessed.getAssessment().getReasonsList().stream().map(Reason::getCode).collect(Collectors.toList());
    String decision = assessed.getAssessment().getDecision();
    // The suite's programme (jiangsu-2020) pays households of five Jiangsu prefectures; this one is in Qinghai.
    expectEqual("ineligible", decision, "the assessment of a Qinghai household (reasons " + reasons + ")");
    check(
        reasons.contains("outside_eligible_divisions"),
        "the assessment names outside_eligible_divisions among its reasons: " + reasons);
    expectEqual("0", assessed.getAssessment().getAmountFen(), "amount assessed for an ineligible application");
    StatusRuntimeException notApproved =
        refused(
            "Approve of an ineligible application",
            () ->
                write(relief, config.caseworkerToken, newKey())
                    .approve(ApplicationRef.newBuilder().setApplicationId(applicationId).build()));
    expectEqual(Status.Code.FAILED_PRECONDITION, notApproved.getStatus().getCode(), "Approve's status code");
    ErrorInfo why =
        detail(notApproved, ErrorInfo.class)
            .orElseThrow(() -> new ScenarioFailure("Approve's refusal carries no google.rpc.ErrorInfo"));
    expectEqual("INELIGIBLE", why.getReason(), "ErrorInfo.reason of the refused approval");
    String rejectReason = "户籍不在本次慈善再救助项目范围内 (household outside the programme's prefectures)";
    Application rejected =
        write(relief, config.caseworkerToken, newKey())
            .reject(RejectRequest.newBuilder().setApplicationId(applicationId).setReason(rejectReason).build())
            .getApplication();
    expectEqual("rejected", rejected.getStatus(), "status after Reject");
    expectEqual(rejectReason, rejected.getClosedReason(), "closed_reason");
    expectEqual("0", rejected.getApprovedFen(), "approved_fen of a rejected application");
    step("relief", "assessed " + decision + " " + reasons + "; Approve refused (" + why.getReason()
        + "); rejected");

    // 3. Projections: the child's journey across the programmes.
    List<String> wanted =
        List.of(
            "CaseOpened",
            "CaseAccepted",
            "Requested",
            "ApplicationDrafted",
            "ApplicationSubmitted",
            "ApplicationAssessed",
            "ApplicationRejected");
    Journey journey =
        eventually(
            "the journey of case " + caseId + " with " + wanted,
            () -> {
              List<Journey> journeys;
              try {
                journeys =
                    read(projections, config.operatorToken)
                        .getJourney(GetJourneyRequest.newBuilder().setCaseId(caseId).build())
                        .getJourneysList();
              } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return null;
                throw e;
              }
              if (journeys.isEmpty()) return null;
              Journey j = journeys.get(0);
              lastSeen =
                  "steps "
                      + j.getStepsList().stream().map(JourneyStep::getStep).toList()
                      + ", relief "
                      + j.getReliefList().stream().map(a -> a.getApplicationId() + "=" + a.getStatus()).toList()
                      + ", referrals "
                      + j.getReferralsList().stream().map(r -> r.getReferralId() + "=" + r.getStatus()).toList();
              List<String> steps = j.getStepsList().stream().map(JourneyStep::getStep).collect(Collectors.toList());
              // Relief's decision, and the hotline's record of the outcome relief reported back.
              boolean decided =
                  j.getReliefList().stream()
                          .anyMatch(a -> a.getApplicationId().equals(applicationId) && a.getStatus().equals("rejected"))
                      && j.getStepsList().stream()
                          .anyMatch(
                              s ->
                                  s.getStep().equals("ReferralOutcomeRecorded")
                                      && "rejected".equals(s.getDetailMap().get("outcome")))
                      && j.getReferralsList().stream()
                          .anyMatch(r -> r.getReferralId().equals(referralId) && r.getStatus().equals("rejected"));
              return steps.containsAll(wanted) && decided ? j : null;
            });
    List<String> steps = journey.getStepsList().stream().map(JourneyStep::getStep).collect(Collectors.toList());
    expectEqual("hotline:" + caseId, journey.getId(), "journey id");
    expectEqual(caseId, journey.getHotline().getCaseId(), "journey's hotline case");
    check(
        journey.getReferralsList().stream()
            .anyMatch(r -> r.getReferralId().equals(referralId) && r.getTo().equals("relief")),
        "the journey holds referral " + referralId + " to relief");
    check(
        journey.getReferralsList().stream()
            .anyMatch(r -> r.getReferralId().equals(referralId) && r.getStatus().equals("rejected")),
        "the journey's referral carries the outcome relief reported: rejected");
    check(
        steps.indexOf("Requested") < steps.indexOf("ApplicationDrafted")
            && steps.indexOf("ApplicationDrafted") < steps.indexOf("ApplicationRejected"),
        "the journey's steps in order (Requested, ApplicationDrafted, ApplicationRejected): " + steps);
    String personalData = journey.toString();
    for (String secret : List.of(child.name, child.idNumber, child.phone)) {
      check(!personalData.contains(secret), "the journey holds no personal data");
    }
    step("projections", "journey " + journey.getId() + ": " + steps);

    summary.put("caseId", caseId);
    summary.put("referralId", referralId);
    summary.put("applicationId", applicationId);
    summary.put("invalidArgumentField", badRequest.getFieldViolations(0).getField());
    Map<String, Object> retry = new LinkedHashMap<>();
    retry.put("openCaseAgain", retried.getCaseId());
    retry.put("casesAdded", casesAfter.size() - casesBefore.size());
    retry.put("governmentReliefRecords", afterRetry.getGovernmentReliefRecords());
    summary.put("idempotentRetry", retry);
    summary.put("decision", decision);
    summary.put("reasons", reasons);
    summary.put("approveRefusal", why.getReason());
    summary.put("applicationStatus", rejected.getStatus());
    summary.put(
        "journeyApplicationStatus",
        journey.getReliefList().stream()
            .filter(a -> a.getApplicationId().equals(applicationId))
            .map(a -> a.getStatus())
            .findFirst()
            .orElse(""));
    summary.put(
        "hotlineRecordedOutcomes",
        journey.getStepsList().stream()
            .filter(s -> s.getStep().equals("ReferralOutcomeRecorded"))
            .map(s -> s.getDetailMap().getOrDefault("outcome", ""))
            .toList());
    summary.put("journeySteps", steps);
    return summary;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Calls

  private Application getApplication(String applicationId) {
    return read(relief, config.caseworkerToken)
        .getApplication(ApplicationRef.newBuilder().setApplicationId(applicationId).build())
        .getApplication();
  }

  /** The case ids Xining's operator sees (the prefecture's cases, newest first), every page. */
  private List<String> caseIds() {
    List<String> ids = new ArrayList<>();
    String page = "";
    do {
      var response =
          read(hotline, config.operatorToken)
              .listCases(ListCasesRequest.newBuilder().setPageSize(200).setPageToken(page).build());
      for (CaseSummary c : response.getCasesList()) ids.add(c.getCaseId());
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    return ids;
  }

  static ApplicationForm childForm(Person child, String idNumber) {
    return ApplicationForm.newBuilder()
        .setApplicant(Applicant.newBuilder().setName(child.name).setIdNumber(idNumber).setPhone(child.phone))
        .setHouseholdDivision(COUNTY)
        .setStandard("property_loss")
        .setAmounts(
            Amounts.newBuilder()
                .setPropertyLossFen("6000000")
                .setCompensationFen("0")
                .setInsurancePaidFen("0")
                .setOtherSocialHelpFen("0"))
        .setDescription("the family home burnt down")
        .build();
  }

  /** A stub for a read: the caller's bearer token and a deadline. */
  static <S extends AbstractStub<S>> S read(S stub, String token) {
    return write(stub, token, null);
  }

  /** A stub for a write: the bearer token, the idempotency key (none when null) and a deadline. */
  static <S extends AbstractStub<S>> S write(S stub, String token, String idempotencyKey) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    if (idempotencyKey != null) headers.put(IDEMPOTENCY_KEY, idempotencyKey);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  static String newKey() {
    return UUID.randomUUID().toString();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Checks

  static void check(boolean holds, String what) {
    if (!holds) throw new ScenarioFailure(what);
  }

  static void expectEqual(Object expected, Object actual, String what) {
    if (!expected.equals(actual)) {
      throw new ScenarioFailure(what + ": expected " + shown(expected) + " but got " + shown(actual));
    }
  }

  private static String shown(Object value) {
    return value instanceof Message m ? "{" + m.toString().trim().replace('\n', ' ') + "}" : String.valueOf(value);
  }

  /** Runs a call that must fail with a gRPC status, and returns that failure. */
  static StatusRuntimeException refused(String what, Supplier<?> call) {
    Object answer;
    try {
      answer = call.get();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new ScenarioFailure(what + ": expected a refusal, but it succeeded with " + shown(answer));
  }

  /** INVALID_ARGUMENT whose google.rpc.BadRequest names exactly `fields`. */
  static BadRequest expectBadRequest(StatusRuntimeException e, List<String> fields, String what) {
    if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
      throw new ScenarioFailure(what + ": expected INVALID_ARGUMENT but got " + describe(e), e);
    }
    BadRequest badRequest =
        detail(e, BadRequest.class)
            .orElseThrow(() -> new ScenarioFailure(what + ": no google.rpc.BadRequest in " + describe(e)));
    List<String> named =
        badRequest.getFieldViolationsList().stream().map(BadRequest.FieldViolation::getField).sorted().toList();
    expectEqual(fields.stream().sorted().toList(), named, what + ": fields named by BadRequest");
    for (BadRequest.FieldViolation v : badRequest.getFieldViolationsList()) {
      check(!v.getDescription().isBlank(), what + ": field violation " + v.getField() + " says why");
    }
    return badRequest;
  }

  /** The first detail of the given type in the error's google.rpc.Status (grpc-status-details-bin). */
  static <T extends Message> java.util.Optional<T> detail(StatusRuntimeException e, Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) return java.util.Optional.empty();
    for (Any any : status.getDetailsList()) {
      if (any.is(type)) {
        try {
          return java.util.Optional.of(any.unpack(type));
        } catch (InvalidProtocolBufferException bad) {
          throw new ScenarioFailure("undecodable " + type.getSimpleName() + " in " + describe(e), bad);
        }
      }
    }
    return java.util.Optional.empty();
  }

  static String describe(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    String details =
        status == null
            ? ""
            : status.getDetailsList().stream()
                .map(Any::getTypeUrl)
                .collect(Collectors.joining(", ", " details [", "]"));
    return e.getStatus().getCode() + ": " + e.getStatus().getDescription() + details;
  }

  /** Polls until `probe` answers something other than null, or the configured wait runs out. */
  <T> T eventually(String what, Supplier<T> probe) {
    lastSeen = null;
    Instant deadline = Instant.now().plus(config.waitFor);
    RuntimeException last = null;
    while (true) {
      try {
        T value = probe.get();
        if (value != null) return value;
      } catch (StatusRuntimeException e) {
        last = e;
        Status.Code code = e.getStatus().getCode();
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
          throw new ScenarioFailure("waiting for " + what + ": " + describe(e), e);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ScenarioFailure(
            "gave up after "
                + config.waitFor.toSeconds()
                + " s waiting for "
                + what
                + (lastSeen == null ? "" : "; last seen: " + lastSeen)
                + (last == null ? "" : "; last error: " + last.getMessage()));
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new ScenarioFailure("interrupted while waiting for " + what);
      }
    }
  }

  static void step(String programme, String text) {
    System.out.println("[" + programme + "] " + text);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Data

  /** A child no other run has used: the hotline derives the child's reference from the ID number. */
  record Person(String name, String idNumber, String birthDate, String phone) {

    static Person fresh() {
      long n = (System.currentTimeMillis() / 1000 * 1000 + ThreadLocalRandom.current().nextInt(1000)) % 10_000_000;
      String digits = String.format("%07d", n);
      int month = Integer.parseInt(digits.substring(0, 2)) % 12 + 1;
      int day = Integer.parseInt(digits.substring(2, 4)) % 28 + 1;
      int birthYear = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear() - 11;
      String first17 = String.format("%s%d%02d%02d%s", COUNTY, birthYear, month, day, digits.substring(4));
      String birthDate = LocalDate.of(birthYear, month, day).toString();
      return new Person(
          "才让卓玛" + digits.substring(3), first17 + checkCharacter(first17), birthDate, "139" + digits + "5");
    }

    /** GB 11643-1999: the check character of the first 17 characters of a resident identity number. */
    static char checkCharacter(String first17) {
      int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
      int sum = 0;
      for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * weights[i];
      return "10X98765432".charAt(sum % 11);
    }
  }

  /** A small JSON writer for the summary line (strings, numbers, lists of strings). */
  static String json(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(e -> json(String.valueOf(e.getKey())) + ":" + json(e.getValue()))
          .collect(Collectors.joining(",", "{", "}"));
    }
    if (value instanceof List<?> list) {
      return list.stream().map(AgencyScenario::json).collect(Collectors.joining(",", "[", "]"));
    }
    if (value instanceof Number || value instanceof Boolean) return String.valueOf(value);
    StringBuilder out = new StringBuilder("\"");
    for (char c : String.valueOf(value).toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
