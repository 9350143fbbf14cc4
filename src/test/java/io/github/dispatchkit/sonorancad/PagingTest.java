package io.github.dispatchkit.sonorancad;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.dispatchkit.sonorancad.exception.ClientRateLimitException;
import io.github.dispatchkit.sonorancad.exception.InvalidResponseException;
import io.github.dispatchkit.sonorancad.exception.NotFoundException;
import io.github.dispatchkit.sonorancad.exception.RequestValidationException;
import io.github.dispatchkit.sonorancad.generated.model.Account;
import io.github.dispatchkit.sonorancad.generated.model.DispatchCall;
import io.github.dispatchkit.sonorancad.generated.model.CadUnit;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyCallsService.GetCallsParams;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.GetAccountUnitsParams;
import io.github.dispatchkit.sonorancad.generated.service.EmergencyUnitsService.GetActiveUnitsParams;
import io.github.dispatchkit.sonorancad.generated.service.GeneralAccountsService.GetAccountsParams;
import io.github.dispatchkit.sonorancad.ratelimit.RateLimitMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generated {@code ...AutoPaging} walks against a loopback server, counting the pages it fetches. */
class PagingTest {
  private static final String ACCOUNTS = "/v2/general/accounts";
  private static final String ACTIVE_UNITS = "/v2/emergency/servers/1/units";
  private static final String ACCOUNT_UNITS =
      "/v2/emergency/servers/1/accounts/" + ClientTestServer.ACCOUNT + "/units";
  private static final String CALLS = "/v2/emergency/servers/1/calls";

  @RegisterExtension final ClientTestServer api = new ClientTestServer();
  private final FakeTime time = new FakeTime();

  private SonoranCadClient client(RateLimitMode mode) {
    return api.client().clock(time).sleeper(time).rateLimitMode(mode).build();
  }

