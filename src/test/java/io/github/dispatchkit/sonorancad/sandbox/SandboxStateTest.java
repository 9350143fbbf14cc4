package io.github.dispatchkit.sonorancad.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.generated.model.AddCallNoteRequest;
import io.github.dispatchkit.sonorancad.generated.model.AddCharacterLinkRequest;
import io.github.dispatchkit.sonorancad.generated.model.AttachUnitsRequest;
import io.github.dispatchkit.sonorancad.generated.model.BlipCoordinates;
import io.github.dispatchkit.sonorancad.generated.model.CadRecord;
import io.github.dispatchkit.sonorancad.generated.model.CallOrigin;
import io.github.dispatchkit.sonorancad.generated.model.CallStatus;
import io.github.dispatchkit.sonorancad.generated.model.CallTableType;
import io.github.dispatchkit.sonorancad.generated.model.Create911CallRequest;
import io.github.dispatchkit.sonorancad.generated.model.CheckCommunityLinkRequest;
import io.github.dispatchkit.sonorancad.generated.model.CloseDispatchCallsRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateBlipRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateCommunityLinkRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateDispatchCallRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateRecordRequest;
import io.github.dispatchkit.sonorancad.generated.model.DeleteBlipsRequest;
import io.github.dispatchkit.sonorancad.generated.model.DetachUnitsRequest;
import io.github.dispatchkit.sonorancad.generated.model.DispatchCall;
import io.github.dispatchkit.sonorancad.generated.model.HeartbeatRequest;
import io.github.dispatchkit.sonorancad.generated.model.KickOrBanUserRequest;
import io.github.dispatchkit.sonorancad.generated.model.KickUnitTarget;
import io.github.dispatchkit.sonorancad.generated.model.LookupByValueRequest;
import io.github.dispatchkit.sonorancad.generated.model.LookupNameOrPlateRequest;
import io.github.dispatchkit.sonorancad.generated.model.LookupType;
import io.github.dispatchkit.sonorancad.generated.model.ModifyAccountPermissionsRequest;
import io.github.dispatchkit.sonorancad.generated.model.RecordField;
import io.github.dispatchkit.sonorancad.generated.model.RecordSection;
import io.github.dispatchkit.sonorancad.generated.model.RecordType;
import io.github.dispatchkit.sonorancad.generated.model.ServerConfig;
import io.github.dispatchkit.sonorancad.generated.model.SetCommunityLinkRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetIdentifierGroupRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetServersRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitPanicRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.CadUnit;
import io.github.dispatchkit.sonorancad.generated.model.UnitLocationUpdate;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.generated.model.UpdateBlipRequest;
import io.github.dispatchkit.sonorancad.generated.model.UpdateCallPostalRequest;
import io.github.dispatchkit.sonorancad.generated.model.UpdateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.UpdateRecordRequest;
import io.github.dispatchkit.sonorancad.generated.model.UpdateUnitLocationsRequest;
import io.github.dispatchkit.sonorancad.generated.service.CivilianCharactersService.GetCharacterLinksParams;
import io.github.dispatchkit.sonorancad.generated.service.CivilianCharactersService.GetCharactersParams;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyCallsService.GetCallsParams;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.GetAccountUnitsParams;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.GetActiveUnitsParams;
import io.github.dispatchkit.sonorancad.generated.service.GeneralAccountsService.GetAccountParams;
import io.github.dispatchkit.sonorancad.generated.service.GeneralAccountsService.GetAccountsParams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's state driven as a tool drives it: through the real client's generated methods. */
class SandboxStateTest {

  private static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-00000000a11c");
  private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-000000000b0b");
  private static final UUID CAROL = UUID.fromString("00000000-0000-0000-0000-0000000ca201");
  private static final Duration WINDOW = Duration.ofMillis(500);

  private final List<SandboxStateChange> changes = new CopyOnWriteArrayList<>();
  private SonoranCadSandbox sandbox;
  private SonoranCadClient client;

