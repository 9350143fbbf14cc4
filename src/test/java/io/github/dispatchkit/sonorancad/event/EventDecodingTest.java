package io.github.dispatchkit.sonorancad.event;

import io.github.dispatchkit.sonorancad.internal.ApiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dispatchkit.sonorancad.exception.EventException;
import io.github.dispatchkit.sonorancad.exception.SonoranCadException;
import io.github.dispatchkit.sonorancad.generated.model.*;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every documented event type decoded from each documented form (data as object and as one-element array). */
class EventDecodingTest {
  static final String KEY = "YOUR_API_KEY";

  private final List<Event<?>> events = new ArrayList<>();
  private final List<RawEvent> others = new ArrayList<>();
  private final List<SonoranCadException> errors = new ArrayList<>();
  private final EventDispatcher dispatcher = new EventDispatcher(ApiKey.of(KEY), Runnable::run, 100, 1 << 20);

  EventDecodingTest() {
    for (EventType<?> type : EventType.values()) {
      register(type);
    }
    dispatcher.onOther(others::add);
    dispatcher.onError(errors::add);
  }

  private <T> void register(EventType<T> type) {
    dispatcher.on(type, events::add);
  }

  static Stream<EventType<?>> types() {
    return EventType.values().stream();
  }

  /** One spot check per type, on a property the page's example sets. */
  private static final Map<String, Function<Object, Object>> PROBES = new LinkedHashMap<>();
  private static final Map<String, Object> EXPECTED = new LinkedHashMap<>();

  private static <T> void probe(EventType<T> type, Function<T, Object> probe, Object expected) {
    @SuppressWarnings("unchecked")
    Function<Object, Object> untyped = data -> probe.apply((T) data);
    PROBES.put(type.name(), untyped);
    EXPECTED.put(type.name(), expected);
  }

  static {
    probe(EventType.COMMUNITY_LINK_VERIFIED, d -> d.accountUuid(), new UUID(0, 0));
    probe(EventType.RECORD_ADD, d -> List.of(d.record().id(), d.record().name()), List.of(451, "Incident Report"));
    probe(EventType.RECORD_EDIT, d -> List.of(d.record().id(), d.record().name()), List.of(451, "Incident Report"));
    probe(EventType.RECORD_REMOVE, d -> List.of(d.record().id(), d.record().name()), List.of(451, "Incident Report"));
    probe(EventType.UNIT_PANIC, d -> d.identIds(), List.of(1, 2, 3));
    probe(EventType.UNIT_LOGIN, d -> List.of(d.unit().data().page(), d.unit().data().apiIds()), List.of(UnitPage.POLICE, List.of("STEAM:1234")));
    probe(EventType.UNIT_LOGOUT, d -> d.identId(), 1);
    probe(EventType.UNIT_STATUS, d -> List.of(d.identIds(), d.status()), List.of(List.of(1), UnitStatus.UNAVAILABLE));
    probe(EventType.UNIT_GROUP_CHANGE_NAME, d -> d.newName(), "My New Group Name");
    probe(EventType.UNIT_GROUP_ADD, d -> d.groupName(), "Ladder 61");
    probe(EventType.UNIT_GROUP_REMOVE, d -> d.identId(), 1);
    probe(EventType.DISPATCH_NEW, d -> List.of(d.dispatch().idents(), d.dispatch().metaData(), d.dispatch().origin(), d.dispatch().notes()),
        List.of(List.of(987, 123, 456), Map.of("origin911", "1"), CallOrigin.CALLER, List.of()));
    probe(EventType.DISPATCH_EDIT, d -> d.dispatch().status(), CallStatus.ACTIVE);
    probe(EventType.DISPATCH_CLOSED, d -> d.callIds(), List.of(1234, 5678));
    probe(EventType.DISPATCH_NOTE, d -> d.note().content(), "Some message here!");
    probe(EventType.DISPATCH_UNIT_ATTACH, d -> List.of(d.ident(), d.idents(), d.callId()), List.of(1, List.of(123, 456), 111));
    probe(EventType.DISPATCH_UNIT_DETACH, d -> d.callId(), 111);
    probe(EventType.DISPATCH_TOGGLE_BODYCAM, d -> List.of(d.ident(), d.state()), List.of(1, true));
    probe(EventType.CALL_911, d -> List.of(d.call().caller(), d.apiIds(), d.communityUserId(), d.metaData()),
        List.of("John Doe", List.of("Steam:1234", "11112222"), "license:abc123", Map.of("someKey", "someValue")));
    probe(EventType.REMOVE_911, d -> d.callIds(), List.of(1234, 5678));
    probe(EventType.STREETSIGN_UPDATED, d -> d.signData().ids(), List.of(1, 2));
    probe(EventType.TONE, d -> List.of(d.playTonesTo().get(0).type(), d.playTonesTo().get(1).value()),
        List.of(ToneTargetType.DISPATCH_CALL, "Prescott PD"));
    probe(EventType.CHAR_SELECTED, d -> d.accId(), "000-000-000");
    probe(EventType.NEW_CALLOUT, d -> d.callout().calloutLocations().get(0).x(), 1234.0);
    probe(EventType.PAGER_REBORN, d -> d.nature(), PagerNature.ADMINISTRATIVE);
    probe(EventType.STATION_ALERT, d -> d.locations().get(0).close(), List.of("Door 3"));
  }

