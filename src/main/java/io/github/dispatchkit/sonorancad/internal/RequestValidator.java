package io.github.dispatchkit.sonorancad.internal;

import io.github.dispatchkit.sonorancad.generated.model.CreateIdentifierRequest;
import io.github.dispatchkit.sonorancad.generated.model.SetUnitStatusRequest;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Checks requests before any I/O, for the rules of the spec that generated builders cannot enforce;
 * messages name the operation and the field.
 */
public final class RequestValidator {
  private RequestValidator() {
  }

  /** Checks a Set Unit Status call: a server ID of 1 or more, a status, and at least one valid target. */
  public static void setUnitStatus(int serverId, SetUnitStatusRequest request) {
    Objects.requireNonNull(request, "request == null");
    if (serverId < 1) {
      throw new IllegalArgumentException("setUnitStatus: serverId < 1: " + serverId);
    }
    if (request.status() == null) {
      throw new IllegalArgumentException("setUnitStatus: status is required");
    }
    if (request.communityUserId() == null
        && request.communityUserIds() == null
        && request.roblox() == null
        && request.discord() == null
        && request.accountUuid() == null
        && request.identIds() == null) {
      throw new IllegalArgumentException(
          "setUnitStatus: no target: set one of communityUserId, communityUserIds, roblox, discord,"
              + " accountUuid or identIds");
    }
    notBlank("communityUserId", request.communityUserId());
    notBlank("discord", request.discord());
    if (request.roblox() != null && request.roblox() < 1) {
      throw new IllegalArgumentException("setUnitStatus: roblox < 1: " + request.roblox());
    }
    List<String> communityUserIds = request.communityUserIds();
    nonEmptyWithoutNulls("communityUserIds", communityUserIds);
    if (communityUserIds != null) {
      for (int i = 0; i < communityUserIds.size(); i++) {
        notBlank("communityUserIds[" + i + "]", communityUserIds.get(i));
      }
    }
    nonEmptyWithoutNulls("identIds", request.identIds());
  }

  /** Checks a Create Identifier call: an account UUID and a request (which may set nothing). */
  public static void createIdentifier(UUID accountUuid, CreateIdentifierRequest request) {
    Objects.requireNonNull(accountUuid, "accountUuid == null");
    Objects.requireNonNull(request, "request == null");
  }

  private static void notBlank(String field, String value) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException("setUnitStatus: " + field + " is blank");
    }
  }

  private static void nonEmptyWithoutNulls(String field, List<?> values) {
    if (values == null) {
      return;
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("setUnitStatus: " + field + " is empty");
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalArgumentException("setUnitStatus: " + field + "[" + i + "] is null");
      }
    }
  }
}