  @BeforeEach
  void start() {
    sandbox = SonoranCadSandbox.builder()
        .serverIds(1, 2)
        .linkCommunityUser("player-alice", ALICE)
        .linkDiscord("111111111111111111", BOB)
        .linkRoblox(4242L, BOB)
        .rateLimitWindow(WINDOW)
        .onStateChange(changes::add)
        .build()
        .start();
    client = SonoranCadClient.builder().apiKey(sandbox.apiKey()).baseUrl(sandbox.baseUrl()).defaultServerId(1)
        .rateLimitWindow(WINDOW).build();
  }

  @AfterEach
  void stop() {
    client.close();
    sandbox.close();
  }

  @Test
  void aCallCreatedShowsInGetCallsAndAnAttachedUnitShowsTheCall() {
    int unit = createIdentifier(ALICE, "A-10");
    DispatchCall created = client.emergency().calls().createDispatchCall(CreateDispatchCallRequest.builder()
        .origin(CallOrigin.CALLER).status(CallStatus.ACTIVE).priority(1).title("Armed Robbery").postal("9001")
        .accounts(List.of()).build());

    assertThat(created.idents()).isEmpty();
    assertThat(activeCall(created.callId()).title()).isEqualTo("Armed Robbery");

    assertThat(client.emergency().calls().attachUnits(created.callId(),
        AttachUnitsRequest.builder().communityUserId("player-alice").build()).identIds()).containsExactly(unit);
    client.emergency().calls().addCallNote(created.callId(), AddCallNoteRequest.builder().note("Suspect fled").build());
    client.emergency().calls().updateCallPostal(created.callId(), UpdateCallPostalRequest.builder().postal("9002").build());

    DispatchCall attached = activeCall(created.callId());
    assertThat(attached.idents()).containsExactly(unit);
    assertThat(attached.primary()).isEqualTo(unit);
    assertThat(attached.postal()).isEqualTo("9002");
    assertThat(attached.notes()).singleElement().satisfies(note -> assertThat(note.content()).isEqualTo("Suspect fled"));
    assertThat(client.emergency().calls().getCurrentCall(ALICE).callId()).isEqualTo(created.callId());
    assertThat(client.emergency().calls().getCurrentCall(ALICE).identId()).isEqualTo(unit);

    assertThat(client.emergency().calls().detachUnits(DetachUnitsRequest.builder().identIds(List.of(unit)).build())
        .identIds()).containsExactly(unit);
    assertThat(activeCall(created.callId()).idents()).isEmpty();

    client.emergency().calls().closeDispatchCalls(
        CloseDispatchCallsRequest.builder().callIds(List.of(created.callId())).build());
    var calls = client.emergency().calls().getCalls(GetCallsParams.builder().build());
    assertThat(calls.activeCalls()).isEmpty();
    assertThat(calls.closedCalls()).singleElement().satisfies(call -> {
      assertThat(call.callId()).isEqualTo(created.callId());
      assertThat(call.status()).isEqualTo(CallStatus.CLOSED);
    });
    assertThat(calls.closedCallCount()).isEqualTo(1);
  }