  @Test
  void pagesAreFetchedOnlyWhenTheItemsBeforeThemAreUsedUp() {
    accountsPage(0, 2, 5, 1, 2);
    accountsPage(2, 2, 5, 3, 4);
    accountsPage(4, 2, 5, 5);
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      AutoPager<Account> accounts =
          client.general().accounts().getAccountsAutoPaging(GetAccountsParams.builder().limit(2).build());
      assertThat(api.requestCount()).as("creating the pager sends nothing").isZero();

      Iterator<Account> walk = accounts.iterator();
      assertThat(api.requestCount()).as("nor does creating an iterator").isZero();
      List<String> seen = new ArrayList<>();
      int[] requestsBeforeEachItem = new int[5];
      for (int i = 0; walk.hasNext(); i++) {
        requestsBeforeEachItem[i] = api.requestCount();
        seen.add(walk.next().username());
      }
      assertThat(seen).containsExactly("user-1", "user-2", "user-3", "user-4", "user-5");
      assertThat(requestsBeforeEachItem).containsExactly(1, 1, 2, 2, 3);
    }
    assertThat(queryValues(ACCOUNTS, "offset")).containsExactly("0", "2", "4");
    assertThat(queryValues(ACCOUNTS, "limit")).containsExactly("2", "2", "2");
  }

  @Test
  void aShortCircuitingStreamFetchesNoFurtherPage() {
    accountsPage(0, 2, 6, 1, 2);
    accountsPage(2, 2, 6, 3, 4);
    accountsPage(4, 2, 6, 5, 6);
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      AutoPager<Account> accounts =
          client.general().accounts().getAccountsAutoPaging(GetAccountsParams.builder().limit(2).build());
      assertThat(accounts.stream().map(Account::username).findFirst()).hasValue("user-1");
      assertThat(api.requestCount()).isEqualTo(1);

      assertThat(accounts.stream().limit(3).map(Account::username))
          .as("each stream is a new walk from the first page")
          .containsExactly("user-1", "user-2", "user-3");
      assertThat(api.requestCount()).isEqualTo(1 + 2);
    }
  }

  @Test
  void theWalkEndsOnceTheTotalIsReached() {
    accountsPage(0, 2, 4, 1, 2);
    accountsPage(2, 2, 4, 3, 4);
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      assertThat(client.general().accounts().getAccountsAutoPaging(GetAccountsParams.builder().limit(2).offset(0).build()))
          .extracting(Account::username).containsExactly("user-1", "user-2", "user-3", "user-4");
    }
    assertThat(api.requestCount()).as("no request for a page past the total").isEqualTo(2);
  }

  @Test
  void theWalkEndsAtAShortPage() {
    page(ACTIVE_UNITS, 0, "[" + units(1, 2) + "]");
    page(ACTIVE_UNITS, 2, "[" + units(3) + "]");
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      assertThat(client.emergency().units().getActiveUnitsAutoPaging(GetActiveUnitsParams.builder().limit(2).build()))
          .extracting(CadUnit::id).containsExactly(1, 2, 3);
    }
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void theWalkEndsAtAnEmptyPage() {
    page(ACCOUNT_UNITS, 0, "{\"Units\": [" + units(1, 2) + "]}");
    page(ACCOUNT_UNITS, 2, "{\"Units\": [" + units(3, 4) + "]}");
    page(ACCOUNT_UNITS, 4, "{\"Units\": []}");
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      assertThat(client.emergency().units()
          .getAccountUnitsAutoPaging(ClientTestServer.ACCOUNT, GetAccountUnitsParams.builder().limit(2).build()))
          .extracting(CadUnit::id).containsExactly(1, 2, 3, 4);
    }
    assertThat(api.requestCount()).isEqualTo(3);
  }

  /** A server that ignores the offset answers the same full page forever: a typed error, not a loop. */
  @Test
  void aServerIgnoringTheOffsetEndsTheWalkWithATypedError() {
    api.server.stubFor(get(urlPathEqualTo(ACTIVE_UNITS)).willReturn(ClientTestServer.json("[" + units(1, 2) + "]")));
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      Iterator<CadUnit> walk = client.emergency().units()
          .getActiveUnitsAutoPaging(GetActiveUnitsParams.builder().limit(2).build()).iterator();
      assertThat(walk.next().id()).isEqualTo(1);
      assertThat(walk.next().id()).isEqualTo(2);
      assertThatThrownBy(walk::hasNext)
          .isInstanceOfSatisfying(InvalidResponseException.class, e -> assertThat(e.operationId()).isEqualTo("getActiveUnits"))
          .hasMessageContaining("the page at offset 2 repeats the previous page");
    }
    assertThat(api.requestCount()).isEqualTo(2);
  }

  /** Closed calls: {@code closedLimit}/{@code closedOffset}, unset limit meaning the server's default of 10. */
  @Test
  void closedCallsArePagedWithTheServersDefaultPageSize() {
    assertThat(GetCallsParams.DEFAULT_CLOSED_LIMIT).isEqualTo(10);
    page(CALLS, "closedOffset", 0, calls(13, IntStream.rangeClosed(1, 10)));
    page(CALLS, "closedOffset", 10, calls(13, IntStream.rangeClosed(11, 13)));
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      List<Integer> ids = client.emergency().calls().getCallsAutoPaging(GetCallsParams.builder().build())
          .stream().map(DispatchCall::callId).collect(Collectors.toList());
      assertThat(ids).isEqualTo(IntStream.rangeClosed(1, 13).boxed().collect(Collectors.toList()));
    }
    assertThat(queryValues(CALLS, "closedOffset")).containsExactly("0", "10");
    assertThat(api.server.findAll(getRequestedFor(urlPathEqualTo(CALLS))
        .withQueryParam("closedLimit", absent()))).as("the limit is left to the server").hasSize(2);
  }

  @Test
  void closedCallsStopWhenTheTableIsLeftOut() {
    page(CALLS, "closedOffset", 0, "{\"ActiveCalls\": []}");
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      assertThat(client.emergency().calls().getCallsAutoPaging(GetCallsParams.builder().build())).isEmpty();
    }
    assertThat(api.requestCount()).isEqualTo(1);
  }

  /** Get Active Units allows 3 a minute: the fourth page is refused by the client, not sent, and can be retried. */
  @Test
  void everyPageTakesAPermitAndFailFastRefusesThePageOverTheLimit() {
    int limit = OperationIndex.spec("getActiveUnits").rateLimitRequests();
    for (int page = 0; page <= limit; page++) {
      page(ACTIVE_UNITS, 2 * page, "[" + units(2 * page + 1, 2 * page + 2) + "]");
    }
    page(ACTIVE_UNITS, 2 * (limit + 1), "[]");
    try (SonoranCadClient client = client(RateLimitMode.FAIL_FAST)) {
      Iterator<CadUnit> walk = client.emergency().units()
          .getActiveUnitsAutoPaging(GetActiveUnitsParams.builder().limit(2).build()).iterator();
      for (int i = 0; i < 2 * limit; i++) {
        walk.next();
      }
      assertThatThrownBy(walk::hasNext).isInstanceOfSatisfying(ClientRateLimitException.class,
          e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(1)));
      assertThat(api.requestCount()).isEqualTo(limit);

      time.advance(Duration.ofMinutes(1));
      assertThat(walk.next().id()).as("the refused page is fetched again").isEqualTo(2 * limit + 1);
      assertThat(walk.next().id()).isEqualTo(2 * limit + 2);
      assertThat(walk.hasNext()).isFalse();
    }
    assertThat(queryValues(ACTIVE_UNITS, "offset")).containsExactly("0", "2", "4", "6", "8");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void inWaitModeAPageWaitsForItsPermit() {
    int limit = OperationIndex.spec("getActiveUnits").rateLimitRequests();
    for (int page = 0; page <= limit; page++) {
      page(ACTIVE_UNITS, 2 * page, "[" + units(2 * page + 1, 2 * page + 2) + "]");
    }
    page(ACTIVE_UNITS, 2 * (limit + 1), "[" + units(99) + "]");
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      assertThat(client.emergency().units().getActiveUnitsAutoPaging(GetActiveUnitsParams.builder().limit(2).build()))
          .hasSize(2 * (limit + 1) + 1);
    }
    assertThat(api.requestCount()).isEqualTo(limit + 2);
    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void aFailedPageThrowsItsTypedErrorAfterTheItemsBeforeIt() {
    accountsPage(0, 2, 5, 1, 2);
    api.server.stubFor(accounts(2).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"title\": \"Not Found\", \"status\": 404, \"detail\": \"gone\"}")));
    accountsPage(4, 2, 5, 5);
    List<String> seen = new ArrayList<>();
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      assertThatThrownBy(() -> client.general().accounts()
          .getAccountsAutoPaging(GetAccountsParams.builder().limit(2).build())
          .forEach(account -> seen.add(account.username())))
          .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.detail()).isEqualTo("gone"));
    }
    assertThat(seen).containsExactly("user-1", "user-2");
    assertThat(api.requestCount()).isEqualTo(2);
  }

  @Test
  void aBadPageBodyIsATypedError() {
    page(ACTIVE_UNITS, 0, "\"not a page\"");
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      assertThatThrownBy(() -> client.emergency().units()
          .getActiveUnitsAutoPaging(GetActiveUnitsParams.builder().build()).iterator().hasNext())
          .isInstanceOf(InvalidResponseException.class);
    }
  }

  @Test
  void badArgumentsFailWhenThePagerIsCreatedBeforeAnyIo() {
    try (SonoranCadClient client = client(RateLimitMode.WAIT)) {
      assertThatThrownBy(() -> client.general().accounts().getAccountsAutoPaging(GetAccountsParams.builder().limit(101).build()))
          .isInstanceOf(RequestValidationException.class).hasMessageContaining("limit");
      assertThatThrownBy(() -> client.general().accounts().getAccountsAutoPaging(null))
          .isInstanceOf(RequestValidationException.class).hasMessageContaining("query parameters");
      assertThatThrownBy(() -> client.emergency().units().getActiveUnitsAutoPaging(0, GetActiveUnitsParams.builder().build()))
          .isInstanceOf(RequestValidationException.class).hasMessageContaining("serverId");
    }
    assertThat(api.requestCount()).isZero();
  }

  private static MappingBuilder accounts(int offset) {
    return get(urlPathEqualTo(ACCOUNTS)).withQueryParam("offset", equalTo(String.valueOf(offset)));
  }

  private void accountsPage(int offset, int limit, int total, int... ids) {
    String items = IntStream.of(ids).mapToObj(id -> "{\"uuid\": \"00000000-0000-0000-0000-" + String.format("%012d", id)
        + "\", \"username\": \"user-" + id + "\", \"status\": 1}").collect(Collectors.joining(", "));
    api.server.stubFor(accounts(offset).willReturn(ClientTestServer.json("{\"pagination\": {\"limit\": " + limit
        + ", \"offset\": " + offset + ", \"total\": " + total + "}, \"accounts\": [" + items + "]}")));
  }

  private void page(String path, int offset, String body) {
    page(path, "offset", offset, body);
  }

  private void page(String path, String offsetName, int offset, String body) {
    api.server.stubFor(get(urlPathEqualTo(path)).withQueryParam(offsetName, equalTo(String.valueOf(offset)))
        .willReturn(ClientTestServer.json(body)));
  }

  private static String units(int... ids) {
    return IntStream.of(ids).mapToObj(id -> "{\"id\": " + id
        + ", \"accId\": \"" + ClientTestServer.ACCOUNT + "\", \"status\": 2, \"data\": {\"unitNum\": \"A-" + id + "\"}}")
        .collect(Collectors.joining(", "));
  }

  private static String calls(int total, IntStream ids) {
    return "{\"ActiveCalls\": [], \"ClosedCalls\": ["
        + ids.mapToObj(id -> "{\"callId\": " + id + ", \"status\": 2}").collect(Collectors.joining(", "))
        + "], \"ClosedCallCount\": " + total + "}";
  }

  /** The values of one query parameter in the requests to {@code path}, oldest first. */
  private List<String> queryValues(String path, String name) {
    List<LoggedRequest> requests = new ArrayList<>(api.server.findAll(
        getRequestedFor(urlPathEqualTo(path))));
    return requests.stream().map(r -> r.queryParameter(name).firstValue()).collect(Collectors.toList());
  }
}
