package com.example.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Joiner;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import io.github.dispatchkit.sonorancad.sandbox.SonoranCadSandbox;
import io.github.dispatchkit.sonorancad.sandbox.SonoranCadSandboxExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bot's test against the sandbox, with the bot's own (old) Guava and Jackson on the classpath. */
@ExtendWith(SonoranCadSandboxExtension.class)
class DispatchBotTest {

  private static final UUID ACCOUNT = UUID.fromString("00000000-0000-0000-0000-00000000a11c");

  @Test
  void theUnitStatusTheBotSetsIsTheSandboxsState(SonoranCadClient client, SonoranCadSandbox sandbox) throws Exception {
    int identId = client.emergency().identifiers()
        .createIdentifier(ACCOUNT, CreateIdentifierRequest.builder().unitNum("A-10").build()).identId();

    client.emergency().units().setUnitStatus(SetUnitStatusRequest.builder()
        .identIds(List.of(identId)).status(UnitStatus.ENROUTE).build());

    assertEquals(UnitStatus.ENROUTE.value(), sandbox.identifier(identId).orElseThrow().status());
    JsonNode state = new ObjectMapper().readTree(sandbox.state());
    assertEquals("A-10", state.get("identifiers").get(0).get("data").get("unitNum").asText());
  }

  @Test
  void eachTestHasAFreshSandbox(SonoranCadSandbox sandbox) throws Exception {
    assertTrue(new ObjectMapper().readTree(sandbox.state()).get("identifiers").isEmpty());
    assertTrue(sandbox.cannedOperations().isEmpty());
  }

  @Test
  void theBotsOwnLibrariesAreTheOnesItLoads(SonoranCadSandbox sandbox) {
    // The sandbox runs on its relocated copies; the bot sees its own versions, under their own names.
    assertEquals("2.17.2", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
    assertEquals("a,b", Joiner.on(',').join("a", "b"));
    assertFalse(sandbox.baseUrl().isEmpty());
    assertNotEquals(ObjectMapper.class.getProtectionDomain().getCodeSource(),
        SonoranCadSandbox.class.getProtectionDomain().getCodeSource());
  }
}