  @ParameterizedTest
  @MethodSource("types")
  void everyTypeDecodesFromItsDocumentedExampleInBothForms(EventType<?> type) throws IOException {
    Map<String, Object> documented = fixture(type.name() + ".json");
    Object data = documented.get("data");
    Object asObject = data instanceof List<?> list ? list.get(0) : data;

    dispatcher.dispatch(withData(documented, asObject), Delivery.HUB);
    dispatcher.dispatch(withData(documented, List.of(asObject)), Delivery.HTTP);

    assertThat(errors).isEmpty();
    assertThat(others).isEmpty();
    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(event -> {
      assertThat(event.type()).isSameAs(type);
      assertThat(event.data()).isInstanceOf(type.dataClass());
      assertThat(PROBES.get(type.name()).apply(event.data())).isEqualTo(EXPECTED.get(type.name()));
    });
    assertThat(events.get(0).data()).isEqualTo(events.get(1).data());
    assertThat(events.get(0).delivery()).isEqualTo(Delivery.HUB);
    assertThat(events.get(1).delivery()).isEqualTo(Delivery.HTTP);
  }

  @Test
  void everyDocumentedTypeHasAProbeAndAFixture() {
    assertThat(PROBES.keySet()).containsExactlyInAnyOrderElementsOf(EventType.values().stream().map(EventType::name).toList());
    assertThat(EventType.values()).hasSize(26);
  }

  /** The generated {@code EventType} against the spec's other list of names, {@code PushEventType}. */
  @Test
  void generatedTypesAreTheContractsNamesWithConstantsNamedAfterThem() throws Exception {
    com.fasterxml.jackson.databind.JsonNode schemas = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(java.nio.file.Path.of("openapi/sonoran-cad-v2.yaml").toFile()).path("components").path("schemas");
    List<String> listed = new ArrayList<>();
    schemas.path("PushEventType").path("x-extensible-enum").forEach(name -> listed.add(name.asText()));
    assertThat(EventType.values().stream().map(EventType::name).toList()).containsExactlyInAnyOrderElementsOf(listed);

    Map<String, String> constantOfType = new LinkedHashMap<>();
    for (java.lang.reflect.Field field : EventType.class.getFields()) {
      constantOfType.put(((EventType<?>) field.get(null)).name(), field.getName());
    }
    assertThat(constantOfType).hasSize(26).allSatisfy((name, constant) -> {
      // The name minus EVENT_; a Java name cannot start with a digit, so EVENT_911 is CALL_911.
      String rest = name.substring("EVENT_".length());
      assertThat(constant).isEqualTo(Character.isDigit(rest.charAt(0)) ? "CALL_" + rest : rest);
    });
  }

