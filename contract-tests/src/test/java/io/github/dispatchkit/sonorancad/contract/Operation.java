package io.github.dispatchkit.sonorancad.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.github.dispatchkit.sonorancad.SonoranCadClient;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierResponse;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusResponse;
import io.github.dispatchkit.sonorancad.generated.model.UnitPage;
import io.github.dispatchkit.sonorancad.generated.model.UnitStatus;
import java.util.List;

/** The two documented operations, each with its documented example call, for matrix tests. */
enum Operation {
  SET_UNIT_STATUS("setUnitStatus", "PATCH", Stubs.setUnitStatusPath(Stubs.EXAMPLE_SERVER_ID),
      Stubs.SET_UNIT_STATUS_EXAMPLE, Stubs.SET_UNIT_STATUS_RESPONSE, true) {
    @Override
    Object call(SonoranCadClient client) {
      return client.emergency().units().setUnitStatus(Stubs.EXAMPLE_SERVER_ID, documentedSetUnitStatus());
    }

    @Override
    void assertDocumentedResult(Object result) {
      SetUnitStatusResponse response = (SetUnitStatusResponse) result;
      assertThat(response.updated()).isEqualTo(1);
      assertThat(response.status().value()).isEqualTo("ENROUTE");
    }
  },
  CREATE_IDENTIFIER("createIdentifier", "POST", Stubs.createIdentifierPath(Stubs.EXAMPLE_ACCOUNT),
      Stubs.CREATE_IDENTIFIER_EXAMPLE, Stubs.CREATE_IDENTIFIER_RESPONSE, false) {
    @Override
    Object call(SonoranCadClient client) {
      return client.emergency().identifiers().createIdentifier(Stubs.EXAMPLE_ACCOUNT, documentedCreateIdentifier());
    }

    @Override
    void assertDocumentedResult(Object result) {
      assertThat(((CreateIdentifierResponse) result).identId()).isEqualTo(42);
    }
  };

  final String operationId;
  final String method;
  final String path;
  final String documentedRequest;
  final String documentedResponse;
  /** The spec's x-idempotent: only then are 502/503/504 and transport failures retried. */
  final boolean idempotent;

  Operation(String operationId, String method, String path, String documentedRequest,
      String documentedResponse, boolean idempotent) {
    this.operationId = operationId;
    this.method = method;
    this.path = path;
    this.documentedRequest = documentedRequest;
    this.documentedResponse = documentedResponse;
    this.idempotent = idempotent;
  }

  /** Sends the documented example request through the client and returns the typed result. */
  abstract Object call(SonoranCadClient client);

  /** Checks the typed result carries the documented response values. */
  abstract void assertDocumentedResult(Object result);

  /** A stub for this operation's path, any body: for error and fault answers. */
  MappingBuilder anyRequest() {
    return (method.equals("PATCH") ? patch(urlEqualTo(path)) : post(urlEqualTo(path))).atPriority(1);
  }

  /** A stub that only matches the documented example request with the documented headers. */
  MappingBuilder documentedRequestStub(String apiKey) {
    return anyRequest()
        .withHeader("Authorization", equalTo("Bearer " + apiKey))
        .withHeader("Accept", equalTo(Stubs.ACCEPT))
        .withHeader("Content-Type", matching(Stubs.CONTENT_TYPE_PATTERN))
        .withRequestBody(equalToJson(documentedRequest, false, false));
  }

  /** A pattern of the documented example request, for counting and verifying. */
  RequestPatternBuilder documentedRequestPattern(String apiKey) {
    RequestPatternBuilder pattern = method.equals("PATCH")
        ? patchRequestedFor(urlEqualTo(path))
        : postRequestedFor(urlEqualTo(path));
    return Stubs.documented(pattern, apiKey, documentedRequest);
  }

  /** {@code {"communityUserIds":["player-1234"],"status":3}}, built with the generated model. */
  static SetUnitStatusRequest documentedSetUnitStatus() {
    return SetUnitStatusRequest.builder()
        .communityUserIds(List.of("player-1234"))
        .status(UnitStatus.ENROUTE)
        .build();
  }

  /** The documented Create Identifier example, every property set, built with the generated model. */
  static CreateIdentifierRequest documentedCreateIdentifier() {
    return CreateIdentifierRequest.builder()
        .status(UnitStatus.UNAVAILABLE)
        .aop("Los Santos")
        .unitNum("A-10")
        .name("John Doe")
        .district("Los Santos")
        .department("LSPD")
        .subdivision("Patrol")
        .rank("Officer")
        .group("CAR-51")
        .page(UnitPage.POLICE)
        .isDispatch(false)
        .build();
  }
}