  @Test
  void callsBelongToTheirServerAndAMissingCallIs404() {
    DispatchCall onTwo = client.emergency().calls().createDispatchCall(2, CreateDispatchCallRequest.builder()
        .origin(CallOrigin.CALLER).status(CallStatus.ACTIVE).priority(1).title("Fire").accounts(List.of()).build());

    assertThat(client.emergency().calls().getCalls(GetCallsParams.builder().build()).activeCalls()).isEmpty();
    assertThat(client.emergency().calls().getCalls(2, GetCallsParams.builder().build()).activeCalls())
        .extracting(DispatchCall::callId).containsExactly(onTwo.callId());
    assertThatThrownBy(() -> client.emergency().calls().updateCallPostal(onTwo.callId(),
        UpdateCallPostalRequest.builder().postal("1").build())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void locationsAndGroupsAreStoredAndAGroupCanBeAttached() {
    int alices = createIdentifier(ALICE, "A-1");
    int bobs = createIdentifier(BOB, "B-1");
    client.emergency().units().updateUnitLocations(UpdateUnitLocationsRequest.builder().updates(List.of(
        UnitLocationUpdate.builder().communityUserId("player-alice").location("Mission Row PD").build())).build());
    client.emergency().identifiers().setIdentifierGroup("CAR-51", SetIdentifierGroupRequest.builder()
        .identIds(List.of(alices, bobs)).build());
    int callId = client.emergency().calls().createDispatchCall(CreateDispatchCallRequest.builder()
        .origin(CallOrigin.CALLER).status(CallStatus.ACTIVE).priority(1).title("Pursuit").accounts(List.of())
        .build()).callId();

    assertThat(client.emergency().calls().attachUnits(callId, AttachUnitsRequest.builder().groupName("CAR-51")
        .build()).identIds()).containsExactly(alices, bobs);
    List<CadUnit> units = client.emergency().units().getActiveUnits();
    assertThat(units).extracting(unit -> unit.data().group()).containsExactly("CAR-51", "CAR-51");
    assertThat(units.get(0).location()).isEqualTo("Mission Row PD");
  }

  @Test
  void a911CallShowsInGetCallsUntilRemoved() {
    int callId = client.emergency().calls().create911Call(Create911CallRequest.builder().isEmergency(true)
        .caller("Jane Doe").location("Innocence Blvd").description("Medical emergency").build()).callId();

    assertThat(client.emergency().calls().getCalls(GetCallsParams.builder().build()).emergencyCalls())
        .singleElement().satisfies(call -> {
          assertThat(call.callId()).isEqualTo(callId);
          assertThat(call.caller()).isEqualTo("Jane Doe");
        });
    assertThat(client.emergency().calls().getCalls(GetCallsParams.builder().type(CallTableType.DISPATCH_CALL).build())
        .emergencyCalls()).isEmpty();

    client.emergency().calls().remove911Call(callId);
    assertThat(client.emergency().calls().getCalls(GetCallsParams.builder().build()).emergencyCalls()).isEmpty();
    assertThatThrownBy(() -> client.emergency().calls().remove911Call(callId)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void statusPanicAndKickShowInTheActiveUnitsPageByPage() {
    int first = createIdentifier(ALICE, "A-1");
    int second = createIdentifier(ALICE, "A-2");
    int bobs = createIdentifier(BOB, "B-1");

    assertThat(client.emergency().units().setUnitStatus(SetUnitStatusRequest.builder()
        .communityUserId("player-alice").status(UnitStatus.BUSY).build()).updated()).isEqualTo(2);
    client.emergency().units().setUnitPanic(SetUnitPanicRequest.builder().discord("111111111111111111")
        .isPanic(true).build());

    List<CadUnit> active = client.emergency().units().getActiveUnits(GetActiveUnitsParams.builder().build());
    assertThat(active).extracting(CadUnit::id).containsExactly(first, second, bobs);
    assertThat(active.get(0).status()).isEqualTo(UnitStatus.BUSY);
    assertThat(active.get(0).data().communityUserId()).isEqualTo("player-alice");
    assertThat(active.get(2).isPanic()).isTrue();
    assertThat(client.emergency().units().getActiveUnits(GetActiveUnitsParams.builder().limit(1).offset(1).build()))
        .extracting(CadUnit::id).containsExactly(second);

    assertThat(client.emergency().units().kickUnit(List.of(KickUnitTarget.builder().roblox(4242L)
        .reason("restart").build())).count()).isEqualTo(1);
    assertThat(client.emergency().units().getActiveUnits(GetActiveUnitsParams.builder().build()))
        .extracting(CadUnit::id).containsExactly(first, second);
    assertThat(client.emergency().units().getActiveUnits(GetActiveUnitsParams.builder().includeOffline(true).build()))
        .hasSize(3);
    assertThat(client.emergency().units().getAccountUnits(ALICE, GetAccountUnitsParams.builder().limit(1).build())
        .units()).extracting(CadUnit::id).containsExactly(first);
    assertThat(sandbox.identifier(first)).hasValueSatisfying(identifier ->
        assertThat(identifier.status()).isEqualTo(UnitStatus.BUSY.value()));
  }

  @Test
  void identifiersAreUpdatedSelectedAndDeleted() {
    int identId = createIdentifier(ALICE, "A-1");
    client.emergency().identifiers().updateIdentifier(ALICE, identId,
        UpdateIdentifierRequest.builder().unitNum("A-99").build());
    client.emergency().identifiers().setSelectedIdentifier(ALICE,
        io.github.dispatchkit.sonorancad.generated.model.SetSelectedIdentifierRequest.builder().identId(identId).build());

    var identifiers = client.emergency().identifiers().getIdentifiers(ALICE);
    assertThat(identifiers.selectedIdent()).isEqualTo(identId);
    assertThat(identifiers.identifiers()).singleElement()
        .satisfies(unit -> assertThat(unit.data().unitNum()).isEqualTo("A-99"));
    assertThatThrownBy(() -> client.emergency().identifiers().deleteIdentifier(BOB, identId))
        .isInstanceOf(NotFoundException.class);

    client.emergency().identifiers().deleteIdentifier(ALICE, identId);
    assertThat(client.emergency().identifiers().getIdentifiers(ALICE).identifiers()).isEmpty();
  }

  @Test
  void aLinkMadeThroughTheApiResolvesInSetUnitStatusAndEveryTarget() {
    String code = client.general().accounts().createCommunityLink(
        CreateCommunityLinkRequest.builder().communityUserId("player-carol").build()).code();
    assertThat(code).isNotBlank();
    assertThat(client.general().accounts().checkCommunityLink(
        CheckCommunityLinkRequest.builder().communityUserId("player-carol").build()).linked()).isFalse();

    client.general().accounts().setCommunityLink(SetCommunityLinkRequest.builder().accountUuid(CAROL)
        .secretUuid(UUID.randomUUID()).communityUserId("player-carol").build());
    int identId = createIdentifier(CAROL, "C-1");

    assertThat(client.general().accounts().checkCommunityLink(
        CheckCommunityLinkRequest.builder().communityUserId("player-carol").build()).accountUuid()).isEqualTo(CAROL);
    assertThat(client.emergency().units().setUnitStatus(SetUnitStatusRequest.builder()
        .communityUserId("player-carol").status(UnitStatus.ON_SCENE).build()).updated()).isEqualTo(1);
    assertThat(sandbox.identifier(identId).orElseThrow().status()).isEqualTo(UnitStatus.ON_SCENE.value());
    assertThat(client.general().accounts().getAccount(GetAccountParams.builder().communityUserId("player-carol")
        .build()).uuid()).isEqualTo(CAROL);
    assertThat(client.emergency().calls().createDispatchCall(CreateDispatchCallRequest.builder()
        .origin(CallOrigin.CALLER).status(CallStatus.ACTIVE).priority(1).title("Traffic stop")
        .communityUserIds(List.of("player-carol")).build()).idents()).containsExactly(identId);
  }

  @Test
  void accountsAreFoundByEveryTargetListedByPageAndChangedByPermissionsAndBans() {
    assertThat(client.general().accounts().getAccount(GetAccountParams.builder().roblox(4242L).build()).uuid())
        .isEqualTo(BOB);
    assertThat(client.general().accounts().getAccount(GetAccountParams.builder().discord("111111111111111111")
        .build()).uuid()).isEqualTo(BOB);
    assertThat(client.general().accounts().getAccount(GetAccountParams.builder().accountUuid(ALICE).build())
        .communityUserId()).isEqualTo("player-alice");
    createIdentifier(CAROL, "C-1");

    var firstPage = client.general().accounts().getAccounts(GetAccountsParams.builder().limit(2).build());
    var secondPage = client.general().accounts().getAccounts(GetAccountsParams.builder().limit(2).offset(2).build());
    assertThat(firstPage.pagination().total()).isEqualTo(3);
    assertThat(firstPage.accounts()).extracting(account -> account.uuid()).containsExactly(ALICE, BOB);
    assertThat(secondPage.accounts()).extracting(account -> account.uuid()).containsExactly(CAROL);

    client.general().accounts().modifyAccountPermissions(ModifyAccountPermissionsRequest.builder()
        .communityUserId("player-alice").add(List.of("LIVE_MAP", "POLICE")).build());
    assertThat(client.general().accounts().getAccount(GetAccountParams.builder().accountUuid(ALICE).build())
        .permissions().liveMap()).isTrue();

    client.general().accounts().kickOrBanUser(KickOrBanUserRequest.builder().accountUuid(CAROL).isBan(true).build());
    assertThat(client.general().accounts().getAccount(GetAccountParams.builder().accountUuid(CAROL).build())
        .status().name()).hasValue("BANNED");
    assertThatThrownBy(() -> client.general().accounts().getAccount(GetAccountParams.builder()
        .communityUserId("nobody").build())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aRecordCreatedIsFoundByTheLookupsUntilItIsDeleted() {
    CadRecord created = client.general().records().createRecord(CreateRecordRequest.builder()
        .accountUuid(ALICE)
        .record(CadRecord.builder().recordTypeId(7).name("John Doe").type(RecordType.CHARACTER)
            .sections(List.of(RecordSection.builder().category(0).label("Civilian Info").fields(List.of(
                RecordField.builder().label("First Name").value("John").uid("first_name").build(),
                RecordField.builder().label("Plate").value("ABC123").uid("plate").build())).build()))
            .build())
        .build());

    assertThat(client.general().lookups().lookupNameOrPlate(LookupNameOrPlateRequest.builder().first("john")
        .last("Doe").build())).extracting(CadRecord::id).containsExactly(created.id());
    assertThat(client.general().lookups().lookupNameOrPlate(LookupNameOrPlateRequest.builder().plate("abc")
        .partial(true).build())).extracting(CadRecord::id).containsExactly(created.id());
    assertThat(client.general().lookups().lookupByValue(LookupByValueRequest.builder().searchType(LookupType.PLATE)
        .value("ABC123").build())).extracting(CadRecord::id).containsExactly(created.id());
    assertThat(client.general().lookups().lookupNameOrPlate(LookupNameOrPlateRequest.builder().first("Jane")
        .build())).isEmpty();
    assertThat(client.civilian().characters().getCharacters(GetCharactersParams.builder()
        .communityUserId("player-alice").build())).singleElement()
        .satisfies(character -> assertThat(character.name()).isEqualTo("John Doe"));

    client.general().records().updateRecord(created.id(), UpdateRecordRequest.builder()
        .templateId(7).replaceValues(Map.of("plate", "XYZ789")).build());
    assertThat(client.general().lookups().lookupByValue(LookupByValueRequest.builder().searchType(LookupType.PLATE)
        .value("XYZ789").build())).hasSize(1);

    client.general().records().deleteRecord(created.id());
    assertThat(client.general().lookups().lookupByValue(LookupByValueRequest.builder().searchType(LookupType.PLATE)
        .value("XYZ789").build())).isEmpty();
  }

  @Test
  void aRecordFromValuesFillsTheDocumentedTemplate() {
    CadRecord created = client.general().records().createRecord(CreateRecordRequest.builder()
        .communityUserId("player-alice").recordTypeId(12).replaceValues(Map.of("case_number", "SC-1")).build());

    assertThat(created.sections().get(0).fields().get(0).value()).isEqualTo("SC-1");
    assertThat(client.general().lookups().lookupByValue(LookupByValueRequest.builder()
        .searchType(LookupType.NUMBER).value("SC-1").types(List.of(12)).build())).hasSize(1);
  }

  @Test
  void characterLinksAreAddedAndListed() {
    client.civilian().characters().addCharacterLink("citizen:1", AddCharacterLinkRequest.builder()
        .discord("111111111111111111").build());
    client.civilian().characters().addCharacterLink("citizen:2", AddCharacterLinkRequest.builder()
        .accountUuid(BOB).build());

    assertThat(client.civilian().characters().getCharacterLinks(GetCharacterLinksParams.builder().roblox(4242L)
        .build())).containsExactly("citizen:1", "citizen:2");
  }

  @Test
  void blipsAreCreatedListedUpdatedAndDeleted() {
    int id = client.emergency().map().createBlip(CreateBlipRequest.builder().subType("radius")
        .coordinates(BlipCoordinates.builder().x(1.0).y(2.0).build()).tooltip("Perimeter").build()).id();
    client.emergency().map().updateBlip(id, UpdateBlipRequest.builder().tooltip("Moved").build());

    assertThat(client.emergency().map().getBlips()).singleElement()
        .satisfies(blip -> assertThat(blip.tooltip()).isEqualTo("Moved"));
    assertThat(client.emergency().map().getBlips(2)).isEmpty();
    client.emergency().map().deleteBlips(DeleteBlipsRequest.builder().ids(List.of(id)).build());
    assertThat(client.emergency().map().getBlips()).isEmpty();
  }

  @Test
  void setServersChangesWhichServersAnswerAndHeartbeatEchoesTheCount() {
    assertThat(client.general().configuration().getServers().servers()).extracting(ServerConfig::id)
        .containsExactly(1, 2);
    assertThatThrownBy(() -> client.general().configuration().heartbeat(3,
        HeartbeatRequest.builder().playerCount(1).build())).isInstanceOf(NotFoundException.class);

    client.general().configuration().setServers(SetServersRequest.builder().servers(List.of(
        ServerConfig.builder().id(1).name("Main").build(), ServerConfig.builder().id(3).name("Third").build())).build());

    assertThat(client.general().configuration().heartbeat(3, HeartbeatRequest.builder().playerCount(12).build())
        .playerCount()).isEqualTo(12);
    assertThat(client.general().configuration().getServers().servers()).extracting(ServerConfig::name)
        .containsExactly("Main", "Third");
  }

  @Test
  void stateChangesAreReportedWithTheResponseAndReadsAreNot() {
    int identId = createIdentifier(ALICE, "A-1");
    client.emergency().identifiers().getIdentifiers(ALICE);
    client.general().lookups().lookupNameOrPlate(LookupNameOrPlateRequest.builder().first("x").build());

    assertThat(changes).singleElement().satisfies(change -> {
      assertThat(change.operationId()).isEqualTo("createIdentifier");
      assertThat(change.pathParameters()).containsEntry("accountUuid", ALICE.toString());
      assertThat(change.request().get("unitNum").asText()).isEqualTo("A-1");
      assertThat(change.response().get("identId").asInt()).isEqualTo(identId);
    });
  }

  private int createIdentifier(UUID account, String unitNum) {
    return client.emergency().identifiers()
        .createIdentifier(account, CreateIdentifierRequest.builder().unitNum(unitNum).build()).identId();
  }

  private DispatchCall activeCall(int callId) {
    return client.emergency().calls().getCalls(GetCallsParams.builder().build()).activeCalls().stream()
        .filter(call -> call.callId() == callId).findFirst().orElseThrow();
  }
}