  @Test
  void unitStatusAsUnitsFromTheWebsocketPage() throws IOException {
    dispatcher.dispatch(fixture("EVENT_UNIT_STATUS.units.json"), Delivery.HUB);
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_STATUS\",\"data\":{\"units\":["
        + "{\"id\":7,\"accId\":\"00000000-0000-0000-0000-000000000000\",\"status\":3,\"data\":{\"unitNum\":\"A-10\"}}]}}"),
        Delivery.HUB);

    assertThat(errors).isEmpty();
    UnitStatusData empty = (UnitStatusData) events.get(0).data();
    assertThat(empty.units()).isEmpty();
    assertThat(empty.identIds()).isNull();
    UnitStatusData one = (UnitStatusData) events.get(1).data();
    assertThat(one.units()).singleElement().satisfies(unit -> {
      assertThat(unit.id()).isEqualTo(7);
      assertThat(unit.status()).isEqualTo(UnitStatus.ENROUTE);
      assertThat(unit.data().unitNum()).isEqualTo("A-10");
    });
  }

  /** The rule: a unit in an event is the Java type of a unit from the API, and so on. */
  @Test
  void eventsCarryTheApisOwnModels() throws ReflectiveOperationException {
    assertThat(UnitLoginData.class.getMethod("unit").getReturnType()).isSameAs(CadUnit.class);
    assertThat(elementType(UnitStatusData.class.getMethod("units"))).isSameAs(CadUnit.class);
    assertThat(elementType(io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.class
        .getMethod("getActiveUnits", io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.GetActiveUnitsParams.class))).isSameAs(CadUnit.class);
    assertThat(UnitStatusData.class.getMethod("status").getReturnType()).isSameAs(UnitStatus.class);
    assertThat(DispatchEventData.class.getMethod("dispatch").getReturnType()).isSameAs(DispatchCall.class)
        .isSameAs(io.github.dispatchkit.sonorancad.generated.service.EmergencyCallsService.class
            .getMethod("createDispatchCall", CreateDispatchCallRequest.class).getReturnType());
    assertThat(Call911Data.class.getMethod("call").getReturnType()).isSameAs(Call911.class)
        .isSameAs(io.github.dispatchkit.sonorancad.generated.service.EmergencyCallsService.class
            .getMethod("create911Call", Create911CallRequest.class).getReturnType());
    assertThat(RecordEventData.class.getMethod("record").getReturnType()).isSameAs(CadRecord.class);
    assertThat(StreetSignUpdatedData.class.getMethod("signData").getReturnType()).isSameAs(UpdateStreetSignsRequest.class);
    assertThat(elementType(EventCallout.class.getMethod("calloutLocations"))).isSameAs(CalloutLocation.class);
    assertThat(HubUnitLocation.class.getMethod("coordinates").getReturnType()).isSameAs(UnitCoordinates.class);
  }

  private static Class<?> elementType(java.lang.reflect.Method method) {
    return (Class<?>) ((java.lang.reflect.ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0];
  }

  @Test
  void aRecordEventWithoutTheRecordsRequiredPropertiesIsPassedOnRaw() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_RECORD_ADD\",\"data\":{\"record\":{}}}"),
        Delivery.HUB);

    assertThat(events).isEmpty();
    assertThat(others).singleElement().satisfies(raw -> assertThat(raw.dataJson()).isEqualTo("{\"record\":{}}"));
    assertThat(errors).singleElement().satisfies(error -> assertThat(error.getMessage()).contains("Required property").contains("$.record"));
  }

  @Test
  void dispatchNotesAsTextAndNumbersInCallMetaData() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_DISPATCH_EDIT\",\"data\":{\"dispatch\":"
        + "{\"callId\":5,\"notes\":\"caller hung up\",\"metaData\":{\"x\":425.5,\"origin911\":12}}}}"), Delivery.HUB);

    assertThat(errors).isEmpty();
    DispatchCall call = ((DispatchEventData) events.get(0).data()).dispatch();
    assertThat(call.notes()).singleElement().satisfies(note -> assertThat(note.content()).isEqualTo("caller hung up"));
    assertThat(call.metaData()).containsEntry("x", "425.5").containsEntry("origin911", "12");
  }

  @Test
  void aNumericStringIsReadOnlyWhereTheSpecSaysSo() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_DISPATCH_TOGGLE_BODYCAM\",\"data\":{\"ident\":\"4\"}}"),
        Delivery.HUB);
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":\"4\"}}"),
        Delivery.HUB);

    assertThat(events).singleElement().satisfies(event -> assertThat(((ToggleBodycamData) event.data()).ident()).isEqualTo(4));
    assertThat(others).singleElement().satisfies(raw -> assertThat(raw.type()).isEqualTo("EVENT_UNIT_LOGOUT"));
  }

  @Test
  void theGeneratedEnvelopePrintsItsKeyMasked() {
    PushEvent envelope = PushEvent.builder().key(KEY).type("EVENT_UNIT_LOGOUT").build();

    assertThat(envelope.toString()).doesNotContain(KEY).contains("key=***");
  }

  @Test
  void unitStatusWithIdentIdsAsAList() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_STATUS\","
        + "\"data\":[{\"identIds\":[4,5],\"status\":7}]}"), Delivery.HUB);

    UnitStatusData data = (UnitStatusData) events.get(0).data();
    assertThat(data.identIds()).containsExactly(4, 5);
    assertThat(data.status().isKnown()).isFalse(); // a community's own status is kept, not refused
    assertThat(data.status().value()).isEqualTo(7);
  }

  @Test
  void legacyPlainTextDispatchNoteAndLowerCaseType() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"event_dispatch_note\","
        + "\"data\":{\"callId\":3,\"note\":\"on scene\"}}"), Delivery.HTTP);

    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.type()).isSameAs(EventType.DISPATCH_NOTE);
      assertThat(((DispatchNoteData) event.data()).note().content()).isEqualTo("on scene");
    });
  }

  @Test
  void unknownTypeIsKeptRawNeverAnError() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_UPDATE\",\"data\":{\"units\":[{\"id\":1}]}}"),
        Delivery.HUB);

    assertThat(errors).isEmpty();
    assertThat(events).isEmpty();
    assertThat(others).singleElement().satisfies(raw -> {
      assertThat(raw.type()).isEqualTo("EVENT_UNIT_UPDATE");
      assertThat(raw.dataJson()).isEqualTo("{\"units\":[{\"id\":1.0}]}");
      assertThat(raw.delivery()).isEqualTo(Delivery.HUB);
      assertThat(raw.toString()).doesNotContain(KEY);
    });
  }

  @Test
  void dataThatDoesNotFitIsReportedAndPassedOnRaw() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":\"x\"}}"),
        Delivery.HUB);

    assertThat(events).isEmpty();
    assertThat(others).singleElement().satisfies(raw -> assertThat(raw.type()).isEqualTo("EVENT_UNIT_LOGOUT"));
    assertThat(errors).singleElement().isInstanceOf(EventException.class)
        .satisfies(error -> assertThat(error.operationId()).isEqualTo("EVENT_UNIT_LOGOUT"));
  }

  @Test
  void wrongKeyIsRefusedMissingKeyOnTheHubIsAccepted() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"someone-else\",\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":1}}"),
        Delivery.HUB);
    dispatcher.dispatch(parse("{\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":{\"identId\":2}}"), Delivery.HUB);

    assertThat(events).singleElement().satisfies(event -> assertThat(((UnitLogoutData) event.data()).identId()).isEqualTo(2));
    assertThat(errors).singleElement().satisfies(error -> {
      assertThat(error.getMessage()).contains("refused").doesNotContain(KEY).doesNotContain("someone-else");
    });
  }

  @Test
  void aThrowingHandlerDoesNotStopTheStream() throws IOException {
    List<Integer> seen = new ArrayList<>();
    EventDispatcher fresh = new EventDispatcher(ApiKey.of(KEY), Runnable::run, 100, 1 << 20);
    fresh.on(EventType.UNIT_LOGOUT, event -> {
      throw new IllegalStateException("boom");
    });
    fresh.on(EventType.UNIT_LOGOUT, event -> seen.add(event.data().identId()));
    fresh.onError(errors::add);

    fresh.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":[{\"identId\":1}]}"), Delivery.HUB);
    fresh.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_LOGOUT\",\"data\":[{\"identId\":2}]}"), Delivery.HUB);

    assertThat(seen).containsExactly(1, 2);
    assertThat(errors).hasSize(2).allSatisfy(error -> assertThat(error.getCause()).hasMessage("boom"));
  }

  @ParameterizedTest
  @MethodSource("numbersOutsideTheirTypes")
  void numbersOutsideTheirTypesGoToOnOtherWithAReport(String data, String path) throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_PANIC\",\"data\":" + data + "}"), Delivery.HUB);

    assertThat(events).isEmpty(); // never wrapped, cut or clamped into an Integer
    assertThat(others).singleElement().satisfies(raw -> {
      assertThat(raw.type()).isEqualTo("EVENT_UNIT_PANIC");
      assertThat(raw.data()).isEqualTo(parse(data)); // as received
    });
    assertThat(errors).singleElement().isInstanceOf(EventException.class).satisfies(error -> assertThat(error.getMessage())
        .contains("data does not fit UnitPanicData").contains(path).contains("passed on as a raw event"));
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> numbersOutsideTheirTypes() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("{\"identIds\":[4294967297]}", "$.identIds[0]"),
        org.junit.jupiter.params.provider.Arguments.of("{\"identIds\":[1,2147483648]}", "$.identIds[1]"),
        org.junit.jupiter.params.provider.Arguments.of("{\"identIds\":[-2147483649]}", "$.identIds[0]"),
        org.junit.jupiter.params.provider.Arguments.of("{\"identIds\":[1.9]}", "$.identIds[0]"),
        org.junit.jupiter.params.provider.Arguments.of("{\"identIds\":[1e300]}", "$.identIds[0]"),
        org.junit.jupiter.params.provider.Arguments.of("{\"identId\":2147483648}", "$.identId"),
        org.junit.jupiter.params.provider.Arguments.of("{\"identIds\":4294967297}", "$.identIds"));
  }

  @Test
  void numbersWithinTheirTypesPass() throws IOException {
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"type\":\"EVENT_UNIT_PANIC\",\"data\":"
        + "{\"identIds\":[2147483647,-2147483648,7.0,1e2],\"identId\":5,\"isPanic\":true,\"unknown\":1e300}}"), Delivery.HUB);

    assertThat(errors).isEmpty();
    assertThat(events).singleElement().satisfies(event ->
        assertThat(((UnitPanicData) event.data()).identIds()).containsExactly(2147483647, -2147483648, 7, 100));
  }

  @Test
  void anEventTypeCarryingTheKeyIsMaskedInEveryCase() throws IOException {
    ApiKey key = ApiKey.of("hub-secret-key-123");
    EventDispatcher fresh = new EventDispatcher(key, Runnable::run, 100, 1 << 20);
    fresh.onOther(others::add);
    fresh.onError(errors::add);

    fresh.dispatch(parse("{\"type\":\"event_hub-secret-key-123\",\"data\":{}}"), Delivery.HUB);
    fresh.dispatch(parse("{\"key\":\"wrong\",\"type\":\"x-hub-secret-key-123\",\"data\":{}}"), Delivery.HUB);

    assertThat(others).singleElement().satisfies(raw -> assertThat(raw.type()).isEqualTo("event_***"));
    assertThat(errors).singleElement().satisfies(error -> {
      assertThat(error.getMessage()).startsWith("X-***: refused");
      assertThat(error.operationId()).isEqualTo("X-***");
    });
  }

  @Test
  void envelopesWithoutTypeOrObjectAreReported() throws IOException {
    dispatcher.dispatch(parse("[1,2]"), Delivery.HUB);
    dispatcher.dispatch(parse("{\"key\":\"YOUR_API_KEY\",\"data\":{}}"), Delivery.HUB);

    assertThat(events).isEmpty();
    assertThat(errors).hasSize(2);
  }

  static Map<String, Object> fixture(String name) throws IOException {
    try (InputStream in = EventDecodingTest.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) throws IOException {
    Object value = SignalRProtocol.parse(json);
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of("not-an-object", value);
  }

  private static Map<String, Object> withData(Map<String, Object> envelope, Object data) {
    Map<String, Object> copy = new LinkedHashMap<>(envelope);
    copy.put("data", data);
    return copy;
  }
}
